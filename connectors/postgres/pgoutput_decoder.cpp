// pgoutput message decoding; see pgoutput_decoder.hpp. Layouts follow PostgreSQL's proto.c
// (logicalrep_write_*), which is also what the contract's §6.3 table lists.
#include "pgoutput_decoder.hpp"

#include <cstdio>
#include <string>
#include <utility>

namespace connectd::connectors::postgres {

namespace {

// Identifiers are at most NAMEDATALEN - 1 bytes (63 in every packaged build; the server truncates longer
// ones) and GIDs at most 199. The cap leaves room for builds with a larger NAMEDATALEN while still refusing
// a "name" that is really a runaway read through the rest of a message.
constexpr std::size_t kMaxNameLength = 1024;
// A column costs at least its kind byte in a TupleData, and flags + NUL + type OID + typmod in a Relation:
// counts are checked against what is left before anything is reserved.
constexpr std::size_t kMinTupleColumnBytes = 1;
constexpr std::size_t kMinRelationColumnBytes = 1 + 1 + 4 + 4;

struct TagInfo {
  const char* name;
  int min_protocol_version;
};

// nullopt for a tag pgoutput does not send.
std::optional<TagInfo> tagInfo(std::uint8_t tag) {
  switch (tag) {
    case 'B': return TagInfo{"Begin", 1};
    case 'C': return TagInfo{"Commit", 1};
    case 'O': return TagInfo{"Origin", 1};
    case 'R': return TagInfo{"Relation", 1};
    case 'Y': return TagInfo{"Type", 1};
    case 'I': return TagInfo{"Insert", 1};
    case 'U': return TagInfo{"Update", 1};
    case 'D': return TagInfo{"Delete", 1};
    case 'T': return TagInfo{"Truncate", 1};
    case 'M': return TagInfo{"Message", 1};
    case 'S': return TagInfo{"Stream Start", 2};
    case 'E': return TagInfo{"Stream Stop", 2};
    case 'c': return TagInfo{"Stream Commit", 2};
    case 'A': return TagInfo{"Stream Abort", 2};
    case 'b': return TagInfo{"Begin Prepare", 3};
    case 'P': return TagInfo{"Prepare", 3};
    case 'K': return TagInfo{"Commit Prepared", 3};
    case 'r': return TagInfo{"Rollback Prepared", 3};
    case 'p': return TagInfo{"Stream Prepare", 3};
    default: return std::nullopt;
  }
}

// The flags byte of Commit and the two-phase messages is reserved and always 0; PostgreSQL's own apply
// worker refuses anything else, and so do we, rather than silently ignoring a meaning we do not know.
void readZeroFlags(ByteReader& in) {
  const auto at = in.offset();
  const auto flags = in.readByte();
  if (flags != 0) {
    in.failAt(at, "unexpected flags " + std::to_string(flags) + " (must be 0)");
  }
}

std::optional<Xid> readStreamXid(ByteReader& in, const DecodeContext& context) {
  if (!context.in_streamed_transaction) {
    return std::nullopt;
  }
  return in.readUint32();
}

TupleData readTupleData(ByteReader& in) {
  TupleData out;
  const auto ncols_at = in.offset();
  const std::size_t ncols = in.readUint16();
  if (in.failed()) {
    return out;
  }
  if (ncols * kMinTupleColumnBytes > in.remaining()) {
    in.failAt(ncols_at, "TupleData claims " + std::to_string(ncols) + " columns but only " +
                            std::to_string(in.remaining()) + " bytes are left");
    return out;
  }
  out.columns.reserve(ncols);
  for (std::size_t i = 0; i < ncols && !in.failed(); ++i) {
    TupleColumn column;
    const auto kind_at = in.offset();
    const auto kind = in.readByte();
    switch (kind) {
      case 'n': column.kind = TupleColumn::Kind::kNull; break;
      case 'u': column.kind = TupleColumn::Kind::kUnchangedToast; break;
      case 't':
      case 'b': {
        column.kind = kind == 't' ? TupleColumn::Kind::kText : TupleColumn::Kind::kBinary;
        const auto length_at = in.offset();
        const auto length = in.readInt32();
        if (length < 0) {
          in.failAt(length_at, "negative length " + std::to_string(length) + " of column " + std::to_string(i));
          break;
        }
        const auto bytes = in.readBytes(static_cast<std::size_t>(length));
        column.value.assign(bytes.begin(), bytes.end());
        break;
      }
      default: in.failAt(kind_at, "unknown kind " + std::to_string(kind) + " of column " + std::to_string(i));
    }
    out.columns.push_back(std::move(column));
  }
  return out;
}

// The TupleData after a 'K' or 'O' tag; nullopt (without failing) for any other tag.
std::optional<OldTuple> readOptionalOldTuple(ByteReader& in, std::uint8_t tag) {
  if (tag != 'K' && tag != 'O') {
    return std::nullopt;
  }
  OldTuple old;
  old.kind = tag == 'K' ? OldTuple::Kind::kKey : OldTuple::Kind::kFull;
  old.tuple = readTupleData(in);
  return old;
}

void expectNewTupleTag(ByteReader& in, std::size_t tag_at, std::uint8_t tag) {
  if (tag != 'N') {
    in.failAt(tag_at, "expected 'N' (new tuple) but found byte " + std::to_string(tag));
  }
}

Begin readBegin(ByteReader& in) {
  Begin m;
  m.final_lsn = in.readUint64();
  m.commit_time = in.readInt64();
  m.xid = in.readUint32();
  return m;
}

Commit readCommit(ByteReader& in) {
  Commit m;
  readZeroFlags(in);
  m.commit_lsn = in.readUint64();
  m.end_lsn = in.readUint64();
  m.commit_time = in.readInt64();
  return m;
}

Origin readOrigin(ByteReader& in) {
  Origin m;
  m.commit_lsn = in.readUint64();
  // Origin names are not identifiers (PG16 caps them at 512 bytes, earlier releases not at all).
  m.name = in.readString(in.remaining());
  return m;
}

Relation readRelation(ByteReader& in, const DecodeContext& context) {
  Relation m;
  m.xid = readStreamXid(in, context);
  m.oid = in.readUint32();
  m.namespace_name = in.readString(kMaxNameLength);
  m.name = in.readString(kMaxNameLength);
  const auto identity_at = in.offset();
  const auto identity = in.readByte();
  switch (identity) {
    case 'd': m.replica_identity = ReplicaIdentity::kDefault; break;
    case 'n': m.replica_identity = ReplicaIdentity::kNothing; break;
    case 'f': m.replica_identity = ReplicaIdentity::kFull; break;
    case 'i': m.replica_identity = ReplicaIdentity::kIndex; break;
    default: in.failAt(identity_at, "unknown replica identity " + std::to_string(identity));
  }
  const auto ncols_at = in.offset();
  const std::size_t ncols = in.readUint16();
  if (in.failed()) {
    return m;
  }
  if (ncols * kMinRelationColumnBytes > in.remaining()) {
    in.failAt(ncols_at, "Relation claims " + std::to_string(ncols) + " columns but only " +
                            std::to_string(in.remaining()) + " bytes are left");
    return m;
  }
  m.columns.reserve(ncols);
  for (std::size_t i = 0; i < ncols && !in.failed(); ++i) {
    RelationColumn column;
    column.flags = in.readByte();
    column.name = in.readString(kMaxNameLength);
    column.type_oid = in.readUint32();
    column.type_modifier = in.readInt32();
    m.columns.push_back(std::move(column));
  }
  return m;
}

Type readType(ByteReader& in, const DecodeContext& context) {
  Type m;
  m.xid = readStreamXid(in, context);
  m.oid = in.readUint32();
  m.namespace_name = in.readString(kMaxNameLength);
  m.name = in.readString(kMaxNameLength);
  return m;
}

Insert readInsert(ByteReader& in, const DecodeContext& context) {
  Insert m;
  m.xid = readStreamXid(in, context);
  m.relation_oid = in.readUint32();
  const auto tag_at = in.offset();
  expectNewTupleTag(in, tag_at, in.readByte());
  m.new_tuple = readTupleData(in);
  return m;
}

Update readUpdate(ByteReader& in, const DecodeContext& context) {
  Update m;
  m.xid = readStreamXid(in, context);
  m.relation_oid = in.readUint32();
  auto tag_at = in.offset();
  auto tag = in.readByte();
  m.old_tuple = readOptionalOldTuple(in, tag);
  if (m.old_tuple) {
    tag_at = in.offset();
    tag = in.readByte();
  }
  expectNewTupleTag(in, tag_at, tag);
  m.new_tuple = readTupleData(in);
  return m;
}

Delete readDelete(ByteReader& in, const DecodeContext& context) {
  Delete m;
  m.xid = readStreamXid(in, context);
  m.relation_oid = in.readUint32();
  const auto tag_at = in.offset();
  const auto tag = in.readByte();
  auto old = readOptionalOldTuple(in, tag);
  if (old) {
    m.old_tuple = std::move(*old);
  } else {
    in.failAt(tag_at, "expected 'K' or 'O' (old tuple) but found byte " + std::to_string(tag));
  }
  return m;
}

Truncate readTruncate(ByteReader& in, const DecodeContext& context) {
  Truncate m;
  m.xid = readStreamXid(in, context);
  const auto nrels_at = in.offset();
  const auto nrels = in.readInt32();
  m.options = in.readByte();
  if (in.failed()) {
    return m;
  }
  if (nrels < 0 || static_cast<std::size_t>(nrels) > in.remaining() / 4) {
    in.failAt(nrels_at, "Truncate claims " + std::to_string(nrels) + " relations but only " +
                            std::to_string(in.remaining()) + " bytes are left");
    return m;
  }
  m.relation_oids.reserve(static_cast<std::size_t>(nrels));
  for (std::int32_t i = 0; i < nrels; ++i) {
    m.relation_oids.push_back(in.readUint32());
  }
  return m;
}

LogicalMessage readLogicalMessage(ByteReader& in, const DecodeContext& context) {
  LogicalMessage m;
  m.xid = readStreamXid(in, context);
  m.flags = in.readByte();
  m.lsn = in.readUint64();
  // The prefix is any text the emitting session chose; only the message bounds it.
  m.prefix = in.readString(in.remaining());
  const auto length_at = in.offset();
  const auto length = in.readInt32();
  if (length < 0) {
    in.failAt(length_at, "negative content length " + std::to_string(length));
  }
  const auto content = in.readBytes(length < 0 ? 0 : static_cast<std::size_t>(length));
  m.content.assign(content.begin(), content.end());
  return m;
}

StreamStart readStreamStart(ByteReader& in) {
  StreamStart m;
  m.xid = in.readUint32();
  m.first_segment = in.readByte() == 1;
  return m;
}

StreamCommit readStreamCommit(ByteReader& in) {
  StreamCommit m;
  m.xid = in.readUint32();
  readZeroFlags(in);
  m.commit_lsn = in.readUint64();
  m.end_lsn = in.readUint64();
  m.commit_time = in.readInt64();
  return m;
}

StreamAbort readStreamAbort(ByteReader& in, const DecodeContext& context) {
  StreamAbort m;
  m.xid = in.readUint32();
  m.subxid = in.readUint32();
  if (context.parallel_streaming) {
    m.abort_lsn = in.readUint64();
    m.abort_time = in.readInt64();
  }
  return m;
}

BeginPrepare readBeginPrepare(ByteReader& in) {
  BeginPrepare m;
  m.prepare_lsn = in.readUint64();
  m.end_lsn = in.readUint64();
  m.prepare_time = in.readInt64();
  m.xid = in.readUint32();
  m.gid = in.readString(kMaxNameLength);
  return m;
}

// Prepare and Stream Prepare share their layout.
template <typename T>
T readPrepareLike(ByteReader& in) {
  T m;
  readZeroFlags(in);
  m.prepare_lsn = in.readUint64();
  m.end_lsn = in.readUint64();
  m.prepare_time = in.readInt64();
  m.xid = in.readUint32();
  m.gid = in.readString(kMaxNameLength);
  return m;
}

CommitPrepared readCommitPrepared(ByteReader& in) {
  CommitPrepared m;
  readZeroFlags(in);
  m.commit_lsn = in.readUint64();
  m.end_lsn = in.readUint64();
  m.commit_time = in.readInt64();
  m.xid = in.readUint32();
  m.gid = in.readString(kMaxNameLength);
  return m;
}

RollbackPrepared readRollbackPrepared(ByteReader& in) {
  RollbackPrepared m;
  readZeroFlags(in);
  m.prepare_end_lsn = in.readUint64();
  m.rollback_end_lsn = in.readUint64();
  m.prepare_time = in.readInt64();
  m.rollback_time = in.readInt64();
  m.xid = in.readUint32();
  m.gid = in.readString(kMaxNameLength);
  return m;
}

PgOutputMessage readBody(std::uint8_t tag, ByteReader& in, const DecodeContext& context) {
  switch (tag) {
    case 'B': return readBegin(in);
    case 'C': return readCommit(in);
    case 'O': return readOrigin(in);
    case 'R': return readRelation(in, context);
    case 'Y': return readType(in, context);
    case 'I': return readInsert(in, context);
    case 'U': return readUpdate(in, context);
    case 'D': return readDelete(in, context);
    case 'T': return readTruncate(in, context);
    case 'M': return readLogicalMessage(in, context);
    case 'S': return readStreamStart(in);
    case 'E': return StreamStop{};
    case 'c': return readStreamCommit(in);
    case 'A': return readStreamAbort(in, context);
    case 'b': return readBeginPrepare(in);
    case 'P': return readPrepareLike<Prepare>(in);
    case 'K': return readCommitPrepared(in);
    case 'r': return readRollbackPrepared(in);
    case 'p': return readPrepareLike<StreamPrepare>(in);
    default: break;
  }
  // Unreachable: decodePgOutputMessage checks the tag first.
  in.fail("unknown tag");
  return StreamStop{};
}

std::string describeTag(std::uint8_t tag) {
  char buf[32];
  if (tag >= 0x20 && tag < 0x7f) {
    std::snprintf(buf, sizeof buf, "'%c' (0x%02X)", static_cast<char>(tag), static_cast<unsigned>(tag));
  } else {
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(tag));
  }
  return buf;
}

}  // namespace

