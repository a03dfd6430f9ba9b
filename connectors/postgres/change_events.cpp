// Debezium's change events as Connect records; see change_events.hpp.
#include "change_events.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "connectd/api/errors.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::postgres {
namespace {

constexpr const char* kSnapshotAllowed =
    "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental";

std::int32_t javaStringHash(const std::string& s) {
  // Java hashes UTF-16 code units; offset keys are ASCII, where bytes and code units agree.
  std::uint32_t h = 0;
  for (unsigned char c : s) {
    h = 31 * h + c;
  }
  return static_cast<std::int32_t>(h);
}

std::int64_t nowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t toLong(Lsn lsn) {
  return static_cast<std::int64_t>(lsn);
}

// Instant.toEpochMilli of a µs timestamp: floor division.
std::int64_t floorMillis(std::int64_t us) {
  return us / 1000 - (us % 1000 < 0 ? 1 : 0);
}

constexpr const char* kOffsetTransactionId = "transaction_id";
constexpr const char* kOffsetTransactionOrderPrefix = "transaction_data_collection_order_";

}  // namespace

OffsetMap javaHashMapOrder(const std::vector<std::pair<std::string, nlohmann::ordered_json>>& entries) {
  std::size_t capacity = 16;
  while (static_cast<double>(entries.size()) > 0.75 * static_cast<double>(capacity)) {
    capacity *= 2;
  }
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (bucket, insertion index)
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto h = static_cast<std::uint32_t>(javaStringHash(entries[i].first));
    order.emplace_back((h ^ (h >> 16)) & (capacity - 1), i);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  OffsetMap out = OffsetMap::object();
  for (const auto& [bucket, i] : order) {
    out[entries[i].first] = entries[i].second;
  }
  return out;
}

void TransactionContext::begin(std::string tx_id) {
  end();
  id = std::move(tx_id);
}

void TransactionContext::end() {
  id.clear();
  total_events = 0;
  per_collection.clear();
}

std::int64_t TransactionContext::event(const std::string& collection) {
  ++total_events;
  for (auto& [name, n] : per_collection) {
    if (name == collection) {
      return ++n;
    }
  }
  per_collection.emplace_back(collection, 1);
  return 1;
}

std::int64_t TransactionContext::count(const std::string& collection) const {
  for (const auto& [name, n] : per_collection) {
    if (name == collection) {
      return n;
    }
  }
  return 0;
}

std::vector<std::pair<std::string, std::int64_t>> TransactionContext::countsInJavaOrder() const {
  std::vector<std::pair<std::string, nlohmann::ordered_json>> entries;
  for (const auto& [name, n] : per_collection) {
    entries.emplace_back(name, n);
  }
  std::vector<std::pair<std::string, std::int64_t>> out;
  const OffsetMap ordered = javaHashMapOrder(entries);
  for (const auto& [name, n] : ordered.items()) {
    out.emplace_back(name, n.get<std::int64_t>());
  }
  return out;
}

OffsetMap Position::toOffset() const {
  std::vector<std::pair<std::string, nlohmann::ordered_json>> e;
  if (ts_usec) {
    e.emplace_back("ts_usec", *ts_usec);
  }
  if (tx_id) {
    e.emplace_back("txId", *tx_id);
  }
  if (lsn) {
    e.emplace_back("lsn", toLong(*lsn));
  }
  if (snapshot) {
    e.emplace_back("snapshot", "INITIAL");
    e.emplace_back("last_snapshot_record", last_snapshot_record);
  }
  if (snapshot || snapshot_completed) {
    e.emplace_back("snapshot_completed", snapshot_completed);
  }
  if (lsn_proc) {
    e.emplace_back("lsn_proc", toLong(*lsn_proc));
  }
  if (lsn_commit) {
    e.emplace_back("lsn_commit", toLong(*lsn_commit));
  }
  if (message_type) {
    e.emplace_back("messageType", *message_type);
  }
  if (lsn_events > 1) {
    e.emplace_back("lsn_events_processed", lsn_events);
  }
  if (!snapshot) {
    // TransactionContext.store: the per-collection counts in the order its own HashMap iterates them.
    if (transaction.inProgress()) {
      e.emplace_back(kOffsetTransactionId, transaction.id);
    }
    for (const auto& [name, n] : transaction.countsInJavaOrder()) {
      e.emplace_back(kOffsetTransactionOrderPrefix + name, n);
    }
  }
  return javaHashMapOrder(e);
}

