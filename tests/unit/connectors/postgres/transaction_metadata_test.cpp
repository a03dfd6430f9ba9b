// provide.transaction.metadata without a database: the transaction context's counting and its offset keys,
// the BEGIN/END records on <prefix>.transaction and the envelope's `transaction` block, byte for byte as
// JsonConverter writes them (Debezium 3.6.1's TransactionMonitor and PostgresTransactionMonitor).
#include <catch2/catch.hpp>

#include <regex>

#include "connectors/postgres/change_events.hpp"
#include "connectors/postgres/postgres_connector_config.hpp"
#include "converters/json_converter.hpp"

using namespace connectd;
using namespace connectd::postgres;

namespace {

ConfigMap txConfig(bool enabled) {
  return {{"connector.class", "io.debezium.connector.postgresql.PostgresConnector"},
          {"topic.prefix", "pg"},
          {"database.hostname", "db"},
          {"database.user", "debezium"},
          {"database.dbname", "app"},
          {"plugin.name", "pgoutput"},
          {"table.include.list", "public.t1,public.t2"},
          {"provide.transaction.metadata", enabled ? "true" : "false"}};
}

PgRelation table(const std::string& name) {
  PgRelation r;
  r.oid = 100;
  r.schema = "public";
  r.name = name;
  PgColumn id;
  id.name = "id";
  id.type.oid = 25;
  id.type.name = "text";
  id.type.category = 'S';
  r.columns = {id};
  r.primary_key = {"id"};
  return r;
}

std::string json(const SchemaPtr& schema, const Value& value) {
  converters::JsonConverter c;
  c.configure({}, false);
  const auto bytes = c.fromConnectData("t", {}, schema, value);
  REQUIRE(bytes.has_value());
  return std::string(bytes->begin(), bytes->end());
}

// A transaction xid 771 whose BEGIN is at LSN 1000, with events in t1, t2, t1.
Position inTransaction() {
  Position p;
  p.ts_usec = 1714557600123456;
  p.tx_id = 771;
  p.lsn = 1000;
  p.lsn_proc = 1000;
  p.lsn_commit = 900;
  p.message_type = "BEGIN";
  p.transaction.begin("771");
  return p;
}

}  // namespace

TEST_CASE("the transaction context counts events per data collection", "[postgres][txmeta]") {
  TransactionContext tx;
  CHECK_FALSE(tx.inProgress());
  tx.begin("771");
  CHECK(tx.inProgress());
  CHECK(tx.event("public.t1") == 1);
  CHECK(tx.event("public.t2") == 1);
  CHECK(tx.event("public.t1") == 2);
  CHECK(tx.total_events == 3);
  CHECK(tx.count("public.t1") == 2);
  CHECK(tx.count("public.x") == 0);
  // Java's HashMap puts public.t2 (bucket 14) before public.t1 (bucket 15), whatever came first.
  const auto ordered = tx.countsInJavaOrder();
  REQUIRE(ordered.size() == 2);
  CHECK(ordered[0] == std::pair<std::string, std::int64_t>{"public.t2", 1});
  CHECK(ordered[1] == std::pair<std::string, std::int64_t>{"public.t1", 2});
  tx.end();
  CHECK_FALSE(tx.inProgress());
  CHECK(tx.total_events == 0);
  CHECK(tx.per_collection.empty());
}

TEST_CASE("offsets carry the transaction context under Debezium's keys and read it back", "[postgres][txmeta]") {
  Position p = inTransaction();
  p.message_type = "INSERT";
  p.transaction.event("public.t1");
  p.transaction.event("public.t2");
  CHECK(p.toOffset().dump() ==
        R"({"transaction_id":"771","lsn_proc":1000,"messageType":"INSERT",)"
        R"("transaction_data_collection_order_public.t2":1,"lsn_commit":900,)"
        R"("transaction_data_collection_order_public.t1":1,"lsn":1000,"txId":771,"ts_usec":1714557600123456})");
  const auto back = Position::fromOffset(p.toOffset());
  CHECK(back.transaction.id == "771");
  CHECK(back.transaction.total_events == 2);
  CHECK(back.transaction.count("public.t1") == 1);
  CHECK(back.transaction.count("public.t2") == 1);

  p.transaction.end();
  CHECK(p.toOffset().dump().find("transaction") == std::string::npos);
}

