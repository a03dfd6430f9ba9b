// Decodes one pgoutput logical-replication message (the payload of an XLogData `w` message) into a typed
// struct, protocol versions 1–4 (PostgreSQL's "Logical Replication Message Formats"; contract §6.3).
//
// The decoder is stateless: it does not check the order of messages (Begin before Insert, Stream Start
// before Stream Stop); the caller's state machine does that and tells the decoder, through DecodeContext,
// what the layout depends on. Decoded messages own their bytes, because the CopyData buffer they come from
// is freed as soon as the next message is read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "byte_reader.hpp"
#include "lsn.hpp"

namespace connectd::connectors::postgres {

// What the layout of a message depends on, which the message itself does not say.
struct DecodeContext {
  // The negotiated "proto_version" (1–4). Stream messages need ≥ 2, two-phase messages ≥ 3.
  int protocol_version = 1;
  // Between Stream Start and Stream Stop: Relation, Type, Insert, Update, Delete, Truncate and Message
  // carry the (sub)transaction's xid first. Needs protocol ≥ 2.
  bool in_streamed_transaction = false;
  // "streaming" 'parallel' was requested (protocol 4, PG16+): Stream Abort carries the abort LSN and time.
  bool parallel_streaming = false;
};

// One column value of a TupleData.
struct TupleColumn {
  enum class Kind : char {
    kNull = 'n',
    kUnchangedToast = 'u',  // an unchanged TOASTed value the server did not send
    kText = 't',            // the type's output function result, in client_encoding
    kBinary = 'b',          // the type's send function result ("binary" 'true')
  };
  Kind kind = Kind::kNull;
  std::string value;  // raw bytes for kText and kBinary (may contain NULs); empty otherwise

  bool operator==(const TupleColumn&) const = default;
};

struct TupleData {
  std::vector<TupleColumn> columns;

  bool operator==(const TupleData&) const = default;
};

// The old row an Update or Delete carries.
struct OldTuple {
  enum class Kind : char {
    kKey = 'K',   // replica identity DEFAULT or INDEX: key columns only, the others arrive as null
    kFull = 'O',  // replica identity FULL: the whole old row
  };
  Kind kind = Kind::kKey;
  TupleData tuple;

  bool operator==(const OldTuple&) const = default;
};

struct Begin {
  Lsn final_lsn = 0;  // LSN of the commit record
  PgTimestamp commit_time = 0;
  Xid xid = 0;

  bool operator==(const Begin&) const = default;
};

struct Commit {
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0;  // end of the commit record: what a client confirms
  PgTimestamp commit_time = 0;

  bool operator==(const Commit&) const = default;
};

struct Origin {
  Lsn commit_lsn = 0;  // the commit LSN on the origin server
  std::string name;

  bool operator==(const Origin&) const = default;
};

struct RelationColumn {
  static constexpr std::uint8_t kKeyFlag = 1;

  std::uint8_t flags = 0;
  std::string name;
  Oid type_oid = 0;
  std::int32_t type_modifier = -1;

  bool isKey() const { return (flags & kKeyFlag) != 0; }
  bool operator==(const RelationColumn&) const = default;
};

enum class ReplicaIdentity : char {
  kDefault = 'd',
  kNothing = 'n',
  kFull = 'f',
  kIndex = 'i',
};

struct Relation {
  std::optional<Xid> xid;  // inside a streamed transaction only
  Oid oid = 0;
  std::string namespace_name;  // "" for pg_catalog
  std::string name;
  ReplicaIdentity replica_identity = ReplicaIdentity::kDefault;
  std::vector<RelationColumn> columns;

  bool operator==(const Relation&) const = default;
};

// Sent for a column type that is not built in, before the Relation that uses it.
struct Type {
  std::optional<Xid> xid;
  Oid oid = 0;
  std::string namespace_name;
  std::string name;

  bool operator==(const Type&) const = default;
};

struct Insert {
  std::optional<Xid> xid;
  Oid relation_oid = 0;
  TupleData new_tuple;

