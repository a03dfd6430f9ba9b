// ExtractField, HoistField, SetSchemaMetadata and ValueToKey; see field_transforms.hpp.
#include "field_transforms.hpp"

#include "../common/transform_support.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {

// ---- ExtractField ----

std::string ExtractField::version() const {
  return versions::kKafka;
}

const ConfigDef& ExtractField::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("field", ConfigType::kString)
        .validator(validators::nonEmptyString())
        .importance(Importance::kMedium)
        .doc("Field name to extract.");
    return d;
  }();
  return def;
}

void ExtractField::configure(const ConfigMap& props) {
  field_ = config().parse(props).getString("field");
}

SchemaAndValue ExtractField::transform(const SourceRecord& /*record*/, const SchemaPtr& schema, const Value& value) {
  constexpr const char* kPurpose = "field extraction";
  if (!schema) {
    if (value.isNull()) {
      return {nullptr, Value()};
    }
    for (const auto& [k, v] : requireMap(value, kPurpose)) {
      if (k.kind() == Value::Kind::kString && k.asString() == field_) {
        return {nullptr, v};
      }
    }
    return {nullptr, Value()};
  }
  if (!value.isNull()) {
    requireStruct(value, kPurpose);
  }
  const Field* f = schema->type() == SchemaType::kStruct ? schema->field(field_) : nullptr;
  if (f == nullptr) {
    throw DataException("Unknown field: " + field_);
  }
  return {f->schema(), value.isNull() ? Value() : value.asStruct()->get(*f)};
}

// ---- HoistField ----

std::string HoistField::version() const {
  return versions::kKafka;
}

const ConfigDef& HoistField::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("field", ConfigType::kString)
        .importance(Importance::kMedium)
        .doc("Field name for the single field that will be created in the resulting Struct or Map.");
    return d;
  }();
  return def;
}

void HoistField::configure(const ConfigMap& props) {
  field_ = config().parse(props).getString("field");
  cached_for_.reset();
  cached_.reset();
}

SchemaAndValue HoistField::transform(const SourceRecord& /*record*/, const SchemaPtr& schema, const Value& value) {
  if (!schema) {
    return {nullptr, Value::map({{Value::string(field_), value}})};
  }
  if (!cached_ || !schemaEquals(cached_for_, schema)) {
    cached_for_ = schema;
    cached_ = SchemaBuilder::structBuilder().field(field_, schema).build();
  }
  auto s = Struct::make(cached_);
  s->put(field_, value);
  return {cached_, Value::structValue(std::move(s))};
}

// ---- SetSchemaMetadata ----

std::string SetSchemaMetadata::version() const {
  return versions::kKafka;
}

const ConfigDef& SetSchemaMetadata::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("schema.name", ConfigType::kString).nullDefault().importance(Importance::kHigh).doc("Schema name to set.");
    d.define("schema.version", ConfigType::kInt)
        .nullDefault()
        .importance(Importance::kHigh)
        .doc("Schema version to set.");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

void SetSchemaMetadata::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  name_ = c.getOptionalString("schema.name");
  version_.reset();
  if (!c.isNull("schema.version")) {
    version_ = c.getInt("schema.version");
  }
  if (!name_ && !version_) {
    throw ConfigException("Neither schema name nor version configured");
  }
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

SchemaAndValue SetSchemaMetadata::transform(const SourceRecord& /*record*/, const SchemaPtr& schema,
                                            const Value& value) {
  if (!schema) {
    throw DataException("Schema required for [updating schema metadata]");
  }
  SchemaBuilder b = SchemaBuilder::from(*schema);
  if (name_) {
    b.name(*name_);
  }
  if (version_) {
    b.version(*version_);
  }
  SchemaPtr updated = b.build();
  if (value.kind() != Value::Kind::kStruct) {
    return {updated, value};
  }
  // A struct is rebuilt against the new schema (updateSchemaIn).
  auto s = Struct::make(updated);
  const Struct& old = *value.asStruct();
  for (const auto& f : updated->fields()) {
    s->put(f, replace_null_with_default_ ? old.get(f.name()) : old.getWithoutDefault(f.name()));
  }
  return {updated, Value::structValue(std::move(s))};
}

// ---- ValueToKey ----

std::string ValueToKey::version() const {
  return versions::kKafka;
}

const ConfigDef& ValueToKey::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("fields", ConfigType::kList)
        .validator(validators::nonEmptyList())
        .importance(Importance::kHigh)
        .doc("Field names on the record value to extract as the record key.");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

void ValueToKey::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  fields_ = c.getList("fields");
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

std::optional<SourceRecord> ValueToKey::apply(SourceRecord record) {
  constexpr const char* kPurpose = "copying fields from value to key";
  if (!record.valueSchema()) {
    const MapEntries& value = requireMap(record.value(), kPurpose);
    MapEntries key;
    for (const auto& name : fields_) {
      Value found;
      for (const auto& [k, v] : value) {
        if (k.kind() == Value::Kind::kString && k.asString() == name) {
          found = v;
        }
      }
      key.emplace_back(Value::string(name), found);
    }
    record.setKey(nullptr, Value::map(std::move(key)));
    return record;
  }
  const Struct& value = *requireStruct(record.value(), kPurpose);
  SchemaBuilder b = SchemaBuilder::structBuilder();
  for (const auto& name : fields_) {
    const Field* f = record.valueSchema()->field(name);
    if (f == nullptr) {
      throw DataException("Field does not exist: " + name);
    }
    b.field(name, f->schema());
  }
  SchemaPtr key_schema = b.build();
  auto key = Struct::make(key_schema);
  for (const auto& name : fields_) {
    key->put(name, replace_null_with_default_ ? value.get(name) : value.getWithoutDefault(name));
  }
  record.setKey(std::move(key_schema), Value::structValue(std::move(key)));
  return record;
}

}  // namespace connectd::transforms
