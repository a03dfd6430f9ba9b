// Kafka's field transforms: org.apache.kafka.connect.transforms.{ExtractField, HoistField,
// SetSchemaMetadata}$Key/$Value and ValueToKey.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connectd/api/plugin.hpp"
#include "key_value_transform.hpp"

namespace connectd::transforms {

class ExtractField : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  std::string field_;
};
struct ExtractFieldKey : ExtractField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.ExtractField$Key";
  ExtractFieldKey() : ExtractField(true) {}
};
struct ExtractFieldValue : ExtractField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.ExtractField$Value";
  ExtractFieldValue() : ExtractField(false) {}
};

class HoistField : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  std::string field_;
  // The wrapping schema, cached by the wrapped one (Kafka's schemaUpdateCache).
  SchemaPtr cached_for_;
  SchemaPtr cached_;
};
struct HoistFieldKey : HoistField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.HoistField$Key";
  HoistFieldKey() : HoistField(true) {}
};
struct HoistFieldValue : HoistField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.HoistField$Value";
  HoistFieldValue() : HoistField(false) {}
};

class SetSchemaMetadata : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  std::optional<std::string> name_;
  std::optional<std::int32_t> version_;
  bool replace_null_with_default_ = true;
};
struct SetSchemaMetadataKey : SetSchemaMetadata {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.SetSchemaMetadata$Key";
  SetSchemaMetadataKey() : SetSchemaMetadata(true) {}
};
struct SetSchemaMetadataValue : SetSchemaMetadata {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.SetSchemaMetadata$Value";
  SetSchemaMetadataValue() : SetSchemaMetadata(false) {}
};

class ValueToKey : public Transformation {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.ValueToKey";
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  std::vector<std::string> fields_;
  bool replace_null_with_default_ = true;
};

}  // namespace connectd::transforms
