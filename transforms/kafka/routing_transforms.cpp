// RegexRouter, TimestampRouter, Filter, DropHeaders, InsertHeader and TopicNameMatches; see
// routing_transforms.hpp.
#include "routing_transforms.hpp"

#include <array>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "../regex/java_regex.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {
namespace {

ValidatorPtr javaRegexValidator() {
  return validators::lambda(
      [](const std::string& /*name*/, const ConfigValueData& v) -> std::optional<std::string> {
        if (const auto* s = std::get_if<std::string>(&v)) {
          try {
            JavaRegex check(*s);
          } catch (const std::invalid_argument& e) {
            return std::string(e.what());
          }
        }
        return std::nullopt;
      },
      "valid regex");
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// Days since the epoch to a civil date (Howard Hinnant's algorithm).
void civil(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
}

std::string padded(std::int64_t v, std::size_t width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (s.size() < width) {
    s.insert(0, width - s.size(), '0');
  }
  return v < 0 ? "-" + s : s;
}

}  // namespace

// ---- RegexRouter ----

RegexRouter::RegexRouter() = default;
RegexRouter::~RegexRouter() = default;

std::string RegexRouter::version() const {
  return versions::kKafka;
}

const ConfigDef& RegexRouter::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("regex", ConfigType::kString)
        .validator(javaRegexValidator())
        .importance(Importance::kHigh)
        .doc("Regular expression to use for matching.");
    d.define("replacement", ConfigType::kString).importance(Importance::kHigh).doc("Replacement string.");
    return d;
  }();
  return def;
}

void RegexRouter::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  regex_ = std::make_unique<JavaRegex>(c.getString("regex"));
  replacement_ = c.getString("replacement");
}

std::optional<SourceRecord> RegexRouter::apply(SourceRecord record) {
  if (regex_->matches(record.topic())) {
    try {
      record.setTopic(regex_->replaceFirst(record.topic(), replacement_));
    } catch (const std::logic_error& e) {
      throw ConnectException(std::string("Invalid replacement: ") + e.what());
    }
  }
  return record;
}

// ---- TimestampRouter ----

std::string TimestampRouter::version() const {
  return versions::kKafka;
}

const ConfigDef& TimestampRouter::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("topic.format", ConfigType::kString)
        .defaultValue("${topic}-${timestamp}")
        .importance(Importance::kHigh)
        .doc(
            "Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders "
            "for the topic and timestamp, respectively.");
    d.define("timestamp.format", ConfigType::kString)
        .defaultValue("yyyyMMdd")
        .importance(Importance::kHigh)
        .doc("Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.");
    return d;
  }();
  return def;
}

void TimestampRouter::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  topic_format_ = c.getString("topic.format");
  timestamp_format_ = c.getString("timestamp.format");
  formatTimestamp(timestamp_format_, 0);  // unsupported letters fail here, not per record
}

std::string TimestampRouter::formatTimestamp(const std::string& pattern, std::int64_t epoch_ms) {
  std::int64_t days = epoch_ms / 86400000;
  std::int64_t ms_of_day = epoch_ms % 86400000;
  if (ms_of_day < 0) {
    ms_of_day += 86400000;
    --days;
  }
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil(days, year, month, day);
  const std::int64_t hour = ms_of_day / 3600000;
  const std::int64_t minute = ms_of_day / 60000 % 60;
  const std::int64_t second = ms_of_day / 1000 % 60;
  const std::int64_t millis = ms_of_day % 1000;
  static constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\'') {
      const auto end = pattern.find('\'', i + 1);
      if (end == i + 1) {
        out += '\'';
        i += 2;
        continue;
      }
      if (end == std::string::npos) {
        throw ConfigException("Unterminated quote in timestamp format " + pattern);
      }
      out += pattern.substr(i + 1, end - i - 1);
      i = end + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      out += c;
      ++i;
      continue;
    }
    std::size_t n = 1;
    while (i + n < pattern.size() && pattern[i + n] == c) {
      ++n;
    }
    switch (c) {
      case 'y': out += n == 2 ? padded(((year % 100) + 100) % 100, 2) : padded(year, n); break;
      case 'M': out += padded(month, n); break;
      case 'd': out += padded(day, n); break;
      case 'H': out += padded(hour, n); break;
      case 'h': out += padded(hour % 12 == 0 ? 12 : hour % 12, n); break;
      case 'm': out += padded(minute, n); break;
      case 's': out += padded(second, n); break;
      case 'S': out += padded(millis, n); break;
      case 'a': out += hour < 12 ? "AM" : "PM"; break;
      case 'E': out += kDays[static_cast<std::size_t>(((days % 7) + 7) % 7)]; break;
      default:
        throw ConfigException(std::string("Unsupported pattern letter '") + c + "' in timestamp format " + pattern);
    }
    i += n;
  }
  return out;
}

