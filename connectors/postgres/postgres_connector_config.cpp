// PostgresConnector's configuration; see postgres_connector_config.hpp.
#include "postgres_connector_config.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "connectd/api/errors.hpp"

namespace connectd::postgres {
namespace {

constexpr const char* kGroupConnection = "Connection";
constexpr const char* kGroupReplication = "Replication";
constexpr const char* kGroupFilters = "Filters";
constexpr const char* kGroupSnapshot = "Snapshot";
constexpr const char* kGroupEvents = "Events";
constexpr const char* kGroupAdvanced = "Advanced";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::regex> compile(const std::vector<std::string>& patterns, const std::string& key,
                                std::vector<std::string>& errors) {
  std::vector<std::regex> out;
  for (const auto& p : patterns) {
    try {
      out.emplace_back(p, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      errors.push_back("Invalid value " + p + " for configuration " + key + ": not a valid regular expression");
    }
  }
  return out;
}

bool anyMatch(const std::vector<std::regex>& res, const std::string& s) {
  return std::any_of(res.begin(), res.end(), [&](const std::regex& re) { return std::regex_match(s, re); });
}

ConfigDef buildDef() {
  ConfigDef def;
  const auto str = [&](const char* name, const char* group, Importance imp, std::string doc) -> ConfigKey& {
    return def.define(name, ConfigType::kString).group(group).importance(imp).doc(std::move(doc));
  };
  // Connection.
  str("topic.prefix", kGroupConnection, Importance::kHigh,
      "Topic prefix that identifies and provides a namespace for the particular database server/cluster is capturing "
      "changes. The topic prefix should be unique across all other connectors, since it is used as a prefix for all "
      "Kafka topic names that receive events emitted by this connector. Only alphanumeric characters, hyphens, dots "
      "and underscores must be accepted.")
      .validator(validators::nonEmptyString());
  str("database.hostname", kGroupConnection, Importance::kHigh,
      "Resolvable hostname or IP address of the database server.");
  def.define("database.port", ConfigType::kInt)
      .defaultValue("5432")
      .group(kGroupConnection)
      .importance(Importance::kHigh)
      .doc("Port of the database server.");
  str("database.user", kGroupConnection, Importance::kHigh,
      "Name of the database user to be used when connecting to the database.");
  def.define("database.password", ConfigType::kPassword)
      .nullDefault()
      .group(kGroupConnection)
      .importance(Importance::kHigh)
      .doc("Password of the database user to be used when connecting to the database.");
  str("database.dbname", kGroupConnection, Importance::kHigh,
      "The name of the database from which the connector should capture changes");
  str("database.sslmode", kGroupConnection, Importance::kMedium,
      "Whether to use an encrypted connection to Postgres. Options include: 'disable' to use an unencrypted "
      "connection; 'allow' to try and use an unencrypted connection first and, failing that, a secure (encrypted) "
      "connection; 'prefer' (the default) to try and use a secure (encrypted) connection first and, failing that, an "
      "unencrypted connection; 'require' to use a secure (encrypted) connection, and fail if one cannot be "
      "established; 'verify-ca' like 'required' but additionally verify the server TLS certificate against the "
      "configured Certificate Authority (CA) certificates, or fail if no valid matching CA certificates are found; or "
      "'verify-full' like 'verify-ca' but additionally verify that the server certificate matches the host to which "
      "the connection is attempted.")
      .defaultValue("prefer")
      .validator(validators::inIgnoreCase({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}));
  for (const char* k : {"database.sslrootcert", "database.sslcert", "database.sslkey"}) {
    str(k, kGroupConnection, Importance::kMedium,
        "File containing the SSL material for the connection (libpq's sslrootcert/sslcert/sslkey).")
        .nullDefault();
  }
  def.define("database.tcpKeepAlive", ConfigType::kBoolean)
      .defaultValue("true")
      .group(kGroupConnection)
      .importance(Importance::kLow)
      .doc("Enable or disable TCP keep-alive probe to avoid dropping TCP connection");
  str("database.initial.statements", kGroupConnection, Importance::kLow,
      "A semicolon separated list of SQL statements to be executed when a JDBC connection (not binlog reading "
      "connection) to the database is established. Note that the connector may establish JDBC connections at its "
      "own discretion, so this should typically be used for configuration of session parameters only, but not for "
      "executing DML statements. Use doubled semicolon (';;') to use a semicolon as a character and not as a "
      "delimiter.")
      .nullDefault();
  // Replication.
  str("plugin.name", kGroupReplication, Importance::kMedium,
      "The name of the Postgres logical decoding plugin installed on the server. Supported values are "
      "'decoderbufs' and 'pgoutput'. Defaults to 'decoderbufs'.")
      .defaultValue("decoderbufs")
      .validator(validators::inIgnoreCase({"decoderbufs", "pgoutput"}));
  str("slot.name", kGroupReplication, Importance::kMedium,
      "The name of the Postgres logical decoding slot created for streaming changes from a plugin. Defaults to "
      "'debezium")
      .defaultValue("debezium")
      .validator(validators::lambda(
          [](const std::string& name, const ConfigValueData& v) -> std::optional<std::string> {
            const auto* s = std::get_if<std::string>(&v);
            if (s == nullptr || s->empty() || !std::all_of(s->begin(), s->end(), [](char c) {
                  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                })) {
              return "Invalid value for configuration " + name +
                     ": Valid replication slot name must contain only digits, lowercase characters and underscores "
                     "with length <= 63";
            }
            return std::nullopt;
          },
          "lower-case letters, digits and underscores"));
  def.define("slot.drop.on.stop", ConfigType::kBoolean)
      .defaultValue("false")
      .group(kGroupReplication)
      .importance(Importance::kMedium)
      .doc(
          "Whether or not to drop the logical replication slot when the connector finishes orderly. By default the "
          "replication is kept so that on restart progress can resume from the last recorded location");
  def.define("slot.max.retries", ConfigType::kInt)
      .defaultValue("6")
      .group(kGroupReplication)
      .importance(Importance::kLow)
      .validator(validators::atLeast(1))
      .doc("How many times to retry connecting to a replication slot when an attempt fails.");
  def.define("slot.retry.delay.ms", ConfigType::kLong)
      .defaultValue("10000")
      .group(kGroupReplication)
      .importance(Importance::kLow)
      .validator(validators::atLeast(0))
      .doc(
          "Time to wait between retry attempts when the connector fails to connect to a replication slot, given in "
          "milliseconds. Defaults to 10 seconds (10,000 ms).");
  def.define("status.update.interval.ms", ConfigType::kInt)
      .defaultValue("10000")
      .group(kGroupReplication)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(0))
      .doc(
          "Frequency for sending replication connection status updates to the server, given in milliseconds. "
          "Defaults to 10 seconds (10,000 ms).");
  str("publication.name", kGroupReplication, Importance::kLow,
      "The name of the Postgres 10+ publication used for streaming changes from a plugin. Defaults to "
      "'dbz_publication'")
      .defaultValue("dbz_publication");
  str("publication.autocreate.mode", kGroupReplication, Importance::kLow,
      "Applies only when streaming changes using pgoutput.Determine how creation of a publication should work, the "
      "default is all_tables.DISABLED - The connector will not attempt to create a publication at all. The "
      "expectation is that the user has created the publication up-front. If the publication isn't found to exist "
      "upon startup, the connector will throw an exception and stop.ALL_TABLES - If no publication exists, the "
      "connector will create a new publication for all tables. Note this requires that the configured user has "
      "access. If the publication already exists, it will be used. i.e CREATE PUBLICATION <publication_name> FOR ALL "
      "TABLES;FILTERED - If no publication exists, the connector will create a new publication for all those tables "
      "matchingthe current filter configuration (see table/database include/exclude list properties). If the "
      "publication already exists, it will be used. i.e CREATE PUBLICATION <publication_name> FOR TABLE "
      "<tbl1, tbl2, etc>NO_TABLES - If no publication exists, the connector will create a new publication without "
      "any table. i.e CREATE PUBLICATION <publication_name>")
      .defaultValue("all_tables")
      .validator(validators::inIgnoreCase({"disabled", "all_tables", "filtered", "no_tables"}));
  def.define("publish.via.partition.root", ConfigType::kBoolean)
      .defaultValue("false")
      .group(kGroupReplication)
      .importance(Importance::kLow)
      .doc(
          "A boolean that determines whether the connector should publish changes via the partition root. When "
          "true, changes are published via the partition root. When false, changes are published directly.");
  // Filters.
  for (const auto& [k, d] : std::vector<std::pair<const char*, const char*>>{
           {"schema.include.list", "The schemas for which events should be captured"},
           {"schema.exclude.list", "The schemas for which events must not be captured"},
           {"table.include.list",
            "The tables for which changes are to be captured (regular expressions matching schema.table)"},
           {"table.exclude.list",
            "A comma-separated list of regular expressions that match the fully-qualified "
            "names of tables to be excluded from monitoring"},
           {"column.include.list", "Regular expressions matching columns to include in change events"},
           {"column.exclude.list", "Regular expressions matching columns to exclude from change events"}}) {
    def.define(k, ConfigType::kList).nullDefault().group(kGroupFilters).importance(Importance::kHigh).doc(d);
  }
  def.define("table.ignore.builtin", ConfigType::kBoolean)
      .defaultValue("true")
      .group(kGroupFilters)
      .importance(Importance::kLow)
      .doc("Flag specifying whether built-in tables should be ignored.");
  // Snapshot.
  str("snapshot.mode", kGroupSnapshot, Importance::kLow,
      "The criteria for running a snapshot upon startup of the connector. Select one of the following snapshot "
      "options: 'always': The connector runs a snapshot every time that it starts. After the snapshot completes, the "
      "connector begins to stream changes from the transaction log.; 'initial' (default): If the connector does not "
      "detect any offsets for the logical server name, it runs a snapshot that captures the current full state of "
      "the configured tables. After the snapshot completes, the connector begins to stream changes from the "
      "transaction log. 'initial_only': The connector performs a snapshot as it does for the 'initial' option, but "
      "after the connector completes the snapshot, it stops, and does not stream changes from the transaction "
      "log.; 'never': The connector does not run a snapshot. Upon first startup, the connector immediately begins "
      "reading from the beginning of the transaction log. 'exported': This option is deprecated; use 'initial' "
      "instead.; 'custom': The connector loads a custom class  to specify how the connector performs snapshots. For "
      "more information, see Custom snapshotter SPI in the PostgreSQL connector documentation.")
      .defaultValue("initial")
      .validator(validators::inIgnoreCase({"always", "initial", "initial_only", "no_data", "never", "when_needed"}));
  def.define("snapshot.fetch.size", ConfigType::kInt)
      .defaultValue("10240")
      .group(kGroupSnapshot)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(1))
      .doc("The maximum number of records that should be loaded into memory while performing a snapshot.");
  // Heartbeats, queues, events.
  def.define("heartbeat.interval.ms", ConfigType::kInt)
      .defaultValue("0")
      .group(kGroupAdvanced)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(0))
      .doc(
          "Length of an interval in milli-seconds in in which the connector periodically sends heartbeat messages to "
          "a heartbeat topic. Use 0 to disable heartbeat messages. Disabled by default.");
  str("topic.heartbeat.prefix", kGroupAdvanced, Importance::kLow,
      "The prefix that is used to name heartbeat topics.Defaults to __debezium-heartbeat.")
      .defaultValue("__debezium-heartbeat");
  str("topic.transaction", kGroupAdvanced, Importance::kLow,
      "Specify the transaction topic name. Defaults to ${topic.prefix}.transaction")
      .defaultValue("transaction");
  str("heartbeat.action.query", kGroupAdvanced, Importance::kLow, "The query executed with every heartbeat.")
      .nullDefault();
  def.define("max.batch.size", ConfigType::kInt)
      .defaultValue("2048")
      .group(kGroupAdvanced)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(1))
      .doc("Maximum size of each batch of source records. Defaults to 2048.");
  def.define("max.queue.size", ConfigType::kInt)
      .defaultValue("8192")
      .group(kGroupAdvanced)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(1))
      .doc(
          "Maximum size of the queue for change events read from the database log but not yet recorded or "
          "forwarded. Defaults to 8192, and should always be larger than the maximum batch size.");
  def.define("max.queue.size.in.bytes", ConfigType::kLong)
      .defaultValue("0")
      .group(kGroupAdvanced)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(0))
      .doc(
          "Maximum size of the queue in bytes for change events read from the database log but not yet recorded or "
          "forwarded. Defaults to 0. Mean the feature is not enabled");
  def.define("poll.interval.ms", ConfigType::kLong)
      .defaultValue("500")
      .group(kGroupAdvanced)
      .importance(Importance::kMedium)
      .validator(validators::atLeast(0))
      .doc(
          "Time to wait for new change events to appear after receiving no events, given in milliseconds. Defaults "
          "to 500 ms.");
  def.define("errors.max.retries", ConfigType::kInt)
      .defaultValue("-1")
      .group(kGroupAdvanced)
      .importance(Importance::kLow)
      .validator(validators::atLeast(-1))
      .doc(
          "The maximum number of retries on connection errors before failing (-1 = no limit, 0 = disabled, > 0 = "
          "num of retries).");
  def.define("retriable.restart.connector.wait.ms", ConfigType::kLong)
      .defaultValue("10000")
      .group(kGroupAdvanced)
      .importance(Importance::kLow)
      .validator(validators::atLeast(1))
      .doc("Time to wait before restarting connector after retriable exception occurs. Defaults to 10000ms.");
  def.define("tombstones.on.delete", ConfigType::kBoolean)
      .defaultValue("true")
      .group(kGroupEvents)
      .importance(Importance::kMedium)
      .doc(
          "Whether delete operations should be represented by a delete event and a subsequent tombstone event "
          "(true) or only by a delete event (false). Emitting the tombstone event (the default behavior) allows "
          "Kafka to completely delete all events pertaining to the given key once the source record got deleted.");
  def.define("provide.transaction.metadata", ConfigType::kBoolean)
      .defaultValue("false")
      .group(kGroupEvents)
      .importance(Importance::kLow)
      .doc("Enables transaction metadata extraction together with event counting");
  str("skipped.operations", kGroupEvents, Importance::kLow,
      "The comma-separated list of operations to skip during streaming, defined as: 'c' for inserts/create; 'u' for "
      "updates; 'd' for deletes, 't' for truncates, and 'none' to indicate nothing skipped. By default, only "
      "truncate operations will be skipped.")
      .defaultValue("t");
  def.define("extended.headers.enabled", ConfigType::kBoolean)
      .defaultValue("true")
      .group(kGroupEvents)
      .importance(Importance::kLow)
      .doc(
          "Enable/Disable Debezium context headers that provides essential metadata for tracking and identifying "
          "the source of CDC events in downstream processing systems.");
  str("topic.delimiter", kGroupEvents, Importance::kLow, "Specify the delimiter for topic name, defaults to \".\".")
      .defaultValue(".");
  // tasks.max is the framework's key (runtime/connector_config.cpp); the connector always runs one task.
  // Value-shaping modes (read by TypeModes::fromConfig).
  str("decimal.handling.mode", kGroupEvents, Importance::kMedium,
      "Specify how DECIMAL and NUMERIC columns should be represented in change events, including: 'precise' (the "
      "default) uses java.math.BigDecimal to represent values, which are encoded in the change events using a binary "
      "representation and Kafka Connect's 'org.apache.kafka.connect.data.Decimal' type; 'string' uses string to "
      "represent values; 'double' represents values using Java's 'double', which may not offer the precision but "
      "will be far easier to use in consumers.")
      .defaultValue("precise")
      .validator(validators::inIgnoreCase({"precise", "string", "double"}));
  str("time.precision.mode", kGroupEvents, Importance::kMedium,
      "Time, date, and timestamps can be represented with different kinds of precisions, including: 'adaptive' (the "
      "default) bases the precision of time, date, and timestamp values on the database column's precision; "
      "'adaptive_time_microseconds' like 'adaptive' mode, but TIME fields always use microseconds precision; "
      "'connect' always represents time, date, and timestamp values using Kafka Connect's built-in representations "
      "for Time, Date, and Timestamp, which uses millisecond precision regardless of the database columns' "
      "precision.")
      .defaultValue("adaptive")
      .validator(validators::inIgnoreCase(
          {"adaptive", "adaptive_time_microseconds", "connect", "isostring", "microseconds", "nanoseconds"}));
  str("binary.handling.mode", kGroupEvents, Importance::kLow,
      "Specify how binary (blob, binary, etc.) columns should be represented in change events, including: 'bytes' "
      "represents binary data as byte array (default); 'base64' represents binary data as base64-encoded string; "
      "'base64-url-safe' represents binary data as base64-url-safe-encoded string; 'hex' represents binary data as "
      "hex-encoded (base16) string")
      .defaultValue("bytes")
      .validator(validators::inIgnoreCase({"bytes", "base64", "base64-url-safe", "hex"}));
  str("hstore.handling.mode", kGroupEvents, Importance::kLow,
      "Specify how HSTORE columns should be represented in change events, including: 'json' represents values as "
      "string-ified JSON (default); 'map' represents values as a key/value map")
      .defaultValue("json")
      .validator(validators::inIgnoreCase({"json", "map"}));
  str("interval.handling.mode", kGroupEvents, Importance::kLow,
      "Specify how INTERVAL columns should be represented in change events, including: 'string' represents values "
      "as an exact ISO formatted string; 'numeric' (default) represents values using the inexact conversion into "
      "microseconds")
      .defaultValue("numeric")
      .validator(validators::inIgnoreCase({"numeric", "string"}));
  def.define("money.fraction.digits", ConfigType::kShort)
      .defaultValue("2")
      .group(kGroupEvents)
      .importance(Importance::kLow)
      .doc("Number of fractional digits when money type is converted to 'precise' decimal number.");
  def.define("include.unknown.datatypes", ConfigType::kBoolean)
      .defaultValue("false")
      .group(kGroupEvents)
      .importance(Importance::kLow)
      .doc(
          "Specify whether the fields of data type not supported by Debezium should be processed: 'false' (the "
          "default) omits the fields; 'true' converts the field into an implementation dependent binary "
          "representation.");
  str("unavailable.value.placeholder", kGroupEvents, Importance::kMedium,
      "Specify the constant that will be provided by Debezium to indicate that the original value is a toasted "
      "value not provided by the database. If starts with 'hex:' prefix it is expected that the rest of the string "
      "represents hexadecimal encoded octets.")
      .defaultValue("__debezium_unavailable_value");
  return def;
}

