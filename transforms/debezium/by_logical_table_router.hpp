// io.debezium.transforms.ByLogicalTableRouter: reroutes the change events of several physical tables
// (shards, partitions) to one logical topic, renaming the key, envelope and row schemas after the new
// topic and, by default, adding the physical table's topic to the key so that keys stay unique.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class JavaRegex;

class ByLogicalTableRouter : public Transformation {
 public:
  static constexpr const char* kClassName = "io.debezium.transforms.ByLogicalTableRouter";

  ByLogicalTableRouter();
  ~ByLogicalTableRouter() override;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  std::unique_ptr<JavaRegex> topic_regex_;
  std::string topic_replacement_;
  bool key_enforce_uniqueness_ = true;
  std::string key_field_name_;
  std::unique_ptr<JavaRegex> key_field_regex_;
  std::string key_field_replacement_;
};

}  // namespace connectd::transforms
