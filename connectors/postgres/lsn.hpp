// PostgreSQL's WAL positions (LSNs) and protocol timestamps: the text form both PostgreSQL and Debezium print
// (`16/B374D848`), and the conversion between PostgreSQL's epoch (2000-01-01) and the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connectd::connectors::postgres {

// A WAL position (XLogRecPtr). 0 is InvalidXLogRecPtr ("0/0").
using Lsn = std::uint64_t;
// Microseconds since 2000-01-01 00:00:00 UTC, as the replication protocol and pgoutput send times.
using PgTimestamp = std::int64_t;
using Xid = std::uint32_t;
using Oid = std::uint32_t;

// Upper-case hex of the high and low 32 bits, without leading zeros: `0/16B3748`, `FFFFFFFF/FFFFFFFF`.
std::string formatLsn(Lsn lsn);
// The inverse, as pg_lsn's input function accepts it: 1–8 hex digits (either case), `/`, 1–8 hex digits,
// nothing else. nullopt for anything else.
std::optional<Lsn> parseLsn(std::string_view text);

// 2000-01-01 minus 1970-01-01 in microseconds.
inline constexpr std::int64_t kPgEpochOffsetMicros = 946'684'800'000'000;

// PostgreSQL µs to Unix µs and back. Results saturate at the int64 limits instead of overflowing, so
// `infinity` (INT64_MAX) and `-infinity` (INT64_MIN) map to themselves and hostile values cannot cause UB.
std::int64_t pgTimestampToUnixMicros(PgTimestamp pg_micros);
PgTimestamp unixMicrosToPgTimestamp(std::int64_t unix_micros);

}  // namespace connectd::connectors::postgres