std::vector<std::string> listOrEmpty(const ParsedConfig& pc, const char* key) {
  return pc.isNull(key) ? std::vector<std::string>{} : pc.getList(key);
}

std::string quoteConnValue(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

}  // namespace

TableFilters::TableFilters(const std::vector<std::string>& schema_include,
                           const std::vector<std::string>& schema_exclude,
                           const std::vector<std::string>& table_include, const std::vector<std::string>& table_exclude,
                           const std::vector<std::string>& column_include,
                           const std::vector<std::string>& column_exclude) {
  std::vector<std::string> errors;
  schema_include_ = compile(schema_include, "schema.include.list", errors);
  schema_exclude_ = compile(schema_exclude, "schema.exclude.list", errors);
  table_include_ = compile(table_include, "table.include.list", errors);
  table_exclude_ = compile(table_exclude, "table.exclude.list", errors);
  column_include_ = compile(column_include, "column.include.list", errors);
  column_exclude_ = compile(column_exclude, "column.exclude.list", errors);
  if (!errors.empty()) {
    throw ConfigException(errors);
  }
}

bool TableFilters::includeSchema(const std::string& schema) const {
  if (!schema_include_.empty()) {
    return anyMatch(schema_include_, schema);
  }
  return !anyMatch(schema_exclude_, schema);
}

