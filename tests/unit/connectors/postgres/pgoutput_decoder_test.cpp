// The pgoutput decoder, the replication protocol envelope and the LSN/timestamp helpers: every message type
// of protocol versions 1–4, golden bytes, and malformed input (every truncation, wrong tags, absurd counts,
// trailing bytes), which must come back as errors without crashing or allocating.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "connectors/postgres/lsn.hpp"
#include "connectors/postgres/pgoutput_decoder.hpp"
#include "connectors/postgres/replication_protocol.hpp"
#include "pgoutput_test_encoder.hpp"

using namespace connectd::connectors::postgres;
using namespace connectd::connectors::postgres::test;

namespace {

const DecodeContext kV1{1, false, false};
const DecodeContext kV2{2, false, false};
const DecodeContext kV2Stream{2, true, false};
const DecodeContext kV3{3, false, false};

DecodeResult<PgOutputMessage> decode(const Bytes& bytes, const DecodeContext& context = kV1) {
  return decodePgOutputMessage(std::span<const std::uint8_t>(bytes), context);
}

std::string errorOf(const DecodeResult<PgOutputMessage>& result) {
  return result.ok() ? std::string("<decoded ") + messageName(result.value()) + ">" : result.error().message;
}

// By value: the result is usually a temporary.
template <typename T>
T decodedAs(const DecodeResult<PgOutputMessage>& result) {
  INFO(errorOf(result));
  REQUIRE(result.ok());
  REQUIRE(std::holds_alternative<T>(result.value()));
  return std::get<T>(result.value());
}

Bytes bytesOf(std::initializer_list<int> values) {
  Bytes out;
  for (const int v : values) {
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

const Sample& sampleNamed(const std::string& name) {
  static const auto all = samples();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Sample& s) { return s.name == name; });
  REQUIRE(it != all.end());
  return *it;
}

// The lowest protocol version that can carry the sample.
int minimumVersion(const Sample& sample, std::uint8_t tag) {
  if (sample.context.parallel_streaming) {
    return 4;
  }
  if (tag == 'b' || tag == 'P' || tag == 'K' || tag == 'r' || tag == 'p') {
    return 3;
  }
  if (sample.context.in_streamed_transaction || tag == 'S' || tag == 'E' || tag == 'c' || tag == 'A') {
    return 2;
  }
  return 1;
}

}  // namespace

TEST_CASE("every sample message decodes back to itself in its context", "[connectors][postgres][pgoutput]") {
  for (const auto& sample : samples()) {
    INFO(sample.name);
    const auto bytes = encode(sample.message);
    const auto result = decode(bytes, sample.context);
    INFO(errorOf(result));
    REQUIRE(result.ok());
    CHECK(result.value() == sample.message);
  }
}

TEST_CASE("a Begin decodes from golden bytes", "[connectors][postgres][pgoutput]") {
  const auto bytes = bytesOf({'B',  0,    0,    0,    0,    0x01, 0x6B, 0x37, 0x48,  // final LSN 0/16B3748
                              0x00, 0x02, 0xCD, 0x9E, 0x2B, 0x4A, 0x5C, 0x14,        // commit time
                              0,    0,    0x02, 0xE4});                              // xid 740
  const auto& begin = decodedAs<Begin>(decode(bytes));
  CHECK(formatLsn(begin.final_lsn) == "0/16B3748");
  CHECK(begin.commit_time == 0x0002CD9E2B4A5C14);
  CHECK(begin.xid == 740);
}

TEST_CASE("an Insert carries every TupleData kind: null, unchanged TOAST, text and binary",
          "[connectors][postgres][pgoutput]") {
  const auto bytes = bytesOf({'I', 0,   0, 0x40, 0x01, 'N',  0,    5,     // relation 16385, 5 columns
                              'n', 'u',                                   // null, unchanged TOAST
                              't', 0,   0, 0,    2,    '4',  '2',         // text "42"
                              'b', 0,   0, 0,    3,    0x00, 0xFF, 0x01,  // binary with a NUL in it
                              't', 0,   0, 0,    0});                     // empty text, which is not null
  const auto& insert = decodedAs<Insert>(decode(bytes));
  CHECK_FALSE(insert.xid.has_value());
  CHECK(insert.relation_oid == 16385);
  REQUIRE(insert.new_tuple.columns.size() == 5);
  CHECK(insert.new_tuple.columns[0] == null());
  CHECK(insert.new_tuple.columns[1] == unchangedToast());
  CHECK(insert.new_tuple.columns[2] == text("42"));
  CHECK(insert.new_tuple.columns[3] == binary(std::string("\0\xff\x01", 3)));
  CHECK(insert.new_tuple.columns[4] == text(""));
}

