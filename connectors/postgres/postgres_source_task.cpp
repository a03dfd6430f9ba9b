// PostgresConnectorTask; see postgres_source_task.hpp and docs/postgres.md.
#include "postgres_source_task.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <type_traits>

#include "catalog.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "replication_protocol.hpp"

namespace connectd::postgres {
namespace {

namespace pg = connectors::postgres;

// The change data one streaming poll() gathers when max.queue.size.in.bytes sets no budget (see pollStream).
constexpr std::size_t kPollBudgetBytes = std::size_t{1} << 20;

std::shared_ptr<spdlog::logger> log() {
  static const auto logger = [] {
    constexpr const char* kName = "io.debezium.connector.postgresql.PostgresConnectorTask";
    if (auto existing = spdlog::get(kName)) {
      return existing;
    }
    auto l = spdlog::default_logger()->clone(kName);
    spdlog::register_logger(l);
    return l;
  }();
  return logger;
}

bool contains(const std::string& haystack, const char* needle) {
  return haystack.find(needle) != std::string::npos;
}

Lsn parseLsnOrThrow(const std::string& text, const char* what) {
  auto lsn = pg::parseLsn(text);
  if (!lsn) {
    throw ConnectException(std::string("PostgreSQL returned an invalid LSN for ") + what + ": " + text);
  }
  return *lsn;
}

std::int64_t nowPgMicros() {
  const auto us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
  return pg::unixMicrosToPgTimestamp(us.count());
}

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<TupleColumn> rowFromResult(const PgResult& r, int row) {
  std::vector<TupleColumn> out(static_cast<std::size_t>(r.columns()));
  for (int c = 0; c < r.columns(); ++c) {
    if (!r.isNull(row, c)) {
      out[static_cast<std::size_t>(c)] = TupleColumn{TupleColumn::Kind::kText, r.value(row, c)};
    }
  }
  return out;
}

}  // namespace

PostgresSourceTask::PostgresSourceTask() = default;

PostgresSourceTask::~PostgresSourceTask() {
  try {
    stop();
  } catch (const std::exception& e) {
    log()->warn("Error while stopping the PostgreSQL task: {}", e.what());
  }
}

std::string PostgresSourceTask::version() const {
  return versions::kDebezium;
}

void PostgresSourceTask::start(const ConfigMap& props) {
  std::lock_guard lock(poll_mutex_);  // stop() from another thread waits for start-up to finish
  config_ = PostgresConnectorConfig::parse(props);
  const auto connector_name = props.find("name");
  log_prefix_ = "[" + (connector_name != props.end() ? connector_name->second : config_.topic_prefix) + "|task-0]";
  stopping_ = false;
  if (config_.snapshot_mode_never_alias) {
    log()->warn("{} snapshot.mode 'never' is deprecated (removed in Debezium 3.3); it is treated as 'no_data'",
                log_prefix_);
  }
  events_ = std::make_unique<EventBuilder>(config_, randomUuid());
  conn_ = std::make_unique<PgConnection>(config_.connectionString(false), "connection", config_.describeServer());
  for (const auto& statement : config_.initial_statements) {
    conn_->exec(statement);
  }
  checkServer();
  const auto tables = capturedTables();
  ensurePublication(tables);
  replication_ = std::make_unique<PgConnection>(config_.connectionString(true), "replication connection",
                                                config_.describeServer());

  std::optional<Position> stored;
  if (context_ != nullptr) {
    if (auto offset = context_->offsetStorageReader().offset(*events_->partition())) {
      stored = Position::fromOffset(*offset);
    }
  }
  SlotState slot = slotState();
  if (slot.exists && slot.wal_status == "lost") {
    if (config_.snapshot_mode != SnapshotMode::kWhenNeeded) {
      throw ConnectException("Replication slot '" + config_.slot_name +
                             "' has been invalidated: the WAL it needs was removed (wal_status=lost, see "
                             "max_slot_wal_keep_size). Its changes cannot be streamed any more. Drop it (SELECT "
                             "pg_drop_replication_slot('" +
                             config_.slot_name +
                             "')) and restart the connector with snapshot.mode=initial or when_needed to re-read "
                             "the tables; deleting the connector's offsets is needed for 'initial'.");
    }
    log()->warn("{} Replication slot {} was invalidated; snapshot.mode=when_needed re-snapshots", log_prefix_,
                config_.slot_name);
  }
  if (slot.exists && !slot.plugin.empty() && slot.plugin != "pgoutput") {
    throw ConnectException("Replication slot '" + config_.slot_name + "' uses the output plugin '" + slot.plugin +
                           "', not pgoutput: drop it or choose another slot.name");
  }
  const bool snapshot = needsSnapshot(stored, slot);
  if (snapshot) {
    if (slot.exists) {
      // The snapshot supersedes the slot's position; a fresh slot exports the snapshot to read, so the
      // hand-over from snapshot to stream loses and repeats nothing.
      dropSlot();
    }
    const auto [lsn, name] = createSlot(true);
    beginSnapshot(name, lsn, tables);
    confirmed_ = lsn;
    return;
  }
  Lsn start = 0;
  if (!slot.exists) {
    const auto created = createSlot(false);
    start = created.first;
    confirmed_ = created.first;
    if (stored) {
      log()->warn(
          "{} Replication slot {} did not exist and was created; changes between the stored offset and "
          "now are not available",
          log_prefix_, config_.slot_name);
    }
  } else {
    confirmed_ = slot.confirmed_flush.value_or(0);
    start = slot.confirmed_flush.value_or(0);
  }
  if (stored) {
    position_ = *stored;
    position_.snapshot = false;
    position_.last_snapshot_record = false;
    position_.snapshot_completed = false;
    start = stored->lsn_proc.value_or(stored->lsn.value_or(start));
    resume_ = ResumeFilter(*stored);
  }
  if (config_.snapshot_mode == SnapshotMode::kInitialOnly) {
    phase_ = Phase::kIdle;
    log()->info("{} snapshot.mode=initial_only and the snapshot is complete: not streaming", log_prefix_);
    return;
  }
  startStreaming(start);
}

void PostgresSourceTask::checkServer() {
  server_version_ = PQserverVersion(conn_->get());
  auto wal = conn_->exec("SHOW wal_level");
  if (wal.value(0, 0) != "logical") {
    throw ConnectException("PostgreSQL's wal_level is '" + wal.value(0, 0) +
                           "', but change data capture needs logical decoding: set wal_level = logical (ALTER "
                           "SYSTEM SET wal_level = logical) and restart the PostgreSQL server.");
  }
  auto role = conn_->exec("SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = current_user");
  if (role.rows() == 1 && role.value(0, 0) != "t" && role.value(0, 1) != "t") {
    throw ConnectException("The database user " + config_.user +
                           " lacks the REPLICATION attribute needed to read the replication slot: run ALTER ROLE " +
                           PgConnection::quoteIdentifier(config_.user) + " REPLICATION (as a superuser).");
  }
}

std::vector<PostgresSourceTask::CapturedTable> PostgresSourceTask::capturedTables() {
  auto r = conn_->exec(
      "SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND n.nspname NOT LIKE 'pg\\_%'");
  std::vector<CapturedTable> out;
  for (int i = 0; i < r.rows(); ++i) {
    CapturedTable t{static_cast<std::uint32_t>(std::stoul(r.value(i, 0))), r.value(i, 1), r.value(i, 2)};
    if (config_.filters.includeTable(t.schema, t.name)) {
      out.push_back(std::move(t));
    }
  }
  // Snapshot order: by the first matching table.include.list pattern, then by Java's String order of the id.
  std::sort(out.begin(), out.end(), [&](const CapturedTable& a, const CapturedTable& b) {
    const auto ra = config_.filters.includeRank(a.schema, a.name);
    const auto rb = config_.filters.includeRank(b.schema, b.name);
    if (ra != rb) {
      return ra < rb;
    }
    return a.schema + "." + a.name < b.schema + "." + b.name;
  });
  return out;
}

void PostgresSourceTask::ensurePublication(const std::vector<CapturedTable>& tables) {
  const auto& name = config_.publication_name;
  auto existing = conn_->execParams("SELECT puballtables FROM pg_publication WHERE pubname = $1", {name});
  std::string table_list;
  for (const auto& t : tables) {
    table_list += (table_list.empty() ? "" : ", ") + PgConnection::quoteIdentifier(t.schema) + "." +
                  PgConnection::quoteIdentifier(t.name);
  }
  const std::string with = config_.publish_via_partition_root ? " WITH (publish_via_partition_root = true)" : "";
  const auto create = [&](const std::string& sql) {
    auto outcome = conn_->tryExec(sql);
    if (!outcome.result) {
      throw ConnectException("Could not create publication " + name + " (" + sql + "): " + outcome.message +
                             ". Create it as a user with the needed rights, or grant them to " + config_.user + ".");
    }
    log()->info("{} Created publication: {}", log_prefix_, sql);
  };
  if (existing.rows() == 0) {
    switch (config_.publication_autocreate) {
      case PublicationAutocreateMode::kDisabled:
        throw ConnectException(
            "Publication autocreation is disabled, please create one and restart the connector. Publication '" + name +
            "' does not exist in database " + config_.dbname +
            " and publication.autocreate.mode is disabled: create it as the table owner or a superuser, e.g. "
            "CREATE PUBLICATION " +
            name + " FOR TABLE " + (table_list.empty() ? "<schema>.<table>" : table_list) +
            "; or set publication.autocreate.mode to filtered or all_tables.");
      case PublicationAutocreateMode::kAllTables:
        create("CREATE PUBLICATION " + name + " FOR ALL TABLES" + with);
        return;
      case PublicationAutocreateMode::kFiltered:
        if (tables.empty()) {
          throw ConnectException("No table filters found for filtered publication " + name +
                                 ": table.include.list (or the other filters) matches no table");
        }
        create("CREATE PUBLICATION " + name + " FOR TABLE " + table_list + with);
        return;
      case PublicationAutocreateMode::kNoTables: create("CREATE PUBLICATION " + name + with); return;
    }
  }
  if (config_.publication_autocreate == PublicationAutocreateMode::kFiltered) {
    if (existing.value(0, 0) == "t") {
      throw ConnectException("A logical publication for all tables named '" + name +
                             "' for plugin 'PGOUTPUT' and database '" + config_.dbname +
                             "' is already active and publication.autocreate.mode is filtered: drop it or use "
                             "publication.autocreate.mode=all_tables");
    }
    auto current = conn_->execParams(
        "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1, 2", {name});
    std::vector<std::string> have;
    for (int i = 0; i < current.rows(); ++i) {
      have.push_back(current.value(i, 0) + "." + current.value(i, 1));
    }
    std::vector<std::string> want;
    for (const auto& t : tables) {
      want.push_back(t.schema + "." + t.name);
    }
    std::sort(have.begin(), have.end());
    std::sort(want.begin(), want.end());
    if (have != want && !tables.empty()) {
      create("ALTER PUBLICATION " + name + " SET TABLE " + table_list);
    }
  }
}

PostgresSourceTask::SlotState PostgresSourceTask::slotState() {
  auto r = conn_->execParams(
      "SELECT active, confirmed_flush_lsn, restart_lsn, wal_status, plugin, database FROM pg_replication_slots "
      "WHERE slot_name = $1",
      {config_.slot_name});
  SlotState s;
  if (r.rows() == 0) {
    return s;
  }
  if (r.value(0, 5) != config_.dbname) {
    throw ConnectException("Replication slot '" + config_.slot_name + "' belongs to database " + r.value(0, 5) +
                           ", not " + config_.dbname + ": choose another slot.name");
  }
  s.exists = true;
  s.active = r.value(0, 0) == "t";
  if (auto v = r.optionalValue(0, 1)) {
    s.confirmed_flush = parseLsnOrThrow(*v, "confirmed_flush_lsn");
  }
  if (auto v = r.optionalValue(0, 2)) {
    s.restart_lsn = parseLsnOrThrow(*v, "restart_lsn");
  }
  s.wal_status = r.optionalValue(0, 3).value_or("");
  s.plugin = r.optionalValue(0, 4).value_or("");
  return s;
}

std::pair<Lsn, std::string> PostgresSourceTask::createSlot(bool export_snapshot) {
  const std::string sql = "CREATE_REPLICATION_SLOT " + PgConnection::quoteIdentifier(config_.slot_name) +
                          " LOGICAL pgoutput " + (export_snapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT");
  auto outcome = replication_->tryExec(sql);
  if (!outcome.result) {
    throw ConnectException("Could not create replication slot '" + config_.slot_name + "': " + outcome.message);
  }
  const auto& r = *outcome.result;
  const Lsn lsn = parseLsnOrThrow(r.value(0, 1), "the slot's consistent point");
  log()->info("{} Created replication slot {} at {}", log_prefix_, config_.slot_name, pg::formatLsn(lsn));
  return {lsn, r.optionalValue(0, 2).value_or("")};
}

void PostgresSourceTask::dropSlot() {
  auto outcome = replication_->tryExec("DROP_REPLICATION_SLOT " + PgConnection::quoteIdentifier(config_.slot_name));
  if (!outcome.result) {
    if (contains(outcome.message, "is active for PID")) {
      throw ConnectException("Replication slot '" + config_.slot_name + "' is in use by another process (" +
                             outcome.message +
                             "): stop the other connector or session using it, or choose another slot.name.");
    }
    throw ConnectException("Could not drop replication slot '" + config_.slot_name + "': " + outcome.message);
  }
}

bool PostgresSourceTask::needsSnapshot(const std::optional<Position>& stored, const SlotState& slot) {
  const bool incomplete = !stored || (stored->snapshot && !stored->last_snapshot_record);
  switch (config_.snapshot_mode) {
    case SnapshotMode::kNoData: return false;
    case SnapshotMode::kAlways: return true;
    case SnapshotMode::kInitial:
    case SnapshotMode::kInitialOnly: return incomplete;
    case SnapshotMode::kWhenNeeded:
      return incomplete || !slot.exists || slot.wal_status == "lost" ||
             (slot.restart_lsn && stored->lsn_proc && *stored->lsn_proc < *slot.restart_lsn);
  }
  return false;
}

void PostgresSourceTask::beginSnapshot(const std::string& snapshot_name, Lsn lsn,
                                       const std::vector<CapturedTable>& tables) {
  for (const auto& t : tables) {
    auto r = conn_->execParams("SELECT has_table_privilege($1::oid, 'SELECT')", {std::to_string(t.oid)});
    if (r.value(0, 0) != "t") {
      throw ConnectException("The database user " + config_.user + " lacks SELECT on " + t.schema + "." + t.name +
                             ", which the snapshot reads: GRANT SELECT ON " + PgConnection::quoteIdentifier(t.schema) +
                             "." + PgConnection::quoteIdentifier(t.name) + " TO " +
                             PgConnection::quoteIdentifier(config_.user) + ", or exclude the table.");
    }
  }
  // The planner's row estimates, for the progress report (reltuples is -1 before the first VACUUM/ANALYZE).
  std::string oids;
  for (const auto& t : tables) {
    oids += (oids.empty() ? "" : ",") + std::to_string(t.oid);
  }
  auto estimates =
      conn_->execParams("SELECT oid, reltuples::bigint FROM pg_class WHERE oid = ANY($1::oid[])", {"{" + oids + "}"});
  std::vector<std::pair<std::string, std::optional<std::int64_t>>> progress_tables;
  for (const auto& t : tables) {
    std::optional<std::int64_t> estimate;
    for (int i = 0; i < estimates.rows(); ++i) {
      if (estimates.value(i, 0) == std::to_string(t.oid) && std::stoll(estimates.value(i, 1)) >= 0) {
        estimate = std::stoll(estimates.value(i, 1));
      }
    }
    progress_tables.emplace_back(t.schema + "." + t.name, estimate);
  }
  {
    std::lock_guard lock(metrics_mutex_);
    snapshot_progress_.start(progress_tables, nowMillis());
  }
  conn_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
  conn_->exec("SET TRANSACTION SNAPSHOT " + PgConnection::quoteLiteral(snapshot_name));
  auto r = conn_->exec("SELECT txid_current(), (extract(epoch FROM current_timestamp) * 1000000)::bigint");
  snapshot_position_ = Position{};
  snapshot_position_.tx_id = std::stoll(r.value(0, 0));
  snapshot_position_.ts_usec = std::stoll(r.value(0, 1));
  snapshot_position_.lsn = lsn;
  snapshot_position_.snapshot = true;
  snapshot_lsn_ = lsn;
  snapshot_tables_ = tables;
  snapshot_table_index_ = 0;
  cursor_open_ = false;
  pending_.reset();
  first_snapshot_row_ = true;
  phase_ = Phase::kSnapshot;
  log()->info("{} Snapshot of {} table(s) at {} started", log_prefix_, tables.size(), pg::formatLsn(lsn));
}

void PostgresSourceTask::pollSnapshot(std::vector<SourceRecord>& out) {
  const auto max = static_cast<std::size_t>(config_.max_batch_size);
  while (out.size() < max && !stopping_) {
    if (snapshot_table_index_ >= snapshot_tables_.size()) {
      if (pending_) {
        auto row = std::move(*pending_);
        pending_.reset();
        emitSnapshotRow(std::move(row), true, true, out);
      }
      finishSnapshot();
      return;
    }
    const auto& t = snapshot_tables_[snapshot_table_index_];
    auto table = tableFor(t.oid);
    if (!table) {
      std::lock_guard lock(metrics_mutex_);
      snapshot_progress_.tableCompleted(snapshot_table_index_);
      ++snapshot_table_index_;
      continue;
    }
    if (!cursor_open_) {
      std::string columns;
      for (const auto& c : table->columnNames()) {
        columns += (columns.empty() ? "" : ", ") + PgConnection::quoteIdentifier(c);
      }
      conn_->exec("DECLARE dbz_snapshot NO SCROLL CURSOR FOR SELECT " + columns + " FROM " +
                  PgConnection::quoteIdentifier(t.schema) + "." + PgConnection::quoteIdentifier(t.name));
      cursor_open_ = true;
      log()->info("{} Exporting data from table '{}.{}'", log_prefix_, t.schema, t.name);
    }
    const auto fetch = std::min<std::size_t>(static_cast<std::size_t>(config_.snapshot_fetch_size), max - out.size());
    auto r = conn_->exec("FETCH FORWARD " + std::to_string(std::max<std::size_t>(fetch, 1)) + " FROM dbz_snapshot");
    if (r.rows() == 0) {
      conn_->exec("CLOSE dbz_snapshot");
      cursor_open_ = false;
      std::lock_guard lock(metrics_mutex_);
      snapshot_progress_.tableCompleted(snapshot_table_index_);
      ++snapshot_table_index_;
      continue;
    }
    {
      std::lock_guard lock(metrics_mutex_);
      snapshot_progress_.rowsScanned(snapshot_table_index_, r.rows());
    }
    for (int i = 0; i < r.rows(); ++i) {
      PendingRow next{table, rowFromResult(r, i), false};
      if (pending_) {
        const bool same_table = pending_->table->oid() == table->oid();
        next.first_in_table = !same_table;
        auto row = std::move(*pending_);
        emitSnapshotRow(std::move(row), !same_table, false, out);
      } else {
        next.first_in_table = true;
      }
      pending_ = std::move(next);
    }
  }
}

void PostgresSourceTask::emitSnapshotRow(PendingRow row, bool last_in_table, bool last_overall,
                                         std::vector<SourceRecord>& out) {
  const bool first_overall = first_snapshot_row_;
  first_snapshot_row_ = false;
  std::string marker = "true";
  if (last_overall) {
    marker = "last";
  } else if (first_overall) {
    marker = "first";
  } else if (last_in_table) {
    marker = "last_in_data_collection";
  } else if (row.first_in_table) {
    marker = "first_in_data_collection";
  }
  Position pos = snapshot_position_;
  pos.last_snapshot_record = last_overall;
  SourceFields f;
  f.schema = row.table->schemaName();
  f.table = row.table->tableName();
  f.snapshot = marker;
  f.ts_usec = snapshot_position_.ts_usec;
  f.tx_id = snapshot_position_.tx_id;
  f.lsn = snapshot_lsn_;
  auto record = events_->change(*row.table, 'r', row.table->keyValue(row.row), nullptr,
                                row.table->valueStruct(row.row, false), events_->source(f), pos);
  last_emitted_ = *record.sourceOffset();
  out.push_back(std::move(record));
}

// A last row that is not yet known to be the last of its table waits in pending_ until the next row (or the
// end of the table) says which it is; tables that turn out empty leave it waiting.
void PostgresSourceTask::finishSnapshot() {
  conn_->exec("COMMIT");
  log()->info("{} Snapshot completed", log_prefix_);
  {
    std::lock_guard lock(metrics_mutex_);
    snapshot_progress_.completed(nowMillis());
  }
  position_ = Position{};
  position_.lsn = snapshot_lsn_;
  position_.ts_usec = snapshot_position_.ts_usec;
  if (config_.snapshot_mode == SnapshotMode::kInitialOnly) {
    phase_ = Phase::kIdle;
    return;
  }
  startStreaming(snapshot_lsn_);
}

void PostgresSourceTask::startStreaming(Lsn start) {
  std::string options =
      "(\"proto_version\" '1', \"publication_names\" " + PgConnection::quoteLiteral(config_.publication_name);
  if (server_version_ >= 140000) {
    options += ", \"messages\" 'true'";
  }
  options += ")";
  const std::string sql = "START_REPLICATION SLOT " + PgConnection::quoteIdentifier(config_.slot_name) + " LOGICAL " +
                          pg::formatLsn(start) + " " + options;
  for (int attempt = 0;; ++attempt) {
    auto outcome = replication_->tryExec(sql);
    if (outcome.result) {
      break;
    }
    const auto& msg = outcome.message;
    if (contains(msg, "is active for PID")) {
      if (attempt + 1 < config_.slot_max_retries && !stopping_) {
        log()->warn("{} Replication slot {} is in use ({}); retrying in {} ms", log_prefix_, config_.slot_name, msg,
                    config_.slot_retry_delay_ms);
        const auto until = Clock::now() + std::chrono::milliseconds(config_.slot_retry_delay_ms);
        while (Clock::now() < until && !stopping_) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        continue;
      }
      throw ConnectException("Replication slot '" + config_.slot_name + "' is in use by another process (" + msg +
                             ") after " + std::to_string(config_.slot_max_retries) +
                             " attempt(s): stop the other connector or session reading it (see pg_replication_slots."
                             "active_pid), or give this connector its own slot.name.");
    }
    if (contains(msg, "can no longer get changes") || contains(msg, "invalidated") ||
        contains(msg, "has already been removed")) {
      throw ConnectException("Replication slot '" + config_.slot_name + "' can no longer be streamed (" + msg +
                             "): drop it and restart the connector with snapshot.mode=when_needed or initial.");
    }
    throw ConnectException("Could not start streaming from replication slot '" + config_.slot_name + "': " + msg);
  }
  phase_ = Phase::kStreaming;
  received_ = std::max(received_, start);
  in_tx_ = false;
  skip_tx_ = false;
  next_status_ = Clock::now() + std::chrono::milliseconds(config_.status_update_interval_ms);
  next_heartbeat_ = Clock::now() + std::chrono::milliseconds(config_.heartbeat_interval_ms);
  log()->info("{} Streaming changes from slot {} (publication {}) at {}", log_prefix_, config_.slot_name,
              config_.publication_name, pg::formatLsn(start));
}

std::vector<SourceRecord> PostgresSourceTask::poll() {
  std::vector<SourceRecord> out;
  std::lock_guard lock(poll_mutex_);
  if (stopping_) {
    return out;
  }
  switch (phase_) {
    case Phase::kSnapshot: pollSnapshot(out); return out;
    case Phase::kStreaming: {
      std::size_t bytes = 0;
      try {
        pollStream(out, bytes);
      } catch (const ConnectException& e) {
        // A broken connection (either of the two) is retried; anything else fails the task.
        const bool retriable = dynamic_cast<const RetriableException*>(&e) != nullptr || !conn_ || !conn_->ok() ||
                               !replication_ || !replication_->ok();
        if (!retriable) {
          throw;
        }
        if (config_.errors_max_retries == 0 ||
            (config_.errors_max_retries > 0 && reconnect_attempts_ >= config_.errors_max_retries)) {
          throw ConnectException(std::string(e.what()) + " (no retries left: errors.max.retries=" +
                                 std::to_string(config_.errors_max_retries) + ")");
        }
        log()->warn("{} {}; reconnecting in {} ms", log_prefix_, e.what(), config_.retriable_restart_wait_ms);
        replication_.reset();
        phase_ = Phase::kReconnecting;
        next_reconnect_ = Clock::now() + std::chrono::milliseconds(config_.retriable_restart_wait_ms);
      }
      return out;
    }
    case Phase::kReconnecting:
      if (Clock::now() >= next_reconnect_) {
        reconnect();
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      return out;
    case Phase::kIdle:
    case Phase::kStopped: std::this_thread::sleep_for(std::chrono::milliseconds(100)); return out;
  }
  return out;
}

void PostgresSourceTask::reconnect() {
  ++reconnect_attempts_;
  try {
    if (!conn_ || !conn_->ok()) {
      conn_ = std::make_unique<PgConnection>(config_.connectionString(false), "connection", config_.describeServer());
    }
    replication_ = std::make_unique<PgConnection>(config_.connectionString(true), "replication connection",
                                                  config_.describeServer());
    resume_ = ResumeFilter(position_);
    startStreaming(position_.lsn_proc.value_or(position_.lsn.value_or(confirmed_)));
    reconnect_attempts_ = 0;
    log()->info("{} Reconnected to PostgreSQL", log_prefix_);
  } catch (const ConnectException& e) {
    replication_.reset();
    if (config_.errors_max_retries > 0 && reconnect_attempts_ >= config_.errors_max_retries) {
      throw ConnectException(std::string(e.what()) + " (giving up after " + std::to_string(reconnect_attempts_) +
                             " retries: errors.max.retries=" + std::to_string(config_.errors_max_retries) + ")");
    }
    log()->warn("{} Reconnecting failed: {}; next attempt in {} ms", log_prefix_, e.what(),
                config_.retriable_restart_wait_ms);
    next_reconnect_ = Clock::now() + std::chrono::milliseconds(config_.retriable_restart_wait_ms);
  }
}

void PostgresSourceTask::pollStream(std::vector<SourceRecord>& out, std::size_t& bytes) {
  const auto max = static_cast<std::size_t>(config_.max_batch_size);
  // A record in memory (structs, schemas, offset map) is several times its pgoutput size, and the batch is
  // held whole until the runtime has converted and handed it to the producer. So a batch also ends after
  // kPollBudgetBytes of change data unless max.queue.size.in.bytes sets a budget: a poll may return fewer
  // than max.batch.size records (Debezium's returns what its queue holds), and memory stays at a few MB
  // whatever max.batch.size is.
  const auto max_bytes = config_.max_queue_size_in_bytes > 0 ? static_cast<std::size_t>(config_.max_queue_size_in_bytes)
                                                             : kPollBudgetBytes;
  const auto deadline = Clock::now() + std::chrono::milliseconds(config_.poll_interval_ms);
  while (out.size() < max && bytes < max_bytes && !stopping_) {
    const auto now = Clock::now();
    if (now >= next_status_) {
      maybeIdleConfirm();
      // Between transactions, ask for a keepalive: its WAL end is what an idle confirmation may use.
      sendStatus(!in_tx_);
    }
    auto wait = std::chrono::milliseconds(0);
    if (out.empty()) {
      wait = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now),
                      std::chrono::milliseconds(100));
      wait = std::max(wait, std::chrono::milliseconds(0));
    }
    auto data = replication_->readCopyData(wait);
    if (!data) {
      maybeHeartbeat(out);
      if (!out.empty() || Clock::now() >= deadline) {
        break;
      }
      continue;
    }
    auto decoded = pg::decodeReplicationMessage(*data);
    if (!decoded) {
      throw ConnectException("Could not decode a replication message from PostgreSQL: " + decoded.error().message);
    }
    if (const auto* x = std::get_if<pg::XLogData>(&decoded.value())) {
      received_ = std::max(received_, x->data_start);
      handleXLogData(x->data_start, x->payload, out, bytes);
    } else if (const auto* k = std::get_if<pg::PrimaryKeepalive>(&decoded.value())) {
      received_ = std::max(received_, k->wal_end);
      server_wal_end_ = std::max(server_wal_end_, k->wal_end);
      if (k->reply_requested) {
        maybeIdleConfirm();
        sendStatus(false);
      }
    }
  }
  if (!in_tx_) {
    maybeHeartbeat(out);
  }
}

bool PostgresSourceTask::beginEvent(Lsn lsn, const char* message_type) {
  if (lsn == last_event_lsn_) {
    ++events_at_lsn_;
  } else {
    last_event_lsn_ = lsn;
    events_at_lsn_ = 1;
  }
  if (skip_tx_ || resume_.skipEvent(lsn, events_at_lsn_)) {
    return false;
  }
  position_.lsn = lsn;
  position_.lsn_proc = lsn;
  position_.tx_id = tx_xid_;
  position_.ts_usec = tx_commit_usec_;
  position_.message_type = message_type;
  position_.lsn_events = events_at_lsn_;
  return true;
}

void PostgresSourceTask::countTransactionEvent(const TableSchema& table) {
  if (config_.provide_transaction_metadata && position_.transaction.inProgress()) {
    position_.transaction.event(table.schemaName() + "." + table.tableName());
  }
}

SourceFields PostgresSourceTask::sourceFor(const TableSchema& table) const {
  SourceFields f;
  f.schema = table.schemaName();
  f.table = table.tableName();
  f.ts_usec = tx_commit_usec_;
  f.tx_id = tx_xid_;
  f.lsn = position_.lsn;
  f.last_commit_lsn = position_.lsn_commit;
  return f;
}

void PostgresSourceTask::handleXLogData(Lsn data_start, std::span<const std::uint8_t> payload,
                                        std::vector<SourceRecord>& out, std::size_t& bytes) {
  pg::DecodeContext context;
  context.protocol_version = 1;
  auto decoded = pg::decodePgOutputMessage(payload, context);
  if (!decoded) {
    throw ConnectException("Could not decode a pgoutput message at " + pg::formatLsn(data_start) + ": " +
                           decoded.error().message);
  }
  const auto emit = [&](SourceRecord record) {
    last_emitted_ = *record.sourceOffset();
    bytes += payload.size();
    out.push_back(std::move(record));
  };
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pg::Begin>) {
          in_tx_ = true;
          tx_xid_ = m.xid;
          tx_commit_usec_ = pg::pgTimestampToUnixMicros(m.commit_time);
          last_event_lsn_ = 0;
          events_at_lsn_ = 0;
          skip_tx_ = resume_.skipTransaction(m.xid, m.final_lsn);
          if (!skip_tx_ && config_.provide_transaction_metadata) {
            const std::string id = std::to_string(m.xid);
            if (resume_.inPartialTransaction() && position_.transaction.id == id) {
              return;  // its BEGIN record was delivered before the restart; the stored counts go on
            }
            position_.lsn = data_start;
            position_.lsn_proc = data_start;
            position_.tx_id = tx_xid_;
            position_.ts_usec = tx_commit_usec_;
            position_.message_type = "BEGIN";
            position_.lsn_events = 1;
            position_.transaction.begin(id);
            emit(events_->transactionBegin(position_, tx_commit_usec_));
          }
        } else if constexpr (std::is_same_v<T, pg::Commit>) {
          const Lsn commit = data_start != 0 ? data_start : m.end_lsn;
          const bool delivered_before = skip_tx_;
          in_tx_ = false;
          skip_tx_ = false;
          resume_.endTransaction();
          position_.lsn_commit = commit;
          position_.lsn_proc = commit;
          position_.lsn = commit;
          position_.tx_id = tx_xid_;
          position_.ts_usec = tx_commit_usec_;
          position_.message_type = "COMMIT";
          position_.lsn_events = 1;
          if (!delivered_before && config_.provide_transaction_metadata && position_.transaction.inProgress()) {
            emit(events_->transactionEnd(position_, tx_commit_usec_));
          }
          position_.transaction.end();
        } else if constexpr (std::is_same_v<T, pg::Relation>) {
          std::vector<std::string> names;
          for (const auto& c : m.columns) {
            names.push_back(c.name);
          }
          relation_columns_[m.oid] = std::move(names);
          column_order_.erase(m.oid);
          // The table may have changed: re-read it from the catalog on its next change (as Debezium does).
          tables_.erase(m.oid);
          ignored_tables_.erase(m.oid);
        } else if constexpr (std::is_same_v<T, pg::Insert>) {
          auto table = tableFor(m.relation_oid);
          if (!beginEvent(data_start, "INSERT") || !table || config_.skipped_operations.count('c') != 0) {
            return;
          }
          const auto row = toCatalogOrder(*table, m.relation_oid, m.new_tuple.columns);
          countTransactionEvent(*table);
          emit(events_->change(*table, 'c', table->keyValue(row), nullptr, table->valueStruct(row, false),
                               events_->source(sourceFor(*table)), position_));
        } else if constexpr (std::is_same_v<T, pg::Update>) {
          auto table = tableFor(m.relation_oid);
          if (!beginEvent(data_start, "UPDATE") || !table || config_.skipped_operations.count('u') != 0) {
            return;
          }
          const auto row = toCatalogOrder(*table, m.relation_oid, m.new_tuple.columns);
          std::shared_ptr<Struct> before;
          std::optional<std::vector<TupleColumn>> old_row;
          bool key_only = true;
          if (m.old_tuple) {
            old_row = toCatalogOrder(*table, m.relation_oid, m.old_tuple->tuple.columns);
            key_only = m.old_tuple->kind == pg::OldTuple::Kind::kKey;
            before = table->valueStruct(*old_row, key_only);
          }
          auto after = table->valueStruct(row, false, (old_row && !key_only) ? &*old_row : nullptr);
          Value key = table->keyValue(row);
          if (old_row && table->keySchema()) {
            Value old_key = table->keyValue(*old_row);
            if (!(old_key == key)) {
              // A primary-key change: a delete of the old key (+ tombstone) and a create of the new one.
              Headers del_headers;
              del_headers.add("__debezium.newkey", table->keySchema(), key);
              countTransactionEvent(*table);
              auto del = events_->change(*table, 'd', old_key, before, nullptr, events_->source(sourceFor(*table)),
                                         position_, del_headers);
              auto tomb = events_->tombstone(del);
              emit(std::move(del));
              if (config_.tombstones_on_delete) {
                emit(std::move(tomb));
              }
              Headers create_headers;
              create_headers.add("__debezium.oldkey", table->keySchema(), old_key);
              countTransactionEvent(*table);
              emit(events_->change(*table, 'c', key, nullptr, after, events_->source(sourceFor(*table)), position_,
                                   create_headers));
              return;
            }
          }
          countTransactionEvent(*table);
          emit(events_->change(*table, 'u', key, before, after, events_->source(sourceFor(*table)), position_));
        } else if constexpr (std::is_same_v<T, pg::Delete>) {
          auto table = tableFor(m.relation_oid);
          if (!beginEvent(data_start, "DELETE") || !table || config_.skipped_operations.count('d') != 0) {
            return;
          }
          const auto old_row = toCatalogOrder(*table, m.relation_oid, m.old_tuple.tuple.columns);
          auto before = table->valueStruct(old_row, m.old_tuple.kind == pg::OldTuple::Kind::kKey);
          countTransactionEvent(*table);
          auto del = events_->change(*table, 'd', table->keyValue(old_row), before, nullptr,
                                     events_->source(sourceFor(*table)), position_);
          auto tomb = events_->tombstone(del);
          emit(std::move(del));
          if (config_.tombstones_on_delete) {
            emit(std::move(tomb));
          }
        } else if constexpr (std::is_same_v<T, pg::Truncate>) {
          for (const auto oid : m.relation_oids) {
            auto table = tableFor(oid);
            if (!beginEvent(data_start, "TRUNCATE") || !table || config_.skipped_operations.count('t') != 0) {
              continue;
            }
            countTransactionEvent(*table);
            emit(events_->truncate(*table, events_->source(sourceFor(*table)), position_));
          }
        } else if constexpr (std::is_same_v<T, pg::LogicalMessage>) {
          if (m.transactional()) {
            if (!beginEvent(data_start, "MESSAGE")) {
              return;
            }
          } else {
            // Outside any transaction: no txId, and the last commit time seen (contract §2.6).
            position_.lsn = data_start;
            position_.lsn_proc = data_start;
            position_.message_type = "MESSAGE";
            position_.lsn_events = 1;
          }
          SourceFields f;
          f.ts_usec = position_.ts_usec;
          f.tx_id = m.transactional() ? std::optional<std::int64_t>(tx_xid_) : std::nullopt;
          f.lsn = data_start;
          f.last_commit_lsn = position_.lsn_commit;
          std::string collection;
          if (m.transactional() && config_.provide_transaction_metadata && position_.transaction.inProgress()) {
            collection = logicalDecodingMessageCollection();
            position_.transaction.event(collection);
          }
          emit(events_->message(m.prefix, m.content, events_->source(f), position_, collection));
        }
        // Origin and Type messages carry nothing this connector emits.
      },
      decoded.value());
}

