// Placeholder until the type layer lands: every column is a STRING holding PostgreSQL's text form.
#include "type_mapping.hpp"

namespace connectd::postgres {

TypeModes TypeModes::fromConfig(const ConfigMap& /*config*/) {
  return {};
}

std::optional<ColumnConverter> makeColumnConverter(const PgColumn& column, const TypeModes& modes) {
  SchemaBuilder builder = SchemaBuilder::string();
  if (column.optional) {
    builder.optional();
  }
  return ColumnConverter(
      builder.build(), [](std::string_view text) { return Value::string(std::string(text)); },
      Value::string(modes.unavailable_value_placeholder));
}

}  // namespace connectd::postgres
