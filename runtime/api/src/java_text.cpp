// Java number text forms; see java_text.hpp.
#include "connectd/api/java_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <system_error>

namespace connectd::java {
namespace {

// Java's layout of significant digits `digits` (no point) whose first digit has decimal exponent exp10.
std::string javaLayout(bool negative, std::string digits, int exp10) {
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

// Splits to_chars' scientific output "-d.ddde±xx" into sign, digits and exponent.
void splitScientific(const char* begin, const char* end, bool& negative, std::string& digits, int& exp10) {
  negative = *begin == '-';
  if (negative) {
    ++begin;
  }
  digits.clear();
  const char* p = begin;
  for (; p != end && *p != 'e'; ++p) {
    if (*p != '.') {
      digits += *p;
    }
  }
  exp10 = 0;
  if (p != end) {
    ++p;
    if (*p == '+') {
      ++p;
    }
    std::from_chars(p, end, exp10);
  }
}

// Java's FloatingDecimal (through JDK 18, which Kafka's reference here runs) prints a value that is an
// integer below 2^63 from its exact digits, dropping only the low digits that the significand cannot carry
// (floor(log10(2) * (binary exponent - significant bits - 1)), rounded half up) — not the shortest
// round-trip digits. For floats that is most integers from 2^24 up (9.0432521E16 where the shortest is
// 9.043252E16), for doubles those from 2^54 up. JDK 19+ prints the shortest form; connectd follows the JDK
// the Kafka Connect reference in this repository runs (17).
template <class F>
std::optional<std::string> javaIntegralDigits(F value) {
  constexpr int kSignificantBits = std::numeric_limits<F>::digits;  // 24 or 53, normal values
  const F magnitude = std::fabs(value);
  if (!(magnitude >= F(1)) || magnitude >= F(9.2233720368547758e18) || std::trunc(magnitude) != magnitude) {
    return std::nullopt;
  }
  int bin_exp = 0;
  (void)std::frexp(magnitude, &bin_exp);
  --bin_exp;  // the exponent of the leading bit
  auto lvalue = static_cast<std::uint64_t>(magnitude);
  int insignificant = 0;
  if (bin_exp > kSignificantBits) {
    const int p2 = bin_exp - kSignificantBits - 1;
    insignificant = p2 > 1 ? p2 * 30103 / 100000 : 0;
  }
  std::uint64_t pow10 = 1;
  for (int i = 0; i < insignificant; ++i) {
    pow10 *= 10;
  }
  if (insignificant > 0) {
    const std::uint64_t residue = lvalue % pow10;
    lvalue /= pow10;
    if (residue >= pow10 / 2) {
      ++lvalue;
    }
  }
  std::string digits = std::to_string(lvalue);
  const int exp10 = static_cast<int>(digits.size()) - 1 + insignificant;
  return javaLayout(std::signbit(value), digits, exp10);
}

template <class F>
std::string javaFloatingToString(F value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  if (value == 0) {
    return std::signbit(value) ? "-0.0" : "0.0";
  }
  if (auto easy = javaIntegralDigits(value)) {
    return *easy;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  bool negative = false;
  std::string digits;
  int exp10 = 0;
  splitScientific(buf, res.ptr, negative, digits, exp10);
  if (digits.size() == 1) {
    // Java wants two digits: the two-digit decimal closest to the value (it still round-trips).
    res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific, 1);
    splitScientific(buf, res.ptr, negative, digits, exp10);
  }
  return javaLayout(negative, digits, exp10);
}

}  // namespace

std::string doubleToString(double value) {
  return javaFloatingToString(value);
}
std::string floatToString(float value) {
  return javaFloatingToString(value);
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