bool TableFilters::includeTable(const std::string& schema, const std::string& table) const {
  static const std::vector<std::string> kBuiltin = {"pg_catalog", "information_schema"};
  if (std::find(kBuiltin.begin(), kBuiltin.end(), schema) != kBuiltin.end() || schema.rfind("pg_", 0) == 0) {
    return false;
  }
  if (!includeSchema(schema)) {
    return false;
  }
  const std::string id = schema + "." + table;
  if (!table_include_.empty()) {
    return anyMatch(table_include_, id);
  }
  return !anyMatch(table_exclude_, id);
}

bool TableFilters::includeColumn(const std::string& schema, const std::string& table, const std::string& column) const {
  const std::string id = schema + "." + table + "." + column;
  if (!column_include_.empty()) {
    return anyMatch(column_include_, id);
  }
  return !anyMatch(column_exclude_, id);
}

std::size_t TableFilters::includeRank(const std::string& schema, const std::string& table) const {
  const std::string id = schema + "." + table;
  for (std::size_t i = 0; i < table_include_.size(); ++i) {
    if (std::regex_match(id, table_include_[i])) {
      return i;
    }
  }
  return 0;
}

const ConfigDef& postgresConnectorConfigDef() {
  static const ConfigDef def = buildDef();
  return def;
}

