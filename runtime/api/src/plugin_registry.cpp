// The plugin registry and Kafka Connect's alias rules; see plugin_registry.hpp.
#include "connectd/api/plugin_registry.hpp"

#include <set>

#include "connectd/api/errors.hpp"

namespace connectd {
namespace {

// Java's Class.getSimpleName(): the part after the last '.', and for a nested class ("Cast$Key") the
// part after the last '$'.
std::string simpleName(const std::string& class_name) {
  auto pos = class_name.find_last_of(".$");
  return pos == std::string::npos ? class_name : class_name.substr(pos + 1);
}

// PluginUtils.prunedName: the simple name without the type suffix, when the suffix is not the whole name.
std::string prunedName(const std::string& class_name, PluginType type) {
  const std::string simple = simpleName(class_name);
  const std::string suffix = (type == PluginType::kSource || type == PluginType::kSink)
                                 ? "Connector"
                                 : std::string(pluginTypeInterfaceName(type));
  const auto pos = simple.rfind(suffix);
  if (pos != std::string::npos && pos > 0) {
    return simple.substr(0, pos);
  }
  return simple;
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i ? ", " : "") + names[i];
  }
  return out;
}

}  // namespace

std::string_view pluginTypeName(PluginType type) {
  switch (type) {
    case PluginType::kSource: return "source";
    case PluginType::kSink: return "sink";
    case PluginType::kConverter: return "converter";
    case PluginType::kHeaderConverter: return "header_converter";
    case PluginType::kTransformation: return "transformation";
    case PluginType::kPredicate: return "predicate";
  }
  return "unknown";
}

std::string_view pluginTypeInterfaceName(PluginType type) {
  switch (type) {
    case PluginType::kSource: return "SourceConnector";
    case PluginType::kSink: return "SinkConnector";
    case PluginType::kConverter: return "Converter";
    case PluginType::kHeaderConverter: return "HeaderConverter";
    case PluginType::kTransformation: return "Transformation";
    case PluginType::kPredicate: return "Predicate";
  }
  return "?";
}

void PluginRegistry::addEntry(PluginType type, const std::string& class_name,
                              std::function<std::unique_ptr<Plugin>()> create) {
  if (class_name.empty()) {
    throw ConnectException("A plugin needs a class name");
  }
  auto key = std::make_pair(type, class_name);
  if (entries_.count(key) != 0) {
    throw ConnectException("Plugin " + class_name + " is registered twice as a " + std::string(pluginTypeName(type)));
  }
  // One throwaway instance tells the version and the ConfigDef, as Kafka's plugin scan does.
  auto probe = create();
  PluginDesc desc{class_name, type, probe->version(), std::make_shared<const ConfigDef>(probe->config())};
  entries_.emplace(std::move(key), Entry{std::move(desc), std::move(create)});
  recomputeAliases();
}

void PluginRegistry::recomputeAliases() {
  // alias -> distinct class names claiming it, over every plugin of every type (computeAliases).
  std::map<std::string, std::set<std::string>> claims;
  for (const auto& [key, entry] : entries_) {
    claims[simpleName(key.second)].insert(key.second);
    claims[prunedName(key.second, key.first)].insert(key.second);
  }
  aliases_.clear();
  ambiguous_.clear();
  for (auto& [alias, classes] : claims) {
    if (classes.size() == 1) {
      aliases_.emplace(alias, *classes.begin());
    } else {
      ambiguous_.emplace(alias, std::vector<std::string>(classes.begin(), classes.end()));
    }
  }
}

const PluginRegistry::Entry& PluginRegistry::entryFor(PluginType type, std::string_view class_or_alias) const {
  std::string name(class_or_alias);
  if (auto a = aliases_.find(name); a != aliases_.end()) {
    name = a->second;
  }
  if (auto it = entries_.find(std::make_pair(type, name)); it != entries_.end()) {
    return it->second;
  }
  std::vector<std::string> available;
  for (const auto& [key, entry] : entries_) {
    if (key.first == type) {
      available.push_back(key.second);
    }
  }
  const std::string kind(pluginTypeInterfaceName(type));
  if (auto amb = ambiguous_.find(class_or_alias); amb != ambiguous_.end()) {
    throw NotFoundException("More than one plugin matches the alias " + std::string(class_or_alias) +
                            "; use the full class name: " + joinNames(amb->second));
  }
  throw NotFoundException("No " + kind + " named " + std::string(class_or_alias) +
                          ". Available: " + (available.empty() ? std::string("none") : joinNames(available)));
}

std::string PluginRegistry::resolve(PluginType type, std::string_view class_or_alias) const {
  return entryFor(type, class_or_alias).desc.class_name;
}

template <class Interface>
std::unique_ptr<Interface> PluginRegistry::instantiate(PluginType type, std::string_view class_or_alias) const {
  auto plugin = entryFor(type, class_or_alias).create();
  auto* typed = dynamic_cast<Interface*>(plugin.get());
  if (typed == nullptr) {
    throw ConnectException("Plugin " + std::string(class_or_alias) + " is not a " +
                           std::string(pluginTypeInterfaceName(type)));
  }
  plugin.release();
  return std::unique_ptr<Interface>(typed);
}

std::unique_ptr<SourceConnector> PluginRegistry::newSourceConnector(std::string_view class_or_alias) const {
  return instantiate<SourceConnector>(PluginType::kSource, class_or_alias);
}
std::unique_ptr<Transformation> PluginRegistry::newTransformation(std::string_view class_or_alias) const {
  return instantiate<Transformation>(PluginType::kTransformation, class_or_alias);
}
std::unique_ptr<Predicate> PluginRegistry::newPredicate(std::string_view class_or_alias) const {
  return instantiate<Predicate>(PluginType::kPredicate, class_or_alias);
}
std::unique_ptr<Converter> PluginRegistry::newConverter(std::string_view class_or_alias) const {
  return instantiate<Converter>(PluginType::kConverter, class_or_alias);
}
std::unique_ptr<HeaderConverter> PluginRegistry::newHeaderConverter(std::string_view class_or_alias) const {
  return instantiate<HeaderConverter>(PluginType::kHeaderConverter, class_or_alias);
}

std::vector<PluginDesc> PluginRegistry::plugins(std::optional<PluginType> type) const {
  std::vector<PluginDesc> out;
  for (const auto& [key, entry] : entries_) {
    if (!type || key.first == *type) {
      out.push_back(entry.desc);
    }
  }
  return out;
}

const PluginDesc* PluginRegistry::find(PluginType type, std::string_view class_name) const {
  auto it = entries_.find(std::make_pair(type, std::string(class_name)));
  return it == entries_.end() ? nullptr : &it->second.desc;
}

}  // namespace connectd
