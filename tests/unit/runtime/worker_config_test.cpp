// Worker configuration: the Debezium image's environment convention and the article's unprefixed
// variables, precedence over the properties file, listeners and the worker id.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "runtime/worker_config.hpp"

using namespace connectd;
using namespace connectd::runtime;

TEST_CASE("the Debezium image's named variables map to worker keys", "[runtime][worker-config]") {
  auto props = workerPropsFromEnv({{"BOOTSTRAP_SERVERS", "kafka:9092"},
                                   {"GROUP_ID", "1"},
                                   {"CONFIG_STORAGE_TOPIC", "my_connect_configs"},
                                   {"OFFSET_STORAGE_TOPIC", "my_connect_offsets"},
                                   {"STATUS_STORAGE_TOPIC", "my_connect_statuses"},
                                   {"KEY_CONVERTER", "org.apache.kafka.connect.storage.StringConverter"},
                                   {"HOST_NAME", "10.0.0.5"},
                                   {"ADVERTISED_PORT", "8084"},
                                   {"OFFSET_FLUSH_INTERVAL_MS", "10000"},
                                   {"SHUTDOWN_TIMEOUT", "20000"},
                                   {"UNRELATED", "x"}});
  CHECK(props.at("bootstrap.servers") == "kafka:9092");
  CHECK(props.at("group.id") == "1");
  CHECK(props.at("config.storage.topic") == "my_connect_configs");
  CHECK(props.at("offset.storage.topic") == "my_connect_offsets");
  CHECK(props.at("status.storage.topic") == "my_connect_statuses");
  CHECK(props.at("key.converter") == "org.apache.kafka.connect.storage.StringConverter");
  CHECK(props.at("rest.advertised.host.name") == "10.0.0.5");  // HOST_NAME is the default
  CHECK(props.at("rest.advertised.port") == "8084");
  CHECK(props.at("offset.flush.interval.ms") == "10000");
  CHECK(props.at("task.shutdown.graceful.timeout.ms") == "20000");
  CHECK(props.count("unrelated") == 0);
}

TEST_CASE("CONNECT_* becomes a dotted lower-case key and wins over named variables", "[runtime][worker-config]") {
  auto props = workerPropsFromEnv({{"CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE", "false"},
                                   {"BOOTSTRAP_SERVERS", "a:1"},
                                   {"CONNECT_BOOTSTRAP_SERVERS", "b:2"},
                                   {"CONNECT_CONFIG_PROVIDERS_ENV_PARAM_ALLOWLIST_PATTERN", "^DB_.*"}});
  CHECK(props.at("value.converter.schemas.enable") == "false");
  CHECK(props.at("bootstrap.servers") == "b:2");
  CHECK(props.at("config.providers.env.param.allowlist.pattern") == "^DB_.*");
}

TEST_CASE("the article's unprefixed provider and plugin-path variables are accepted", "[runtime][worker-config]") {
  auto props =
      workerPropsFromEnv({{"CONFIG_PROVIDERS", "file"},
                          {"CONFIG_PROVIDERS_FILE_CLASS", "org.apache.kafka.common.config.provider.FileConfigProvider"},
                          {"CONFIG_PROVIDERS_DIR_PARAM_ALLOWED_PATHS", "/opt/secrets"},
                          {"PLUGIN_PATH", "/kafka/connect"}});
  CHECK(props.at("config.providers") == "file");
  CHECK(props.at("config.providers.file.class") == "org.apache.kafka.common.config.provider.FileConfigProvider");
  CHECK(props.at("config.providers.dir.param.allowed.paths") == "/opt/secrets");
  CHECK(props.at("plugin.path") == "/kafka/connect");
}

TEST_CASE("the environment overrides the file and unknown keys are reported, not fatal", "[runtime][worker-config]") {
  auto cfg = WorkerConfig::load({{"bootstrap.servers", "file:9092"},
                                 {"listeners", "http://127.0.0.1:18083"},
                                 {"some.unknown.key", "1"},
                                 {"producer.linger.ms", "5"}},
                                {{"BOOTSTRAP_SERVERS", "env:9092"}, {"ADVERTISED_HOST_NAME", "connect-0"}});
  CHECK(cfg.bootstrapServers() == "env:9092");
  CHECK(cfg.listenerHost() == "127.0.0.1");
  CHECK(cfg.listenerPort() == 18083);
  CHECK(cfg.workerId() == "connect-0:18083");
  CHECK(cfg.unknownKeys() == std::vector<std::string>{"some.unknown.key"});
}

TEST_CASE("defaults and invalid worker values", "[runtime][worker-config]") {
  auto cfg = WorkerConfig::load({}, {});
  CHECK(cfg.bootstrapServers() == "localhost:9092");
  CHECK(cfg.listenerPort() == 8083);
  CHECK(cfg.listenerHost().empty());
  CHECK(cfg.parsed().getLong("offset.flush.interval.ms") == 60000);
  CHECK(cfg.parsed().getString("connector.client.config.override.policy") == "All");
  CHECK(cfg.parsed().getList("connector.client.config.override.allowlist").empty());
  CHECK_THROWS_AS(WorkerConfig::load({{"offset.flush.interval.ms", "soon"}}, {}), ConfigException);
  CHECK_THROWS_AS(WorkerConfig::load({{"listeners", "https://:8443"}}, {}), ConfigException);
  CHECK_THROWS_AS(WorkerConfig::load({{"listeners", "http://:99999"}}, {}), ConfigException);
  CHECK_THROWS_AS(WorkerConfig::load({{"connector.client.config.override.policy", "Some"}}, {}), ConfigException);
}