PostgresConnectorConfig PostgresConnectorConfig::parse(const ConfigMap& props) {
  const ParsedConfig pc = postgresConnectorConfigDef().parse(props);
  std::vector<std::string> errors;
  PostgresConnectorConfig c;
  const auto required = [&](const char* key) -> std::string {
    if (pc.isNull(key) || pc.getString(key).empty()) {
      errors.push_back(std::string("The '") + key + "' value is invalid: A value is required");
      return {};
    }
    return pc.getString(key);
  };
  c.topic_prefix = required("topic.prefix");
  c.hostname = required("database.hostname");
  c.user = required("database.user");
  c.dbname = required("database.dbname");
  c.port = pc.getInt("database.port");
  if (!pc.isNull("database.password")) {
    c.password = pc.getPassword("database.password").value();
  }
  c.sslmode = lower(pc.getString("database.sslmode"));
  c.sslrootcert = pc.getOptionalString("database.sslrootcert").value_or("");
  c.sslcert = pc.getOptionalString("database.sslcert").value_or("");
  c.sslkey = pc.getOptionalString("database.sslkey").value_or("");
  if (auto stmts = pc.getOptionalString("database.initial.statements")) {
    // ';;' is a literal semicolon.
    std::string cur;
    for (std::size_t i = 0; i < stmts->size(); ++i) {
      if ((*stmts)[i] == ';') {
        if (i + 1 < stmts->size() && (*stmts)[i + 1] == ';') {
          cur += ';';
          ++i;
          continue;
        }
        if (!cur.empty()) {
          c.initial_statements.push_back(cur);
        }
        cur.clear();
      } else {
        cur += (*stmts)[i];
      }
    }
    if (!cur.empty()) {
      c.initial_statements.push_back(cur);
    }
  }
  c.plugin_name = lower(pc.getString("plugin.name"));
  if (c.plugin_name != "pgoutput") {
    errors.push_back(
        "The 'plugin.name' value is invalid: connectd supports only the pgoutput plugin (set "
        "plugin.name=pgoutput; Debezium's default, decoderbufs, needs a server-side extension)");
  }
  c.slot_name = pc.getString("slot.name");
  c.slot_drop_on_stop = pc.getBoolean("slot.drop.on.stop");
  c.slot_max_retries = pc.getInt("slot.max.retries");
  c.slot_retry_delay_ms = pc.getLong("slot.retry.delay.ms");
  c.status_update_interval_ms = pc.getInt("status.update.interval.ms");
  c.publication_name = pc.getString("publication.name");
  const auto pub_mode = lower(pc.getString("publication.autocreate.mode"));
  c.publication_autocreate = pub_mode == "disabled"    ? PublicationAutocreateMode::kDisabled
                             : pub_mode == "filtered"  ? PublicationAutocreateMode::kFiltered
                             : pub_mode == "no_tables" ? PublicationAutocreateMode::kNoTables
                                                       : PublicationAutocreateMode::kAllTables;
  c.publish_via_partition_root = pc.getBoolean("publish.via.partition.root");
  try {
    c.filters = TableFilters(listOrEmpty(pc, "schema.include.list"), listOrEmpty(pc, "schema.exclude.list"),
                             listOrEmpty(pc, "table.include.list"), listOrEmpty(pc, "table.exclude.list"),
                             listOrEmpty(pc, "column.include.list"), listOrEmpty(pc, "column.exclude.list"));
  } catch (const ConfigException& e) {
    errors.insert(errors.end(), e.errors().begin(), e.errors().end());
  }
  const auto snap = lower(pc.getString("snapshot.mode"));
  c.snapshot_mode_never_alias = snap == "never";
  c.snapshot_mode = snap == "always"                         ? SnapshotMode::kAlways
                    : snap == "initial_only"                 ? SnapshotMode::kInitialOnly
                    : (snap == "no_data" || snap == "never") ? SnapshotMode::kNoData
                    : snap == "when_needed"                  ? SnapshotMode::kWhenNeeded
                                                             : SnapshotMode::kInitial;
  c.snapshot_fetch_size = pc.getInt("snapshot.fetch.size");
  c.heartbeat_interval_ms = pc.getInt("heartbeat.interval.ms");
  c.heartbeat_topic_prefix = pc.getString("topic.heartbeat.prefix");
  c.heartbeat_action_query = pc.getOptionalString("heartbeat.action.query").value_or("");
  c.transaction_topic = pc.getString("topic.transaction");
  c.max_batch_size = pc.getInt("max.batch.size");
  c.max_queue_size = pc.getInt("max.queue.size");
  c.max_queue_size_in_bytes = pc.getLong("max.queue.size.in.bytes");
  c.poll_interval_ms = pc.getLong("poll.interval.ms");
  c.errors_max_retries = pc.getInt("errors.max.retries");
  c.retriable_restart_wait_ms = pc.getLong("retriable.restart.connector.wait.ms");
  if (c.max_queue_size <= c.max_batch_size) {
    errors.push_back("The 'max.queue.size' value is invalid: Must be larger than the maximum batch size");
  }
  c.tombstones_on_delete = pc.getBoolean("tombstones.on.delete");
  c.provide_transaction_metadata = pc.getBoolean("provide.transaction.metadata");
  c.skipped_operations.clear();
  std::stringstream ops(pc.getString("skipped.operations"));
  for (std::string op; std::getline(ops, op, ',');) {
    op.erase(std::remove_if(op.begin(), op.end(), [](unsigned char ch) { return std::isspace(ch) != 0; }), op.end());
    op = lower(op);
    if (op == "none" || op.empty()) {
      continue;
    }
    if (op.size() != 1 || std::string("cudt").find(op[0]) == std::string::npos) {
      errors.push_back("The 'skipped.operations' value is invalid: " + op +
                       " is not a valid operation (c, u, d, t or none)");
      continue;
    }
    c.skipped_operations.insert(op[0]);
  }
  c.extended_headers = pc.getBoolean("extended.headers.enabled");
  c.topic_delimiter = pc.getString("topic.delimiter");
  try {
    c.type_modes = TypeModes::fromConfig(props);
  } catch (const ConfigException& e) {
    errors.insert(errors.end(), e.errors().begin(), e.errors().end());
  }
  if (!errors.empty()) {
    throw ConfigException(errors);
  }
  return c;
}

