// Debezium's PostgreSQL change events as Connect records (contract §2 and §4.1): the per-table key, value and
// envelope schemas, the `source` block, the offset map, and the records built from them (data changes,
// tombstones, truncates, heartbeats). Pure: no I/O, so every byte of a record is unit-testable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "connectd/api/source_record.hpp"
#include "connectd/api/struct.hpp"
#include "lsn.hpp"
#include "pgoutput_decoder.hpp"
#include "postgres_connector_config.hpp"

namespace connectd::postgres {

using connectors::postgres::Lsn;
using connectors::postgres::TupleColumn;

// Java's HashMap iteration order for string keys (what Debezium's offset maps serialize in): by bucket of
// the spread String.hashCode, insertion order within a bucket. Pairs are in insertion order.
OffsetMap javaHashMapOrder(const std::vector<std::pair<std::string, nlohmann::ordered_json>>& entries);

// Debezium's TransactionContext (provide.transaction.metadata): the transaction in progress and how many
// of its events each data collection ("<schema>.<table>") had so far. Stored in, and restored from, offsets.
struct TransactionContext {
  std::string id;  // the txId as text; empty when no transaction is in progress
  std::int64_t total_events = 0;
  std::vector<std::pair<std::string, std::int64_t>> per_collection;  // in first-event order

  bool inProgress() const { return !id.empty(); }
  void begin(std::string tx_id);
  void end();
  // Counts one event of `collection`; returns its order within that collection (1-based).
  std::int64_t event(const std::string& collection);
  std::int64_t count(const std::string& collection) const;
  // The per-collection counts in Java HashMap iteration order (what Debezium's END record lists).
  std::vector<std::pair<std::string, std::int64_t>> countsInJavaOrder() const;
};

// PostgresOffsetContext and SourceInfo: where the connector stands, what every record's offset and
// `source` block carry.
struct Position {
  std::optional<std::int64_t> ts_usec;  // commit time (streaming) or snapshot time, µs since the epoch
  std::optional<std::int64_t> tx_id;
  std::optional<Lsn> lsn;         // the current event's LSN
  std::optional<Lsn> lsn_proc;    // the last completely processed LSN
  std::optional<Lsn> lsn_commit;  // end LSN of the last processed commit
  std::optional<std::string> message_type;
  // How many events of the current transaction carry `lsn` up to and including this one (a multi-row
  // INSERT writes one WAL record for many rows). Stored only when > 1, under Debezium 3.7's key name.
  std::int64_t lsn_events = 1;
  // Snapshot state.
  bool snapshot = false;
  bool last_snapshot_record = false;
  bool snapshot_completed = false;
  // Only with provide.transaction.metadata: stored as `transaction_id` and
  // `transaction_data_collection_order_<collection>`.
  TransactionContext transaction;

  OffsetMap toOffset() const;
  // Reads an offset Debezium or connectd wrote. Unknown keys are ignored.
  static Position fromOffset(const OffsetMap& offset);
  // The LSN that may be confirmed once this offset is durable (lsn_commit, else lsn_proc, else lsn).
  std::optional<Lsn> flushableLsn() const;
};

// The `source` block's varying part.
struct SourceFields {
  std::string schema;
  std::string table;
  std::optional<std::string> snapshot;  // null while streaming
  std::optional<std::int64_t> ts_usec;
  std::optional<std::int64_t> tx_id;
  std::optional<Lsn> lsn;
  std::optional<Lsn> last_commit_lsn;  // the first element of `sequence`
  bool sequence = true;                // snapshot records carry no sequence
};

// One captured table's schemas and converters, rebuilt whenever the catalog says the table changed.
class TableSchema {
 public:
  TableSchema(const PgRelation& relation, const PostgresConnectorConfig& config);

  const std::string& schemaName() const { return schema_; }
  const std::string& tableName() const { return table_; }
  const std::string& topic() const { return topic_; }
  const SchemaPtr& keySchema() const { return key_schema_; }  // null without a primary key
  const SchemaPtr& valueSchema() const { return value_schema_; }
  const SchemaPtr& envelopeSchema() const { return envelope_schema_; }
  std::uint32_t oid() const { return oid_; }
  char replicaIdentity() const { return replica_identity_; }
  // The catalog's column names in attnum order.
  std::vector<std::string> columnNames() const;
  // Index into the catalog columns of a column name, or -1.
  int columnIndex(const std::string& name) const;
  std::size_t columnCount() const { return columns_.size(); }
  // Clears the values Debezium streams as null although the snapshot reads them (ColumnConverter::streamedAsNull).
  void nullStreamedAsNull(std::vector<TupleColumn>& row) const;

  // A row given per catalog column. `key_only`: a DEFAULT/INDEX identity old tuple, whose non-key columns
  // arrive as null and get Debezium's fallbacks when required. `fill_toast_from`: FULL identity old row,
  // whose values replace unchanged-TOAST markers.
  std::shared_ptr<Struct> valueStruct(const std::vector<TupleColumn>& row, bool key_only,
                                      const std::vector<TupleColumn>* fill_toast_from = nullptr) const;
  // The key struct, or a null Value without a primary key.
  Value keyValue(const std::vector<TupleColumn>& row) const;