TEST_CASE("a Relation decodes namespace, name, replica identity and columns", "[connectors][postgres][pgoutput]") {
  const auto& relation = decodedAs<Relation>(decode(encode(sampleNamed("v1-relation").message)));
  CHECK(relation.oid == 16385);
  CHECK(relation.namespace_name == "public");
  CHECK(relation.name == "customers");
  CHECK(relation.replica_identity == ReplicaIdentity::kDefault);
  REQUIRE(relation.columns.size() == 3);
  CHECK(relation.columns[0].isKey());
  CHECK_FALSE(relation.columns[1].isKey());
  CHECK(relation.columns[2].type_oid == 1700);
  CHECK(relation.columns[2].type_modifier == 655366);  // numeric(10,2)
  CHECK(relation.columns[1].type_modifier == -1);
}

TEST_CASE("a Relation in pg_catalog has an empty namespace, and every replica identity decodes",
          "[connectors][postgres][pgoutput]") {
  for (const auto& [byte, identity] :
       {std::pair{'d', ReplicaIdentity::kDefault}, std::pair{'n', ReplicaIdentity::kNothing},
        std::pair{'f', ReplicaIdentity::kFull}, std::pair{'i', ReplicaIdentity::kIndex}}) {
    INFO(byte);
    ByteWriter w;
    w.byte('R').int32(1259).string("").string("pg_class").byte(static_cast<std::uint8_t>(byte)).int16(0);
    const auto& relation = decodedAs<Relation>(decode(w.bytes()));
    CHECK(relation.namespace_name.empty());
    CHECK(relation.name == "pg_class");
    CHECK(relation.replica_identity == identity);
    CHECK(relation.columns.empty());
  }
  ByteWriter w;
  w.byte('R').int32(1259).string("").string("pg_class").byte('x').int16(0);
  const auto bad = decode(w.bytes());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "Relation message: unknown replica identity 120");
  CHECK(bad.error().offset == 15);
}

TEST_CASE("Update and Delete carry key or full old tuples", "[connectors][postgres][pgoutput]") {
  const Oid rel = 16385;
  ByteWriter plain;
  plain.byte('U').int32(rel).byte('N').int16(1).byte('t').int32(1).raw("1");
  CHECK_FALSE(decodedAs<Update>(decode(plain.bytes())).old_tuple.has_value());

  ByteWriter keyed;
  keyed.byte('U').int32(rel).byte('K').int16(2).byte('t').int32(1).raw("1").byte('n');
  keyed.byte('N').int16(2).byte('t').int32(1).raw("2").byte('t').int32(1).raw("x");
  const auto& update = decodedAs<Update>(decode(keyed.bytes()));
  REQUIRE(update.old_tuple.has_value());
  CHECK(update.old_tuple->kind == OldTuple::Kind::kKey);
  CHECK(update.old_tuple->tuple.columns == std::vector{text("1"), null()});
  CHECK(update.new_tuple.columns == std::vector{text("2"), text("x")});

  ByteWriter full;
  full.byte('D').int32(rel).byte('O').int16(1).byte('t').int32(1).raw("1");
  const auto& del = decodedAs<Delete>(decode(full.bytes()));
  CHECK(del.old_tuple.kind == OldTuple::Kind::kFull);

  ByteWriter wrong_update;  // an old tuple must be followed by 'N'
  wrong_update.byte('U').int32(rel).byte('K').int16(0).byte('K').int16(0);
  CHECK(errorOf(decode(wrong_update.bytes())) == "Update message: expected 'N' (new tuple) but found byte 75");

  ByteWriter wrong_delete;  // a Delete has no new tuple
  wrong_delete.byte('D').int32(rel).byte('N').int16(0);
  const auto bad = decode(wrong_delete.bytes());
  CHECK(errorOf(bad) == "Delete message: expected 'K' or 'O' (old tuple) but found byte 78");
  CHECK(bad.error().offset == 5);
}

