// The configuration of io.debezium.connector.postgresql.PostgresConnector: Debezium's key names, defaults
// and documentation (contract §1), and the immutable parsed form the connector and its task work from.
#pragma once

#include <cstdint>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "connectd/api/config_def.hpp"
#include "type_mapping.hpp"

namespace connectd::postgres {

enum class SnapshotMode { kInitial, kNoData, kAlways, kInitialOnly, kWhenNeeded };
enum class PublicationAutocreateMode { kAllTables, kDisabled, kFiltered, kNoTables };

// The table/column filters: anchored, case-insensitive regex lists (RelationalTableFilters).
class TableFilters {
 public:
  TableFilters() = default;
  TableFilters(const std::vector<std::string>& schema_include, const std::vector<std::string>& schema_exclude,
               const std::vector<std::string>& table_include, const std::vector<std::string>& table_exclude,
               const std::vector<std::string>& column_include, const std::vector<std::string>& column_exclude);

  bool includeSchema(const std::string& schema) const;
  // `schema.table`; system schemas are never captured (table.ignore.builtin).
  bool includeTable(const std::string& schema, const std::string& table) const;
  // `schema.table.column`; never applied to the key.
  bool includeColumn(const std::string& schema, const std::string& table, const std::string& column) const;
  // Index of the first table.include.list pattern matching the table (snapshot order), or 0 without a list.
  std::size_t includeRank(const std::string& schema, const std::string& table) const;

 private:
  std::vector<std::regex> schema_include_, schema_exclude_, table_include_, table_exclude_, column_include_,
      column_exclude_;
};

struct PostgresConnectorConfig {
  std::string topic_prefix;
  std::string hostname;
  std::int32_t port = 5432;
  std::string user;
  std::string password;
  std::string dbname;
  std::string sslmode = "prefer";
  std::string sslrootcert, sslcert, sslkey;
  std::vector<std::string> initial_statements;

  std::string plugin_name;
  std::string slot_name = "debezium";
  bool slot_drop_on_stop = false;
  std::int32_t slot_max_retries = 6;
  std::int64_t slot_retry_delay_ms = 10000;
  std::int64_t status_update_interval_ms = 10000;
  std::string publication_name = "dbz_publication";
  PublicationAutocreateMode publication_autocreate = PublicationAutocreateMode::kAllTables;
  bool publish_via_partition_root = false;

  TableFilters filters;
  SnapshotMode snapshot_mode = SnapshotMode::kInitial;
  bool snapshot_mode_never_alias = false;
  std::int32_t snapshot_fetch_size = 10240;

  std::int64_t heartbeat_interval_ms = 0;
  std::string heartbeat_topic_prefix = "__debezium-heartbeat";
  std::string heartbeat_action_query;

  std::int32_t max_batch_size = 2048;
  std::int32_t max_queue_size = 8192;
  std::int64_t max_queue_size_in_bytes = 0;
  std::int64_t poll_interval_ms = 500;
  std::int32_t errors_max_retries = -1;
  std::int64_t retriable_restart_wait_ms = 10000;

  bool tombstones_on_delete = true;
  bool provide_transaction_metadata = false;
  std::string transaction_topic = "transaction";  // topic.transaction: `<topic.prefix>.<this>`
  std::set<char> skipped_operations{'t'};
  bool extended_headers = true;
  std::string topic_delimiter = ".";

  TypeModes type_modes;

  // Parses and validates (every error at once). Throws ConfigException.
  static PostgresConnectorConfig parse(const ConfigMap& props);
  // The libpq connection string for a regular (replication=false) or replication connection. Holds the
  // password: never log it.
  std::string connectionString(bool replication) const;
  // "host:port/dbname as user", for messages.
  std::string describeServer() const;
};

// The connector's ConfigDef.
const ConfigDef& postgresConnectorConfigDef();

}  // namespace connectd::postgres
