// Test-side encoder for pgoutput messages: writes the layouts of PostgreSQL's proto.c from the contract's
// §6.3 table, independently of the decoder, so tests can build byte sequences for every message type and
// corrupt them at will. Sample messages of every type live here too, for the unit tests and the seed corpus.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "connectors/postgres/pgoutput_decoder.hpp"

namespace connectd::connectors::postgres::test {

using Bytes = std::vector<std::uint8_t>;

// Big-endian field writer.
class ByteWriter {
 public:
  ByteWriter& byte(std::uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  ByteWriter& int16(std::uint16_t v) { return bigEndian(v, 2); }
  ByteWriter& int32(std::uint32_t v) { return bigEndian(v, 4); }
  ByteWriter& int64(std::uint64_t v) { return bigEndian(v, 8); }
  // NUL-terminated.
  ByteWriter& string(std::string_view s) {
    raw(s);
    return byte(0);
  }
  ByteWriter& raw(std::string_view s) {
    out_.insert(out_.end(), s.begin(), s.end());
    return *this;
  }
  const Bytes& bytes() const { return out_; }

 private:
  ByteWriter& bigEndian(std::uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    return *this;
  }
  Bytes out_;
};

inline void writeXid(ByteWriter& w, const std::optional<Xid>& xid) {
  if (xid) {
    w.int32(*xid);
  }
}

inline void writeTuple(ByteWriter& w, const TupleData& tuple) {
  w.int16(static_cast<std::uint16_t>(tuple.columns.size()));
  for (const auto& c : tuple.columns) {
    w.byte(static_cast<std::uint8_t>(c.kind));
    if (c.kind == TupleColumn::Kind::kText || c.kind == TupleColumn::Kind::kBinary) {
      w.int32(static_cast<std::uint32_t>(c.value.size())).raw(c.value);
    }
  }
}

inline void writeOldTuple(ByteWriter& w, const OldTuple& old) {
  w.byte(static_cast<std::uint8_t>(old.kind));
  writeTuple(w, old.tuple);
}

// The bytes PostgreSQL would send for `message`. A message's xid is written when it has one, so the caller
// decides (through the sample) whether it is a streamed-transaction message.
inline Bytes encode(const PgOutputMessage& message) {
  ByteWriter w;
  struct Visitor {
    ByteWriter& w;
    void operator()(const Begin& m) { w.byte('B').int64(m.final_lsn).int64(m.commit_time).int32(m.xid); }
    void operator()(const Commit& m) { w.byte('C').byte(0).int64(m.commit_lsn).int64(m.end_lsn).int64(m.commit_time); }
    void operator()(const Origin& m) { w.byte('O').int64(m.commit_lsn).string(m.name); }
    void operator()(const Relation& m) {
      w.byte('R');
      writeXid(w, m.xid);
      w.int32(m.oid).string(m.namespace_name).string(m.name).byte(static_cast<std::uint8_t>(m.replica_identity));
      w.int16(static_cast<std::uint16_t>(m.columns.size()));
      for (const auto& c : m.columns) {
        w.byte(c.flags).string(c.name).int32(c.type_oid).int32(static_cast<std::uint32_t>(c.type_modifier));
      }
    }
    void operator()(const Type& m) {
      w.byte('Y');
      writeXid(w, m.xid);
      w.int32(m.oid).string(m.namespace_name).string(m.name);
    }
    void operator()(const Insert& m) {
      w.byte('I');
      writeXid(w, m.xid);
      w.int32(m.relation_oid).byte('N');
      writeTuple(w, m.new_tuple);
    }
    void operator()(const Update& m) {
      w.byte('U');
      writeXid(w, m.xid);
      w.int32(m.relation_oid);
      if (m.old_tuple) {
        writeOldTuple(w, *m.old_tuple);
      }
      w.byte('N');
      writeTuple(w, m.new_tuple);
    }
    void operator()(const Delete& m) {
      w.byte('D');
      writeXid(w, m.xid);
      w.int32(m.relation_oid);
      writeOldTuple(w, m.old_tuple);
    }
    void operator()(const Truncate& m) {
      w.byte('T');
      writeXid(w, m.xid);
      w.int32(static_cast<std::uint32_t>(m.relation_oids.size())).byte(m.options);
      for (const auto oid : m.relation_oids) {
        w.int32(oid);
      }
    }
    void operator()(const LogicalMessage& m) {
      w.byte('M');
      writeXid(w, m.xid);
      w.byte(m.flags).int64(m.lsn).string(m.prefix).int32(static_cast<std::uint32_t>(m.content.size())).raw(m.content);
    }
    void operator()(const StreamStart& m) { w.byte('S').int32(m.xid).byte(m.first_segment ? 1 : 0); }
    void operator()(const StreamStop&) { w.byte('E'); }
    void operator()(const StreamCommit& m) {
      w.byte('c').int32(m.xid).byte(0).int64(m.commit_lsn).int64(m.end_lsn).int64(m.commit_time);
    }
    void operator()(const StreamAbort& m) {
      w.byte('A').int32(m.xid).int32(m.subxid);
      if (m.abort_lsn) {
        w.int64(*m.abort_lsn).int64(m.abort_time.value_or(0));
      }
    }
    void operator()(const BeginPrepare& m) {
      w.byte('b').int64(m.prepare_lsn).int64(m.end_lsn).int64(m.prepare_time).int32(m.xid).string(m.gid);
    }
    void operator()(const Prepare& m) {
      w.byte('P').byte(0).int64(m.prepare_lsn).int64(m.end_lsn).int64(m.prepare_time).int32(m.xid).string(m.gid);
    }
    void operator()(const CommitPrepared& m) {
      w.byte('K').byte(0).int64(m.commit_lsn).int64(m.end_lsn).int64(m.commit_time).int32(m.xid).string(m.gid);
    }
    void operator()(const RollbackPrepared& m) {
      w.byte('r').byte(0).int64(m.prepare_end_lsn).int64(m.rollback_end_lsn).int64(m.prepare_time);
      w.int64(m.rollback_time).int32(m.xid).string(m.gid);
    }
    void operator()(const StreamPrepare& m) {
      w.byte('p').byte(0).int64(m.prepare_lsn).int64(m.end_lsn).int64(m.prepare_time).int32(m.xid).string(m.gid);
    }
  };
  std::visit(Visitor{w}, message);
  return w.bytes();
}

// A sample message, the context to decode it in, and a name for test output and corpus files.
struct Sample {
  std::string name;
  PgOutputMessage message;
  DecodeContext context;
};

inline TupleColumn text(std::string v) {
  return {TupleColumn::Kind::kText, std::move(v)};
}
inline TupleColumn binary(std::string v) {
  return {TupleColumn::Kind::kBinary, std::move(v)};
}
inline TupleColumn null() {
  return {TupleColumn::Kind::kNull, {}};
}
inline TupleColumn unchangedToast() {
  return {TupleColumn::Kind::kUnchangedToast, {}};
}

// One sample of every message type: protocol 1 for what v1 has, the streamed variants (with xid) under
// protocol 2, two-phase under 3, the parallel-streaming Stream Abort under 4. Values are the shapes
// PostgreSQL 15 sends (LSNs, 2000-epoch times, OIDs of int4/text).
inline std::vector<Sample> samples() {
  const DecodeContext v1{1, false, false};
  const DecodeContext v2{2, false, false};
  const DecodeContext v2_stream{2, true, false};
  const DecodeContext v3{3, false, false};
  const DecodeContext v4_parallel{4, false, true};
  const Oid rel = 16385;
  const Relation relation{std::nullopt,
                          rel,
                          "public",
                          "customers",
                          ReplicaIdentity::kDefault,
                          {{1, "id", 23, -1}, {0, "name", 25, -1}, {0, "price", 1700, 655366}}};
  Relation streamed_relation = relation;
  streamed_relation.xid = 741;
  const TupleData row{{text("1"), text("Ann"), null()}};
  const TupleData key{{text("1"), null(), null()}};
  return {
      {"v1-begin", Begin{0x16B3748, 789'123'456'789'012, 740}, v1},
      {"v1-commit", Commit{0x16B3748, 0x16B3778, 789'123'456'789'012}, v1},
      {"v1-origin", Origin{0x1000028, "pg_16390"}, v1},
      {"v1-relation", relation, v1},
      {"v1-relation-pg-catalog-full",
       Relation{std::nullopt, 1259, "", "pg_class", ReplicaIdentity::kFull, {{0, "oid", 26, -1}}}, v1},
      {"v1-type", Type{std::nullopt, 16400, "public", "mood"}, v1},
      {"v1-insert", Insert{std::nullopt, rel, TupleData{{text("1"), text("Ann"), null()}}}, v1},
      {"v1-insert-kinds",
       Insert{std::nullopt, rel,
              TupleData{{text("42"), unchangedToast(), null(), binary(std::string("\0\x01\xff", 3))}}},
       v1},
      {"v1-insert-empty-text", Insert{std::nullopt, rel, TupleData{{text(""), text("a\tb\nc")}}}, v1},
      {"v1-update", Update{std::nullopt, rel, std::nullopt, row}, v1},
      {"v1-update-key", Update{std::nullopt, rel, OldTuple{OldTuple::Kind::kKey, key}, row}, v1},
      {"v1-update-full",
       Update{std::nullopt, rel, OldTuple{OldTuple::Kind::kFull, TupleData{{text("1"), text("Al"), null()}}}, row}, v1},
      {"v1-delete-key", Delete{std::nullopt, rel, OldTuple{OldTuple::Kind::kKey, key}}, v1},
      {"v1-delete-full", Delete{std::nullopt, rel, OldTuple{OldTuple::Kind::kFull, row}}, v1},
      {"v1-truncate", Truncate{std::nullopt, Truncate::kCascade | Truncate::kRestartIdentity, {rel, 16390}}, v1},
      {"v1-message", LogicalMessage{std::nullopt, 1, 0x16B37A0, "outbox", "{\"id\":1}"}, v1},
      {"v1-message-nontransactional", LogicalMessage{std::nullopt, 0, 0x16B37A0, "", std::string("\0\x7f", 2)}, v1},
      {"v2-begin", Begin{0x2000000, 1, 750}, v2},
      {"v2-stream-start", StreamStart{741, true}, v2},
      {"v2-stream-relation", streamed_relation, v2_stream},
      {"v2-stream-type", Type{741, 16400, "public", "mood"}, v2_stream},
      {"v2-stream-insert", Insert{741, rel, row}, v2_stream},
      {"v2-stream-update", Update{742, rel, OldTuple{OldTuple::Kind::kKey, key}, row}, v2_stream},
      {"v2-stream-delete", Delete{741, rel, OldTuple{OldTuple::Kind::kKey, key}}, v2_stream},
      {"v2-stream-truncate", Truncate{741, 0, {rel}}, v2_stream},
      {"v2-stream-message", LogicalMessage{741, 1, 0x16B37A0, "outbox", "payload"}, v2_stream},
      {"v2-stream-stop", StreamStop{}, v2_stream},
      {"v2-stream-commit", StreamCommit{741, 0x3000000, 0x3000030, 789'123'456'789'999}, v2},
      {"v2-stream-abort", StreamAbort{741, 742, std::nullopt, std::nullopt}, v2},
      {"v3-begin-prepare", BeginPrepare{0x4000000, 0x4000040, 5, 760, "tx-1"}, v3},
      {"v3-prepare", Prepare{0x4000000, 0x4000040, 5, 760, "tx-1"}, v3},
      {"v3-commit-prepared", CommitPrepared{0x4000100, 0x4000140, 6, 760, "tx-1"}, v3},
      {"v3-rollback-prepared", RollbackPrepared{0x4000040, 0x4000200, 5, 7, 760, "tx-1"}, v3},
      {"v3-stream-prepare", StreamPrepare{0x4000300, 0x4000340, 8, 761, "tx-2"}, v3},
      {"v4-stream-abort-parallel", StreamAbort{741, 741, 0x5000000, 789'123'456'790'000}, v4_parallel},
  };
}

}  // namespace connectd::connectors::postgres::test
