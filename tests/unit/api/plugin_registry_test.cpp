// The plugin registry: canonical names, Kafka Connect's alias rules (simple name, name without the type
// suffix, ambiguous aliases dropped), instantiation by interface, and short actionable errors.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "connectd/api/plugin_registry.hpp"

using namespace connectd;

namespace {

const ConfigDef& emptyDef() {
  static const ConfigDef def;
  return def;
}

template <int N>
class FakeConnector : public SourceConnector {
 public:
  std::string version() const override { return "1." + std::to_string(N); }
  const ConfigDef& config() const override { return emptyDef(); }
  void start(const ConfigMap&) override {}
  std::vector<ConfigMap> taskConfigs(int) override { return {}; }
  void stop() override {}
  std::unique_ptr<SourceTask> createTask() const override { return nullptr; }
  std::string taskClass() const override { return "com.example.FakeTask"; }
};

class FakeTransform : public Transformation {
 public:
  std::string version() const override { return "t"; }
  const ConfigDef& config() const override { return emptyDef(); }
  void configure(const ConfigMap&) override {}
  std::optional<SourceRecord> apply(SourceRecord r) override { return r; }
};

class FakeStringConverter : public Converter, public HeaderConverter {
 public:
  std::string version() const override { return "c"; }
  const ConfigDef& config() const override { return emptyDef(); }
  void configure(const ConfigMap&, bool) override {}
  void configure(const ConfigMap&) override {}
  std::optional<Bytes> fromConnectData(const std::string&, const Headers&, const SchemaPtr&, const Value&) override {
    return std::nullopt;
  }
  SchemaAndValue toConnectData(const std::string&, const Headers&,
                               std::optional<std::span<const std::uint8_t>>) override {
    return {};
  }
  std::optional<Bytes> fromConnectHeader(const std::string&, const std::string&, const SchemaPtr&,
                                         const Value&) override {
    return std::nullopt;
  }
  SchemaAndValue toConnectHeader(const std::string&, const std::string&,
                                 std::optional<std::span<const std::uint8_t>>) override {
    return {};
  }
};

PluginRegistry makeRegistry() {
  PluginRegistry r;
  r.add<FakeConnector<1>>("io.debezium.connector.postgresql.PostgresConnector");
  r.add<FakeConnector<2>>("com.example.other.PostgresConnector");  // same simple name: ambiguous
  r.add<FakeConnector<3>>("org.apache.kafka.connect.file.FileStreamSourceConnector");
  r.add<FakeTransform>("org.apache.kafka.connect.transforms.Cast$Key");
  r.add<FakeTransform>("org.apache.kafka.connect.transforms.Cast$Value");
  r.add<FakeTransform>("org.apache.kafka.connect.transforms.ExtractField$Key");
  r.add<FakeTransform>("io.debezium.transforms.outbox.EventRouter");
  r.add<FakeStringConverter>("org.apache.kafka.connect.storage.StringConverter");
  return r;
}

}  // namespace

TEST_CASE("plugins resolve by canonical class name", "[api][registry]") {
  auto r = makeRegistry();
  CHECK(r.resolve(PluginType::kSource, "io.debezium.connector.postgresql.PostgresConnector") ==
        "io.debezium.connector.postgresql.PostgresConnector");
  CHECK(r.newSourceConnector("io.debezium.connector.postgresql.PostgresConnector")->version() == "1.1");
  CHECK(r.newTransformation("io.debezium.transforms.outbox.EventRouter") != nullptr);
}

TEST_CASE("aliases: the simple name and the name without its type suffix", "[api][registry]") {
  auto r = makeRegistry();
  CHECK(r.resolve(PluginType::kSource, "FileStreamSourceConnector") ==
        "org.apache.kafka.connect.file.FileStreamSourceConnector");
  CHECK(r.resolve(PluginType::kSource, "FileStreamSource") ==
        "org.apache.kafka.connect.file.FileStreamSourceConnector");
  CHECK(r.resolve(PluginType::kTransformation, "EventRouter") == "io.debezium.transforms.outbox.EventRouter");
  // A converter's suffix is "Converter"; as a header converter its suffix "HeaderConverter" does not apply.
  CHECK(r.resolve(PluginType::kConverter, "String") == "org.apache.kafka.connect.storage.StringConverter");
  CHECK(r.resolve(PluginType::kHeaderConverter, "StringConverter") ==
        "org.apache.kafka.connect.storage.StringConverter");
  // One class registered under two interfaces is still one class: its aliases are not ambiguous.
  CHECK(r.ambiguousAliases().count("StringConverter") == 0);
  CHECK(r.newConverter("StringConverter") != nullptr);
  CHECK(r.newHeaderConverter("String") != nullptr);
}

TEST_CASE("ambiguous aliases belong to no plugin", "[api][registry]") {
  auto r = makeRegistry();
  // Two classes named PostgresConnector: neither "PostgresConnector" nor "Postgres" is an alias.
  CHECK(r.aliases().count("PostgresConnector") == 0);
  CHECK(r.aliases().count("Postgres") == 0);
  REQUIRE(r.ambiguousAliases().count("Postgres") == 1);
  CHECK(r.ambiguousAliases().at("Postgres") ==
        std::vector<std::string>{"com.example.other.PostgresConnector",
                                 "io.debezium.connector.postgresql.PostgresConnector"});
  CHECK_THROWS_WITH(r.resolve(PluginType::kSource, "Postgres"),
                    "More than one plugin matches the alias Postgres; use the full class name: "
                    "com.example.other.PostgresConnector, io.debezium.connector.postgresql.PostgresConnector");
  // Nested classes' simple names ("Key", "Value") collide across transforms, as in Kafka.
  CHECK(r.aliases().count("Key") == 0);
  CHECK(r.ambiguousAliases().at("Key").size() == 2);
}

TEST_CASE("unknown plugins get a short message listing what exists", "[api][registry]") {
  auto r = makeRegistry();
  CHECK_THROWS_AS(r.newSourceConnector("io.debezium.connector.mysql.MySqlConnector"), NotFoundException);
  CHECK_THROWS_WITH(r.resolve(PluginType::kSource, "MySqlConnector"),
                    "No SourceConnector named MySqlConnector. Available: com.example.other.PostgresConnector, "
                    "io.debezium.connector.postgresql.PostgresConnector, "
                    "org.apache.kafka.connect.file.FileStreamSourceConnector");
  // A plugin of another type is not found under this one.
  CHECK_THROWS_AS(r.newTransformation("StringConverter"), NotFoundException);
}

TEST_CASE("the registry lists plugins with type, version and config, and refuses duplicates", "[api][registry]") {
  auto r = makeRegistry();
  CHECK(r.plugins(PluginType::kSource).size() == 3);
  CHECK(r.plugins(PluginType::kConverter).size() == 1);
  CHECK(r.plugins(PluginType::kHeaderConverter).size() == 1);
  const auto* d = r.find(PluginType::kSource, "org.apache.kafka.connect.file.FileStreamSourceConnector");
  REQUIRE(d != nullptr);
  CHECK(d->version == "1.3");
  CHECK(d->config_def != nullptr);
  CHECK(pluginTypeName(PluginType::kHeaderConverter) == "header_converter");
  CHECK_THROWS_AS(r.add<FakeTransform>("io.debezium.transforms.outbox.EventRouter"), ConnectException);
}
