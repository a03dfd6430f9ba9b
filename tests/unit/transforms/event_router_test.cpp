// EventRouter on the article's outbox record, built as the Postgres connector emits it (Debezium
// contract §2) and configured from the article's own connector JSON through the transform chain.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/builtin_plugins.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/plugin_registry.hpp"
#include "connectd/api/struct.hpp"
#include "runtime/connector_config.hpp"
#include "runtime/transformation_chain.hpp"
#include "transforms/outbox/event_router.hpp"

using namespace connectd;
using connectd::transforms::EventRouter;

namespace {

constexpr const char* kTimestampText = "2026-12-01T21:20:08.123456Z";
constexpr std::int64_t kEnvelopeTsMs = 1764624008200;

SchemaPtr sourceSchema() {
  return SchemaBuilder::structBuilder()
      .name("io.debezium.connector.postgresql.Source")
      .version(1)
      .field("version", Schema::string())
      .field("connector", Schema::string())
      .field("name", Schema::string())
      .field("ts_ms", Schema::int64())
      .field("snapshot",
             SchemaBuilder::string()
                 .optional()
                 .name("io.debezium.data.Enum")
                 .version(1)
                 .parameter("allowed",
                            "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
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
}

struct Article {
  SchemaPtr id_schema = logical::debeziumBuilder(logical::kUuid, SchemaType::kString).build();
  SchemaPtr ts_schema = logical::debeziumBuilder(logical::kZonedTimestamp, SchemaType::kString).build();
  SchemaPtr row_schema = [this] {
    auto b = SchemaBuilder::structBuilder();
    b.name("pg.public.outboxevent.Value")
        .field("id", id_schema)
        .field("aggregatetype", Schema::string())
        .field("aggregateid", Schema::string())
        .field("type", Schema::string())
        .field("payload", Schema::bytes())
        .field("timestamp", ts_schema);
    return b.optional().build();
  }();
  SchemaPtr key_schema =
      SchemaBuilder::structBuilder().name("pg.public.outboxevent.Key").field("id", id_schema).build();
  SchemaPtr envelope_schema = SchemaBuilder::structBuilder()
                                  .name("pg.public.outboxevent.Envelope")
                                  .version(2)
                                  .field("before", row_schema)
                                  .field("after", row_schema)
                                  .field("source", sourceSchema())
                                  .field("transaction", SchemaBuilder::structBuilder()
                                                            .optional()
                                                            .name("event.block")
                                                            .version(1)
                                                            .field("id", Schema::string())
                                                            .field("total_order", Schema::int64())
                                                            .field("data_collection_order", Schema::int64())
                                                            .build())
                                  .field("op", Schema::string())
                                  .field("ts_ms", Schema::optionalInt64())
                                  .field("ts_us", Schema::optionalInt64())
                                  .field("ts_ns", Schema::optionalInt64())
                                  .build();

  // The change event of test-insert.sql's row.
  SourceRecord record(const std::string& op = "c") const {
    auto row = Struct::make(row_schema);
    row->put("id", Value::string("4d47e190-0402-4048-bc2c-89dd54343cdc"))
        .put("aggregatetype", Value::string("users"))
        .put("aggregateid", Value::string("u-123"))
        .put("type", Value::string("UserCreated"))
        .put("payload", Value::bytes({0xDE, 0xAD, 0xBE, 0xEF}))
        .put("timestamp", Value::string(kTimestampText));
    auto source = Struct::make(sourceSchema());
    source->put("version", Value::string("3.6.1.Final"))
        .put("connector", Value::string("postgresql"))
        .put("name", Value::string("pg"))
        .put("ts_ms", Value::int64(kEnvelopeTsMs - 100))
        .put("db", Value::string("usersdb"))
        .put("sequence", Value::string("[null,\"23760432\"]"))
        .put("schema", Value::string("public"))
        .put("table", Value::string("outboxevent"))
        .put("txId", Value::int64(742))
        .put("lsn", Value::int64(23760432));
    auto envelope = Struct::make(envelope_schema);
    envelope->put("after", Value::structValue(row))
        .put("source", Value::structValue(source))
        .put("op", Value::string(op))
        .put("ts_ms", Value::int64(kEnvelopeTsMs));
    auto key = Struct::make(key_schema);
    key->put("id", Value::string("4d47e190-0402-4048-bc2c-89dd54343cdc"));
    Headers headers;
    headers.addString("__debezium.context.connectorLogicalName", "pg")
        .addString("__debezium.context.taskId", "0")
        .addString("__debezium.context.connectorName", "postgresql")
        .addString("__debezium.context.runId", "0b0f4a52-8a55-4a8e-9a27-6f3c1d2e4b5a");
    auto partition = std::make_shared<const OffsetMap>(OffsetMap{{"server", "pg"}});
    auto offset = std::make_shared<const OffsetMap>(OffsetMap{{"lsn", 23760432}, {"txId", 742}});
    return SourceRecord(partition, offset, "pg.public.outboxevent", std::nullopt, key_schema, Value::structValue(key),
                        envelope_schema, Value::structValue(envelope), std::nullopt, headers);
  }
};

ConfigMap articleConnectorConfig() {
  std::ifstream in(std::string(CONNECTD_SOURCE_DIR) + "/tests/conformance/article/pg-outbox-config.json");
  std::stringstream text;
  text << in.rdbuf();
  ConfigMap out;
  const auto json = nlohmann::json::parse(text.str());
  for (const auto& [k, v] : json.items()) {
    out[k] = v.get<std::string>();
  }
  return out;
}

void checkArticleOutput(const Article& a, const SourceRecord& out) {
  CHECK(out.topic() == "outbox.event.users");
  CHECK_FALSE(out.kafkaPartition());
  REQUIRE(out.keySchema());
  CHECK(*out.keySchema() == *Schema::string());
  CHECK(out.key() == Value::string("u-123"));
  REQUIRE(out.valueSchema());
  CHECK(*out.valueSchema() == *Schema::bytes());
  CHECK(out.value() == Value::bytes({0xDE, 0xAD, 0xBE, 0xEF}));
  CHECK(out.timestamp() == kEnvelopeTsMs);
  REQUIRE(out.headers().size() == 7);
  const std::vector<std::string> keys = {"__debezium.context.connectorLogicalName",
                                         "__debezium.context.taskId",
                                         "__debezium.context.connectorName",
                                         "__debezium.context.runId",
                                         "id",
                                         "eventType",
                                         "ts"};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(out.headers()[i].key == keys[i]);
  }
  CHECK(out.headers()[4].value == Value::string("4d47e190-0402-4048-bc2c-89dd54343cdc"));
  CHECK(schemaEquals(out.headers()[4].schema, a.id_schema));
  CHECK(out.headers()[5].value == Value::string("UserCreated"));
  CHECK(schemaEquals(out.headers()[5].schema, Schema::string()));
  CHECK(out.headers()[6].value == Value::string(kTimestampText));
  CHECK(schemaEquals(out.headers()[6].schema, a.ts_schema));
  // The source partition and offset travel with the record, for offset commits.
  REQUIRE(out.sourceOffset());
  CHECK((*out.sourceOffset())["lsn"] == 23760432);
}

}  // namespace

TEST_CASE("EventRouter routes the article's row as Debezium 3.6.1 does", "[transforms][outbox]") {
  const Article a;
  const ConfigMap connector = articleConnectorConfig();
  ConfigMap props = configWithPrefix(connector, "transforms.outbox.");
  props.erase("type");
  EventRouter router;
  router.configure(props);
  const auto out = router.apply(a.record());
  REQUIRE(out);
  checkArticleOutput(a, *out);

  SECTION("snapshot rows are routed like inserts") {
    const auto read = router.apply(a.record("r"));
    REQUIRE(read);
    checkArticleOutput(a, *read);
  }
  SECTION("updates and deletes are dropped") {
    CHECK_FALSE(router.apply(a.record("u")));
    CHECK_FALSE(router.apply(a.record("d")));
  }
}

TEST_CASE("The article's connector config builds a chain with the EventRouter", "[transforms][outbox]") {
  PluginRegistry registry;
  app::registerBuiltinPlugins(registry);
  CHECK(registry.resolve(PluginType::kTransformation, "EventRouter") == EventRouter::kClassName);
  const Article a;
  auto chain = runtime::TransformationChain::fromConfig(registry, articleConnectorConfig());
  const auto out = chain.apply(a.record());
  REQUIRE(out);
  checkArticleOutput(a, *out);
  chain.close();
}

TEST_CASE("EventRouter's ConfigDef reports every bad key", "[transforms][outbox]") {
  EventRouter router;
  const auto results = router.config().validate({{"table.op.invalid.behavior", "explode"},
                                                 {"route.topic.regex", "(unclosed"},
                                                 {"table.fields.additional.placement", "type:somewhere"}});
  std::size_t with_errors = 0;
  for (const auto& r : results) {
    with_errors += r.error_messages.empty() ? 0 : 1;
  }
  // An unknown placement is not a configuration error in Debezium 3.6.1: it fails the first outbox row
  // (golden case EventRouter/placement_unknown_fails_on_apply.json).
  CHECK(with_errors == 2);
  CHECK_THROWS_AS(router.configure({{"route.topic.regex", "(unclosed"}}), ConfigException);
  CHECK(EventRouter::parseAdditionalFields(" type : header : eventType ,ts:envelope").size() == 2);
  CHECK(EventRouter::parseAdditionalFields(" type : header : eventType ,ts:envelope")[0].alias == "eventType");
  CHECK(EventRouter::parseAdditionalFields("p:PARTITION")[0].placement == EventRouter::Placement::kPartition);
}

TEST_CASE("The article's config validates cleanly against the EventRouter's ConfigDef", "[transforms][outbox]") {
  PluginRegistry registry;
  app::registerBuiltinPlugins(registry);
  ConfigMap config = articleConnectorConfig();
  config["name"] = "pg-outbox";  // REST takes it from the URL
  const ConfigDef def = runtime::enrichedConnectorConfigDef(registry, config);
  std::size_t outbox_keys = 0;
  for (const auto& v : def.validate(config)) {
    if (v.name.rfind("transforms.outbox.", 0) == 0) {
      ++outbox_keys;
      INFO(v.name);
      CHECK(v.error_messages.empty());
    }
  }
  // type, predicate, negate and the router's own keys.
  CHECK(outbox_keys >= EventRouter().config().keys().size());
  ConfigMap bad = config;
  bad["transforms.outbox.table.op.invalid.behavior"] = "explode";
  std::size_t errors = 0;
  for (const auto& v : def.validate(bad)) {
    errors += v.error_messages.size();
  }
  CHECK(errors == 1);
}
