// Config providers and placeholder resolution; see config_providers.hpp.
#include "runtime/config_providers.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "connectd/api/errors.hpp"
#include "runtime/logging.hpp"
#include "runtime/properties.hpp"

namespace connectd::runtime {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileClass = "org.apache.kafka.common.config.provider.FileConfigProvider";
constexpr const char* kDirectoryClass = "org.apache.kafka.common.config.provider.DirectoryConfigProvider";
constexpr const char* kEnvVarClass = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
constexpr const char* kAllowedPaths = "allowed.paths";
constexpr const char* kAllowlistPattern = "allowlist.pattern";

// allowed.paths (KIP-993): a comma list of absolute paths; a path is allowed when its normalised form
// lies under one of them. Unset allows everything.
class AllowedPaths {
 public:
  explicit AllowedPaths(const ConfigMap& params) {
    auto it = params.find(kAllowedPaths);
    if (it == params.end()) {
      return;
    }
    paths_.emplace();
    const auto parsed = ConfigDef::parseType(kAllowedPaths, it->second, ConfigType::kList);
    for (const auto& p : std::get<std::vector<std::string>>(parsed)) {
      if (p.empty()) {
        continue;
      }
      const fs::path path(p);
      if (!path.is_absolute()) {
        throw ConfigException("Path " + p + " in " + kAllowedPaths + " is not absolute");
      }
      paths_->push_back(path.lexically_normal());
    }
  }

  // The normalised path when allowed; nullopt for an empty path, and (with a warning) when not allowed.
  std::optional<fs::path> check(const std::string& untrusted) const {
    if (untrusted.empty()) {
      return std::nullopt;
    }
    const fs::path normal = fs::path(untrusted).lexically_normal();
    if (!paths_) {
      return normal;
    }
    for (const auto& allowed : *paths_) {
      auto [a, n] = std::mismatch(allowed.begin(), allowed.end(), normal.begin(), normal.end());
      // Trailing empty element of "/opt/secrets/" counts as a match of the directory itself.
      if (a == allowed.end() || (std::next(a) == allowed.end() && a->empty())) {
        return normal;
      }
    }
    logger("org.apache.kafka.common.config.internals.AllowedPaths")
        ->warn("The path {} is not allowed to be accessed", untrusted);
    return std::nullopt;
  }

 private:
  std::optional<std::vector<fs::path>> paths_;
};

class FileConfigProvider : public ConfigProvider {
 public:
  explicit FileConfigProvider(const ConfigMap& params) : allowed_(params) {}
  std::map<std::string, std::string> get(const std::string& path, const std::set<std::string>& keys) const override {
    std::map<std::string, std::string> out;
    auto allowed = allowed_.check(path);
    if (!allowed) {
      return out;
    }
    ConfigMap props;
    try {
      props = loadPropertiesFile(*allowed);
    } catch (const ConfigException&) {
      throw ConfigException("Could not read properties from file " + path);
    }
    for (const auto& k : keys) {
      if (auto it = props.find(k); it != props.end()) {
        out.emplace(k, it->second);
      }
    }
    return out;
  }

 private:
  AllowedPaths allowed_;
};

class DirectoryConfigProvider : public ConfigProvider {
 public:
  explicit DirectoryConfigProvider(const ConfigMap& params) : allowed_(params) {}
  std::map<std::string, std::string> get(const std::string& path, const std::set<std::string>& keys) const override {
    std::map<std::string, std::string> out;
    auto allowed = allowed_.check(path);
    if (!allowed) {
      return out;
    }
    std::error_code ec;
    if (!fs::is_directory(*allowed, ec)) {
      throw ConfigException("Could not list directory " + path);
    }
    for (const auto& k : keys) {
      // Only plain file names: a key may not climb out of the directory.
      if (k.empty() || k.find('/') != std::string::npos || k == "." || k == "..") {
        continue;
      }
      const fs::path file = *allowed / k;
      if (!fs::is_regular_file(file, ec)) {
        continue;
      }
      std::ifstream in(file, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      out.emplace(k, buf.str());  // raw content, trailing newline kept, as Kafka does
    }
    return out;
  }

 private:
  AllowedPaths allowed_;
};

class EnvVarConfigProvider : public ConfigProvider {
 public:
  EnvVarConfigProvider(const ConfigMap& params, const std::map<std::string, std::string>& environment) {
    std::string pattern = ".*";
    if (auto it = params.find(kAllowlistPattern); it != params.end()) {
      pattern = it->second;
    }
    std::regex re;
    try {
      re = std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw ConfigException(kAllowlistPattern, pattern, std::string("Invalid regular expression: ") + e.what());
    }
    for (const auto& [k, v] : environment) {
      if (std::regex_match(k, re)) {
        env_.emplace(k, v);
      }
    }
  }
  std::map<std::string, std::string> get(const std::string& path, const std::set<std::string>& keys) const override {
    if (!path.empty()) {
      throw ConfigException("Path " + path + " is not supported by EnvVarConfigProvider: use ${env:NAME}");
    }
    std::map<std::string, std::string> out;
    for (const auto& k : keys) {
      if (auto it = env_.find(k); it != env_.end()) {
        out.emplace(k, it->second);
      }
    }
    return out;
  }

