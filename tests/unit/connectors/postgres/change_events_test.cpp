// Debezium's PostgreSQL change events without a database: offsets in Debezium's key order, the source block,
// per-table schemas, context headers, tombstones, heartbeats, the restart de-duplication rules and the
// connector configuration. Text columns only, so the assertions hold whatever the type layer maps.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "connectors/postgres/change_events.hpp"
#include "connectors/postgres/postgres_connector.hpp"
#include "connectors/postgres/postgres_connector_config.hpp"

using namespace connectd;
using namespace connectd::postgres;

namespace {

ConfigMap articleConfig() {
  return {{"connector.class", "io.debezium.connector.postgresql.PostgresConnector"},
          {"tasks.max", "1"},
          {"topic.prefix", "pg"},
          {"database.hostname", "db"},
          {"database.port", "5432"},
          {"database.user", "debezium"},
          {"database.password", "secret"},
          {"database.dbname", "app"},
          {"plugin.name", "pgoutput"},
          {"slot.name", "dbz_outbox_slot"},
          {"publication.name", "dbz_outbox"},
          {"publication.autocreate.mode", "disabled"},
          {"table.include.list", "public.outboxevent"},
          {"snapshot.mode", "never"},
          {"include.schema.changes", "false"}};
}

PgColumn textColumn(const std::string& name, bool optional) {
  PgColumn c;
  c.name = name;
  c.type.oid = 25;
  c.type.name = "text";
  c.type.category = 'S';
  c.optional = optional;
  return c;
}

PgRelation relation() {
  PgRelation r;
  r.oid = 4242;
  r.schema = "public";
  r.name = "outboxevent";
  r.columns = {textColumn("id", false), textColumn("aggregatetype", false), textColumn("note", true)};
  r.primary_key = {"id"};
  return r;
}

TupleColumn text(std::string v) {
  return {TupleColumn::Kind::kText, std::move(v)};
}

std::vector<std::string> fieldNames(const Schema& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) {
    out.push_back(f.name());
  }
  return out;
}

}  // namespace

TEST_CASE("offsets are written in Java HashMap order with Debezium's keys", "[postgres]") {
  Position p;
  p.ts_usec = 1714557600123456;
  p.tx_id = 770;
  p.lsn = 24024160;
  p.lsn_proc = 24024160;
  p.lsn_commit = 24023928;
  p.message_type = "INSERT";
  CHECK(p.toOffset().dump() ==
        R"({"lsn_proc":24024160,"messageType":"INSERT","lsn_commit":24023928,"lsn":24024160,"txId":770,)"
        R"("ts_usec":1714557600123456})");
  // The same-LSN counter appears only when a second event shares the LSN, so single-row offsets stay as
  // Debezium 3.6 writes them.
  p.lsn_events = 3;
  const auto offset = p.toOffset();
  CHECK(offset["lsn_events_processed"] == 3);
  const auto back = Position::fromOffset(offset);
  CHECK(back.lsn == p.lsn);
  CHECK(back.lsn_proc == p.lsn_proc);
  CHECK(back.lsn_commit == p.lsn_commit);
  CHECK(back.tx_id == p.tx_id);
  CHECK(back.message_type == p.message_type);
  CHECK(back.lsn_events == 3);
  CHECK(back.flushableLsn() == p.lsn_commit);
}

TEST_CASE("snapshot offsets mark the snapshot and its last record", "[postgres]") {
  Position p;
  p.lsn = 100;
  p.tx_id = 5;
  p.ts_usec = 7;
  p.snapshot = true;
  p.last_snapshot_record = true;
  const auto offset = p.toOffset();
  CHECK(offset["snapshot"] == "INITIAL");
  CHECK(offset["last_snapshot_record"] == true);
  CHECK(offset["snapshot_completed"] == false);
  const auto back = Position::fromOffset(offset);
  CHECK(back.snapshot);
  CHECK(back.last_snapshot_record);
}

TEST_CASE("sequence is Jackson's compact JSON array of decimal strings", "[postgres]") {
  CHECK(sequenceJson(24023928, 24024160) == R"(["24023928","24024160"])");
  CHECK(sequenceJson(std::nullopt, 5) == R"([null,"5"])");
}

