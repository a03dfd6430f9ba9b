// Connect structs; see struct.hpp. Messages follow Kafka's Struct.
#include "connectd/api/struct.hpp"

#include "connectd/api/errors.hpp"

namespace connectd {

Struct::Struct(SchemaPtr schema) : schema_(std::move(schema)) {
  if (!schema_ || schema_->type() != SchemaType::kStruct) {
    throw DataException("Not a struct schema: " + (schema_ ? schema_->toString() : std::string("null")));
  }
  values_.resize(schema_->fields().size());
}

const Field& Struct::lookupField(std::string_view name) const {
  const Field* f = schema_->field(name);
  if (f == nullptr) {
    throw DataException(std::string(name) + " is not a valid field name");
  }
  return *f;
}

Struct& Struct::put(std::string_view field_name, Value value) {
  return put(lookupField(field_name), std::move(value));
}

Struct& Struct::put(const Field& field, Value value) {
  const auto idx = static_cast<std::size_t>(field.index());
  if (idx >= values_.size() || !(schema_->fields()[idx] == field)) {
    throw DataException(field.name() + " is not a valid field name");
  }
  Schema::validateValue(*field.schema(), value, field.name());
  values_[idx] = std::move(value);
  return *this;
}

const Value& Struct::get(std::string_view field_name) const {
  return get(lookupField(field_name));
}

const Value& Struct::get(const Field& field) const {
  const Value& v = values_.at(static_cast<std::size_t>(field.index()));
  if (v.isNull() && !field.schema()->defaultValue().isNull()) {
    return field.schema()->defaultValue();
  }
  return v;
}

const Value& Struct::getWithoutDefault(std::string_view field_name) const {
  return values_.at(static_cast<std::size_t>(lookupField(field_name).index()));
}

void Struct::validate() const {
  for (const auto& field : schema_->fields()) {
    const auto& fs = *field.schema();
    const Value& v = values_[static_cast<std::size_t>(field.index())];
    if (v.isNull() && (fs.isOptional() || !fs.defaultValue().isNull())) {
      continue;
    }
    Schema::validateValue(fs, v, field.name());
  }
}

bool Struct::operator==(const Struct& other) const {
  return schemaEquals(schema_, other.schema_) && values_ == other.values_;
}

std::string Struct::toString() const {
  std::string out = "Struct{";
  bool first = true;
  for (const auto& field : schema_->fields()) {
    const Value& v = values_[static_cast<std::size_t>(field.index())];
    if (v.isNull()) {
      continue;
    }
    if (!first) {
      out += ",";
    }
    first = false;
    out += field.name() + "=" + v.toString();
  }
  return out + "}";
}

}  // namespace connectd
