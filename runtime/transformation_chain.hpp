// The transform chain of a connector (Kafka's TransformationChain): each alias's transformation, with
// its optional predicate and negate, applied in the configured order.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectd/api/plugin.hpp"
#include "connectd/api/plugin_registry.hpp"

namespace connectd::runtime {

class TransformationChain {
 public:
  // Builds and configures every transform and predicate named by `connector_config` (resolved values).
  // Throws ConfigException/NotFoundException.
  static TransformationChain fromConfig(const PluginRegistry& plugins, const ConfigMap& connector_config);

  // Applies the chain; nullopt when a transform drops the record. Throws what a transform throws, with
  // the failing alias in `failed_alias`.
  std::optional<SourceRecord> apply(SourceRecord record, std::string* failed_alias = nullptr) const;
  bool empty() const { return stages_.empty(); }
  void close();

 private:
  struct Stage {
    std::string alias;
    std::unique_ptr<Transformation> transformation;
    std::shared_ptr<Predicate> predicate;  // shared: several transforms may use one predicate
    bool negate = false;
  };
  std::vector<Stage> stages_;
};

}  // namespace connectd::runtime