Position Position::fromOffset(const OffsetMap& offset) {
  Position p;
  const auto num = [&](const char* key) -> std::optional<std::int64_t> {
    if (auto it = offset.find(key); it != offset.end() && it->is_number_integer()) {
      return it->get<std::int64_t>();
    }
    return std::nullopt;
  };
  const auto flag = [&](const char* key) {
    auto it = offset.find(key);
    return it != offset.end() && ((it->is_boolean() && it->get<bool>()) || (it->is_string() && *it == "true"));
  };
  p.ts_usec = num("ts_usec");
  p.tx_id = num("txId");
  if (auto v = num("lsn")) {
    p.lsn = static_cast<Lsn>(*v);
  }
  if (auto v = num("lsn_proc")) {
    p.lsn_proc = static_cast<Lsn>(*v);
  }
  if (auto v = num("lsn_commit")) {
    p.lsn_commit = static_cast<Lsn>(*v);
  }
  if (auto it = offset.find("messageType"); it != offset.end() && it->is_string()) {
    p.message_type = it->get<std::string>();
  }
  p.lsn_events = std::max<std::int64_t>(1, num("lsn_events_processed").value_or(1));
  p.snapshot = offset.contains("snapshot") && !offset["snapshot"].is_null() && offset["snapshot"] != false;
  p.last_snapshot_record = flag("last_snapshot_record");
  p.snapshot_completed = flag("snapshot_completed");
  if (auto it = offset.find(kOffsetTransactionId); it != offset.end() && it->is_string()) {
    p.transaction.id = it->get<std::string>();
  }
  const std::string prefix = kOffsetTransactionOrderPrefix;
  for (const auto& [key, value] : offset.items()) {
    if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 && value.is_number_integer()) {
      p.transaction.per_collection.emplace_back(key.substr(prefix.size()), value.get<std::int64_t>());
      p.transaction.total_events += value.get<std::int64_t>();
    }
  }
  return p;
}

std::optional<Lsn> Position::flushableLsn() const {
  if (lsn_commit) {
    return lsn_commit;
  }
  if (lsn_proc) {
    return lsn_proc;
  }
  return lsn;
}

TableSchema::TableSchema(const PgRelation& relation, const PostgresConnectorConfig& config)
    : oid_(relation.oid),
      schema_(relation.schema),
      table_(relation.name),
      topic_(sanitizeTopic(config.topic_prefix + config.topic_delimiter + relation.schema + config.topic_delimiter +
                           relation.name)),
      replica_identity_(relation.replica_identity) {
  const std::string prefix = config.topic_prefix + "." + relation.schema + "." + relation.name;
  SchemaBuilder value = SchemaBuilder::structBuilder().name(prefix + ".Value").optional();
  for (const auto& col : relation.columns) {
    Column c;
    c.name = col.name;
    c.converter = makeColumnConverter(col, config.type_modes);
    c.in_key =
        std::find(relation.primary_key.begin(), relation.primary_key.end(), col.name) != relation.primary_key.end();
    c.in_value = c.converter.has_value() && config.filters.includeColumn(relation.schema, relation.name, col.name);
    if (c.in_value) {
      value.field(col.name, c.converter->schema());
    }
    if (c.converter && c.converter->streamedAsNull()) {
      streamed_as_null_.push_back(columns_.size());
    }
    columns_.push_back(std::move(c));
  }
  if (!relation.primary_key.empty()) {
    SchemaBuilder key = SchemaBuilder::structBuilder().name(prefix + ".Key");
    for (const auto& pk : relation.primary_key) {
      const int i = columnIndex(pk);
      if (i < 0 || !columns_[static_cast<std::size_t>(i)].converter) {
        continue;
      }
      key_columns_.push_back(i);
      key.field(pk, columns_[static_cast<std::size_t>(i)].converter->schema());
    }
    if (!key_columns_.empty()) {
      key_schema_ = key.build();
    }
  }
  value_schema_ = value.build();
  envelope_schema_ = SchemaBuilder::structBuilder()
                         .name(prefix + ".Envelope")
                         .version(2)
                         .field("before", value_schema_)
                         .field("after", value_schema_)
                         .field("source", EventBuilder::sourceSchema())
                         .field("transaction", EventBuilder::transactionSchema())
                         .field("op", Schema::string())
                         .field("ts_ms", Schema::optionalInt64())
                         .field("ts_us", Schema::optionalInt64())
                         .field("ts_ns", Schema::optionalInt64())
                         .build();
}