TEST_CASE("the source block has Debezium 3.6's fields, types and defaults", "[postgres]") {
  const auto& s = *EventBuilder::sourceSchema();
  CHECK(s.name() == "io.debezium.connector.postgresql.Source");
  CHECK(s.version() == 1);
  CHECK(fieldNames(s) == std::vector<std::string>{"version", "connector", "name", "ts_ms", "snapshot", "db", "sequence",
                                                  "ts_us", "ts_ns", "schema", "table", "txId", "lsn", "xmin", "origin",
                                                  "origin_lsn"});
  const auto& snap = *s.field("snapshot")->schema();
  CHECK(snap.name() == "io.debezium.data.Enum");
  CHECK(snap.isOptional());
  CHECK(snap.defaultValue() == Value::string("false"));
  REQUIRE(snap.parameter("allowed") != nullptr);
  CHECK(*snap.parameter("allowed") ==
        "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental");
  CHECK_FALSE(s.field("ts_ms")->schema()->isOptional());
  CHECK(s.field("txId")->schema()->isOptional());

  const auto config = PostgresConnectorConfig::parse(articleConfig());
  EventBuilder builder(config, "run");
  SourceFields f;
  f.schema = "public";
  f.table = "outboxevent";
  f.ts_usec = 1714557600123456;
  f.tx_id = 770;
  f.lsn = 24024160;
  f.last_commit_lsn = 24023928;
  const auto src = builder.source(f);
  CHECK(src->get("version") == Value::string(versions::kDebezium));
  CHECK(src->get("connector") == Value::string("postgresql"));
  CHECK(src->get("name") == Value::string("pg"));
  CHECK(src->get("db") == Value::string("app"));
  CHECK(src->get("ts_ms") == Value::int64(1714557600123));
  CHECK(src->get("ts_us") == Value::int64(1714557600123456));
  CHECK(src->get("ts_ns") == Value::int64(1714557600123456000));
  CHECK(src->getWithoutDefault("snapshot").isNull());
  CHECK(src->get("sequence") == Value::string(R"(["24023928","24024160"])"));
  CHECK(src->get("txId") == Value::int64(770));
  CHECK(src->get("lsn") == Value::int64(24024160));
  CHECK(src->get("xmin").isNull());
}

TEST_CASE("a table's topic and key, value and envelope schemas follow Debezium's naming", "[postgres]") {
  const auto config = PostgresConnectorConfig::parse(articleConfig());
  TableSchema table(relation(), config);
  CHECK(table.topic() == "pg.public.outboxevent");
  REQUIRE(table.keySchema());
  CHECK(table.keySchema()->name() == "pg.public.outboxevent.Key");
  CHECK_FALSE(table.keySchema()->isOptional());
  CHECK(fieldNames(*table.keySchema()) == std::vector<std::string>{"id"});
  CHECK(table.valueSchema()->name() == "pg.public.outboxevent.Value");
  CHECK(table.valueSchema()->isOptional());
  CHECK(fieldNames(*table.valueSchema()) == std::vector<std::string>{"id", "aggregatetype", "note"});
  const auto& env = *table.envelopeSchema();
  CHECK(env.name() == "pg.public.outboxevent.Envelope");
  CHECK(env.version() == 2);
  CHECK(fieldNames(env) ==
        std::vector<std::string>{"before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"});
  CHECK(env.field("transaction")->schema()->name() == "event.block");

  auto cfg = articleConfig();
  cfg["column.exclude.list"] = "public\\.outboxevent\\.NOTE";
  const auto filtered = PostgresConnectorConfig::parse(cfg);
  CHECK(fieldNames(*TableSchema(relation(), filtered).valueSchema()) ==
        std::vector<std::string>{"id", "aggregatetype"});
}

TEST_CASE("rows become value structs with Debezium's fallbacks and TOAST handling", "[postgres]") {
  const auto config = PostgresConnectorConfig::parse(articleConfig());
  TableSchema table(relation(), config);
  // A DEFAULT-identity old key: the NOT NULL non-key column gets its type's fallback, the nullable one null.
  const auto before = table.valueStruct({text("k1"), {}, {}}, true);
  CHECK(before->get("id") == Value::string("k1"));
  CHECK(before->get("aggregatetype") == Value::string(""));
  CHECK(before->get("note").isNull());
  // A new row must carry its NOT NULL columns.
  CHECK_THROWS_AS(table.valueStruct({text("k1"), {}, {}}, false), DataException);
  // Unchanged TOAST: the placeholder, or the FULL old row's value.
  const std::vector<TupleColumn> updated{text("k1"), text("users"), {TupleColumn::Kind::kUnchangedToast, {}}};
  CHECK(table.valueStruct(updated, false)->get("note") == Value::string("__debezium_unavailable_value"));
  const std::vector<TupleColumn> old_full{text("k1"), text("users"), text("long text")};
  CHECK(table.valueStruct(updated, false, &old_full)->get("note") == Value::string("long text"));
  CHECK(table.keyValue(updated).asStruct()->get("id") == Value::string("k1"));
}

