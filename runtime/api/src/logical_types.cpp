// Logical type builders; see logical_types.hpp.
#include "connectd/api/logical_types.hpp"

#include <string>

namespace connectd::logical {

SchemaBuilder decimalBuilder(std::int32_t scale) {
  auto b = SchemaBuilder::bytes();
  b.name(std::string(kDecimal)).version(1).parameter(std::string(kDecimalScaleParameter), std::to_string(scale));
  return b;
}

SchemaBuilder dateBuilder() {
  auto b = SchemaBuilder::int32();
  b.name(std::string(kDate)).version(1);
  return b;
}

SchemaBuilder timeBuilder() {
  auto b = SchemaBuilder::int32();
  b.name(std::string(kTime)).version(1);
  return b;
}

SchemaBuilder timestampBuilder() {
  auto b = SchemaBuilder::int64();
  b.name(std::string(kTimestamp)).version(1);
  return b;
}

SchemaBuilder debeziumBuilder(std::string_view name, SchemaType physical) {
  SchemaBuilder b(physical);
  b.name(std::string(name)).version(1);
  return b;
}

SchemaBuilder variableScaleDecimalBuilder() {
  auto b = SchemaBuilder::structBuilder();
  b.name(std::string(kVariableScaleDecimal))
      .version(1)
      .doc("Variable scaled decimal")
      .field("scale", Schema::int32())
      .field("value", Schema::bytes());
  return b;
}

bool hasName(const Schema& schema, std::string_view name) {
  return schema.name() && *schema.name() == name;
}

}  // namespace connectd::logical