std::optional<SourceRecord> TimestampRouter::apply(SourceRecord record) {
  if (!record.timestamp()) {
    throw DataException("Timestamp missing on record: " + record.describe());
  }
  const std::string ts = formatTimestamp(timestamp_format_, *record.timestamp());
  record.setTopic(replaceAll(replaceAll(topic_format_, "${topic}", record.topic()), "${timestamp}", ts));
  return record;
}

// ---- Filter ----

std::string Filter::version() const {
  return versions::kKafka;
}

const ConfigDef& Filter::config() const {
  static const ConfigDef def;
  return def;
}

void Filter::configure(const ConfigMap& /*props*/) {}

std::optional<SourceRecord> Filter::apply(SourceRecord /*record*/) {
  return std::nullopt;
}

// ---- DropHeaders ----

std::string DropHeaders::version() const {
  return versions::kKafka;
}

const ConfigDef& DropHeaders::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("headers", ConfigType::kList)
        .validator(validators::nonEmptyList())
        .importance(Importance::kHigh)
        .doc("The name of the headers to be removed.");
    return d;
  }();
  return def;
}

void DropHeaders::configure(const ConfigMap& props) {
  headers_ = config().parse(props).getList("headers");
}

std::optional<SourceRecord> DropHeaders::apply(SourceRecord record) {
  for (const auto& h : headers_) {
    record.headers().remove(h);
  }
  return record;
}

// ---- InsertHeader ----

std::string InsertHeader::version() const {
  return versions::kKafka;
}

const ConfigDef& InsertHeader::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("header", ConfigType::kString)
        .validator(validators::nonNull())
        .importance(Importance::kHigh)
        .doc("The name of the header.");
    d.define("value.literal", ConfigType::kString)
        .validator(validators::nonNull())
        .importance(Importance::kHigh)
        .doc("The literal value that is to be set as the header value on all records.");
    return d;
  }();
  return def;
}

SchemaAndValue InsertHeader::parseLiteral(const std::string& literal) {
  if (literal == "true" || literal == "false") {
    return {Schema::boolean(), Value::boolean(literal == "true")};
  }
  if (const auto l = java::parseLong(literal)) {
    if (*l >= std::numeric_limits<std::int8_t>::min() && *l <= std::numeric_limits<std::int8_t>::max()) {
      return {Schema::int8(), Value::int8(static_cast<std::int8_t>(*l))};
    }
    if (*l >= std::numeric_limits<std::int16_t>::min() && *l <= std::numeric_limits<std::int16_t>::max()) {
      return {Schema::int16(), Value::int16(static_cast<std::int16_t>(*l))};
    }
    if (*l >= std::numeric_limits<std::int32_t>::min() && *l <= std::numeric_limits<std::int32_t>::max()) {
      return {Schema::int32(), Value::int32(static_cast<std::int32_t>(*l))};
    }
    return {Schema::int64(), Value::int64(*l)};
  }
  if (!literal.empty() && (literal[0] == '-' || literal[0] == '.' || (literal[0] >= '0' && literal[0] <= '9'))) {
    if (const auto d = java::parseDouble(literal)) {
      const auto f = static_cast<float>(*d);
      if (static_cast<double>(f) == *d) {
        return {Schema::float32(), Value::float32(f)};
      }
      return {Schema::float64(), Value::float64(*d)};
    }
  }
  return {Schema::string(), Value::string(literal)};
}

void InsertHeader::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  header_ = c.getString("header");
  value_ = parseLiteral(c.getString("value.literal"));
}

std::optional<SourceRecord> InsertHeader::apply(SourceRecord record) {
  record.headers().add(header_, value_.schema, value_.value);
  return record;
}

// ---- TopicNameMatches ----

TopicNameMatches::TopicNameMatches() = default;
TopicNameMatches::~TopicNameMatches() = default;

std::string TopicNameMatches::version() const {
  return versions::kKafka;
}

const ConfigDef& TopicNameMatches::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("pattern", ConfigType::kString)
        .validator(validators::all({validators::nonEmptyString(), javaRegexValidator()}))
        .importance(Importance::kMedium)
        .doc("A Java regular expression for matching against the name of a record's topic.");
    return d;
  }();
  return def;
}

void TopicNameMatches::configure(const ConfigMap& props) {
  pattern_ = std::make_unique<JavaRegex>(config().parse(props).getString("pattern"));
}

bool TopicNameMatches::test(const SourceRecord& record) const {
  return pattern_->matches(record.topic());
}

}  // namespace connectd::transforms
