// The plugin registry: built-in plugins keyed by the canonical Java class names users write in their
// JSON, plus Kafka Connect's alias rules (PluginUtils.computeAliases): a plugin is also reachable by its
// simple class name and by that name without its type suffix ("Connector", "Converter", …), and an alias
// claimed by two different classes belongs to neither.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "connectd/api/config_def.hpp"
#include "connectd/api/plugin.hpp"

namespace connectd {

enum class PluginType : std::uint8_t { kSource, kSink, kConverter, kHeaderConverter, kTransformation, kPredicate };

// Kafka's PluginType.toString(): "source", "sink", "converter", "header_converter", "transformation", "predicate".
std::string_view pluginTypeName(PluginType type);
// The simple name of the Java interface ("SourceConnector", "Converter", …), used to prune aliases.
std::string_view pluginTypeInterfaceName(PluginType type);

struct PluginDesc {
  std::string class_name;
  PluginType type;
  std::string version;
  std::shared_ptr<const ConfigDef> config_def;
};

class PluginRegistry {
 public:
  template <class T>
  using Factory = std::function<std::unique_ptr<T>()>;

  // Registers a plugin class under its canonical name for every plugin interface it implements
  // (StringConverter is both a Converter and a HeaderConverter). Throws ConnectException on a duplicate.
  template <class T>
  void add(const std::string& class_name) {
    static_assert(std::is_default_constructible_v<T>, "plugins are created without arguments");
    bool any = false;
    if constexpr (std::is_base_of_v<SourceConnector, T>) {
      addFactory<SourceConnector>(class_name, [] { return std::make_unique<T>(); });
      any = true;
    }
    if constexpr (std::is_base_of_v<Transformation, T>) {
      addFactory<Transformation>(class_name, [] { return std::make_unique<T>(); });
      any = true;
    }
    if constexpr (std::is_base_of_v<Predicate, T>) {
      addFactory<Predicate>(class_name, [] { return std::make_unique<T>(); });
      any = true;
    }
    if constexpr (std::is_base_of_v<Converter, T>) {
      addFactory<Converter>(class_name, [] { return std::make_unique<T>(); });
      any = true;
    }
    if constexpr (std::is_base_of_v<HeaderConverter, T>) {
      addFactory<HeaderConverter>(class_name, [] { return std::make_unique<T>(); });
      any = true;
    }
    static_assert(std::is_base_of_v<Plugin, T>, "not a plugin");
    (void)any;
  }

  template <class Interface>
  void addFactory(const std::string& class_name, Factory<Interface> factory);

  // The canonical class name for a class name or alias of the given type. Throws NotFoundException with
  // the list of available class names of that type (and the candidates, for an ambiguous alias).
  std::string resolve(PluginType type, std::string_view class_or_alias) const;

  std::unique_ptr<SourceConnector> newSourceConnector(std::string_view class_or_alias) const;
  std::unique_ptr<Transformation> newTransformation(std::string_view class_or_alias) const;
  std::unique_ptr<Predicate> newPredicate(std::string_view class_or_alias) const;
  std::unique_ptr<Converter> newConverter(std::string_view class_or_alias) const;
  std::unique_ptr<HeaderConverter> newHeaderConverter(std::string_view class_or_alias) const;

  // Every registered plugin, sorted by type and class name; optionally of one type only.
  std::vector<PluginDesc> plugins(std::optional<PluginType> type = std::nullopt) const;
  const PluginDesc* find(PluginType type, std::string_view class_name) const;
  // alias -> canonical class name, for unambiguous aliases only.
  const std::map<std::string, std::string, std::less<>>& aliases() const { return aliases_; }
  // ambiguous alias -> the class names that claim it.
  const std::map<std::string, std::vector<std::string>, std::less<>>& ambiguousAliases() const { return ambiguous_; }

 private:
  struct Entry {
    PluginDesc desc;
    std::function<std::unique_ptr<Plugin>()> create;
  };

  void addEntry(PluginType type, const std::string& class_name, std::function<std::unique_ptr<Plugin>()> create);
  void recomputeAliases();
  const Entry& entryFor(PluginType type, std::string_view class_or_alias) const;
  template <class Interface>
  std::unique_ptr<Interface> instantiate(PluginType type, std::string_view class_or_alias) const;

  std::map<std::pair<PluginType, std::string>, Entry, std::less<>> entries_;
  std::map<std::string, std::string, std::less<>> aliases_;
  std::map<std::string, std::vector<std::string>, std::less<>> ambiguous_;
};

template <class Interface>
void PluginRegistry::addFactory(const std::string& class_name, Factory<Interface> factory) {
  PluginType type = PluginType::kSource;
  if constexpr (std::is_same_v<Interface, SourceConnector>) {
    type = PluginType::kSource;
  } else if constexpr (std::is_same_v<Interface, Transformation>) {
    type = PluginType::kTransformation;
  } else if constexpr (std::is_same_v<Interface, Predicate>) {
    type = PluginType::kPredicate;
  } else if constexpr (std::is_same_v<Interface, Converter>) {
    type = PluginType::kConverter;
  } else if constexpr (std::is_same_v<Interface, HeaderConverter>) {
    type = PluginType::kHeaderConverter;
  } else {
    static_assert(std::is_same_v<Interface, void>, "unknown plugin interface");
  }
  addEntry(type, class_name, [f = std::move(factory)]() -> std::unique_ptr<Plugin> { return f(); });
}

}  // namespace connectd
