// TransformationChain; see transformation_chain.hpp.
#include "runtime/transformation_chain.hpp"

#include <map>

#include "connectd/api/errors.hpp"

namespace connectd::runtime {
namespace {

std::vector<std::string> listOf(const ConfigMap& config, const char* key) {
  auto it = config.find(key);
  if (it == config.end()) {
    return {};
  }
  const auto parsed = ConfigDef::parseType(key, it->second, ConfigType::kList);
  return std::get<std::vector<std::string>>(parsed);
}

}  // namespace

TransformationChain TransformationChain::fromConfig(const PluginRegistry& plugins, const ConfigMap& connector_config) {
  std::map<std::string, std::shared_ptr<Predicate>> predicates;
  for (const auto& alias : listOf(connector_config, "predicates")) {
    const ConfigMap props = configWithPrefix(connector_config, "predicates." + alias + ".");
    auto type = props.find("type");
    if (type == props.end()) {
      throw ConfigException("Missing required configuration \"predicates." + alias +
                            ".type\" which has no default value.");
    }
    std::shared_ptr<Predicate> p = plugins.newPredicate(type->second);
    p->configure(props);
    predicates.emplace(alias, std::move(p));
  }
  TransformationChain chain;
  for (const auto& alias : listOf(connector_config, "transforms")) {
    ConfigMap props = configWithPrefix(connector_config, "transforms." + alias + ".");
    auto type = props.find("type");
    if (type == props.end()) {
      throw ConfigException("Missing required configuration \"transforms." + alias +
                            ".type\" which has no default value.");
    }
    Stage stage;
    stage.alias = alias;
    stage.transformation = plugins.newTransformation(type->second);
    if (auto p = props.find("predicate"); p != props.end() && !p->second.empty()) {
      auto found = predicates.find(p->second);
      if (found == predicates.end()) {
        throw ConfigException("Transform " + alias + " refers to predicate " + p->second +
                              ", which is not listed in 'predicates'");
      }
      stage.predicate = found->second;
    }
    if (auto n = props.find("negate"); n != props.end()) {
      stage.negate =
          std::get<bool>(ConfigDef::parseType("transforms." + alias + ".negate", n->second, ConfigType::kBoolean));
      if (stage.negate && !stage.predicate) {
        throw ConfigException("Transform " + alias + " sets negate without a predicate");
      }
    }
    // The framework's keys are not the transform's.
    props.erase("type");
    props.erase("predicate");
    props.erase("negate");
    stage.transformation->configure(props);
    chain.stages_.push_back(std::move(stage));
  }
  return chain;
}

std::optional<SourceRecord> TransformationChain::apply(SourceRecord record, std::string* failed_alias) const {
  std::optional<SourceRecord> current(std::move(record));
  for (const auto& stage : stages_) {
    try {
      if (stage.predicate && stage.predicate->test(*current) == stage.negate) {
        continue;
      }
      current = stage.transformation->apply(std::move(*current));
    } catch (...) {
      if (failed_alias != nullptr) {
        *failed_alias = stage.alias;
      }
      throw;
    }
    if (!current) {
      return std::nullopt;
    }
  }
  return current;
}

void TransformationChain::close() {
  for (auto& s : stages_) {
    s.transformation->close();
  }
}

}  // namespace connectd::runtime
