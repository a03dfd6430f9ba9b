// Replication protocol envelope; see replication_protocol.hpp.
#include "replication_protocol.hpp"

#include <string>

namespace connectd::connectors::postgres {

namespace {

void putUint64(std::uint8_t* out, std::uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    *out++ = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

}  // namespace

DecodeResult<ReplicationMessage> decodeReplicationMessage(std::span<const std::uint8_t> copy_data) {
  ByteReader in(copy_data);
  const auto tag = in.readByte();
  if (in.failed()) {
    return DecodeError{"empty replication message", 0};
  }
  switch (tag) {
    case 'w': {
      XLogData m;
      m.data_start = in.readUint64();
      m.wal_end = in.readUint64();
      m.send_time = in.readInt64();
      // The payload is the rest of the CopyData; pgoutput's own decoder rejects an empty one.
      m.payload = in.readBytes(in.remaining());
      if (in.failed()) {
        return DecodeError{"XLogData: " + in.error().message, in.error().offset};
      }
      return ReplicationMessage{m};
    }
    case 'k': {
      PrimaryKeepalive m;
      m.wal_end = in.readUint64();
      m.send_time = in.readInt64();
      m.reply_requested = in.readByte() != 0;
      in.expectEnd();
      if (in.failed()) {
        return DecodeError{"primary keepalive: " + in.error().message, in.error().offset};
      }
      return ReplicationMessage{m};
    }
    default: return DecodeError{"unknown replication message tag " + std::to_string(tag) + " (expected 'w' or 'k')", 0};
  }
}

std::array<std::uint8_t, kStandbyStatusUpdateSize> encodeStandbyStatusUpdate(const StandbyStatusUpdate& update) {
  std::array<std::uint8_t, kStandbyStatusUpdateSize> out{};
  out[0] = 'r';
  putUint64(&out[1], update.written);
  putUint64(&out[9], update.flushed);
  putUint64(&out[17], update.applied);
  putUint64(&out[25], static_cast<std::uint64_t>(update.client_time));
  out[33] = update.reply_requested ? 1 : 0;
  return out;
}

}  // namespace connectd::connectors::postgres