std::shared_ptr<TableSchema> PostgresSourceTask::tableFor(std::uint32_t oid) {
  if (auto it = tables_.find(oid); it != tables_.end()) {
    return it->second;
  }
  if (ignored_tables_.count(oid) != 0) {
    return nullptr;
  }
  const PgRelation relation = loadRelation(conn_->get(), oid);
  if (!config_.filters.includeTable(relation.schema, relation.name)) {
    ignored_tables_[oid] = true;
    return nullptr;
  }
  auto table = std::make_shared<TableSchema>(relation, config_);
  tables_[oid] = table;
  return table;
}

std::vector<TupleColumn> PostgresSourceTask::toCatalogOrder(const TableSchema& table, std::uint32_t oid,
                                                            const std::vector<TupleColumn>& tuple) {
  const auto names = relation_columns_.find(oid);
  if (names == relation_columns_.end()) {
    std::vector<TupleColumn> out = tuple;
    table.nullStreamedAsNull(out);
    return out;
  }
  auto order = column_order_.find(oid);
  if (order == column_order_.end()) {
    std::vector<int> indexes;
    indexes.reserve(names->second.size());
    for (const auto& name : names->second) {
      indexes.push_back(table.columnIndex(name));
    }
    order = column_order_.emplace(oid, std::move(indexes)).first;
  }
  std::vector<TupleColumn> out(table.columnCount());
  for (std::size_t i = 0; i < tuple.size() && i < order->second.size(); ++i) {
    if (const int idx = order->second[i]; idx >= 0) {
      out[static_cast<std::size_t>(idx)] = tuple[i];
    }
  }
  table.nullStreamedAsNull(out);
  return out;
}

