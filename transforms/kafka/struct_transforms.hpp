// Kafka's struct-editing transforms: org.apache.kafka.connect.transforms.{InsertField, ReplaceField,
// HeaderFrom, MaskField}$Key/$Value.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectd/api/plugin.hpp"
#include "key_value_transform.hpp"

namespace connectd::transforms {

class InsertField : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  // "name", "name!" (required) or "name?" (optional, the default).
  struct InsertionSpec {
    std::string name;
    bool optional = true;
  };
  static std::optional<InsertionSpec> parseSpec(const std::optional<std::string>& spec);
  std::optional<InsertionSpec> topic_field_;
  std::optional<InsertionSpec> partition_field_;
  std::optional<InsertionSpec> offset_field_;
  std::optional<InsertionSpec> timestamp_field_;
  std::optional<InsertionSpec> static_field_;
  std::optional<std::string> static_value_;
  bool replace_null_with_default_ = true;
};
struct InsertFieldKey : InsertField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.InsertField$Key";
  InsertFieldKey() : InsertField(true) {}
};
struct InsertFieldValue : InsertField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.InsertField$Value";
  InsertFieldValue() : InsertField(false) {}
};

class ReplaceField : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  bool keep(const std::string& field) const;
  std::string renamed(const std::string& field) const;
  std::vector<std::string> exclude_;
  std::vector<std::string> include_;
  std::vector<std::pair<std::string, std::string>> renames_;
  bool replace_null_with_default_ = true;
};
struct ReplaceFieldKey : ReplaceField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.ReplaceField$Key";
  ReplaceFieldKey() : ReplaceField(true) {}
};
struct ReplaceFieldValue : ReplaceField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.ReplaceField$Value";
  ReplaceFieldValue() : ReplaceField(false) {}
};

class HeaderFrom : public Transformation {
 public:
  explicit HeaderFrom(bool is_key) : is_key_(is_key) {}
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  bool is_key_;
  std::vector<std::string> fields_;
  std::vector<std::string> headers_;
  bool move_ = false;
  bool replace_null_with_default_ = true;
};
struct HeaderFromKey : HeaderFrom {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.HeaderFrom$Key";
  HeaderFromKey() : HeaderFrom(true) {}
};
struct HeaderFromValue : HeaderFrom {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.HeaderFrom$Value";
  HeaderFromValue() : HeaderFrom(false) {}
};

class MaskField : public KeyValueTransform {
 public:
  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  Value masked(const Value& original, const SchemaPtr& schema, const std::string& field) const;
  std::vector<std::string> fields_;
  std::optional<std::string> replacement_;
  bool replace_null_with_default_ = true;
};
struct MaskFieldKey : MaskField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.MaskField$Key";
  MaskFieldKey() : MaskField(true) {}
};
struct MaskFieldValue : MaskField {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.MaskField$Value";
  MaskFieldValue() : MaskField(false) {}
};

}  // namespace connectd::transforms
