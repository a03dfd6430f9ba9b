// Config providers (KIP-297, KIP-887, KIP-993) and placeholder resolution: ${provider:key} and
// ${provider:path:key} in connector configs, resolved only for the connector itself, never stored.
// FileConfigProvider reads Java .properties files, DirectoryConfigProvider reads one file per key,
// EnvVarConfigProvider reads the environment; allowed.paths and allowlist.pattern restrict them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/api/config_def.hpp"

namespace connectd::runtime {

class ConfigProvider {
 public:
  virtual ~ConfigProvider() = default;
  // Values for the requested keys at path; keys that do not exist are left out. Throws ConfigException
  // when the path cannot be read at all.
  virtual std::map<std::string, std::string> get(const std::string& path, const std::set<std::string>& keys) const = 0;
};

// The canonical class name for a provider class name or alias ("FileConfigProvider", "File"), or nullopt.
std::optional<std::string> resolveConfigProviderClass(std::string_view class_or_alias);

// Builds a provider from its class name and its config.providers.<name>.param.* values.
// Throws ConfigException for an unknown class or a bad parameter.
std::unique_ptr<ConfigProvider> makeConfigProvider(const std::string& class_or_alias, const ConfigMap& params,
                                                   const std::map<std::string, std::string>& environment);

// One placeholder occurrence in a value.
struct Placeholder {
  std::string provider;
  std::string path;
  std::string key;
  std::size_t begin = 0;  // offset of "${"
  std::size_t end = 0;    // one past "}"
};

// Finds placeholders with Kafka's grammar \$\{([^}]*?):(([^}]*?):)?([^}]*?)\} : the provider name ends at
// the first ':', the path (optional) at the next ':', the key at the '}'. "${routedByValue}" (no ':') is
// not a placeholder.
std::vector<Placeholder> findPlaceholders(std::string_view value);

// The worker's named providers (config.providers). Resolves a config map the way Kafka's
// ConfigTransformer does: each placeholder whose provider and key are known is replaced (also as a
// substring); anything else stays verbatim.
class ConfigProviders {
 public:
  ConfigProviders() = default;
  // From worker properties: config.providers=a,b and config.providers.<n>.class / .param.<k>.
  static ConfigProviders fromWorkerConfig(const ConfigMap& worker_props,
                                          const std::map<std::string, std::string>& environment);

  void add(std::string name, std::unique_ptr<ConfigProvider> provider);
  bool empty() const { return providers_.empty(); }

  // The resolved copy of a config. Throws ConfigException when a provider cannot read a path.
  ConfigMap resolve(const ConfigMap& raw) const;
  // The keys whose raw values contain a placeholder of a known provider (their values are secrets
  // or may be: they must not be logged or shown resolved).
  std::set<std::string> keysWithPlaceholders(const ConfigMap& raw) const;

 private:
  std::map<std::string, std::shared_ptr<ConfigProvider>> providers_;
};

}  // namespace connectd::runtime
