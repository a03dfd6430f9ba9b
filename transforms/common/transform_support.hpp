// Small helpers shared by the transforms: Java's typed Struct getters with their DataException messages,
// Requirements.requireStruct/requireMap, and the component logger.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "connectd/api/config_def.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/schema.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/value.hpp"

namespace connectd::transforms {

// Kafka's replace.null.with.default key (Cast, ExtractField, ReplaceField, SetSchemaMetadata,
// TimestampConverter, …): one declaration for every transform that has it.
inline ConfigKey& replaceNullWithDefault(ConfigDef& d) {
  return d.define("replace.null.with.default", ConfigType::kBoolean)
      .defaultValue("true")
      .importance(Importance::kMedium)
      .doc(
          "Whether to replace fields that have a default value and that are null to the default value. When set to "
          "true, the default value is used, otherwise null is used.");
}

// Kafka's SchemaUtil.copySchemaBasics(source, builder): the source's name, version, doc and parameters onto
// `builder` (not optionality nor the default).
inline SchemaBuilder copySchemaBasics(const Schema& s, SchemaBuilder b) {
  if (s.name()) {
    b.name(*s.name());
  }
  if (s.version()) {
    b.version(*s.version());
  }
  if (s.doc()) {
    b.doc(*s.doc());
  }
  for (const auto& [k, v] : s.parameters()) {
    b.parameter(k, v);
  }
  return b;
}

// SchemaUtil.copySchemaBasics(source): the same onto a builder of the source's type (arrays and maps with
// their element schemas, structs without their fields).
inline SchemaBuilder copySchemaBasics(const Schema& s) {
  return copySchemaBasics(s, s.type() == SchemaType::kArray ? SchemaBuilder::array(s.valueSchema())
                             : s.type() == SchemaType::kMap ? SchemaBuilder::map(s.keySchema(), s.valueSchema())
                                                            : SchemaBuilder(s.type()));
}

// The logger the runtime registered under `name`, or the default logger (tests, tools).
inline std::shared_ptr<spdlog::logger> transformLogger(const std::string& name) {
  auto l = spdlog::get(name);
  return l ? l : spdlog::default_logger();
}

// Struct.getInt64 & co.: the field's value after checking the field's schema type.
// Java: DataException("Field '<name>' is not of type <TYPE>").
inline const Value& getChecked(const Struct& s, std::string_view name, SchemaType type) {
  const Field* f = s.schema()->field(name);
  if (f == nullptr) {
    throw DataException(std::string(name) + " is not a valid field name");
  }
  if (f->schema()->type() != type) {
    throw DataException("Field '" + std::string(name) + "' is not of type " + std::string(schemaTypeName(type)));
  }
  return s.get(*f);
}

// Requirements.requireStruct(value, purpose).
inline const std::shared_ptr<Struct>& requireStruct(const Value& value, std::string_view purpose) {
  if (value.kind() != Value::Kind::kStruct) {
    throw DataException("Only Struct objects supported for [" + std::string(purpose) +
                        "], found: " + (value.isNull() ? std::string("null") : std::string(kindName(value.kind()))));
  }
  return value.asStruct();
}

// Requirements.requireMap(value, purpose).
inline const MapEntries& requireMap(const Value& value, std::string_view purpose) {
  if (value.kind() != Value::Kind::kMap) {
    throw DataException("Only Map objects supported in absence of schema for [" + std::string(purpose) +
                        "], found: " + (value.isNull() ? std::string("null") : std::string(kindName(value.kind()))));
  }
  return value.asMap();
}

}  // namespace connectd::transforms
