// Java number text forms; see java_text.hpp.
#include "connectd/api/java_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <system_error>

namespace connectd::java {
namespace {

// Formats the shortest round-trip decimal digits of a finite non-zero value the way Java does.
// `digits` are the significant digits without a point, `exp10` the decimal exponent of the first digit.
std::string javaLayout(bool negative, std::string digits, int exp10) {
  // Drop trailing zeros of the significand; Java prints at least one digit after the point.
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
  }
  std::string out = negative ? "-" : "";
  if (exp10 >= -3 && exp10 < 7) {
    if (exp10 < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp10 - 1), '0');
      out += digits;
    } else {
      const auto int_len = static_cast<std::size_t>(exp10) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out += '.';
        out += digits.substr(int_len);
      }
    }
    return out;
  }
  out += digits[0];
  out += '.';
  out += digits.size() > 1 ? digits.substr(1) : "0";
  out += 'E';
  out += std::to_string(exp10);
  return out;
}

template <class F>
std::string toJavaString(F value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  if (value == 0) {
    return std::signbit(value) ? "-0.0" : "0.0";
  }
  char buf[64];
  // Shortest round-trip representation in scientific form: "d.dddde±xx".
  auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = false;
  std::size_t pos = 0;
  if (sci[0] == '-') {
    negative = true;
    pos = 1;
  }
  const auto e = sci.find('e');
  std::string mantissa = sci.substr(pos, e - pos);
  const int exp10 = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') {
      digits += c;
    }
  }
  return javaLayout(negative, digits, exp10);
}

}  // namespace

std::string doubleToString(double value) {
  return toJavaString(value);
}
std::string floatToString(float value) {
  return toJavaString(value);
}

std::optional<std::int64_t> parseLong(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    i = 1;
    if (text.size() == 1) {
      return std::nullopt;
    }
  }
  // Accumulate negatively so that Long.MIN_VALUE parses.
  std::int64_t acc = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    const int d = c - '0';
    if (acc < (std::numeric_limits<std::int64_t>::min() + d) / 10) {
      return std::nullopt;
    }
    acc = acc * 10 - d;
  }
  if (!negative) {
    if (acc == std::numeric_limits<std::int64_t>::min()) {
      return std::nullopt;
    }
    return -acc;
  }
  return acc;
}

std::optional<std::int32_t> parseInt(std::string_view text) {
  auto v = parseLong(text);
  if (!v || *v < std::numeric_limits<std::int32_t>::min() || *v > std::numeric_limits<std::int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*v);
}

std::optional<std::int16_t> parseShort(std::string_view text) {
  auto v = parseLong(text);
  if (!v || *v < std::numeric_limits<std::int16_t>::min() || *v > std::numeric_limits<std::int16_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::int16_t>(*v);
}

std::optional<double> parseDouble(std::string_view text) {
  // Java trims whitespace (chars <= ' ') around the number.
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  std::string_view body = text;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "NaN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (body == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (!body.empty() && (body.back() == 'd' || body.back() == 'D' || body.back() == 'f' || body.back() == 'F')) {
    body.remove_suffix(1);
  }
  // Only digits, one point and an exponent: rejects "inf", "nan", hex and the like that strtod accepts.
  if (body.empty()) {
    return std::nullopt;
  }
  bool seen_digit = false;
  bool seen_point = false;
  bool seen_exp = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_point && !seen_exp) {
      seen_point = true;
    } else if ((c == 'e' || c == 'E') && seen_digit && !seen_exp) {
      seen_exp = true;
      if (i + 1 < body.size() && (body[i + 1] == '+' || body[i + 1] == '-')) {
        ++i;
      }
      if (i + 1 >= body.size()) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) {
    return std::nullopt;
  }
  double out = 0;
  auto res = std::from_chars(body.data(), body.data() + body.size(), out);
  if (res.ec == std::errc::result_out_of_range) {
    // Java rounds overflow to infinity and underflow to zero instead of failing.
    const std::string copy(body);
    out = std::strtod(copy.c_str(), nullptr);
  } else if (res.ec != std::errc() || res.ptr != body.data() + body.size()) {
    return std::nullopt;
  }
  return negative ? -out : out;
}

}  // namespace connectd::java