DecodeResult<PgOutputMessage> decodePgOutputMessage(std::span<const std::uint8_t> message,
                                                    const DecodeContext& context) {
  if (context.protocol_version < 1 || context.protocol_version > 4) {
    return DecodeError{"unsupported pgoutput protocol version " + std::to_string(context.protocol_version), 0};
  }
  if (context.in_streamed_transaction && context.protocol_version < 2) {
    return DecodeError{"streamed transactions need pgoutput protocol version 2 or later", 0};
  }
  if (context.parallel_streaming && context.protocol_version < 4) {
    return DecodeError{"parallel streaming needs pgoutput protocol version 4 or later", 0};
  }
  if (message.empty()) {
    return DecodeError{"empty pgoutput message", 0};
  }
  const auto tag = message[0];
  const auto info = tagInfo(tag);
  if (!info) {
    return DecodeError{"unknown pgoutput message tag " + describeTag(tag), 0};
  }
  if (context.protocol_version < info->min_protocol_version) {
    return DecodeError{std::string(info->name) + " message needs pgoutput protocol version " +
                           std::to_string(info->min_protocol_version) + " or later, the session uses " +
                           std::to_string(context.protocol_version),
                       0};
  }
  ByteReader in(message.subspan(1));
  auto decoded = readBody(tag, in, context);
  in.expectEnd();
  if (in.failed()) {
    // Offsets count from the start of the message, tag included.
    return DecodeError{std::string(info->name) + " message: " + in.error().message, in.error().offset + 1};
  }
  return decoded;
}