std::vector<std::string> TableSchema::columnNames() const {
  std::vector<std::string> out;
  for (const auto& c : columns_) {
    out.push_back(c.name);
  }
  return out;
}

void TableSchema::nullStreamedAsNull(std::vector<TupleColumn>& row) const {
  for (std::size_t i : streamed_as_null_) {
    if (i < row.size()) {
      row[i] = TupleColumn{};
    }
  }
}

int TableSchema::columnIndex(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

Value TableSchema::convert(const Column& column, const TupleColumn& cell, bool key_only) const {
  const auto& conv = *column.converter;
  switch (cell.kind) {
    case TupleColumn::Kind::kText:
    case TupleColumn::Kind::kBinary: return conv.fromText(cell.value);
    case TupleColumn::Kind::kUnchangedToast: return conv.unchangedToast();
    case TupleColumn::Kind::kNull: break;
  }
  if (!conv.schema()->isOptional()) {
    // A required column without a value: only a key-only old tuple omits those (contract §1.9).
    if (!key_only) {
      throw DataException("column " + schema_ + "." + table_ + "." + column.name +
                          " is NOT NULL but the change carried no value for it");
    }
    return fallbackValue(*conv.schema());
  }
  return nullptr;
}

std::shared_ptr<Struct> TableSchema::valueStruct(const std::vector<TupleColumn>& row, bool key_only,
                                                 const std::vector<TupleColumn>* fill_toast_from) const {
  auto s = Struct::make(value_schema_);
  static const TupleColumn kNullCell;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const auto& col = columns_[i];
    if (!col.in_value) {
      continue;
    }
    const TupleColumn* cell = i < row.size() ? &row[i] : &kNullCell;
    if (cell->kind == TupleColumn::Kind::kUnchangedToast && fill_toast_from != nullptr && i < fill_toast_from->size() &&
        (*fill_toast_from)[i].kind != TupleColumn::Kind::kUnchangedToast) {
      cell = &(*fill_toast_from)[i];
    }
    s->put(col.name, convert(col, *cell, key_only));
  }
  return s;
}

Value TableSchema::keyValue(const std::vector<TupleColumn>& row) const {
  if (!key_schema_) {
    return nullptr;
  }
  auto s = Struct::make(key_schema_);
  static const TupleColumn kNullCell;
  for (int i : key_columns_) {
    const auto idx = static_cast<std::size_t>(i);
    s->put(columns_[idx].name, convert(columns_[idx], idx < row.size() ? row[idx] : kNullCell, true));
  }
  return Value::structValue(s);
}

