// Java renderings of Connect values; see java_values.hpp.
#include "java_values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"

namespace connectd::converters {
namespace {

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::int64_t kMillisPerDay = 86'400'000;

// The unscaled value's decimal digits and sign.
std::pair<bool, std::string> unscaledDigits(const Decimal& decimal) {
  std::string plain = Decimal{decimal.unscaled, 0}.toPlainString();
  const bool negative = !plain.empty() && plain[0] == '-';
  if (negative) {
    plain.erase(0, 1);
  }
  return {negative, plain};
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
}

// Values.dateFormatFor(date).format(date) with the JVM in UTC.
std::string formatJavaDate(std::int64_t epoch_ms) {
  std::int64_t days = epoch_ms / kMillisPerDay;
  std::int64_t ms_of_day = epoch_ms % kMillisPerDay;
  if (ms_of_day < 0) {
    ms_of_day += kMillisPerDay;
    --days;
  }
  char buf[64];
  const auto hh = static_cast<int>(ms_of_day / 3'600'000);
  const auto mm = static_cast<int>(ms_of_day / 60'000 % 60);
  const auto ss = static_cast<int>(ms_of_day / 1000 % 60);
  const auto sss = static_cast<int>(ms_of_day % 1000);
  if (epoch_ms < kMillisPerDay) {
    std::snprintf(buf, sizeof(buf), "%02d:%02d:%02d.%03dZ", hh, mm, ss, sss);
    return buf;
  }
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civilFromDays(days, y, m, d);
  if (ms_of_day == 0) {
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  } else {
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d, hh, mm,
                  ss, sss);
  }
  return buf;
}

// Values.escape: backslashes doubled, then double quotes escaped.
void appendEscaped(std::string& out, const std::string& text) {
  for (char c : text) {
    if (c == '\\' || c == '"') {
      out += '\\';
    }
    out += c;
  }
}

void append(std::string& out, const SchemaPtr& schema, const Value& value, bool embedded) {
  if (schema && schema->name() && !value.isNull()) {
    const std::string& name = *schema->name();
    if (name == logical::kDate && value.kind() == Value::Kind::kInt32) {
      out += formatJavaDate(static_cast<std::int64_t>(value.asInt32()) * kMillisPerDay);
      return;
    }
    if (name == logical::kTime && value.kind() == Value::Kind::kInt32) {
      out += formatJavaDate(value.asInt32());
      return;
    }
    if (name == logical::kTimestamp && value.kind() == Value::Kind::kInt64) {
      out += formatJavaDate(value.asInt64());
      return;
    }
  }
  switch (value.kind()) {
    case Value::Kind::kNull: out += "null"; return;
    case Value::Kind::kInt8: out += std::to_string(value.asInt8()); return;
    case Value::Kind::kInt16: out += std::to_string(value.asInt16()); return;
    case Value::Kind::kInt32: out += std::to_string(value.asInt32()); return;
    case Value::Kind::kInt64: out += std::to_string(value.asInt64()); return;
    case Value::Kind::kFloat32: out += java::floatToString(value.asFloat32()); return;
    case Value::Kind::kFloat64: out += java::doubleToString(value.asFloat64()); return;
    case Value::Kind::kBoolean: out += value.asBoolean() ? "true" : "false"; return;
    case Value::Kind::kDecimal: out += bigDecimalToString(value.asDecimal()); return;
    case Value::Kind::kString:
      if (embedded) {
        out += '"';
        appendEscaped(out, value.asString());
        out += '"';
      } else {
        out += value.asString();
      }
      return;
    case Value::Kind::kBytes:
      if (embedded) {
        out += '"';
      }
      appendBase64(out, value.asBytes());
      if (embedded) {
        out += '"';
      }
      return;
    case Value::Kind::kArray: {
      const SchemaPtr elem = schema && schema->type() == SchemaType::kArray ? schema->valueSchema() : nullptr;
      out += '[';
      bool first = true;
      for (const Value& v : value.asArray()) {
        if (!first) {
          out += ',';
        }
        first = false;
        append(out, elem, v, true);
      }
      out += ']';
      return;
    }
    case Value::Kind::kMap: {
      const bool is_map = schema && schema->type() == SchemaType::kMap;
      const SchemaPtr ks = is_map ? schema->keySchema() : nullptr;
      const SchemaPtr vs = is_map ? schema->valueSchema() : nullptr;
      out += '{';
      bool first = true;
      for (const auto& [k, v] : value.asMap()) {
        if (!first) {
          out += ',';
        }
        first = false;
        append(out, ks, k, true);
        out += ':';
        append(out, vs, v, true);
      }
      out += '}';
      return;
    }
    case Value::Kind::kStruct: {
      const Struct& s = *value.asStruct();
      out += '{';
      bool first = true;
      for (const Field& f : s.schema()->fields()) {
        if (!first) {
          out += ',';
        }
        first = false;
        out += '"';
        appendEscaped(out, f.name());
        out += "\":";
        append(out, f.schema(), s.get(f), true);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

Bytes toBytes(std::string_view text) {
  Bytes out(text.size());
  if (!text.empty()) {
    std::memcpy(out.data(), text.data(), text.size());
  }
  return out;
}

void appendBase64(std::string& out, std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t n = std::uint32_t{bytes[i]} << 16;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += '=';
  }
}

std::string base64Encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  appendBase64(out, bytes);
  return out;
}

std::optional<Bytes> base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  Bytes out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const auto pos = kBase64Alphabet.find(c);
    if (pos == std::string_view::npos) {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string bigDecimalToString(const Decimal& decimal) {
  auto [negative, digits] = unscaledDigits(decimal);
  const std::int64_t scale = decimal.scale;
  const std::int64_t adjusted = -scale + static_cast<std::int64_t>(digits.size()) - 1;
  std::string out = negative ? "-" : "";
  if (scale >= 0 && adjusted >= -6) {
    if (scale == 0) {
      return out + digits;
    }
    const auto s = static_cast<std::size_t>(scale);
    if (digits.size() > s) {
      return out + digits.substr(0, digits.size() - s) + "." + digits.substr(digits.size() - s);
    }
    return out + "0." + std::string(s - digits.size(), '0') + digits;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += 'E';
  if (adjusted > 0) {
    out += '+';
  }
  out += std::to_string(adjusted);
  return out;
}

std::string javaClassOf(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kInt8: return "class java.lang.Byte";
    case Value::Kind::kInt16: return "class java.lang.Short";
    case Value::Kind::kInt32: return "class java.lang.Integer";
    case Value::Kind::kInt64: return "class java.lang.Long";
    case Value::Kind::kFloat32: return "class java.lang.Float";
    case Value::Kind::kFloat64: return "class java.lang.Double";
    case Value::Kind::kBoolean: return "class java.lang.Boolean";
    case Value::Kind::kString: return "class java.lang.String";
    case Value::Kind::kBytes: return "class [B";
    case Value::Kind::kArray: return "class java.util.ArrayList";
    case Value::Kind::kMap: return "class java.util.LinkedHashMap";
    case Value::Kind::kStruct: return "class org.apache.kafka.connect.data.Struct";
    case Value::Kind::kDecimal: return "class java.math.BigDecimal";
  }
  return "class java.lang.Object";
}

std::string valuesConvertToString(const SchemaPtr& schema, const Value& value) {
  std::string out;
  append(out, schema, value, false);
  return out;
}

}  // namespace connectd::converters