TEST_CASE("Truncate options and Message flags", "[connectors][postgres][pgoutput]") {
  const auto& truncate = decodedAs<Truncate>(decode(encode(Truncate{std::nullopt, 3, {16385, 16390}})));
  CHECK(truncate.cascade());
  CHECK(truncate.restartIdentity());
  CHECK(truncate.relation_oids == std::vector<Oid>{16385, 16390});
  const auto& plain = decodedAs<Truncate>(decode(encode(Truncate{std::nullopt, 0, {16385}})));
  CHECK_FALSE(plain.cascade());
  CHECK_FALSE(plain.restartIdentity());

  const auto& message = decodedAs<LogicalMessage>(decode(encode(LogicalMessage{std::nullopt, 1, 0x10, "p", "c"})));
  CHECK(message.transactional());
  CHECK(message.prefix == "p");
  CHECK(message.content == "c");
  CHECK_FALSE(
      decodedAs<LogicalMessage>(decode(encode(LogicalMessage{std::nullopt, 0, 0x10, "p", ""}))).transactional());
}

TEST_CASE("inside a streamed transaction the xid prefix is read (protocol 2)", "[connectors][postgres][pgoutput]") {
  const auto bytes = bytesOf({'I', 0, 0, 0x02, 0xE5, 0, 0, 0x40, 0x01, 'N', 0, 1, 'n'});
  const auto& insert = decodedAs<Insert>(decode(bytes, kV2Stream));
  CHECK(insert.xid == std::optional<Xid>(741));
  CHECK(insert.relation_oid == 16385);
  // The same bytes outside a stream read the xid as the relation OID and then find no 'N'.
  CHECK_FALSE(decode(bytes, kV2).ok());

  const auto& start = decodedAs<StreamStart>(decode(bytesOf({'S', 0, 0, 0x02, 0xE5, 1}), kV2));
  CHECK(start.xid == 741);
  CHECK(start.first_segment);
  CHECK_FALSE(decodedAs<StreamStart>(decode(bytesOf({'S', 0, 0, 0x02, 0xE5, 0}), kV2)).first_segment);
  // Stream Stop has no body, inside or outside the block.
  decodedAs<StreamStop>(decode(bytesOf({'E'}), kV2Stream));
  decodedAs<StreamStop>(decode(bytesOf({'E'}), kV2));
}

TEST_CASE("Stream Abort carries the abort LSN and time only with parallel streaming (protocol 4)",
          "[connectors][postgres][pgoutput]") {
  ByteWriter w;
  w.byte('A').int32(741).int32(742);
  const auto& serial = decodedAs<StreamAbort>(decode(w.bytes(), DecodeContext{4, false, false}));
  CHECK(serial.subxid == 742);
  CHECK_FALSE(serial.abort_lsn.has_value());
  CHECK_FALSE(decode(w.bytes(), DecodeContext{4, false, true}).ok());  // the abort info is missing

  w.int64(0x5000000).int64(123);
  const auto& parallel = decodedAs<StreamAbort>(decode(w.bytes(), DecodeContext{4, false, true}));
  CHECK(parallel.abort_lsn == std::optional<Lsn>(0x5000000));
  CHECK(parallel.abort_time == std::optional<PgTimestamp>(123));
  CHECK(errorOf(decode(w.bytes(), DecodeContext{4, false, false})) ==
        "Stream Abort message: 16 trailing bytes after the message");
}

