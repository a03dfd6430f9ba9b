// io.debezium.connector.postgresql.PostgresConnectorTask: checks the server, prepares the publication and
// the replication slot, snapshots the captured tables from the slot's exported snapshot, then streams
// pgoutput changes as Debezium's change events. Single-threaded: poll() reads the replication connection
// itself and returns at most max.batch.size records, so memory stays bounded by one batch whatever the
// transaction size (the server spills large transactions; protocol 1 delivers them after commit). The
// slot's confirmed_flush_lsn moves only in commit() (to what the runtime has durably stored) or, when
// nothing is in flight, to the server's reported WAL end.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "change_events.hpp"
#include "connectd/api/plugin.hpp"
#include "pg_connection.hpp"
#include "postgres_connector_config.hpp"
#include "snapshot_progress.hpp"

namespace connectd::postgres {

class PostgresSourceTask : public SourceTask {
 public:
  static constexpr const char* kClassName = "io.debezium.connector.postgresql.PostgresConnectorTask";

  PostgresSourceTask();
  ~PostgresSourceTask() override;

  std::string version() const override;
  void start(const ConfigMap& props) override;
  std::vector<SourceRecord> poll() override;
  void commit() override;
  void stop() override;
  // {"snapshot": SnapshotProgress} (docs/postgres.md "Snapshot progress").
  nlohmann::ordered_json metrics() const override;

 private:
  enum class Phase { kSnapshot, kStreaming, kIdle, kReconnecting, kStopped };
  using Clock = std::chrono::steady_clock;

  struct SlotState {
    bool exists = false;
    bool active = false;
    std::optional<Lsn> confirmed_flush;
    std::optional<Lsn> restart_lsn;
    std::string wal_status;
    std::string plugin;
  };
  struct CapturedTable {
    std::uint32_t oid = 0;
    std::string schema;
    std::string name;
  };
  // The snapshot's cursor over one table and a one-row look-ahead for the first/last markers.
  struct PendingRow {
    std::shared_ptr<TableSchema> table;
    std::vector<TupleColumn> row;
    bool first_in_table = false;
  };

  void checkServer();
  std::vector<CapturedTable> capturedTables();
  void ensurePublication(const std::vector<CapturedTable>& tables);
  SlotState slotState();
  // CREATE_REPLICATION_SLOT; returns the consistent point and, when exporting, the snapshot name.
  std::pair<Lsn, std::string> createSlot(bool export_snapshot);
  void dropSlot();
  bool needsSnapshot(const std::optional<Position>& stored, const SlotState& slot);

  void beginSnapshot(const std::string& snapshot_name, Lsn lsn, const std::vector<CapturedTable>& tables);
  void pollSnapshot(std::vector<SourceRecord>& out);
  void emitSnapshotRow(PendingRow row, bool last_in_table, bool last_overall, std::vector<SourceRecord>& out);
  void finishSnapshot();

  void startStreaming(Lsn start);
  void pollStream(std::vector<SourceRecord>& out, std::size_t& bytes);
  void handleXLogData(Lsn data_start, std::span<const std::uint8_t> payload, std::vector<SourceRecord>& out,
                      std::size_t& bytes);
  std::shared_ptr<TableSchema> tableFor(std::uint32_t oid);
  std::vector<TupleColumn> toCatalogOrder(const TableSchema& table, std::uint32_t oid,
                                          const std::vector<TupleColumn>& tuple);
  bool beginEvent(Lsn lsn, const char* message_type);
  SourceFields sourceFor(const TableSchema& table) const;
  // provide.transaction.metadata: counts an event about to be emitted in the current transaction.
  void countTransactionEvent(const TableSchema& table);
  void sendStatus(bool reply_requested);
  void maybeIdleConfirm();
  void maybeHeartbeat(std::vector<SourceRecord>& out);
  void reconnect();
  void closeConnections();

  PostgresConnectorConfig config_;
  std::string log_prefix_;  // "[<connector>|task-0]", as every task log line starts
  std::unique_ptr<EventBuilder> events_;
  std::unique_ptr<PgConnection> conn_;         // regular connection: catalog, snapshot, publication
  std::unique_ptr<PgConnection> replication_;  // replication=database
  int server_version_ = 0;
  Phase phase_ = Phase::kStopped;

  // Snapshot state.
  std::vector<CapturedTable> snapshot_tables_;
  std::size_t snapshot_table_index_ = 0;
  bool cursor_open_ = false;
  std::optional<PendingRow> pending_;
  bool first_snapshot_row_ = true;
  Position snapshot_position_;
  Lsn snapshot_lsn_ = 0;

  // Streaming state.
  Position position_;                      // of the last processed event
  std::optional<OffsetMap> last_emitted_;  // offset of the last record handed to the runtime
  ResumeFilter resume_;
  std::map<std::uint32_t, std::shared_ptr<TableSchema>> tables_;        // captured tables by OID
  std::map<std::uint32_t, std::vector<std::string>> relation_columns_;  // pgoutput's column names by OID
  // Per OID, the catalog index of each pgoutput column (-1: not captured); rebuilt after a Relation message.
  std::map<std::uint32_t, std::vector<int>> column_order_;
  std::map<std::uint32_t, bool> ignored_tables_;
  bool in_tx_ = false;
  bool skip_tx_ = false;
  std::int64_t tx_xid_ = 0;
  std::int64_t tx_commit_usec_ = 0;
  Lsn last_event_lsn_ = 0;
  std::int64_t events_at_lsn_ = 0;
  Lsn received_ = 0;   // the furthest LSN the server sent (XLogData start or keepalive WAL end)
  Lsn confirmed_ = 0;  // what we report as flushed
  Lsn server_wal_end_ = 0;
  Clock::time_point next_status_;
  Clock::time_point next_heartbeat_;
  int reconnect_attempts_ = 0;
  Clock::time_point next_reconnect_;

  mutable std::mutex metrics_mutex_;  // guards snapshot_progress_ (metrics() runs on REST threads)
  SnapshotProgress snapshot_progress_;

  std::atomic<bool> stopping_{false};
  std::mutex poll_mutex_;  // held by poll() and commit(); stop() takes it to close the connections
};

}  // namespace connectd::postgres
