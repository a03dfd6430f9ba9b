// connector.client.config.override.policy: which producer.override.* / admin.override.* keys a connector
// may set (Kafka's All / None / Principal / Allowlist ConnectorClientConfigOverridePolicy).
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/builtin_plugins.hpp"
#include "runtime/connector_config.hpp"

using namespace connectd;
using namespace connectd::runtime;

TEST_CASE("override policies decide which client keys a connector may set", "[runtime][override-policy]") {
  const ClientOverridePolicy all{"All", {}};
  const ClientOverridePolicy none{"None", {}};
  const ClientOverridePolicy principal{"Principal", {}};
  const ClientOverridePolicy allowlist{"Allowlist", {"linger.ms", "acks"}};
  const ClientOverridePolicy empty_allowlist{"Allowlist", {}};
  for (const char* key : {"linger.ms", "security.protocol", "sasl.jaas.config", "bootstrap.servers"}) {
    CHECK(all.allows(key));
    CHECK_FALSE(none.allows(key));
    CHECK_FALSE(empty_allowlist.allows(key));
  }
  CHECK(principal.allows("sasl.jaas.config"));
  CHECK(principal.allows("sasl.mechanism"));
  CHECK(principal.allows("security.protocol"));
  CHECK_FALSE(principal.allows("linger.ms"));
  CHECK_FALSE(principal.allows("sasl.kerberos.service.name"));
  CHECK(allowlist.allows("linger.ms"));
  CHECK(allowlist.allows("acks"));
  CHECK_FALSE(allowlist.allows("security.protocol"));
  CHECK(none.rejection("linger.ms") ==
        "The 'None' policy does not allow 'linger.ms' to be overridden in the connector configuration.");
}

TEST_CASE("a refused override is a validation error on its key", "[runtime][override-policy]") {
  PluginRegistry plugins;
  app::registerBuiltinPlugins(plugins);
  const ConfigProviders providers;
  const ConfigMap raw{{"name", "c"},
                      {"connector.class", "VerifiableSource"},
                      {"producer.override.linger.ms", "5"},
                      {"producer.override.security.protocol", "PLAINTEXT"},
                      {"producer.override.sasl.jaas.config", "secret-jaas"},
                      {"admin.override.linger.ms", "5"}};
  auto errors_of = [&](const ValidationResult& r, const std::string& key) {
    auto it =
        std::find_if(r.configs.begin(), r.configs.end(), [&](const ConfigInfo& c) { return c.value.name == key; });
    return it == r.configs.end() ? std::vector<std::string>{} : it->value.error_messages;
  };

  CHECK(validateConnectorConfig(plugins, providers, raw).error_count == 0);  // the default is All

  auto none = validateConnectorConfig(plugins, providers, raw, ClientOverridePolicy{"None", {}});
  CHECK(none.error_count == 3);  // admin.override.* only counts when the connector uses topic creation
  CHECK(errors_of(none, "producer.override.linger.ms") ==
        std::vector<std::string>{
            "The 'None' policy does not allow 'linger.ms' to be overridden in the connector configuration."});
  CHECK(errors_of(none, "admin.override.linger.ms").empty());
  for (const auto& c : none.configs) {
    if (c.value.name == "producer.override.sasl.jaas.config") {
      CHECK(displayValue(c.definition, c.value, raw, {}) == "[hidden]");
    }
  }

  auto principal = validateConnectorConfig(plugins, providers, raw, ClientOverridePolicy{"Principal", {}});
  CHECK(principal.error_count == 1);
  CHECK(errors_of(principal, "producer.override.security.protocol").empty());
  CHECK(errors_of(principal, "producer.override.linger.ms").size() == 1);

  ConfigMap with_topic_creation = raw;
  with_topic_creation["topic.creation.default.partitions"] = "1";
  with_topic_creation["topic.creation.default.replication.factor"] = "1";
  auto admin = validateConnectorConfig(plugins, providers, with_topic_creation, ClientOverridePolicy{"Principal", {}});
  CHECK(errors_of(admin, "admin.override.linger.ms") ==
        std::vector<std::string>{
            "The 'Principal' policy does not allow 'linger.ms' to be overridden in the connector configuration."});
}