TEST_CASE("messages the negotiated protocol version cannot carry are refused", "[connectors][postgres][pgoutput]") {
  for (const auto& sample : samples()) {
    INFO(sample.name);
    const auto bytes = encode(sample.message);
    const int needed = minimumVersion(sample, bytes[0]);
    CHECK(sample.context.protocol_version >= needed);
    for (int version = 1; version < needed; ++version) {
      auto context = sample.context;
      context.protocol_version = version;
      CHECK_FALSE(decode(bytes, context).ok());
    }
  }
  CHECK(errorOf(decode(bytesOf({'E'}), kV1)) ==
        "Stream Stop message needs pgoutput protocol version 2 or later, the session uses 1");
  CHECK(errorOf(decode(encode(Prepare{1, 2, 3, 4, "g"}), kV2)) ==
        "Prepare message needs pgoutput protocol version 3 or later, the session uses 2");
  CHECK(errorOf(decode(bytesOf({'B'}), DecodeContext{0, false, false})) == "unsupported pgoutput protocol version 0");
  CHECK(errorOf(decode(bytesOf({'B'}), DecodeContext{5, false, false})) == "unsupported pgoutput protocol version 5");
  CHECK(errorOf(decode(bytesOf({'E'}), DecodeContext{1, true, false})) ==
        "streamed transactions need pgoutput protocol version 2 or later");
  CHECK(errorOf(decode(bytesOf({'E'}), DecodeContext{3, false, true})) ==
        "parallel streaming needs pgoutput protocol version 4 or later");
}

TEST_CASE("every truncation of every sample is an error, never a crash", "[connectors][postgres][pgoutput]") {
  std::size_t prefixes = 0;
  std::size_t total_bytes = 0;
  for (const auto& sample : samples()) {
    INFO(sample.name);
    const auto bytes = encode(sample.message);
    total_bytes += bytes.size();
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      INFO("prefix of " << length << " of " << bytes.size() << " bytes");
      const auto result = decodePgOutputMessage(std::span<const std::uint8_t>(bytes).first(length), sample.context);
      REQUIRE_FALSE(result.ok());
      CHECK(result.error().offset <= length);
      CHECK_FALSE(result.error().message.empty());
      ++prefixes;
    }
  }
  CHECK(prefixes == total_bytes);  // every prefix was tried
}

TEST_CASE("a byte after a complete message is an error", "[connectors][postgres][pgoutput]") {
  for (const auto& sample : samples()) {
    INFO(sample.name);
    auto bytes = encode(sample.message);
    const auto size = bytes.size();
    bytes.push_back(0);
    const auto result = decode(bytes, sample.context);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.ends_with("1 trailing bytes after the message"));
    CHECK(result.error().offset == size);
  }
}

TEST_CASE("unknown and misplaced tags are refused", "[connectors][postgres][pgoutput]") {
  CHECK(errorOf(decode(Bytes{})) == "empty pgoutput message");
  CHECK(errorOf(decode(bytesOf({'Z'}))) == "unknown pgoutput message tag 'Z' (0x5A)");
  CHECK(errorOf(decode(bytesOf({0}))) == "unknown pgoutput message tag 0x00");
  CHECK(errorOf(decode(bytesOf({0xFF, 1, 2}))) == "unknown pgoutput message tag 0xFF");
  // 'w' and 'k' belong to the envelope, not to pgoutput.
  CHECK_FALSE(decode(bytesOf({'w'})).ok());
  CHECK_FALSE(decode(bytesOf({'k'})).ok());

  ByteWriter kind;
  kind.byte('I').int32(1).byte('N').int16(1).byte('x');
  const auto bad_kind = decode(kind.bytes());
  CHECK(errorOf(bad_kind) == "Insert message: unknown kind 120 of column 0");
  CHECK(bad_kind.error().offset == 8);

  ByteWriter flags;  // Commit's flags are reserved and 0
  flags.byte('C').byte(1).int64(1).int64(2).int64(3);
  CHECK(errorOf(decode(flags.bytes())) == "Commit message: unexpected flags 1 (must be 0)");
  for (const char tag : {'P', 'K', 'r', 'p'}) {
    auto bytes = encode(tag == 'P'   ? PgOutputMessage{Prepare{1, 2, 3, 4, "g"}}
                        : tag == 'K' ? PgOutputMessage{CommitPrepared{1, 2, 3, 4, "g"}}
                        : tag == 'r' ? PgOutputMessage{RollbackPrepared{1, 2, 3, 4, 5, "g"}}
                                     : PgOutputMessage{StreamPrepare{1, 2, 3, 4, "g"}});
    bytes[1] = 2;
    CHECK_FALSE(decode(bytes, kV3).ok());
  }
  ByteWriter stream_commit_flags;
  stream_commit_flags.byte('c').int32(1).byte(4).int64(1).int64(2).int64(3);
  CHECK_FALSE(decode(stream_commit_flags.bytes(), kV2).ok());
}