 private:
  std::map<std::string, std::string> env_;
};

}  // namespace

std::optional<std::string> resolveConfigProviderClass(std::string_view class_or_alias) {
  for (const char* cls : {kFileClass, kDirectoryClass, kEnvVarClass}) {
    const std::string_view full(cls);
    const std::string_view simple = full.substr(full.rfind('.') + 1);
    const std::string_view pruned = simple.substr(0, simple.size() - std::string_view("ConfigProvider").size());
    if (class_or_alias == full || class_or_alias == simple || class_or_alias == pruned) {
      return std::string(full);
    }
  }
  return std::nullopt;
}

std::unique_ptr<ConfigProvider> makeConfigProvider(const std::string& class_or_alias, const ConfigMap& params,
                                                   const std::map<std::string, std::string>& environment) {
  const auto cls = resolveConfigProviderClass(class_or_alias);
  if (!cls) {
    throw ConfigException("Unknown config provider class " + class_or_alias + ". Available: " + kFileClass + ", " +
                          kDirectoryClass + ", " + kEnvVarClass);
  }
  if (*cls == kFileClass) {
    return std::make_unique<FileConfigProvider>(params);
  }
  if (*cls == kDirectoryClass) {
    return std::make_unique<DirectoryConfigProvider>(params);
  }
  return std::make_unique<EnvVarConfigProvider>(params, environment);
}

std::vector<Placeholder> findPlaceholders(std::string_view value) {
  std::vector<Placeholder> out;
  std::size_t pos = 0;
  while ((pos = value.find("${", pos)) != std::string_view::npos) {
    const std::size_t close = value.find('}', pos + 2);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view body = value.substr(pos + 2, close - pos - 2);
    const std::size_t first = body.find(':');
    if (first == std::string_view::npos) {
      // "${routedByValue}": not a placeholder; keep scanning after "${".
      pos += 2;
      continue;
    }
    Placeholder p;
    p.provider = std::string(body.substr(0, first));
    const std::string_view rest = body.substr(first + 1);
    const std::size_t second = rest.find(':');
    if (second == std::string_view::npos) {
      p.key = std::string(rest);
    } else {
      p.path = std::string(rest.substr(0, second));
      p.key = std::string(rest.substr(second + 1));
    }
    p.begin = pos;
    p.end = close + 1;
    out.push_back(std::move(p));
    pos = close + 1;
  }
  return out;
}

ConfigProviders ConfigProviders::fromWorkerConfig(const ConfigMap& worker_props,
                                                  const std::map<std::string, std::string>& environment) {
  ConfigProviders out;
  auto names_it = worker_props.find("config.providers");
  if (names_it == worker_props.end()) {
    return out;
  }
  const auto names = ConfigDef::parseType("config.providers", names_it->second, ConfigType::kList);
  for (const auto& name : std::get<std::vector<std::string>>(names)) {
    if (name.empty()) {
      continue;
    }
    const std::string prefix = "config.providers." + name + ".";
    auto cls = worker_props.find(prefix + "class");
    if (cls == worker_props.end()) {
      throw ConfigException("Config provider " + name + " is listed in config.providers but " + prefix +
                            "class is not set");
    }
    ConfigMap params;
    const std::string param_prefix = prefix + "param.";
    for (auto it = worker_props.lower_bound(param_prefix); it != worker_props.end(); ++it) {
      if (it->first.compare(0, param_prefix.size(), param_prefix) != 0) {
        break;
      }
      params.emplace(it->first.substr(param_prefix.size()), it->second);
    }
    out.add(name, makeConfigProvider(cls->second, params, environment));
  }
  return out;
}

void ConfigProviders::add(std::string name, std::unique_ptr<ConfigProvider> provider) {
  providers_[std::move(name)] = std::move(provider);
}

ConfigMap ConfigProviders::resolve(const ConfigMap& raw) const {
  // Group every (provider, path) with its keys, ask each provider once, then substitute.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> wanted;
  std::map<std::string, std::vector<Placeholder>> found;
  for (const auto& [k, v] : raw) {
    auto ps = findPlaceholders(v);
    for (const auto& p : ps) {
      if (providers_.count(p.provider) != 0) {
        wanted[{p.provider, p.path}].insert(p.key);
      }
    }
    if (!ps.empty()) {
      found.emplace(k, std::move(ps));
    }
  }
  if (found.empty()) {
    return raw;
  }
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> data;
  for (const auto& [provider_path, keys] : wanted) {
    data[provider_path] = providers_.at(provider_path.first)->get(provider_path.second, keys);
  }
  ConfigMap out = raw;
  for (const auto& [k, ps] : found) {
    const std::string& v = raw.at(k);
    std::string resolved;
    std::size_t last = 0;
    for (const auto& p : ps) {
      resolved.append(v, last, p.begin - last);
      auto d = data.find({p.provider, p.path});
      const std::map<std::string, std::string>* values = d == data.end() ? nullptr : &d->second;
      auto hit = values == nullptr ? std::map<std::string, std::string>::const_iterator{} : values->find(p.key);
      if (values != nullptr && hit != values->end()) {
        resolved += hit->second;
      } else {
        resolved.append(v, p.begin, p.end - p.begin);  // unresolvable: verbatim
      }
      last = p.end;
    }
    resolved.append(v, last, std::string::npos);
    out[k] = std::move(resolved);
  }
  return out;
}

std::set<std::string> ConfigProviders::keysWithPlaceholders(const ConfigMap& raw) const {
  std::set<std::string> out;
  for (const auto& [k, v] : raw) {
    for (const auto& p : findPlaceholders(v)) {
      if (providers_.count(p.provider) != 0) {
        out.insert(k);
        break;
      }
    }
  }
  return out;
}

}  // namespace connectd::runtime