Value fallbackValue(const Schema& schema) {
  if (!schema.defaultValue().isNull()) {
    return schema.defaultValue();
  }
  const auto& name = schema.name();
  if (name && *name == logical::kDecimal) {
    const auto* scale = schema.parameter(logical::kDecimalScaleParameter);
    return Value::decimal(Decimal::fromInt64(0, scale != nullptr ? std::stoi(*scale) : 0));
  }
  if (name && *name == logical::kZonedTimestamp) {
    return Value::string("1970-01-01T00:00:00Z");
  }
  if (name && *name == logical::kZonedTime) {
    return Value::string("00:00:00Z");
  }
  if (name && *name == logical::kUuid) {
    return Value::string("00000000-0000-0000-0000-000000000000");
  }
  switch (schema.type()) {
    case SchemaType::kInt8: return Value::int8(0);
    case SchemaType::kInt16: return Value::int16(0);
    case SchemaType::kInt32: return Value::int32(0);
    case SchemaType::kInt64: return Value::int64(0);
    case SchemaType::kFloat32: return Value::float32(0);
    case SchemaType::kFloat64: return Value::float64(0);
    case SchemaType::kBoolean: return Value::boolean(false);
    case SchemaType::kString: return Value::string("");
    case SchemaType::kBytes: return Value::bytes({});
    case SchemaType::kArray: return Value::array({});
    case SchemaType::kMap: return Value::map({});
    case SchemaType::kStruct: {
      auto s = Struct::make(std::make_shared<const Schema>(schema));
      for (const auto& f : schema.fields()) {
        if (!f.schema()->isOptional()) {
          s->put(f, fallbackValue(*f.schema()));
        }
      }
      return Value::structValue(s);
    }
  }
  return nullptr;
}

EventBuilder::EventBuilder(const PostgresConnectorConfig& config, std::string run_id)
    : config_(config),
      run_id_(std::move(run_id)),
      partition_(std::make_shared<const OffsetMap>(OffsetMap{{"server", config.topic_prefix}})) {}

const SchemaPtr& EventBuilder::sourceSchema() {
  static const SchemaPtr schema = SchemaBuilder::structBuilder()
                                      .name("io.debezium.connector.postgresql.Source")
                                      .version(1)
                                      .field("version", Schema::string())
                                      .field("connector", Schema::string())
                                      .field("name", Schema::string())
                                      .field("ts_ms", Schema::int64())
                                      .field("snapshot", logical::debeziumBuilder(logical::kEnum, SchemaType::kString)
                                                             .optional()
                                                             .parameter("allowed", kSnapshotAllowed)
                                                             .defaultValue(Value::string("false"))
                                                             .build())
                                      .field("db", Schema::string())
                                      .field("sequence", Schema::optionalString())
                                      .field("ts_us", Schema::optionalInt64())
                                      .field("ts_ns", Schema::optionalInt64())
                                      .field("schema", Schema::string())
                                      .field("table", Schema::string())
                                      .field("txId", Schema::optionalInt64())
                                      .field("lsn", Schema::optionalInt64())
                                      .field("xmin", Schema::optionalInt64())
                                      .field("origin", Schema::optionalString())
                                      .field("origin_lsn", Schema::optionalInt64())
                                      .build();
  return schema;
}

const SchemaPtr& EventBuilder::transactionSchema() {
  static const SchemaPtr schema = SchemaBuilder::structBuilder()
                                      .name("event.block")
                                      .version(1)
                                      .optional()
                                      .field("id", Schema::string())
                                      .field("total_order", Schema::int64())
                                      .field("data_collection_order", Schema::int64())
                                      .build();
  return schema;
}

const SchemaPtr& EventBuilder::transactionKeySchema() {
  static const SchemaPtr schema = SchemaBuilder::structBuilder()
                                      .name("io.debezium.connector.common.TransactionMetadataKey")
                                      .version(1)
                                      .field("id", Schema::string())
                                      .build();
  return schema;
}

const SchemaPtr& EventBuilder::transactionValueSchema() {
  static const SchemaPtr per_collection = SchemaBuilder::structBuilder()
                                              .name("event.collection")
                                              .version(1)
                                              .optional()
                                              .field("data_collection", Schema::string())
                                              .field("event_count", Schema::int64())
                                              .build();
  static const SchemaPtr schema =
      SchemaBuilder::structBuilder()
          .name("io.debezium.connector.common.TransactionMetadataValue")
          .version(1)
          .field("status", Schema::string())
          .field("id", Schema::string())
          .field("event_count", Schema::optionalInt64())
          .field("data_collections", SchemaBuilder::array(per_collection).optional().build())
          .field("ts_ms", Schema::int64())
          .build();
  return schema;
}