TEST_CASE("absurd counts and lengths are refused before anything is allocated", "[connectors][postgres][pgoutput]") {
  ByteWriter tuple;  // 65535 columns in 3 bytes
  tuple.byte('I').int32(1).byte('N').int16(0xFFFF).byte('n').byte('n').byte('n');
  const auto many_columns = decode(tuple.bytes());
  CHECK(errorOf(many_columns) == "Insert message: TupleData claims 65535 columns but only 3 bytes are left");
  CHECK(many_columns.error().offset == 6);

  ByteWriter relation;  // 65535 columns of at least 10 bytes each in 20 bytes
  relation.byte('R').int32(1).string("s").string("t").byte('d').int16(0xFFFF).raw(std::string(20, 'a'));
  CHECK(errorOf(decode(relation.bytes())) ==
        "Relation message: Relation claims 65535 columns but only 20 bytes are left");

  ByteWriter relation_tight;  // 2 columns claimed, one present: the count passes the estimate, the read fails
  relation_tight.byte('R').int32(1).string("s").string("t").byte('d').int16(2);
  relation_tight.byte(1).string("idxxxxxxxxxx").int32(23).int32(static_cast<std::uint32_t>(-1));
  CHECK(errorOf(decode(relation_tight.bytes())).starts_with("Relation message: truncated"));

  for (const std::uint32_t nrels : {0x7FFFFFFFu, 0xFFFFFFFFu, 2u}) {
    INFO(nrels);
    ByteWriter truncate;
    truncate.byte('T').int32(nrels).byte(0).int32(16385);
    const auto result = decode(truncate.bytes());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().offset == 1);
  }

  for (const std::uint32_t length : {0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 3u}) {
    INFO(length);
    ByteWriter value;
    value.byte('I').int32(1).byte('N').int16(1).byte('t').int32(length).raw("ab");
    CHECK_FALSE(decode(value.bytes()).ok());
    ByteWriter content;
    content.byte('M').byte(1).int64(1).string("p").int32(length).raw("ab");
    CHECK_FALSE(decode(content.bytes()).ok());
  }
  ByteWriter negative;
  negative.byte('I').int32(1).byte('N').int16(1).byte('b').int32(0xFFFFFFFFu);
  CHECK(errorOf(decode(negative.bytes())) == "Insert message: negative length -1 of column 0");
}

TEST_CASE("strings need a NUL and identifiers have a length cap", "[connectors][postgres][pgoutput]") {
  ByteWriter unterminated;
  unterminated.byte('Y').int32(16400).string("public").raw("mood");
  CHECK(errorOf(decode(unterminated.bytes())) == "Type message: string without a terminating NUL");

  ByteWriter long_name;
  long_name.byte('Y').int32(16400).string("public").string(std::string(1025, 'n'));
  CHECK(errorOf(decode(long_name.bytes())) == "Type message: string longer than 1024 bytes");
  ByteWriter longest_name;
  longest_name.byte('Y').int32(16400).string("public").string(std::string(1024, 'n'));
  CHECK(decodedAs<Type>(decode(longest_name.bytes())).name.size() == 1024);

  // A message prefix is not an identifier: only the message bounds it.
  const auto& message =
      decodedAs<LogicalMessage>(decode(encode(LogicalMessage{std::nullopt, 1, 1, std::string(5000, 'p'), "c"})));
  CHECK(message.prefix.size() == 5000);
}

TEST_CASE("messageName names every message type as PostgreSQL's documentation does",
          "[connectors][postgres][pgoutput]") {
  std::vector<std::string> names;
  for (const auto& sample : samples()) {
    names.emplace_back(messageName(sample.message));
  }
  CHECK(names.front() == "Begin");
  CHECK(std::find(names.begin(), names.end(), "Message") != names.end());
  CHECK(std::find(names.begin(), names.end(), "Stream Start") != names.end());
  CHECK(std::find(names.begin(), names.end(), "Rollback Prepared") != names.end());
  CHECK(std::string(messageName(StreamPrepare{})) == "Stream Prepare");
}

