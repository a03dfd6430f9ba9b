// The streaming replication protocol's envelope around pgoutput (contract §6.5): what the walsender sends in
// each CopyData (XLogData `w`, primary keepalive `k`) and the standby status update `r` a client sends back
// to report, and thereby confirm, how far it has got.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <variant>

#include "byte_reader.hpp"
#include "lsn.hpp"

namespace connectd::connectors::postgres {

// `w`: one pgoutput message and where it sits in the WAL. For logical decoding the walsender writes the same
// LSN into data_start and wal_end, and 0/0 for messages written ahead of the change they belong to (e.g. a
// Relation before its first Insert).
struct XLogData {
  Lsn data_start = 0;
  Lsn wal_end = 0;
  PgTimestamp send_time = 0;
  // A view into the CopyData buffer: decode it before that buffer is freed.
  std::span<const std::uint8_t> payload;
};

// `k`: the server's WAL end and whether it wants a status update now (it drops the connection after
// wal_sender_timeout without one).
struct PrimaryKeepalive {
  Lsn wal_end = 0;
  PgTimestamp send_time = 0;
  bool reply_requested = false;

  bool operator==(const PrimaryKeepalive&) const = default;
};

using ReplicationMessage = std::variant<XLogData, PrimaryKeepalive>;

// Decodes one CopyData payload received during START_REPLICATION. Unknown tags, truncation and trailing
// bytes (for `k`) are errors; never throws.
DecodeResult<ReplicationMessage> decodeReplicationMessage(std::span<const std::uint8_t> copy_data);

// `r`: the positions the client has received (written), made durable (flushed) and applied. The server
// moves the slot's confirmed_flush_lsn to a non-zero `flushed`, so only report what is durable downstream.
struct StandbyStatusUpdate {
  Lsn written = 0;
  Lsn flushed = 0;
  Lsn applied = 0;
  PgTimestamp client_time = 0;  // µs since 2000-01-01; the server uses it only for statistics
  bool reply_requested = false;
};

inline constexpr std::size_t kStandbyStatusUpdateSize = 1 + 8 + 8 + 8 + 8 + 1;

// The CopyData payload to send (PQputCopyData) for a standby status update.
std::array<std::uint8_t, kStandbyStatusUpdateSize> encodeStandbyStatusUpdate(const StandbyStatusUpdate& update);

}  // namespace connectd::connectors::postgres
