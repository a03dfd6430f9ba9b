// The framework side of a connector configuration (Kafka's ConnectorConfig / SourceConnectorConfig):
// the common keys every connector has, one group per transform and predicate alias, and the validation
// that GET …/config/validate and every create/update run: framework keys, then the connector's own
// ConfigDef and validate(), then converters — reporting every error at once.
#pragma once

#include <string>
#include <vector>

#include "connectd/api/config_def.hpp"
#include "connectd/api/plugin_registry.hpp"
#include "runtime/config_providers.hpp"

namespace connectd::runtime {

namespace connector_keys {
inline constexpr const char* kName = "name";
inline constexpr const char* kConnectorClass = "connector.class";
inline constexpr const char* kTasksMax = "tasks.max";
inline constexpr const char* kKeyConverter = "key.converter";
inline constexpr const char* kValueConverter = "value.converter";
inline constexpr const char* kHeaderConverter = "header.converter";
inline constexpr const char* kTransforms = "transforms";
inline constexpr const char* kPredicates = "predicates";
inline constexpr const char* kErrorsTolerance = "errors.tolerance";
inline constexpr const char* kErrorsLogEnable = "errors.log.enable";
inline constexpr const char* kErrorsLogIncludeMessages = "errors.log.include.messages";
}  // namespace connector_keys

// The common keys of every source connector.
const ConfigDef& sourceConnectorConfigDef();

// The common keys plus, for each transform and predicate alias in `props`, its type/predicate/negate keys
// and the plugin's own keys under "transforms.<alias>." / "predicates.<alias>." (group
// "Transforms: <alias>" / "Predicates: <alias>"). Aliases whose type cannot be resolved get only their
// type key, whose validation then reports the problem.
ConfigDef enrichedConnectorConfigDef(const PluginRegistry& plugins, const ConfigMap& props);

struct ConfigInfo {
  ConfigKey definition;
  ConfigValue value;
};

// The outcome of validating a connector configuration (Kafka's ConfigInfos).
struct ValidationResult {
  std::string name;  // connector.class as given
  int error_count = 0;
  std::vector<std::string> groups;
  std::vector<ConfigInfo> configs;
  // "…\n<error>\n<error>…" lines for the 400 message of a create or update.
  std::vector<std::string> errorLines() const;
};

// The worker's connector.client.config.override.policy (Kafka's ConnectorClientConfigOverridePolicy):
// which client keys a connector may set under producer.override.* (and admin.override.* when it uses
// topic creation). The default, as in Kafka 4.x, is All.
struct ClientOverridePolicy {
  std::string name = "All";            // All, None, Principal or Allowlist
  std::vector<std::string> allowlist;  // connector.client.config.override.allowlist, for Allowlist

  // Whether the policy lets a connector override this client key (given without its prefix).
  bool allows(const std::string& client_key) const;
  // Kafka's error message for a key the policy refuses.
  std::string rejection(const std::string& client_key) const;
};

// Validates a raw connector configuration. Placeholders are resolved for validation only; the values
// reported for keys that held a placeholder, and for PASSWORD keys, are the raw ones / "[hidden]".
// Throws BadRequestException when connector.class is missing and NotFoundException when it names no
// connector.
// Client override keys the policy refuses are errors on those keys.
ValidationResult validateConnectorConfig(const PluginRegistry& plugins, const ConfigProviders& providers,
                                         const ConfigMap& raw, const ClientOverridePolicy& policy = {});

// The value shown for a key in validation output: "[hidden]" for passwords, the raw placeholder for
// provider-resolved keys, else the parsed value's string form.
std::optional<std::string> displayValue(const ConfigKey& key, const ConfigValue& value, const ConfigMap& raw,
                                        const std::set<std::string>& keys_with_placeholders);

}  // namespace connectd::runtime