  bool operator==(const Insert&) const = default;
};

struct Update {
  std::optional<Xid> xid;
  Oid relation_oid = 0;
  std::optional<OldTuple> old_tuple;  // absent when the key did not change and the identity is not FULL
  TupleData new_tuple;

  bool operator==(const Update&) const = default;
};

struct Delete {
  std::optional<Xid> xid;
  Oid relation_oid = 0;
  OldTuple old_tuple;

  bool operator==(const Delete&) const = default;
};

struct Truncate {
  static constexpr std::uint8_t kCascade = 1;
  static constexpr std::uint8_t kRestartIdentity = 2;

  std::optional<Xid> xid;
  std::uint8_t options = 0;
  std::vector<Oid> relation_oids;

  bool cascade() const { return (options & kCascade) != 0; }
  bool restartIdentity() const { return (options & kRestartIdentity) != 0; }
  bool operator==(const Truncate&) const = default;
};

// pg_logical_emit_message(transactional, prefix, content) ("messages" 'true').
struct LogicalMessage {
  static constexpr std::uint8_t kTransactional = 1;

  std::optional<Xid> xid;
  std::uint8_t flags = 0;
  Lsn lsn = 0;
  std::string prefix;
  std::string content;  // raw bytes

  bool transactional() const { return (flags & kTransactional) != 0; }
  bool operator==(const LogicalMessage&) const = default;
};

struct StreamStart {
  Xid xid = 0;
  bool first_segment = false;

  bool operator==(const StreamStart&) const = default;
};

struct StreamStop {
  bool operator==(const StreamStop&) const = default;
};

struct StreamCommit {
  Xid xid = 0;
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0;
  PgTimestamp commit_time = 0;

  bool operator==(const StreamCommit&) const = default;
};

struct StreamAbort {
  Xid xid = 0;
  Xid subxid = 0;                         // equal to xid when the whole transaction aborted
  std::optional<Lsn> abort_lsn;           // with parallel streaming only
  std::optional<PgTimestamp> abort_time;  // with parallel streaming only

  bool operator==(const StreamAbort&) const = default;
};

struct BeginPrepare {
  Lsn prepare_lsn = 0;
  Lsn end_lsn = 0;
  PgTimestamp prepare_time = 0;
  Xid xid = 0;
  std::string gid;

  bool operator==(const BeginPrepare&) const = default;
};

struct Prepare {
  Lsn prepare_lsn = 0;
  Lsn end_lsn = 0;
  PgTimestamp prepare_time = 0;
  Xid xid = 0;
  std::string gid;

  bool operator==(const Prepare&) const = default;
};

struct CommitPrepared {
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0;
  PgTimestamp commit_time = 0;
  Xid xid = 0;
  std::string gid;

  bool operator==(const CommitPrepared&) const = default;
};

struct RollbackPrepared {
  Lsn prepare_end_lsn = 0;
  Lsn rollback_end_lsn = 0;
  PgTimestamp prepare_time = 0;
  PgTimestamp rollback_time = 0;
  Xid xid = 0;
  std::string gid;

  bool operator==(const RollbackPrepared&) const = default;
};

struct StreamPrepare {
  Lsn prepare_lsn = 0;
  Lsn end_lsn = 0;
  PgTimestamp prepare_time = 0;
  Xid xid = 0;
  std::string gid;

  bool operator==(const StreamPrepare&) const = default;
};

using PgOutputMessage = std::variant<Begin, Commit, Origin, Relation, Type, Insert, Update, Delete, Truncate,
                                     LogicalMessage, StreamStart, StreamStop, StreamCommit, StreamAbort, BeginPrepare,
                                     Prepare, CommitPrepared, RollbackPrepared, StreamPrepare>;

// Decodes exactly one message; leftover bytes, unknown tags, values out of range and messages the context's
// protocol version cannot carry are errors. Never throws on any input.
DecodeResult<PgOutputMessage> decodePgOutputMessage(std::span<const std::uint8_t> message,
                                                    const DecodeContext& context);

// The message's name as PostgreSQL's documentation spells it ("Begin", "Stream Start", …), for logs.
const char* messageName(const PgOutputMessage& message);

}  // namespace connectd::connectors::postgres