void PostgresSourceTask::sendStatus(bool reply_requested) {
  if (!replication_ || phase_ != Phase::kStreaming) {
    return;
  }
  const auto update = pg::encodeStandbyStatusUpdate(
      pg::StandbyStatusUpdate{received_, confirmed_, confirmed_, nowPgMicros(), reply_requested});
  replication_->writeCopyData(update.data(), update.size());
  next_status_ = Clock::now() + std::chrono::milliseconds(config_.status_update_interval_ms);
}

void PostgresSourceTask::maybeIdleConfirm() {
  if (phase_ != Phase::kStreaming || in_tx_ || server_wal_end_ <= confirmed_ || context_ == nullptr) {
    return;
  }
  if (last_emitted_) {
    // Something was emitted: only when the runtime has stored its offset is nothing in flight.
    const auto stored = context_->offsetStorageReader().offset(*events_->partition());
    if (!stored || *stored != *last_emitted_) {
      return;
    }
  }
  // Everything the server sent up to its WAL end was processed and nothing is waiting for Kafka, so no
  // transaction committed before that point still needs the slot (contract §6.6).
  confirmed_ = server_wal_end_;
}

void PostgresSourceTask::maybeHeartbeat(std::vector<SourceRecord>& out) {
  if (config_.heartbeat_interval_ms <= 0 || in_tx_ || Clock::now() < next_heartbeat_) {
    return;
  }
  next_heartbeat_ = Clock::now() + std::chrono::milliseconds(config_.heartbeat_interval_ms);
  if (!config_.heartbeat_action_query.empty()) {
    conn_->exec(config_.heartbeat_action_query);
  }
  if (!position_.lsn && !position_.lsn_proc) {
    return;  // Debezium emits no heartbeat before an offset exists
  }
  auto record = events_->heartbeat(position_);
  last_emitted_ = *record.sourceOffset();
  out.push_back(std::move(record));
}