std::shared_ptr<Struct> EventBuilder::source(const SourceFields& f) const {
  auto s = Struct::make(sourceSchema());
  const std::int64_t us = f.ts_usec.value_or(nowMicros());
  s->put("version", Value::string(versions::kDebezium));
  s->put("connector", Value::string("postgresql"));
  s->put("name", Value::string(config_.topic_prefix));
  s->put("ts_ms", Value::int64(floorMillis(us)));
  if (f.snapshot) {
    s->put("snapshot", Value::string(*f.snapshot));
  }
  s->put("db", Value::string(config_.dbname));
  if (f.sequence) {
    s->put("sequence", Value::string(sequenceJson(f.last_commit_lsn, f.lsn)));
  }
  s->put("ts_us", Value::int64(us));
  s->put("ts_ns", Value::int64(us * 1000));
  s->put("schema", Value::string(f.schema));
  s->put("table", Value::string(f.table));
  if (f.tx_id) {
    s->put("txId", Value::int64(*f.tx_id));
  }
  if (f.lsn) {
    s->put("lsn", Value::int64(toLong(*f.lsn)));
  }
  return s;
}

Headers EventBuilder::contextHeaders(const Headers& extra) const {
  Headers h = extra;
  if (config_.extended_headers) {
    h.addString("__debezium.context.connectorLogicalName", config_.topic_prefix);
    h.addString("__debezium.context.taskId", "0");
    h.addString("__debezium.context.connectorName", "postgresql");
    h.addString("__debezium.context.runId", run_id_);
  }
  return h;
}