TEST_CASE("change records carry the context headers, and tombstones repeat key and headers", "[postgres]") {
  auto cfg = articleConfig();
  const auto config = PostgresConnectorConfig::parse(cfg);
  EventBuilder builder(config, "3f1c2a52-0000-4000-8000-000000000000");
  TableSchema table(relation(), config);
  Position pos;
  pos.lsn = 10;
  const std::vector<TupleColumn> row{text("k1"), text("users"), {}};
  SourceFields f;
  f.schema = "public";
  f.table = "outboxevent";
  f.ts_usec = 1;
  const auto record =
      builder.change(table, 'c', table.keyValue(row), nullptr, table.valueStruct(row, false), builder.source(f), pos);
  CHECK(record.topic() == "pg.public.outboxevent");
  CHECK_FALSE(record.kafkaPartition().has_value());
  CHECK_FALSE(record.timestamp().has_value());
  CHECK(record.sourcePartition()->dump() == R"({"server":"pg"})");
  CHECK(record.sourceOffset()->dump() == R"({"lsn":10})");
  const auto& env = *record.value().asStruct();
  CHECK(env.get("op") == Value::string("c"));
  CHECK(env.get("before").isNull());
  CHECK(env.get("after").asStruct()->get("aggregatetype") == Value::string("users"));
  CHECK_FALSE(env.get("ts_ms").isNull());
  REQUIRE(record.headers().size() == 4);
  CHECK(record.headers()[0].key == "__debezium.context.connectorLogicalName");
  CHECK(record.headers()[0].value == Value::string("pg"));
  CHECK(record.headers()[1].key == "__debezium.context.taskId");
  CHECK(record.headers()[1].value == Value::string("0"));
  CHECK(record.headers()[2].key == "__debezium.context.connectorName");
  CHECK(record.headers()[2].value == Value::string("postgresql"));
  CHECK(record.headers()[3].key == "__debezium.context.runId");

  const auto tomb = builder.tombstone(record);
  CHECK(tomb.value().isNull());
  CHECK(tomb.valueSchema() == nullptr);
  CHECK(tomb.key() == record.key());
  CHECK(tomb.headers() == record.headers());

  cfg["extended.headers.enabled"] = "false";
  const auto plain = PostgresConnectorConfig::parse(cfg);
  EventBuilder quiet(plain, "run");
  CHECK(quiet.change(table, 'c', table.keyValue(row), nullptr, table.valueStruct(row, false), quiet.source(f), pos)
            .headers()
            .empty());
}

TEST_CASE("a struct value built on a differently-optional schema is re-homed onto the field's", "[postgres]") {
  auto config = PostgresConnectorConfig::parse(articleConfig());
  auto rel = relation();
  PgColumn num;
  num.name = "amount";
  num.type.oid = 1700;
  num.type.name = "numeric";
  num.type.category = 'N';
  num.optional = true;
  rel.columns.push_back(num);
  TableSchema table(rel, config);
  const std::vector<TupleColumn> row{text("k1"), text("users"), {}, text("12.50")};
  // Whatever the type layer maps numeric to, putting its value must not fail on the struct's schema.
  const auto value = table.valueStruct(row, false);
  CHECK_FALSE(value->get("amount").isNull());
}

TEST_CASE("the runId is a version-7 UUID", "[postgres]") {
  const auto id = randomUuid();
  REQUIRE(id.size() == 36);
  CHECK(id[14] == '7');
  CHECK(std::string("89ab").find(id[19]) != std::string::npos);
  CHECK(id != randomUuid());
}

TEST_CASE("heartbeats go to partition 0 of __debezium-heartbeat.<prefix>", "[postgres]") {
  const auto config = PostgresConnectorConfig::parse(articleConfig());
  EventBuilder builder(config, "run");
  Position pos;
  pos.lsn_commit = 99;
  const auto hb = builder.heartbeat(pos);
  CHECK(hb.topic() == "__debezium-heartbeat.pg");
  CHECK(hb.kafkaPartition() == 0);
  CHECK(hb.keySchema()->name() == "io.debezium.connector.common.ServerNameKey");
  CHECK(hb.key().asStruct()->get("serverName") == Value::string("pg"));
  CHECK(hb.valueSchema()->name() == "io.debezium.connector.common.Heartbeat");
  CHECK(hb.headers().empty());
  CHECK((*hb.sourceOffset())["lsn_commit"] == 99);
}

