// Kafka's type-changing transforms: org.apache.kafka.connect.transforms.{Flatten, Cast}$Key/$Value.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectd/api/plugin.hpp"
#include "key_value_transform.hpp"

namespace connectd::transforms {

class Flatten : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  std::string name(const std::string& prefix, const std::string& field) const;
  void buildSchema(const Schema& schema, const std::string& prefix, SchemaBuilder& out, bool optional,
                   const Value& parent_default) const;
  void buildValue(const Struct* s, const std::string& prefix, Struct& out) const;
  void flattenMap(const MapEntries& m, const std::string& prefix, MapEntries& out) const;
  std::string delimiter_ = ".";
};
struct FlattenKey : Flatten {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.Flatten$Key";
  FlattenKey() : Flatten(true) {}
};
struct FlattenValue : Flatten {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.Flatten$Value";
  FlattenValue() : Flatten(false) {}
};

class Cast : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;
  // Casts one value to a primitive type, as Cast.castValueToType. Throws DataException.
  static Value castValue(const Value& value, SchemaType target);

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  std::optional<SchemaType> whole_value_;
  std::vector<std::pair<std::string, SchemaType>> fields_;
  bool replace_null_with_default_ = true;
};
struct CastKey : Cast {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.Cast$Key";
  CastKey() : Cast(true) {}
};
struct CastValue : Cast {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.Cast$Value";
  CastValue() : Cast(false) {}
};

}  // namespace connectd::transforms