const char* messageName(const PgOutputMessage& message) {
  struct Names {
    const char* operator()(const Begin&) const { return "Begin"; }
    const char* operator()(const Commit&) const { return "Commit"; }
    const char* operator()(const Origin&) const { return "Origin"; }
    const char* operator()(const Relation&) const { return "Relation"; }
    const char* operator()(const Type&) const { return "Type"; }
    const char* operator()(const Insert&) const { return "Insert"; }
    const char* operator()(const Update&) const { return "Update"; }
    const char* operator()(const Delete&) const { return "Delete"; }
    const char* operator()(const Truncate&) const { return "Truncate"; }
    const char* operator()(const LogicalMessage&) const { return "Message"; }
    const char* operator()(const StreamStart&) const { return "Stream Start"; }
    const char* operator()(const StreamStop&) const { return "Stream Stop"; }
    const char* operator()(const StreamCommit&) const { return "Stream Commit"; }
    const char* operator()(const StreamAbort&) const { return "Stream Abort"; }
    const char* operator()(const BeginPrepare&) const { return "Begin Prepare"; }
    const char* operator()(const Prepare&) const { return "Prepare"; }
    const char* operator()(const CommitPrepared&) const { return "Commit Prepared"; }
    const char* operator()(const RollbackPrepared&) const { return "Rollback Prepared"; }
    const char* operator()(const StreamPrepare&) const { return "Stream Prepare"; }
  };
  return std::visit(Names{}, message);
}

}  // namespace connectd::connectors::postgres