TEST_CASE("LSNs format as upper-case %X/%X and parse back", "[connectors][postgres][lsn]") {
  CHECK(formatLsn(0) == "0/0");
  CHECK(formatLsn(0x16B3748) == "0/16B3748");
  CHECK(formatLsn(0x00000016B374D848) == "16/B374D848");
  CHECK(formatLsn(0xFFFFFFFFFFFFFFFF) == "FFFFFFFF/FFFFFFFF");
  CHECK(formatLsn(0x100000000) == "1/0");

  CHECK(parseLsn("0/16B3748") == std::optional<Lsn>(0x16B3748));
  CHECK(parseLsn("FFFFFFFF/FFFFFFFF") == std::optional<Lsn>(0xFFFFFFFFFFFFFFFF));
  CHECK(parseLsn("16/b374d848") == std::optional<Lsn>(0x16B374D848));
  CHECK(parseLsn("00000000/00000001") == std::optional<Lsn>(1));
  for (const Lsn lsn : {Lsn{0}, Lsn{1}, Lsn{0x16B3748}, Lsn{0xDEADBEEFCAFEBABE}, ~Lsn{0}}) {
    CHECK(parseLsn(formatLsn(lsn)) == std::optional<Lsn>(lsn));
  }
  for (const char* bad : {"", "/", "0/", "/0", "0", "123456789/0", "0/123456789", "G/0", "0/0/0", " 0/0", "0/0 ",
                          "0x1/0", "+1/0", "-1/0", "0/-1", "1/0\n"}) {
    INFO('"' << bad << '"');
    CHECK_FALSE(parseLsn(bad).has_value());
  }
  CHECK_FALSE(parseLsn(std::string_view("0/1\0", 4)).has_value());
}