TEST_CASE("BEGIN and END records are Debezium's TransactionMetadataKey/Value", "[postgres][txmeta]") {
  const auto config = PostgresConnectorConfig::parse(txConfig(true));
  EventBuilder builder(config, "run");
  Position p = inTransaction();
  const auto begin = builder.transactionBegin(p, 1714557600123456);
  CHECK(begin.topic() == "pg.transaction");
  CHECK_FALSE(begin.kafkaPartition().has_value());
  CHECK(begin.headers().empty());
  CHECK((*begin.sourceOffset())["transaction_id"] == "771");
  CHECK((*begin.sourceOffset())["messageType"] == "BEGIN");
  CHECK(json(begin.keySchema(), begin.key()) ==
        R"({"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"id"}],"optional":false,)"
        R"("name":"io.debezium.connector.common.TransactionMetadataKey","version":1},"payload":{"id":"771:1000"}})");
  const std::string value_schema =
      R"({"type":"struct","fields":[{"type":"string","optional":false,"field":"status"},)"
      R"({"type":"string","optional":false,"field":"id"},{"type":"int64","optional":true,"field":"event_count"},)"
      R"({"type":"array","items":{"type":"struct","fields":[{"type":"string","optional":false,)"
      R"("field":"data_collection"},{"type":"int64","optional":false,"field":"event_count"}],"optional":true,)"
      R"("name":"event.collection","version":1},"optional":true,"field":"data_collections"},)"
      R"({"type":"int64","optional":false,"field":"ts_ms"}],"optional":false,)"
      R"("name":"io.debezium.connector.common.TransactionMetadataValue","version":1})";
  CHECK(json(begin.valueSchema(), begin.value()) ==
        R"({"schema":)" + value_schema +
            R"(,"payload":{"status":"BEGIN","id":"771:1000","event_count":null,"data_collections":null,)"
            R"("ts_ms":1714557600123}})");

  p.transaction.event("public.t1");
  p.transaction.event("public.t2");
  p.transaction.event("public.t1");
  p.lsn = 1500;  // the COMMIT
  p.lsn_commit = 1500;
  p.message_type = "COMMIT";
  const auto end = builder.transactionEnd(p, 1714557600123456);
  CHECK(json(end.keySchema(), end.key()).find(R"("payload":{"id":"771:1500"})") != std::string::npos);
  CHECK(json(end.valueSchema(), end.value()) ==
        R"({"schema":)" + value_schema +
            R"(,"payload":{"status":"END","id":"771:1500","event_count":3,"data_collections":[)"
            R"({"data_collection":"public.t2","event_count":1},{"data_collection":"public.t1","event_count":2}],)"
            R"("ts_ms":1714557600123}})");
  CHECK((*end.sourceOffset())["transaction_data_collection_order_public.t1"] == 2);
}

TEST_CASE("data events carry the transaction block only when transaction metadata is on", "[postgres][txmeta]") {
  const TupleColumn id{TupleColumn::Kind::kText, "k1"};
  for (const bool enabled : {true, false}) {
    const auto config = PostgresConnectorConfig::parse(txConfig(enabled));
    EventBuilder builder(config, "run");
    TableSchema t1(table("t1"), config);
    Position p = inTransaction();
    p.transaction.event("public.t2");
    p.transaction.event("public.t1");
    p.lsn = 1234;
    SourceFields f;
    f.schema = "public";
    f.table = "t1";
    f.ts_usec = 1;
    const auto record =
        builder.change(t1, 'c', t1.keyValue({id}), nullptr, t1.valueStruct({id}, false), builder.source(f), p);
    const auto block = record.value().asStruct()->get("transaction");
    if (!enabled) {
      CHECK(block.isNull());
      continue;
    }
    REQUIRE_FALSE(block.isNull());
    CHECK(json(EventBuilder::transactionSchema(), block) ==
          R"({"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},)"
          R"({"type":"int64","optional":false,"field":"total_order"},)"
          R"({"type":"int64","optional":false,"field":"data_collection_order"}],"optional":true,)"
          R"("name":"event.block","version":1},"payload":{"id":"771:1234","total_order":2,)"
          R"("data_collection_order":1}})");
    // Outside a transaction (a snapshot record) the block stays null.
    Position snapshot;
    snapshot.snapshot = true;
    CHECK(builder.change(t1, 'r', t1.keyValue({id}), nullptr, t1.valueStruct({id}, false), builder.source(f), snapshot)
              .value()
              .asStruct()
              ->get("transaction")
              .isNull());
  }
}

TEST_CASE("topic.transaction names the transaction topic", "[postgres][txmeta]") {
  auto cfg = txConfig(true);
  cfg["topic.transaction"] = "tx-meta";
  const auto config = PostgresConnectorConfig::parse(cfg);
  CHECK(EventBuilder(config, "run").transactionTopic() == "pg.tx-meta");
}

TEST_CASE("an offset of a BEGIN record resumes its transaction without skipping an event", "[postgres][txmeta]") {
  Position stored = inTransaction();
  ResumeFilter f(stored);
  CHECK(f.skipTransaction(770, 800));  // committed before lsn_commit 900
  CHECK_FALSE(f.skipTransaction(771, 1600));
  CHECK(f.inPartialTransaction());
  CHECK_FALSE(f.skipEvent(1000, 1));
  CHECK_FALSE(f.skipEvent(1001, 1));
  f.endTransaction();
  CHECK_FALSE(f.inPartialTransaction());
}

TEST_CASE("a transactional message is counted under Java's Object.toString() of a new id", "[postgres][txmeta]") {
  const std::regex java_name(
      R"(io\.debezium\.connector\.postgresql\.LogicalDecodingMessageMonitor\$LogicalDecodingMessageId@[0-9a-f]{1,8})");
  const auto name = logicalDecodingMessageCollection();
  CHECK(std::regex_match(name, java_name));
  CHECK(name != logicalDecodingMessageCollection());  // one id per message, as Debezium makes them

  const auto config = PostgresConnectorConfig::parse(txConfig(true));
  EventBuilder builder(config, "run");
  Position p = inTransaction();
  p.transaction.event(name);
  SourceFields f;
  f.ts_usec = 1;
  const auto record = builder.message("audit", "row 6", builder.source(f), p, name);
  const auto& value = *record.value().asStruct();
  CHECK(value.get("transaction").asStruct()->get("data_collection_order") == Value::int64(1));
  // Debezium's message block is required and versioned.
  const auto& block = *record.valueSchema()->field("message")->schema();
  CHECK_FALSE(block.isOptional());
  CHECK(block.version() == 1);
  CHECK(builder.message("audit", "row 6", builder.source(f), p).value().asStruct()->get("transaction").isNull());
}
