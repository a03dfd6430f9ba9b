// TimestampConverter; see timestamp_converter.hpp.
#include "timestamp_converter.hpp"

#include <cctype>

#include "../common/transform_support.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"
#include "routing_transforms.hpp"

namespace connectd::transforms {
namespace {

constexpr std::int64_t kMsPerDay = 86400000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

// Days from the civil date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::string TimestampConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& TimestampConverter::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("field", ConfigType::kString)
        .defaultValue("")
        .importance(Importance::kHigh)
        .doc("The field containing the timestamp, or empty if the entire value is a timestamp");
    d.define("target.type", ConfigType::kString)
        .validator(validators::in({"string", "unix", "Date", "Time", "Timestamp"}))
        .importance(Importance::kHigh)
        .doc("The desired timestamp representation: string, unix, Date, Time, or Timestamp");
    d.define("format", ConfigType::kString)
        .defaultValue("")
        .importance(Importance::kMedium)
        .doc(
            "A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string "
            "or used to parse the input if the input is a string.");
    d.define("unix.precision", ConfigType::kString)
        .defaultValue("milliseconds")
        .validator(validators::in({"nanoseconds", "microseconds", "milliseconds", "seconds"}))
        .importance(Importance::kLow)
        .doc(
            "The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used "
            "to generate the output when type=unix or used to parse the input if the input is a Long.");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

void TimestampConverter::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  field_ = c.getString("field");
  const std::string& target = c.getString("target.type");
  target_ = target == "string" ? Kind::kString
            : target == "unix" ? Kind::kUnix
            : target == "Date" ? Kind::kDate
            : target == "Time" ? Kind::kTime
                               : Kind::kTimestamp;
  format_ = c.getString("format");
  if (target_ == Kind::kString && format_.empty()) {
    throw ConfigException("TimestampConverter requires format option to be specified when using string timestamps");
  }
  if (!format_.empty()) {
    TimestampRouter::formatTimestamp(format_, 0);  // rejects unsupported pattern letters now
  }
  unix_precision_ = c.getString("unix.precision");
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

std::optional<SourceRecord> TimestampConverter::apply(SourceRecord record) {
  if ((isKey() ? record.key() : record.value()).isNull()) {
    return record;
  }
  return KeyValueTransform::apply(std::move(record));
}

std::optional<std::int64_t> TimestampConverter::parseTimestamp(const std::string& pattern, const std::string& text) {
  std::int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  std::int64_t hour = 0;
  std::int64_t minute = 0;
  std::int64_t second = 0;
  std::int64_t millis = 0;
  std::size_t t = 0;
  for (std::size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\'') {
      const auto end = pattern.find('\'', i + 1);
      const std::string literal = end == i + 1 ? "'" : pattern.substr(i + 1, end - i - 1);
      if (text.compare(t, literal.size(), literal) != 0) {
        return std::nullopt;
      }
      t += literal.size();
      i = end == i + 1 ? i + 2 : end + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      if (t >= text.size() || text[t] != c) {
        return std::nullopt;
      }
      ++t;
      ++i;
      continue;
    }
    std::size_t n = 1;
    while (i + n < pattern.size() && pattern[i + n] == c) {
      ++n;
    }
    // A field followed directly by another letter field takes exactly its width; otherwise all digits.
    const bool adjacent = i + n < pattern.size() && std::isalpha(static_cast<unsigned char>(pattern[i + n]));
    std::size_t len = 0;
    while (t + len < text.size() && std::isdigit(static_cast<unsigned char>(text[t + len])) && (!adjacent || len < n)) {
      ++len;
    }
    if (len == 0) {
      return std::nullopt;
    }
    const std::int64_t v = std::stoll(text.substr(t, len));
    t += len;
    switch (c) {
      case 'y': year = v; break;
      case 'M': month = static_cast<unsigned>(v); break;
      case 'd': day = static_cast<unsigned>(v); break;
      case 'H': hour = v; break;
      case 'm': minute = v; break;
      case 's': second = v; break;
      case 'S': millis = v; break;
      default: return std::nullopt;
    }
    i += n;
  }
  if (t != text.size() || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  return daysFromCivil(year, month, day) * kMsPerDay + hour * 3600000 + minute * 60000 + second * 1000 + millis;
}

TimestampConverter::Kind TimestampConverter::inputKind(const SchemaPtr& schema, const Value& value) const {
  if (schema) {
    const std::string name = schema->name().value_or("");
    if (name == logical::kTimestamp) {
      return Kind::kTimestamp;
    }
    if (name == logical::kDate) {
      return Kind::kDate;
    }
    if (name == logical::kTime) {
      return Kind::kTime;
    }
    if (schema->type() == SchemaType::kString) {
      return Kind::kString;
    }
    if (schema->type() == SchemaType::kInt64) {
      return Kind::kUnix;
    }
    throw ConnectException("Schema " + schema->toString() + " does not correspond to a known timestamp type format");
  }
  if (value.kind() == Value::Kind::kString) {
    return Kind::kString;
  }
  if (value.kind() == Value::Kind::kInt64 || value.kind() == Value::Kind::kInt32) {
    return Kind::kUnix;
  }
  throw DataException("TimestampConverter does not support " + std::string(connectd::kindName(value.kind())) +
                      " objects as timestamps");
}

std::int64_t TimestampConverter::toMillis(const Value& v, Kind kind) const {
  switch (kind) {
    case Kind::kString: {
      if (format_.empty()) {
        throw DataException("TimestampConverter requires format option to be specified when using string timestamps");
      }
      const auto ms = parseTimestamp(format_, v.asString());
      if (!ms) {
        throw DataException("Could not parse timestamp: value (" + v.asString() + ") does not match pattern (" +
                            format_ + ")");
      }
      return *ms;
    }
    case Kind::kUnix: {
      const std::int64_t n = v.kind() == Value::Kind::kInt32 ? v.asInt32() : v.asInt64();
      if (unix_precision_ == "seconds") {
        return n * 1000;
      }
      if (unix_precision_ == "microseconds") {
        return floorDiv(n, 1000);
      }
      if (unix_precision_ == "nanoseconds") {
        return floorDiv(n, 1000000);
      }
      return n;
    }
    case Kind::kDate: return static_cast<std::int64_t>(v.asInt32()) * kMsPerDay;
    case Kind::kTime: return v.asInt32();
    case Kind::kTimestamp: return v.asInt64();
  }
  return 0;
}

Value TimestampConverter::fromMillis(std::int64_t ms) const {
  switch (target_) {
    case Kind::kString: return Value::string(TimestampRouter::formatTimestamp(format_, ms));
    case Kind::kUnix:
      if (unix_precision_ == "seconds") {
        return Value::int64(floorDiv(ms, 1000));
      }
      if (unix_precision_ == "microseconds") {
        return Value::int64(ms * 1000);
      }
      if (unix_precision_ == "nanoseconds") {
        return Value::int64(ms * 1000000);
      }
      return Value::int64(ms);
    case Kind::kDate: return Value::int32(static_cast<std::int32_t>(floorDiv(ms, kMsPerDay)));
    case Kind::kTime: return Value::int32(static_cast<std::int32_t>(ms - floorDiv(ms, kMsPerDay) * kMsPerDay));
    case Kind::kTimestamp: return Value::int64(ms);
  }
  return Value();
}

SchemaPtr TimestampConverter::targetSchema(bool optional) const {
  SchemaBuilder b = target_ == Kind::kString ? SchemaBuilder::string()
                    : target_ == Kind::kUnix ? SchemaBuilder::int64()
                    : target_ == Kind::kDate ? logical::dateBuilder()
                    : target_ == Kind::kTime ? logical::timeBuilder()
                                             : logical::timestampBuilder();
  if (optional) {
    b.optional();
  }
  return b.build();
}

SchemaAndValue TimestampConverter::transform(const SourceRecord& /*record*/, const SchemaPtr& schema,
                                             const Value& value) {
  constexpr const char* kPurpose = "converting timestamp formats";
  const auto convert = [&](const SchemaPtr& s, const Value& v) -> Value {
    if (v.isNull()) {
      return v;
    }
    return fromMillis(toMillis(v, inputKind(s, v)));
  };
  if (field_.empty()) {
    if (schema) {
      inputKind(schema, value);  // fails early for schemas that are no timestamp
    }
    return {schema ? targetSchema(schema->isOptional()) : nullptr, convert(schema, value)};
  }
  if (!schema) {
    MapEntries out = requireMap(value, kPurpose);
    for (auto& [k, v] : out) {
      if (k.kind() == Value::Kind::kString && k.asString() == field_) {
        v = convert(nullptr, v);
      }
    }
    return {nullptr, Value::map(std::move(out))};
  }
  const Struct& s = *requireStruct(value, kPurpose);
  SchemaBuilder b = SchemaBuilder::structBuilder();
  if (schema->name()) {
    b.name(*schema->name());
  }
  if (schema->version()) {
    b.version(*schema->version());
  }
  if (schema->doc()) {
    b.doc(*schema->doc());
  }
  if (schema->isOptional()) {
    b.optional();
  }
  for (const auto& f : schema->fields()) {
    b.field(f.name(), f.name() == field_ ? targetSchema(f.schema()->isOptional()) : f.schema());
  }
  SchemaPtr updated_schema = b.build();
  auto out = Struct::make(updated_schema);
  for (const auto& f : schema->fields()) {
    const Value v = replace_null_with_default_ ? s.get(f) : s.getWithoutDefault(f.name());
    out->put(f.name(), f.name() == field_ ? convert(f.schema(), v) : v);
  }
  return {updated_schema, Value::structValue(std::move(out))};
}

}  // namespace connectd::transforms