void PostgresSourceTask::commit() {
  std::lock_guard lock(poll_mutex_);
  if (context_ == nullptr || !events_) {
    return;
  }
  const auto stored = context_->offsetStorageReader().offset(*events_->partition());
  if (!stored) {
    return;
  }
  const auto lsn = Position::fromOffset(*stored).flushableLsn();
  if (lsn && *lsn > confirmed_) {
    confirmed_ = *lsn;
    try {
      sendStatus(false);
    } catch (const RetriableException& e) {
      log()->warn("{} Could not confirm LSN {}: {}", log_prefix_, pg::formatLsn(confirmed_), e.what());
    }
  }
}

void PostgresSourceTask::closeConnections() {
  if (replication_ && phase_ == Phase::kStreaming) {
    try {
      sendStatus(false);
    } catch (const RetriableException&) {
      // The connection is going away anyway; the slot keeps the last confirmed position.
    }
  }
  replication_.reset();
  if (config_.slot_drop_on_stop && conn_ && conn_->ok()) {
    // The walsender exits asynchronously after the replication connection closes.
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      auto outcome = conn_->tryExec(
          "SELECT pg_drop_replication_slot(" + PgConnection::quoteLiteral(config_.slot_name) +
          ") FROM pg_replication_slots WHERE slot_name = " + PgConnection::quoteLiteral(config_.slot_name));
      if (outcome.result) {
        log()->info("{} Dropped replication slot {}", log_prefix_, config_.slot_name);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  conn_.reset();
}

nlohmann::ordered_json PostgresSourceTask::metrics() const {
  std::lock_guard lock(metrics_mutex_);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["snapshot"] = snapshot_progress_.toJson(nowMillis());
  return out;
}

void PostgresSourceTask::stop() {
  stopping_ = true;
  std::lock_guard lock(poll_mutex_);
  {
    std::lock_guard metrics_lock(metrics_mutex_);
    snapshot_progress_.aborted(nowMillis());
  }
  if (phase_ == Phase::kStopped && !conn_ && !replication_) {
    return;
  }
  closeConnections();
  phase_ = Phase::kStopped;
}

}  // namespace connectd::postgres