 private:
  struct Column {
    std::string name;
    std::optional<ColumnConverter> converter;  // nullopt: the type is not captured
    bool in_value = false;
    bool in_key = false;
  };
  Value convert(const Column& column, const TupleColumn& cell, bool key_only) const;

  std::uint32_t oid_;
  std::string schema_, table_, topic_;
  char replica_identity_;
  std::vector<Column> columns_;
  std::vector<int> key_columns_;               // indexes into columns_, in key order
  std::vector<std::size_t> streamed_as_null_;  // indexes into columns_
  SchemaPtr key_schema_, value_schema_, envelope_schema_;
};

// The value Debezium puts in a required field a DEFAULT-identity delete did not carry: the schema's
// default, else a zero of its type (JdbcValueConverters' fallback).
Value fallbackValue(const Schema& schema);

// Builds records for one connector task.
class EventBuilder {
 public:
  EventBuilder(const PostgresConnectorConfig& config, std::string run_id);

  static const SchemaPtr& sourceSchema();
  static const SchemaPtr& transactionSchema();
  static const SchemaPtr& transactionKeySchema();
  static const SchemaPtr& transactionValueSchema();

  const OffsetMapPtr& partition() const { return partition_; }
  std::shared_ptr<Struct> source(const SourceFields& fields) const;

  // op is 'c', 'u', 'd', 'r' or 't'. Headers are Debezium's context headers (when enabled) after `extra`.
  SourceRecord change(const TableSchema& table, char op, Value key, std::shared_ptr<Struct> before,
                      std::shared_ptr<Struct> after, std::shared_ptr<Struct> source, const Position& position,
                      const Headers& extra = {}) const;
  SourceRecord tombstone(const SourceRecord& deleted) const;
  SourceRecord truncate(const TableSchema& table, std::shared_ptr<Struct> source, const Position& position) const;
  SourceRecord heartbeat(const Position& position) const;
  // BEGIN and END records on `<prefix>.transaction` for position.transaction (no context headers, as in
  // Debezium). `commit_usec` is the transaction's commit time.
  SourceRecord transactionBegin(const Position& position, std::int64_t commit_usec) const;
  SourceRecord transactionEnd(const Position& position, std::int64_t commit_usec) const;
  // The envelope's `transaction` block for an event of `collection` just counted in position.transaction:
  // id "<txId>:<lsn>" (PostgresTransactionMonitor), total and per-collection order. Null when transaction
  // metadata is off or no transaction is in progress.
  std::shared_ptr<Struct> transactionBlock(const Position& position, const std::string& collection) const;
  // A pg_logical_emit_message() message on `<prefix>.message` (no context headers, as in Debezium);
  // `collection`: what it was counted under in position.transaction (empty: not counted, no block).
  SourceRecord message(const std::string& prefix, const std::string& content, std::shared_ptr<Struct> source,
                       const Position& position, const std::string& collection = {}) const;

  std::string heartbeatTopic() const;
  std::string transactionTopic() const;

 private:
  Headers contextHeaders(const Headers& extra) const;
  SourceRecord transactionRecord(const Position& position, std::shared_ptr<Struct> value) const;
  std::string transactionId(const Position& position) const;

  const PostgresConnectorConfig& config_;
  std::string run_id_;
  OffsetMapPtr partition_;
};

// The data collection a transactional logical-decoding message is counted under. Debezium counts each
// message under a new LogicalDecodingMessageId, which has no toString(), so the name is Java's
// Object.toString(): the class name and a random identity hash ("…LogicalDecodingMessageId@1b2c3d4e").
std::string logicalDecodingMessageCollection();

// A version-7 UUID in its canonical text form (the task's `__debezium.context.runId`, as Debezium makes it).
std::string randomUuid();
// `sequence`: ["<last commit>","<lsn>"] as Jackson writes it.
std::string sequenceJson(std::optional<Lsn> last_commit, std::optional<Lsn> lsn);
// SchemaTopicNamingStrategy's sanitizing: characters outside [A-Za-z0-9._-] become '_'.
std::string sanitizeTopic(const std::string& topic);

// Restart de-duplication (docs/postgres.md "Restart"): given the stored offset, decides which streamed
// events were already delivered. Transactions arrive in commit order, so a transaction whose commit record
// lies before the stored lsn_commit was complete; inside the transaction the offset was taken in (txId),
// events up to (lsn, lsn_events) were delivered. Everything else is new.
class ResumeFilter {
 public:
  ResumeFilter() = default;
  explicit ResumeFilter(const Position& stored);

  // At BEGIN: whether the whole transaction was delivered before.
  bool skipTransaction(std::int64_t xid, Lsn commit_lsn);
  // For each data event of the current transaction, with its LSN and its count at that LSN.
  bool skipEvent(Lsn lsn, std::int64_t events_at_lsn) const;
  // Between BEGIN and COMMIT: whether this is the transaction the stored offset was taken in.
  bool inPartialTransaction() const { return in_partial_tx_; }
  // At COMMIT.
  void endTransaction();
  bool active() const { return active_; }

 private:
  bool active_ = false;
  std::optional<Lsn> lsn_commit_;
  std::optional<std::int64_t> tx_id_;
  Lsn lsn_ = 0;
  std::int64_t events_ = 1;
  bool in_partial_tx_ = false;
};

}  // namespace connectd::postgres
