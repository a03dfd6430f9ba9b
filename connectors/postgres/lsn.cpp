// LSN text form and timestamp epochs; see lsn.hpp.
#include "lsn.hpp"

#include <cstdio>
#include <limits>

namespace connectd::connectors::postgres {

namespace {

// One `%X` half of an LSN: 1 to 8 hex digits.
std::optional<std::uint32_t> parseHalf(std::string_view digits) {
  if (digits.empty() || digits.size() > 8) {
    return std::nullopt;
  }
  std::uint32_t value = 0;
  for (const char c : digits) {
    std::uint32_t nibble = 0;
    if (c >= '0' && c <= '9') {
      nibble = static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'A' && c <= 'F') {
      nibble = static_cast<std::uint32_t>(c - 'A' + 10);
    } else if (c >= 'a' && c <= 'f') {
      nibble = static_cast<std::uint32_t>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    value = (value << 4) | nibble;
  }
  return value;
}

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  }
  return out;
}

bool isInfinity(std::int64_t micros) {
  return micros == std::numeric_limits<std::int64_t>::max() || micros == std::numeric_limits<std::int64_t>::min();
}

}  // namespace

std::string formatLsn(Lsn lsn) {
  char buf[18];  // 8 + '/' + 8 + NUL
  std::snprintf(buf, sizeof buf, "%X/%X", static_cast<unsigned>(lsn >> 32), static_cast<unsigned>(lsn & 0xFFFFFFFFu));
  return buf;
}

std::optional<Lsn> parseLsn(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  const auto hi = parseHalf(text.substr(0, slash));
  const auto lo = parseHalf(text.substr(slash + 1));
  if (!hi || !lo) {
    return std::nullopt;
  }
  return (static_cast<Lsn>(*hi) << 32) | *lo;
}

std::int64_t pgTimestampToUnixMicros(PgTimestamp pg_micros) {
  return isInfinity(pg_micros) ? pg_micros : saturatingAdd(pg_micros, kPgEpochOffsetMicros);
}

PgTimestamp unixMicrosToPgTimestamp(std::int64_t unix_micros) {
  return isInfinity(unix_micros) ? unix_micros : saturatingAdd(unix_micros, -kPgEpochOffsetMicros);
}

}  // namespace connectd::connectors::postgres
