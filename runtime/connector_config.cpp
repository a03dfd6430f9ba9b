// Connector configuration and its validation; see connector_config.hpp.
#include "runtime/connector_config.hpp"

#include <algorithm>
#include <set>

#include "connectd/api/errors.hpp"
#include "runtime/secrets.hpp"

namespace connectd::runtime {
namespace {

constexpr const char* kCommonGroup = "Common";
constexpr const char* kTransformsGroup = "Transforms";
constexpr const char* kPredicatesGroup = "Predicates";
constexpr const char* kErrorGroup = "Error Handling";

// Aliases must be unique (Kafka's aliasValidator).
ValidatorPtr uniqueAliases(const std::string& kind) {
  return validators::lambda(
      [kind](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
        const auto* list = std::get_if<std::vector<std::string>>(&v);
        if (list == nullptr) {
          return std::nullopt;
        }
        std::set<std::string> seen;
        for (const auto& a : *list) {
          if (!seen.insert(a).second) {
            return "Duplicate alias provided.";
          }
        }
        return std::nullopt;
      },
      "unique " + kind + " aliases");
}

ConfigDef buildSourceConnectorConfigDef() {
  using namespace connector_keys;
  ConfigDef def;
  int order = 0;
  def.define(kName, ConfigType::kString)
      .validator(validators::nonEmptyString())
      .importance(Importance::kHigh)
      .doc("Globally unique name of this connector.")
      .group(kCommonGroup)
      .orderInGroup(++order)
      .width(Width::kMedium)
      .displayName("Connector name");
  def.define(kConnectorClass, ConfigType::kString)
      .importance(Importance::kHigh)
      .doc("Name or alias of the connector class, e.g. io.debezium.connector.postgresql.PostgresConnector.")
      .group(kCommonGroup)
      .orderInGroup(++order)
      .width(Width::kLong)
      .displayName("Connector class");
  def.define(kTasksMax, ConfigType::kInt)
      .defaultValue("1")
      .validator(validators::atLeast(1))
      .importance(Importance::kHigh)
      .doc("Maximum number of tasks to use for this connector.")
      .group(kCommonGroup)
      .orderInGroup(++order)
      .width(Width::kShort)
      .displayName("Tasks max");
  def.define("tasks.max.enforce", ConfigType::kBoolean)
      .defaultValue("true")
      .importance(Importance::kLow)
      .doc("Fail the connector when it returns more task configurations than tasks.max (deprecated).")
      .group(kCommonGroup)
      .orderInGroup(++order)
      .width(Width::kShort)
      .displayName("Enforce tasks max");
  for (const auto& [key, display] :
       {std::pair{kKeyConverter, "Key converter class"}, std::pair{kValueConverter, "Value converter class"},
        std::pair{kHeaderConverter, "Header converter class"}}) {
    def.define(key, ConfigType::kClass)
        .nullDefault()
        .importance(Importance::kLow)
        .doc("Converter for this connector's records; the worker's is used when unset.")
        .group(kCommonGroup)
        .orderInGroup(++order)
        .width(Width::kShort)
        .displayName(display);
  }
  def.define(kTransforms, ConfigType::kList)
      .defaultValue("")
      .validator(uniqueAliases("transformation"))
      .importance(Importance::kLow)
      .doc("Aliases of the transformations applied to records, in order.")
      .group(kTransformsGroup)
      .orderInGroup(++order)
      .width(Width::kLong)
      .displayName("Transforms");
  def.define(kPredicates, ConfigType::kList)
      .defaultValue("")
      .validator(uniqueAliases("predicate"))
      .importance(Importance::kLow)
      .doc("Aliases of the predicates used by the transformations.")
      .group(kPredicatesGroup)
      .orderInGroup(++order)
      .width(Width::kLong)
      .displayName("Predicates");
  def.define("config.action.reload", ConfigType::kString)
      .defaultValue("restart")
      .validator(validators::inIgnoreCase({"none", "restart"}))
      .importance(Importance::kLow)
      .doc("What to do when a config provider reports a changed value: restart the connector, or nothing.")
      .group(kCommonGroup)
      .orderInGroup(++order)
      .width(Width::kMedium)
      .displayName("Reload Action");
  int error_order = 0;
  def.define("errors.retry.timeout", ConfigType::kLong)
      .defaultValue("0")
      .importance(Importance::kMedium)
      .doc("How long a failed operation is retried, in ms; 0 never retries, -1 retries forever.")
      .group(kErrorGroup)
      .orderInGroup(++error_order)
      .width(Width::kMedium)
      .displayName("Retry Timeout for Errors");
  def.define("errors.retry.delay.max.ms", ConfigType::kLong)
      .defaultValue("60000")
      .importance(Importance::kMedium)
      .doc("Longest back-off between retries, in ms.")
      .group(kErrorGroup)
      .orderInGroup(++error_order)
      .width(Width::kMedium)
      .displayName("Maximum Delay Between Retries for Errors");
  def.define(kErrorsTolerance, ConfigType::kString)
      .defaultValue("none")
      .validator(validators::inIgnoreCase({"none", "all"}))
      .importance(Importance::kMedium)
      .doc("none: a failing record fails the task; all: failing records are skipped.")
      .group(kErrorGroup)
      .orderInGroup(++error_order)
      .width(Width::kShort)
      .displayName("Error Tolerance");
  def.define(kErrorsLogEnable, ConfigType::kBoolean)
      .defaultValue("false")
      .importance(Importance::kMedium)
      .doc("Log each failed operation and problem record.")
      .group(kErrorGroup)
      .orderInGroup(++error_order)
      .width(Width::kShort)
      .displayName("Log Errors");
  def.define(kErrorsLogIncludeMessages, ConfigType::kBoolean)
      .defaultValue("false")
      .importance(Importance::kMedium)
      .doc(
          "Whether to include in the log the Connect record that resulted in a failure: its topic, Kafka "
          "partition, source partition and offset, timestamp, key and value with their schemas, and its headers "
          "(each key, value and header value cut to 256 characters). 'false' (the default) keeps record keys, "
          "values and headers out of the log files.")
      .group(kErrorGroup)
      .orderInGroup(++error_order)
      .width(Width::kShort)
      .displayName("Log Error Details");
  return def;
}

// Adds "<prefix><alias>.<key>" for the plugin's own keys, in a group of their own.
void addPluginKeys(ConfigDef& def, const ConfigDef& plugin_def, const std::string& prefix, const std::string& group,
                   const std::set<std::string>& masked) {
  for (const auto& key : plugin_def.keys()) {
    if (masked.count(key.name()) != 0 || def.find(prefix + key.name()) != nullptr) {
      continue;
    }
    def.define(key.renamed(prefix + key.name())).group(group);
  }
}

std::vector<std::string> aliasesIn(const ConfigMap& props, const char* key) {
  auto it = props.find(key);
  if (it == props.end()) {
    return {};
  }
  try {
    return std::get<std::vector<std::string>>(ConfigDef::parseType(key, it->second, ConfigType::kList));
  } catch (const ConfigException&) {
    return {};
  }
}

}  // namespace

const ConfigDef& sourceConnectorConfigDef() {
  static const ConfigDef def = buildSourceConnectorConfigDef();
  return def;
}

ConfigDef enrichedConnectorConfigDef(const PluginRegistry& plugins, const ConfigMap& props) {
  ConfigDef def = sourceConnectorConfigDef();
  int order = 0;
  // "<prefix>type" for a transform or predicate alias: required, and it must name a plugin of that kind.
  const auto defineType = [&](PluginType type, const std::string& prefix, const std::string& group,
                              const std::string& alias) {
    const std::string kind = type == PluginType::kTransformation ? "transformation" : "predicate";
    def.define(prefix + "type", ConfigType::kClass)
        .validator(validators::lambda(
            [&plugins, type](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
              const auto* cls = std::get_if<std::string>(&v);
              if (cls == nullptr) {
                return "Missing class";
              }
              try {
                plugins.resolve(type, *cls);
              } catch (const NotFoundException& e) {
                return e.what();
              }
              return std::nullopt;
            },
            "a " + kind + " class"))
        .importance(Importance::kHigh)
        .doc("Class for the '" + alias + "' " + kind + ".")
        .group(group)
        .orderInGroup(++order)
        .width(Width::kLong)
        .displayName((type == PluginType::kTransformation ? "Transformation type for " : "Predicate type for ") +
                     alias);
  };
  const auto typeOf = [&props](const std::string& prefix) {
    auto it = props.find(prefix + "type");
    return it == props.end() ? std::string() : it->second;
  };

  for (const auto& alias : aliasesIn(props, connector_keys::kTransforms)) {
    const std::string prefix = "transforms." + alias + ".";
    const std::string group = "Transforms: " + alias;
    if (def.find(prefix + "type") != nullptr) {
      continue;
    }
    defineType(PluginType::kTransformation, prefix, group, alias);
    def.define(prefix + "predicate", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc("Alias of a predicate; the transformation applies only to records that match it.")
        .group(group)
        .orderInGroup(++order)
        .width(Width::kLong)
        .displayName("Predicate for " + alias);
    def.define(prefix + "negate", ConfigType::kBoolean)
        .defaultValue("false")
        .importance(Importance::kMedium)
        .doc("Apply the transformation to records that do not match the predicate instead.")
        .group(group)
        .orderInGroup(++order)
        .width(Width::kShort)
        .displayName("Negate predicate for " + alias);
    if (const std::string type = typeOf(prefix); !type.empty()) {
      try {
        addPluginKeys(def, plugins.newTransformation(type)->config(), prefix, group, {"type", "predicate", "negate"});
      } catch (const ConnectException&) {
        // Reported by the type key's validator.
      }
    }
  }
  for (const auto& alias : aliasesIn(props, connector_keys::kPredicates)) {
    const std::string prefix = "predicates." + alias + ".";
    const std::string group = "Predicates: " + alias;
    if (def.find(prefix + "type") != nullptr) {
      continue;
    }
    defineType(PluginType::kPredicate, prefix, group, alias);
    if (const std::string type = typeOf(prefix); !type.empty()) {
      try {
        addPluginKeys(def, plugins.newPredicate(type)->config(), prefix, group, {"type"});
      } catch (const ConnectException&) {
        // Reported by the type key's validator.
      }
    }
  }
  return def;
}

std::vector<std::string> ValidationResult::errorLines() const {
  std::vector<std::string> out;
  for (const auto& c : configs) {
    out.insert(out.end(), c.value.error_messages.begin(), c.value.error_messages.end());
  }
  return out;
}

std::optional<std::string> displayValue(const ConfigKey& key, const ConfigValue& value, const ConfigMap& raw,
                                        const std::set<std::string>& keys_with_placeholders) {
  if (key.type() == ConfigType::kPassword) {
    if (std::holds_alternative<std::monostate>(value.value)) {
      return std::nullopt;
    }
    return std::string(Password::kHidden);
  }
  if (keys_with_placeholders.count(key.name()) != 0) {
    return raw.at(key.name());
  }
  return ConfigDef::convertToString(value.value, key.type());
}

bool ClientOverridePolicy::allows(const std::string& client_key) const {
  if (name == "All") {
    return true;
  }
  if (name == "Principal") {
    return client_key == "sasl.jaas.config" || client_key == "sasl.mechanism" || client_key == "security.protocol";
  }
  if (name == "Allowlist") {
    return std::find(allowlist.begin(), allowlist.end(), client_key) != allowlist.end();
  }
  return false;  // None
}

std::string ClientOverridePolicy::rejection(const std::string& client_key) const {
  return "The '" + name + "' policy does not allow '" + client_key +
         "' to be overridden in the connector configuration.";
}

namespace {

// AbstractHerder.validateClientOverrides for a source connector: the producer's overrides always, the
// admin client's when the connector uses topic creation. A refused key gets the policy's message on its
// entry (added when the connector's ConfigDef does not declare it).
void applyClientOverridePolicy(const ClientOverridePolicy& policy, const ConfigMap& config, ValidationResult& result) {
  const bool uses_admin = std::any_of(config.begin(), config.end(),
                                      [](const auto& kv) { return kv.first.rfind("topic.creation.", 0) == 0; });
  std::vector<std::string> prefixes{"producer.override."};
  if (uses_admin) {
    prefixes.emplace_back("admin.override.");
  }
  for (const auto& prefix : prefixes) {
    for (const auto& [key, value] : config) {
      if (key.rfind(prefix, 0) != 0 || policy.allows(key.substr(prefix.size()))) {
        continue;
      }
      std::string message = policy.rejection(key.substr(prefix.size()));
      auto existing = std::find_if(result.configs.begin(), result.configs.end(),
                                   [&](const ConfigInfo& c) { return c.value.name == key; });
      if (existing != result.configs.end()) {
        existing->value.error_messages.push_back(std::move(message));
        continue;
      }
      ConfigValue v;
      v.name = key;
      v.value = value;
      v.error_messages.push_back(std::move(message));
      // The producer's and admin client's PASSWORD keys stay "[hidden]" in the output.
      static const std::set<std::string> kPasswords{"sasl.jaas.config",           "ssl.key.password",
                                                    "ssl.keystore.password",      "ssl.truststore.password",
                                                    "ssl.keystore.key",           "ssl.keystore.certificate.chain",
                                                    "ssl.truststore.certificates"};
      const bool secret = kPasswords.count(key.substr(prefix.size())) != 0;
      result.configs.push_back(
          ConfigInfo{ConfigKey(key, secret ? ConfigType::kPassword : ConfigType::kString), std::move(v)});
    }
  }
}

}  // namespace

ValidationResult validateConnectorConfig(const PluginRegistry& plugins, const ConfigProviders& providers,
                                         const ConfigMap& raw, const ClientOverridePolicy& policy) {
  auto cls = raw.find(connector_keys::kConnectorClass);
  if (cls == raw.end() || cls->second.empty()) {
    throw BadRequestException("Connector config contains no connector type: set connector.class");
  }
  auto connector = plugins.newSourceConnector(cls->second);  // NotFoundException for an unknown class
  const ConfigMap resolved = providers.resolve(raw);

  ValidationResult result;
  result.name = cls->second;
  const ConfigDef framework = enrichedConnectorConfigDef(plugins, resolved);
  auto framework_values = framework.validate(resolved);
  // Cross-key rules of the transform chain: a predicate must be declared, negate needs a predicate.
  const auto predicates = aliasesIn(resolved, connector_keys::kPredicates);
  for (auto& v : framework_values) {
    const std::string& name = v.name;
    if (name.rfind("transforms.", 0) == 0 && name.size() > 10 && name.substr(name.size() - 10) == ".predicate") {
      if (const auto* p = std::get_if<std::string>(&v.value);
          p != nullptr && std::find(predicates.begin(), predicates.end(), *p) == predicates.end()) {
        v.error_messages.push_back("Invalid value " + *p + " for configuration " + name +
                                   ": The predicate is not listed in 'predicates'");
      }
    }
  }
  for (std::size_t i = 0; i < framework_values.size(); ++i) {
    result.configs.push_back(ConfigInfo{framework.keys()[i], std::move(framework_values[i])});
  }
  for (const auto& g : framework.groups()) {
    result.groups.push_back(g);
  }

  const ConfigDef& own = connector->config();
  auto own_values = connector->validate(resolved);
  for (auto& v : own_values) {
    if (const ConfigKey* k = own.find(v.name); k != nullptr && framework.find(v.name) == nullptr) {
      result.configs.push_back(ConfigInfo{*k, std::move(v)});
    }
  }
  for (const auto& g : own.groups()) {
    if (std::find(result.groups.begin(), result.groups.end(), g) == result.groups.end()) {
      result.groups.push_back(g);
    }
  }
  // Converters named by the connector must exist.
  for (const char* key : {connector_keys::kKeyConverter, connector_keys::kValueConverter}) {
    auto it = resolved.find(key);
    if (it == resolved.end()) {
      continue;
    }
    try {
      plugins.resolve(PluginType::kConverter, it->second);
    } catch (const NotFoundException& e) {
      for (auto& c : result.configs) {
        if (c.value.name == key) {
          c.value.error_messages.emplace_back(e.what());
        }
      }
    }
  }
  if (auto it = resolved.find(connector_keys::kHeaderConverter); it != resolved.end()) {
    try {
      plugins.resolve(PluginType::kHeaderConverter, it->second);
    } catch (const NotFoundException& e) {
      for (auto& c : result.configs) {
        if (c.value.name == connector_keys::kHeaderConverter) {
          c.value.error_messages.emplace_back(e.what());
        }
      }
    }
  }
  applyClientOverridePolicy(policy, raw, result);
  // Error messages quote values; never a resolved secret or a password.
  std::set<std::string> password_keys;
  for (const auto& c : result.configs) {
    if (c.definition.type() == ConfigType::kPassword) {
      password_keys.insert(c.definition.name());
    }
  }
  const SecretScrubber scrubber(raw, resolved, password_keys);
  for (auto& c : result.configs) {
    for (auto& m : c.value.error_messages) {
      m = scrubber.scrub(std::move(m));
    }
    result.error_count += static_cast<int>(c.value.error_messages.size());
  }
  return result;
}

}  // namespace connectd::runtime
