// org.apache.kafka.connect.data.Struct: a value of a STRUCT schema, validated on every put and by
// validate() for required fields.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/api/schema.hpp"
#include "connectd/api/value.hpp"

namespace connectd {

class Struct {
 public:
  // Throws DataException unless the schema is a STRUCT schema.
  explicit Struct(SchemaPtr schema);

  static std::shared_ptr<Struct> make(SchemaPtr schema) { return std::make_shared<Struct>(std::move(schema)); }

  const SchemaPtr& schema() const { return schema_; }

  // Sets a field after checking the value against the field's schema. Throws DataException for an
  // unknown field name or a value that does not fit.
  Struct& put(std::string_view field_name, Value value);
  Struct& put(const Field& field, Value value);

  // The field's value, or the field schema's default when the value is null (Java's Struct.get).
  const Value& get(std::string_view field_name) const;
  const Value& get(const Field& field) const;
  // The field's value as set, without default substitution.
  const Value& getWithoutDefault(std::string_view field_name) const;

  // Checks that every required field without a default has a value. Throws DataException.
  void validate() const;

  bool operator==(const Struct& other) const;
  // Java's Struct.toString(): "Struct{a=1,b=x}" with null fields left out.
  std::string toString() const;

 private:
  const Field& lookupField(std::string_view name) const;

  SchemaPtr schema_;
  std::vector<Value> values_;
};

}  // namespace connectd