std::string PostgresConnectorConfig::connectionString(bool replication) const {
  std::string s = "host=" + quoteConnValue(hostname) + " port=" + std::to_string(port) +
                  " dbname=" + quoteConnValue(dbname) + " user=" + quoteConnValue(user) +
                  " password=" + quoteConnValue(password) + " sslmode=" + quoteConnValue(sslmode) +
                  " application_name='Debezium Streaming' connect_timeout=30" +
                  // The session settings pgoutput's and the snapshot's text output depend on (contract §3.2).
                  " options='-c DateStyle=ISO -c extra_float_digits=3 -c TimeZone=UTC -c IntervalStyle=postgres'"
                  " client_encoding=UTF8";
  if (!sslrootcert.empty()) {
    s += " sslrootcert=" + quoteConnValue(sslrootcert);
  }
  if (!sslcert.empty()) {
    s += " sslcert=" + quoteConnValue(sslcert);
  }
  if (!sslkey.empty()) {
    s += " sslkey=" + quoteConnValue(sslkey);
  }
  if (replication) {
    s += " replication=database";
  }
  return s;
}

std::string PostgresConnectorConfig::describeServer() const {
  return hostname + ":" + std::to_string(port) + "/" + dbname + " as user " + user;
}

}  // namespace connectd::postgres
