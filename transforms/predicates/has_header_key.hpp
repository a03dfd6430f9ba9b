// org.apache.kafka.connect.transforms.predicates.HasHeaderKey: true when the record has at least one
// header with the configured name.
#pragma once

#include <string>

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class HasHeaderKey : public Predicate {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.predicates.HasHeaderKey";
  static constexpr const char* kNameConfig = "name";

  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  bool test(const SourceRecord& record) const override;

 private:
  std::string name_;
};

}  // namespace connectd::transforms
