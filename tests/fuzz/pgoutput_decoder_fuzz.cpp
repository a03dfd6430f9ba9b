// libFuzzer target for the pgoutput decoder and the replication protocol envelope. The same bytes go through
// every decoding context a session can be in (protocol 1–4, inside and outside a streamed transaction,
// parallel streaming) and through the envelope, whose XLogData payload is decoded in turn. The sanitizers,
// libFuzzer's allocation limit and the invariants below are the oracle.
//
// The seed corpus in corpus/pgoutput_decoder/ holds valid messages: one per message shape, written by the unit
// tests' encoder (tests/unit/connectors/postgres/pgoutput_test_encoder.hpp). To regenerate it:
//   CONNECTD_WRITE_CORPUS=tests/fuzz/corpus/pgoutput_decoder build/test/tests/unit_tests '[write-corpus]'
// The unit test "the fuzz seed corpus holds only messages that decode" keeps it honest.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "connectors/postgres/lsn.hpp"
#include "connectors/postgres/pgoutput_decoder.hpp"
#include "connectors/postgres/replication_protocol.hpp"

namespace {

using namespace connectd::connectors::postgres;

constexpr DecodeContext kContexts[] = {
    {1, false, false}, {2, false, false}, {2, true, false}, {3, false, false},
    {3, true, false},  {4, false, false}, {4, true, false}, {4, false, true},
};

void decodeInEveryContext(std::span<const std::uint8_t> bytes) {
  for (const auto& context : kContexts) {
    const auto result = decodePgOutputMessage(bytes, context);
    if (result.ok()) {
      // A decoded message must survive the copy a queue would make, and have a name for the logs.
      const PgOutputMessage copy = result.value();
      if (!(copy == result.value()) || messageName(copy) == nullptr) {
        __builtin_trap();
      }
    } else if (result.error().offset > bytes.size() || result.error().message.empty()) {
      // An error points into the message (or just past it, for a message cut short) and says something.
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  decodeInEveryContext(bytes);

  const auto envelope = decodeReplicationMessage(bytes);
  if (envelope.ok()) {
    if (const auto* xlog = std::get_if<XLogData>(&envelope.value())) {
      decodeInEveryContext(xlog->payload);
      if (parseLsn(formatLsn(xlog->data_start)) != xlog->data_start) {
        __builtin_trap();
      }
      // Saturating, never overflowing (UBSan would stop here otherwise).
      static_cast<void>(pgTimestampToUnixMicros(xlog->send_time));
    }
  }
  return 0;
}