TEST_CASE("PostgreSQL timestamps convert to Unix epoch microseconds and back", "[connectors][postgres][lsn]") {
  CHECK(pgTimestampToUnixMicros(0) == 946'684'800'000'000);  // 2000-01-01T00:00:00Z
  // 2024-01-01T00:00:00Z is 1704067200 s after 1970 and 757382400 s after 2000.
  CHECK(pgTimestampToUnixMicros(757'382'400'000'000) == 1'704'067'200'000'000);
  CHECK(unixMicrosToPgTimestamp(1'704'067'200'000'000) == 757'382'400'000'000);
  CHECK(pgTimestampToUnixMicros(-946'684'800'000'000) == 0);
  CHECK(unixMicrosToPgTimestamp(0) == -946'684'800'000'000);
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  // infinity and -infinity stay what they are; values near the limits saturate instead of overflowing.
  CHECK(pgTimestampToUnixMicros(kMax) == kMax);
  CHECK(pgTimestampToUnixMicros(kMin) == kMin);
  CHECK(unixMicrosToPgTimestamp(kMin) == kMin);
  CHECK(pgTimestampToUnixMicros(kMax - 1) == kMax);
  CHECK(unixMicrosToPgTimestamp(kMin + 1) == kMin);
  CHECK(pgTimestampToUnixMicros(kMin + 1) == kMin + 1 + kPgEpochOffsetMicros);
}

TEST_CASE("XLogData and primary keepalive envelopes decode, standby status updates encode",
          "[connectors][postgres][replication]") {
  ByteWriter w;
  w.byte('w').int64(0x16B3748).int64(0x16B3748).int64(789).byte('E');
  const auto xlog = decodeReplicationMessage(w.bytes());
  REQUIRE(xlog.ok());
  const auto& data = std::get<XLogData>(xlog.value());
  CHECK(data.data_start == 0x16B3748);
  CHECK(data.wal_end == 0x16B3748);
  CHECK(data.send_time == 789);
  REQUIRE(data.payload.size() == 1);
  CHECK(data.payload[0] == 'E');

  ByteWriter k;
  k.byte('k').int64(0x2000000).int64(790).byte(1);
  const auto keepalive = decodeReplicationMessage(k.bytes());
  REQUIRE(keepalive.ok());
  CHECK(std::get<PrimaryKeepalive>(keepalive.value()) == PrimaryKeepalive{0x2000000, 790, true});

  for (std::size_t length = 0; length < k.bytes().size(); ++length) {
    CHECK_FALSE(decodeReplicationMessage(std::span<const std::uint8_t>(k.bytes()).first(length)).ok());
  }
  for (std::size_t length = 0; length < 25; ++length) {
    CHECK_FALSE(decodeReplicationMessage(std::span<const std::uint8_t>(w.bytes()).first(length)).ok());
  }
  auto long_keepalive = k.bytes();
  long_keepalive.push_back(0);
  CHECK(decodeReplicationMessage(long_keepalive).error().message ==
        "primary keepalive: 1 trailing bytes after the message");
  CHECK(decodeReplicationMessage(bytesOf({'r', 0})).error().message ==
        "unknown replication message tag 114 (expected 'w' or 'k')");

  const auto update = encodeStandbyStatusUpdate(StandbyStatusUpdate{0x16B3748, 0x16B3778, 0x1, -2, true});
  CHECK(Bytes(update.begin(), update.end()) ==
        bytesOf({'r', 0, 0, 0, 0, 0x01, 0x6B, 0x37, 0x48, 0,    0,    0,    0,    0x01, 0x6B, 0x37, 0x78,
                 0,   0, 0, 0, 0, 0,    0,    0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 1}));
}

TEST_CASE("the fuzz seed corpus holds only messages that decode", "[connectors][postgres][pgoutput]") {
  const std::filesystem::path dir = std::filesystem::path(CONNECTD_SOURCE_DIR) / "tests/fuzz/corpus/pgoutput_decoder";
  REQUIRE(std::filesystem::is_directory(dir));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    INFO(entry.path().filename().string());
    std::ifstream in(entry.path(), std::ios::binary);
    const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bool decoded = false;
    for (const auto& context : {kV1, kV2Stream, kV3, DecodeContext{4, false, true}}) {
      decoded = decoded || decode(bytes, context).ok();
    }
    if (!bytes.empty() && (bytes[0] == 'w' || bytes[0] == 'k')) {
      decoded = decodeReplicationMessage(bytes).ok();
    }
    CHECK(decoded);
    ++files;
  }
  CHECK(files >= 10);
  CHECK(files <= 20);
}

// Not a test: writes the fuzz seed corpus when run by hand (see tests/fuzz/pgoutput_decoder_fuzz.cpp for the
// command). Hidden, so ctest does not discover it.
TEST_CASE("write the pgoutput fuzz seed corpus", "[.][write-corpus]") {
  const char* out = std::getenv("CONNECTD_WRITE_CORPUS");
  REQUIRE(out != nullptr);
  const std::filesystem::path dir(out);
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const Bytes& bytes) {
    std::ofstream file(dir / (name + ".bin"), std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(file.good());
  };
  // One sample per shape is enough for the fuzzer to mutate from; the corpus stays at most 20 files.
  for (const char* name :
       {"v1-begin", "v1-commit", "v1-origin", "v1-relation", "v1-insert-kinds", "v1-update-key", "v1-delete-key",
        "v1-truncate", "v1-message", "v2-stream-start", "v2-stream-relation", "v2-stream-insert", "v2-stream-update",
        "v2-stream-commit", "v3-prepare", "v3-commit-prepared", "v3-rollback-prepared", "v4-stream-abort-parallel"}) {
    write(name, encode(sampleNamed(name).message));
  }
  ByteWriter xlog;
  xlog.byte('w').int64(0x16B3748).int64(0x16B3748).int64(789'123'456'789'012);
  for (const auto b : encode(sampleNamed("v1-insert").message)) {
    xlog.byte(b);
  }
  write("envelope-xlogdata-insert", xlog.bytes());
  ByteWriter keepalive;
  keepalive.byte('k').int64(0x16B3778).int64(789'123'456'789'012).byte(1);
  write("envelope-keepalive", keepalive.bytes());
}
