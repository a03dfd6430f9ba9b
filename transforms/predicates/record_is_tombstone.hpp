// org.apache.kafka.connect.transforms.predicates.RecordIsTombstone: true when the record's value is null.
#pragma once

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class RecordIsTombstone : public Predicate {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone";

  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  bool test(const SourceRecord& record) const override;
};

}  // namespace connectd::transforms