SourceRecord EventBuilder::change(const TableSchema& table, char op, Value key, std::shared_ptr<Struct> before,
                                  std::shared_ptr<Struct> after, std::shared_ptr<Struct> source,
                                  const Position& position, const Headers& extra) const {
  auto env = Struct::make(table.envelopeSchema());
  if (before) {
    env->put("before", Value::structValue(std::move(before)));
  }
  if (after) {
    env->put("after", Value::structValue(std::move(after)));
  }
  env->put("source", Value::structValue(std::move(source)));
  if (auto block = transactionBlock(position, table.schemaName() + "." + table.tableName())) {
    env->put("transaction", Value::structValue(std::move(block)));
  }
  env->put("op", Value::string(std::string(1, op)));
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  env->put("ts_ms", Value::int64(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()));
  env->put("ts_us", Value::int64(std::chrono::duration_cast<std::chrono::microseconds>(now).count()));
  env->put("ts_ns", Value::int64(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
  const SchemaPtr key_schema = key.isNull() ? nullptr : table.keySchema();
  return SourceRecord(partition_, std::make_shared<const OffsetMap>(position.toOffset()), table.topic(), std::nullopt,
                      key_schema, std::move(key), table.envelopeSchema(), Value::structValue(env), std::nullopt,
                      contextHeaders(extra));
}

SourceRecord EventBuilder::tombstone(const SourceRecord& deleted) const {
  return SourceRecord(deleted.sourcePartition(), deleted.sourceOffset(), deleted.topic(), std::nullopt,
                      deleted.keySchema(), deleted.key(), nullptr, nullptr, std::nullopt, deleted.headers());
}

SourceRecord EventBuilder::truncate(const TableSchema& table, std::shared_ptr<Struct> source,
                                    const Position& position) const {
  SourceRecord r = change(table, 't', nullptr, nullptr, nullptr, std::move(source), position);
  return r;
}

SourceRecord EventBuilder::heartbeat(const Position& position) const {
  static const SchemaPtr key_schema = SchemaBuilder::structBuilder()
                                          .name("io.debezium.connector.common.ServerNameKey")
                                          .version(1)
                                          .field("serverName", Schema::string())
                                          .build();
  static const SchemaPtr value_schema = SchemaBuilder::structBuilder()
                                            .name("io.debezium.connector.common.Heartbeat")
                                            .version(1)
                                            .field("ts_ms", Schema::int64())
                                            .build();
  auto key = Struct::make(key_schema);
  key->put("serverName", Value::string(config_.topic_prefix));
  auto value = Struct::make(value_schema);
  value->put("ts_ms", Value::int64(nowMicros() / 1000));
  return SourceRecord(partition_, std::make_shared<const OffsetMap>(position.toOffset()), heartbeatTopic(), 0,
                      key_schema, Value::structValue(key), value_schema, Value::structValue(value));
}

SourceRecord EventBuilder::message(const std::string& prefix, const std::string& content,
                                   std::shared_ptr<Struct> source, const Position& position,
                                   const std::string& collection) const {
  static const SchemaPtr key_schema = SchemaBuilder::structBuilder()
                                          .name("io.debezium.connector.postgresql.MessageKey")
                                          .version(1)
                                          .field("prefix", Schema::optionalString())
                                          .build();
  const bool as_bytes = config_.type_modes.binary == BinaryHandlingMode::kBytes;
  // The content follows binary.handling.mode; connectd encodes only the bytes mode itself and passes the
  // others as text until the type layer offers its encoder.
  const SchemaPtr block = SchemaBuilder::structBuilder()
                              .name("io.debezium.connector.postgresql.Message")
                              .version(1)
                              .field("prefix", Schema::optionalString())
                              .field("content", as_bytes ? Schema::optionalBytes() : Schema::optionalString())
                              .build();
  const SchemaPtr value_schema = SchemaBuilder::structBuilder()
                                     .name("io.debezium.connector.postgresql.MessageValue")
                                     .version(1)
                                     .field("op", Schema::string())
                                     .field("ts_ms", Schema::optionalInt64())
                                     .field("source", sourceSchema())
                                     .field("transaction", transactionSchema())
                                     .field("message", block)
                                     .build();
  auto key = Struct::make(key_schema);
  key->put("prefix", Value::string(prefix));
  auto msg = Struct::make(block);
  msg->put("prefix", Value::string(prefix));
  msg->put("content", as_bytes ? Value::bytes(Bytes(content.begin(), content.end())) : Value::string(content));
  auto value = Struct::make(value_schema);
  value->put("op", Value::string("m"));
  value->put("ts_ms", Value::int64(nowMicros() / 1000));
  value->put("source", Value::structValue(std::move(source)));
  if (auto tx = collection.empty() ? nullptr : transactionBlock(position, collection)) {
    value->put("transaction", Value::structValue(std::move(tx)));
  }
  value->put("message", Value::structValue(msg));
  return SourceRecord(partition_, std::make_shared<const OffsetMap>(position.toOffset()),
                      sanitizeTopic(config_.topic_prefix + config_.topic_delimiter + "message"), std::nullopt,
                      key_schema, Value::structValue(key), value_schema, Value::structValue(value));
}

std::string EventBuilder::transactionId(const Position& position) const {
  // PostgresTransactionMonitor: "<txId>:<the offset's lsn>", so the id text changes from event to event.
  return position.transaction.id + ":" + std::to_string(toLong(position.lsn.value_or(0)));
}

std::shared_ptr<Struct> EventBuilder::transactionBlock(const Position& position, const std::string& collection) const {
  if (!config_.provide_transaction_metadata || !position.transaction.inProgress()) {
    return nullptr;
  }
  auto block = Struct::make(transactionSchema());
  block->put("id", Value::string(transactionId(position)));
  block->put("total_order", Value::int64(position.transaction.total_events));
  block->put("data_collection_order", Value::int64(position.transaction.count(collection)));
  return block;
}

SourceRecord EventBuilder::transactionRecord(const Position& position, std::shared_ptr<Struct> value) const {
  auto key = Struct::make(transactionKeySchema());
  key->put("id", Value::string(transactionId(position)));
  return SourceRecord(partition_, std::make_shared<const OffsetMap>(position.toOffset()), transactionTopic(),
                      std::nullopt, transactionKeySchema(), Value::structValue(key), transactionValueSchema(),
                      Value::structValue(std::move(value)));
}

SourceRecord EventBuilder::transactionBegin(const Position& position, std::int64_t commit_usec) const {
  auto value = Struct::make(transactionValueSchema());
  value->put("status", Value::string("BEGIN"));
  value->put("id", Value::string(transactionId(position)));
  value->put("ts_ms", Value::int64(floorMillis(commit_usec)));
  return transactionRecord(position, std::move(value));
}

SourceRecord EventBuilder::transactionEnd(const Position& position, std::int64_t commit_usec) const {
  const auto& item_schema = transactionValueSchema()->field("data_collections")->schema()->valueSchema();
  std::vector<Value> collections;
  for (const auto& [name, n] : position.transaction.countsInJavaOrder()) {
    auto item = Struct::make(item_schema);
    item->put("data_collection", Value::string(name));
    item->put("event_count", Value::int64(n));
    collections.push_back(Value::structValue(std::move(item)));
  }
  auto value = Struct::make(transactionValueSchema());
  value->put("status", Value::string("END"));
  value->put("id", Value::string(transactionId(position)));
  value->put("event_count", Value::int64(position.transaction.total_events));
  value->put("data_collections", Value::array(std::move(collections)));
  value->put("ts_ms", Value::int64(floorMillis(commit_usec)));
  return transactionRecord(position, std::move(value));
}

std::string EventBuilder::transactionTopic() const {
  return sanitizeTopic(config_.topic_prefix + config_.topic_delimiter + config_.transaction_topic);
}

std::string EventBuilder::heartbeatTopic() const {
  return config_.heartbeat_topic_prefix + config_.topic_delimiter + config_.topic_prefix;
}

std::string logicalDecodingMessageCollection() {
  // A HotSpot identity hash: 31 bits, never 0, printed by Integer.toHexString.
  static thread_local std::mt19937 gen(std::random_device{}());
  const auto hash = std::uniform_int_distribution<std::uint32_t>(1, 0x7FFFFFFF)(gen);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%x", hash);
  return std::string("io.debezium.connector.postgresql.LogicalDecodingMessageMonitor$LogicalDecodingMessageId@") + hex;
}

std::string randomUuid() {
  // Version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits — what Debezium's runId is.
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const std::uint64_t hi = ((ms & 0xFFFFFFFFFFFFULL) << 16) | 0x7000ULL | (gen() & 0x0FFFULL);
  const std::uint64_t lo = (gen() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string sequenceJson(std::optional<Lsn> last_commit, std::optional<Lsn> lsn) {
  const auto item = [](std::optional<Lsn> v) { return v ? "\"" + std::to_string(*v) + "\"" : std::string("null"); };
  return "[" + item(last_commit) + "," + item(lsn) + "]";
}

std::string sanitizeTopic(const std::string& topic) {
  std::string out = topic;
  for (char& c : out) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      c = '_';
    }
  }
  if (out.size() > 249) {
    out.resize(249);
  }
  return out;
}

ResumeFilter::ResumeFilter(const Position& stored) {
  if (stored.snapshot && !stored.snapshot_completed && !stored.last_snapshot_record) {
    return;
  }
  lsn_commit_ = stored.lsn_commit;
  const bool data_event = stored.message_type && *stored.message_type != "COMMIT" && *stored.message_type != "BEGIN";
  if (data_event && stored.tx_id && stored.lsn) {
    tx_id_ = stored.tx_id;
    lsn_ = *stored.lsn;
    events_ = stored.lsn_events;
  } else if (stored.message_type == "BEGIN" && stored.tx_id) {
    // The offset of a transaction-metadata BEGIN record: that transaction is partial with no event delivered.
    tx_id_ = stored.tx_id;
    lsn_ = 0;
    events_ = 0;
  }
  active_ = lsn_commit_.has_value() || tx_id_.has_value();
}

bool ResumeFilter::skipTransaction(std::int64_t xid, Lsn commit_lsn) {
  in_partial_tx_ = false;
  if (!active_) {
    return false;
  }
  if (lsn_commit_ && commit_lsn < *lsn_commit_) {
    return true;
  }
  if (tx_id_ && xid == *tx_id_) {
    in_partial_tx_ = true;
  }
  return false;
}

bool ResumeFilter::skipEvent(Lsn lsn, std::int64_t events_at_lsn) const {
  if (!in_partial_tx_) {
    return false;
  }
  return lsn < lsn_ || (lsn == lsn_ && events_at_lsn <= events_);
}

void ResumeFilter::endTransaction() {
  if (in_partial_tx_) {
    tx_id_.reset();
    in_partial_tx_ = false;
  }
}

}  // namespace connectd::postgres