TEST_CASE("restart de-duplication skips exactly what was delivered", "[postgres]") {
  SECTION("inside a transaction, rows sharing one LSN are counted") {
    Position stored;
    stored.lsn_commit = 1000;
    stored.tx_id = 77;
    stored.lsn = 2000;
    stored.lsn_proc = 2000;
    stored.lsn_events = 2;
    stored.message_type = "INSERT";
    ResumeFilter f(stored);
    CHECK(f.skipTransaction(70, 900));         // committed before the stored commit: delivered
    CHECK_FALSE(f.skipTransaction(77, 3000));  // the partly delivered transaction
    CHECK(f.skipEvent(1500, 1));
    CHECK(f.skipEvent(2000, 1));
    CHECK(f.skipEvent(2000, 2));
    CHECK_FALSE(f.skipEvent(2000, 3));
    CHECK_FALSE(f.skipEvent(2100, 1));
    f.endTransaction();
    CHECK_FALSE(f.skipTransaction(78, 3100));
    CHECK_FALSE(f.skipEvent(10, 1));
  }
  SECTION("a concurrent transaction that commits later is not mistaken for delivered") {
    Position stored;
    stored.lsn_commit = 1000;
    stored.tx_id = 77;
    stored.lsn = 2000;
    stored.message_type = "UPDATE";
    ResumeFilter f(stored);
    CHECK_FALSE(f.skipTransaction(76, 4000));  // began before, committed after tx 77
    CHECK_FALSE(f.skipEvent(1200, 1));
  }
  SECTION("after a COMMIT offset only earlier commits are skipped") {
    Position stored;
    stored.lsn_commit = 1000;
    stored.lsn_proc = 1000;
    stored.tx_id = 77;
    stored.message_type = "COMMIT";
    ResumeFilter f(stored);
    CHECK(f.skipTransaction(77, 950));
    CHECK_FALSE(f.skipTransaction(78, 1000));
    CHECK_FALSE(f.skipEvent(500, 1));
  }
}

TEST_CASE("the connector configuration parses the article's JSON and reports every error", "[postgres]") {
  const auto c = PostgresConnectorConfig::parse(articleConfig());
  CHECK(c.topic_prefix == "pg");
  CHECK(c.slot_name == "dbz_outbox_slot");
  CHECK(c.publication_name == "dbz_outbox");
  CHECK(c.publication_autocreate == PublicationAutocreateMode::kDisabled);
  CHECK(c.snapshot_mode == SnapshotMode::kNoData);
  CHECK(c.snapshot_mode_never_alias);
  CHECK(c.sslmode == "prefer");
  CHECK(c.tombstones_on_delete);
  CHECK(c.skipped_operations == std::set<char>{'t'});
  CHECK(c.filters.includeTable("public", "outboxevent"));
  CHECK(c.filters.includeTable("PUBLIC", "OutboxEvent"));         // case-insensitive
  CHECK_FALSE(c.filters.includeTable("public", "outboxevent2"));  // anchored
  CHECK_FALSE(c.filters.includeTable("pg_catalog", "pg_class"));
  const auto conninfo = c.connectionString(true);
  CHECK(conninfo.find("replication=database") != std::string::npos);
  CHECK(conninfo.find("DateStyle=ISO") != std::string::npos);
  CHECK(conninfo.find("TimeZone=UTC") != std::string::npos);
  CHECK(conninfo.find("extra_float_digits=3") != std::string::npos);
  CHECK(conninfo.find("IntervalStyle=postgres") != std::string::npos);
  CHECK(c.describeServer().find("secret") == std::string::npos);

  ConfigMap bad = articleConfig();
  bad["plugin.name"] = "decoderbufs";
  bad["skipped.operations"] = "c,x";
  bad["max.queue.size"] = "10";
  bad["max.batch.size"] = "20";
  try {
    PostgresConnectorConfig::parse(bad);
    FAIL("expected a ConfigException");
  } catch (const ConfigException& e) {
    CHECK(e.errors().size() == 3);
  }
  ConfigMap missing = articleConfig();
  missing.erase("topic.prefix");
  CHECK_THROWS_AS(PostgresConnectorConfig::parse(missing), ConfigException);
  PostgresConnector connector;
  CHECK(connector.config().find("publication.autocreate.mode") != nullptr);
  CHECK(connector.config().find("publication.autocreate.mode")->defaultValue() ==
        ConfigValueData(std::string("all_tables")));
  CHECK(connector.config().find("plugin.name")->defaultValue() == ConfigValueData(std::string("decoderbufs")));
  CHECK(connector.taskClass() == "io.debezium.connector.postgresql.PostgresConnectorTask");
  connector.start(articleConfig());
  CHECK(connector.taskConfigs(3).size() == 1);
}
