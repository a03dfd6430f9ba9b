// Schemas of the Connect data model (org.apache.kafka.connect.data.Schema / SchemaBuilder / Field).
// A Schema is immutable once built and shared through SchemaPtr. Logical types are a name plus
// parameters on a physical type, exactly as in Kafka Connect (see logical_types.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectd/api/value.hpp"

namespace connectd {

enum class SchemaType : std::uint8_t {
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kBoolean,
  kString,
  kBytes,
  kArray,
  kMap,
  kStruct,
};

// The Java enum constant's name: "INT8", …, "STRUCT".
std::string_view schemaTypeName(SchemaType type);
// The lower-case name Kafka's JsonConverter writes ("int8", …, "struct").
std::string_view schemaTypeJsonName(SchemaType type);
bool isPrimitive(SchemaType type);

class Schema;
using SchemaPtr = std::shared_ptr<const Schema>;
using SchemaParameters = std::vector<std::pair<std::string, std::string>>;  // insertion order, as Java's LinkedHashMap

class Field {
 public:
  Field(std::string name, int index, SchemaPtr schema)
      : name_(std::move(name)), index_(index), schema_(std::move(schema)) {}
  const std::string& name() const { return name_; }
  int index() const { return index_; }
  const SchemaPtr& schema() const { return schema_; }
  bool operator==(const Field& other) const;

 private:
  std::string name_;
  int index_;
  SchemaPtr schema_;
};

class Schema {
 public:
  SchemaType type() const { return type_; }
  bool isOptional() const { return optional_; }
  // The default value; a null Value when there is none.
  const Value& defaultValue() const { return default_value_; }
  const std::optional<std::string>& name() const { return name_; }
  const std::optional<std::int32_t>& version() const { return version_; }
  const std::optional<std::string>& doc() const { return doc_; }
  const SchemaParameters& parameters() const { return parameters_; }
  // The value of one parameter, or nullptr.
  const std::string* parameter(std::string_view key) const;

  // STRUCT only (DataException otherwise, as in Java).
  const std::vector<Field>& fields() const;
  // STRUCT only; nullptr when there is no such field.
  const Field* field(std::string_view name) const;
  // MAP only.
  const SchemaPtr& keySchema() const;
  // MAP and ARRAY only.
  const SchemaPtr& valueSchema() const;

  // Java's ConnectSchema.equals: type, optionality, default, name, version, doc, parameters (order-free),
  // fields (in order) and key/value schemas.
  bool operator==(const Schema& other) const;

  // Java's ConnectSchema.toString(): "Schema{NAME:TYPE}" or "Schema{TYPE}".
  std::string toString() const;

  // Kafka's predefined schemas (Schema.INT8_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, …).
  static const SchemaPtr& int8();
  static const SchemaPtr& int16();
  static const SchemaPtr& int32();
  static const SchemaPtr& int64();
  static const SchemaPtr& float32();
  static const SchemaPtr& float64();
  static const SchemaPtr& boolean();
  static const SchemaPtr& string();
  static const SchemaPtr& bytes();
  static const SchemaPtr& optionalInt8();
  static const SchemaPtr& optionalInt16();
  static const SchemaPtr& optionalInt32();
  static const SchemaPtr& optionalInt64();
  static const SchemaPtr& optionalFloat32();
  static const SchemaPtr& optionalFloat64();
  static const SchemaPtr& optionalBoolean();
  static const SchemaPtr& optionalString();
  static const SchemaPtr& optionalBytes();

  // Checks that a value fits a schema (ConnectSchema.validateValue). `location` names the field for the
  // message, e.g. "id"; empty when validating a top-level value. Throws DataException.
  static void validateValue(const Schema& schema, const Value& value, std::string_view location = {});

 private:
  friend class SchemaBuilder;
  Schema() = default;

  SchemaType type_ = SchemaType::kStruct;
  bool optional_ = false;
  Value default_value_;
  std::optional<std::string> name_;
  std::optional<std::int32_t> version_;
  std::optional<std::string> doc_;
  SchemaParameters parameters_;
  std::vector<Field> fields_;
  SchemaPtr key_schema_;
  SchemaPtr value_schema_;
};

// Equality of two possibly-null schema pointers by value.
bool schemaEquals(const SchemaPtr& a, const SchemaPtr& b);

// Builds a Schema. Mirrors Kafka's SchemaBuilder, including its checks: fields only on structs, no
// duplicate field names, a default value that fits the schema.
class SchemaBuilder {
 public:
  explicit SchemaBuilder(SchemaType type);

  static SchemaBuilder int8() { return SchemaBuilder(SchemaType::kInt8); }
  static SchemaBuilder int16() { return SchemaBuilder(SchemaType::kInt16); }
  static SchemaBuilder int32() { return SchemaBuilder(SchemaType::kInt32); }
  static SchemaBuilder int64() { return SchemaBuilder(SchemaType::kInt64); }
  static SchemaBuilder float32() { return SchemaBuilder(SchemaType::kFloat32); }
  static SchemaBuilder float64() { return SchemaBuilder(SchemaType::kFloat64); }
  static SchemaBuilder boolean() { return SchemaBuilder(SchemaType::kBoolean); }
  static SchemaBuilder string() { return SchemaBuilder(SchemaType::kString); }
  static SchemaBuilder bytes() { return SchemaBuilder(SchemaType::kBytes); }
  static SchemaBuilder structBuilder() { return SchemaBuilder(SchemaType::kStruct); }
  static SchemaBuilder array(SchemaPtr value_schema);
  static SchemaBuilder map(SchemaPtr key_schema, SchemaPtr value_schema);
  // A builder starting from an existing schema (for transforms that adjust name, optionality, …).
  static SchemaBuilder from(const Schema& schema);

  SchemaBuilder& optional();
  SchemaBuilder& required();
  SchemaBuilder& defaultValue(Value value);
  SchemaBuilder& name(std::string name);
  SchemaBuilder& version(std::int32_t version);
  SchemaBuilder& doc(std::string doc);
  SchemaBuilder& parameter(std::string key, std::string value);
  SchemaBuilder& field(std::string name, SchemaPtr schema);

  SchemaType type() const { return schema_.type_; }
  const std::vector<Field>& fields() const { return schema_.fields_; }

  SchemaPtr build() const;

 private:
  Schema schema_;
};

// A schema and a value, as Kafka's SchemaAndValue.
struct SchemaAndValue {
  SchemaPtr schema;
  Value value;
  bool operator==(const SchemaAndValue& other) const {
    return schemaEquals(schema, other.schema) && value == other.value;
  }
};

}  // namespace connectd
