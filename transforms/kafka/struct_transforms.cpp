// InsertField, ReplaceField, HeaderFrom and MaskField; see struct_transforms.hpp.
#include "struct_transforms.hpp"

#include <algorithm>

#include "../common/transform_support.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {
namespace {

const Value* mapGet(const MapEntries& m, const std::string& key) {
  for (const auto& [k, v] : m) {
    if (k.kind() == Value::Kind::kString && k.asString() == key) {
      return &v;
    }
  }
  return nullptr;
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

// ---- InsertField ----

std::string InsertField::version() const {
  return versions::kKafka;
}

const ConfigDef& InsertField::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    const char* suffix =
        " Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it "
        "optional (the default).";
    d.define("topic.field", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc(std::string("Field name for Kafka topic.") + suffix);
    d.define("partition.field", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc(std::string("Field name for Kafka partition.") + suffix);
    d.define("offset.field", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc(std::string("Field name for Kafka offset - only applicable to sink connectors.<br/>") + suffix);
    d.define("timestamp.field", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc(std::string("Field name for record timestamp.") + suffix);
    d.define("static.field", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc(std::string("Field name for static data field.") + suffix);
    d.define("static.value", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kMedium)
        .doc("Static field value, if field name configured.");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

std::optional<InsertField::InsertionSpec> InsertField::parseSpec(const std::optional<std::string>& spec) {
  if (!spec || spec->empty()) {
    return std::nullopt;
  }
  InsertionSpec s;
  s.name = *spec;
  if (spec->back() == '!') {
    s.name.pop_back();
    s.optional = false;
  } else if (spec->back() == '?') {
    s.name.pop_back();
  }
  return s;
}

void InsertField::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  topic_field_ = parseSpec(c.getOptionalString("topic.field"));
  partition_field_ = parseSpec(c.getOptionalString("partition.field"));
  offset_field_ = parseSpec(c.getOptionalString("offset.field"));
  timestamp_field_ = parseSpec(c.getOptionalString("timestamp.field"));
  static_field_ = parseSpec(c.getOptionalString("static.field"));
  static_value_ = c.getOptionalString("static.value");
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
  if (!topic_field_ && !partition_field_ && !offset_field_ && !timestamp_field_ && !static_field_) {
    throw ConfigException("No field insertion configured");
  }
  if (static_field_ && !static_value_) {
    throw ConfigException("static.value", "null", "No value specified for static field: " + static_field_->name);
  }
}

std::optional<SourceRecord> InsertField::apply(SourceRecord record) {
  if ((isKey() ? record.key() : record.value()).isNull()) {
    return record;  // tombstones pass
  }
  return KeyValueTransform::apply(std::move(record));
}

SchemaAndValue InsertField::transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) {
  constexpr const char* kPurpose = "field insertion";
  if (offset_field_) {
    throw DataException("Only SinkRecord supported for [field insertion], found: SourceRecord");
  }
  if (!schema) {
    MapEntries updated = requireMap(value, kPurpose);
    if (topic_field_) {
      updated.emplace_back(Value::string(topic_field_->name), Value::string(record.topic()));
    }
    if (partition_field_ && record.kafkaPartition()) {
      updated.emplace_back(Value::string(partition_field_->name), Value::int32(*record.kafkaPartition()));
    }
    if (timestamp_field_ && record.timestamp()) {
      updated.emplace_back(Value::string(timestamp_field_->name), Value::int64(*record.timestamp()));
    }
    if (static_field_) {
      updated.emplace_back(Value::string(static_field_->name), Value::string(*static_value_));
    }
    return {nullptr, Value::map(std::move(updated))};
  }
  const Struct& old = *requireStruct(value, kPurpose);
  SchemaBuilder b = copySchemaBasics(*schema, SchemaBuilder::structBuilder());
  for (const auto& f : schema->fields()) {
    b.field(f.name(), f.schema());
  }
  if (topic_field_) {
    b.field(topic_field_->name, topic_field_->optional ? Schema::optionalString() : Schema::string());
  }
  if (partition_field_) {
    b.field(partition_field_->name, partition_field_->optional ? Schema::optionalInt32() : Schema::int32());
  }
  if (timestamp_field_) {
    SchemaBuilder ts = logical::timestampBuilder();
    if (timestamp_field_->optional) {
      ts.optional();
    }
    b.field(timestamp_field_->name, ts.build());
  }
  if (static_field_) {
    b.field(static_field_->name, static_field_->optional ? Schema::optionalString() : Schema::string());
  }
  SchemaPtr updated_schema = b.build();
  auto updated = Struct::make(updated_schema);
  for (const auto& f : schema->fields()) {
    updated->put(f.name(), replace_null_with_default_ ? old.get(f) : old.getWithoutDefault(f.name()));
  }
  if (topic_field_) {
    updated->put(topic_field_->name, Value::string(record.topic()));
  }
  if (partition_field_ && record.kafkaPartition()) {
    updated->put(partition_field_->name, Value::int32(*record.kafkaPartition()));
  }
  if (timestamp_field_ && record.timestamp()) {
    updated->put(timestamp_field_->name, Value::int64(*record.timestamp()));
  }
  if (static_field_) {
    updated->put(static_field_->name, Value::string(*static_value_));
  }
  return {updated_schema, Value::structValue(std::move(updated))};
}

// ---- ReplaceField ----

std::string ReplaceField::version() const {
  return versions::kKafka;
}

const ConfigDef& ReplaceField::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("exclude", ConfigType::kList)
        .defaultValue("")
        .importance(Importance::kMedium)
        .doc("Fields to exclude. This takes precedence over the fields to include.");
    d.define("include", ConfigType::kList)
        .defaultValue("")
        .importance(Importance::kMedium)
        .doc("Fields to include. If specified, only these fields will be used.");
    d.define("renames", ConfigType::kList)
        .defaultValue("")
        .validator(validators::lambda(
            [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
              if (const auto* l = std::get_if<std::vector<std::string>>(&v)) {
                for (const auto& e : *l) {
                  const auto colon = e.find(':');
                  if (colon == std::string::npos || e.find(':', colon + 1) != std::string::npos) {
                    return "Invalid rename mapping: " + e;
                  }
                }
              }
              return std::nullopt;
            },
            "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>"))
        .importance(Importance::kMedium)
        .doc("Field rename mappings.");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

void ReplaceField::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  exclude_ = c.getList("exclude");
  include_ = c.getList("include");
  renames_.clear();
  for (const auto& e : c.getList("renames")) {
    const auto colon = e.find(':');
    renames_.emplace_back(e.substr(0, colon), e.substr(colon + 1));
  }
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

bool ReplaceField::keep(const std::string& field) const {
  return !contains(exclude_, field) && (include_.empty() || contains(include_, field));
}

std::string ReplaceField::renamed(const std::string& field) const {
  for (const auto& [from, to] : renames_) {
    if (from == field) {
      return to;
    }
  }
  return field;
}

std::optional<SourceRecord> ReplaceField::apply(SourceRecord record) {
  if ((isKey() ? record.key() : record.value()).isNull()) {
    return record;
  }
  return KeyValueTransform::apply(std::move(record));
}

SchemaAndValue ReplaceField::transform(const SourceRecord& /*record*/, const SchemaPtr& schema, const Value& value) {
  constexpr const char* kPurpose = "field replacement";
  if (!schema) {
    MapEntries updated;
    for (const auto& [k, v] : requireMap(value, kPurpose)) {
      const std::string name = k.kind() == Value::Kind::kString ? k.asString() : k.toString();
      if (keep(name)) {
        updated.emplace_back(Value::string(renamed(name)), v);
      }
    }
    return {nullptr, Value::map(std::move(updated))};
  }
  const Struct& old = *requireStruct(value, kPurpose);
  SchemaBuilder b = copySchemaBasics(*schema, SchemaBuilder::structBuilder());
  for (const auto& f : schema->fields()) {
    if (keep(f.name())) {
      b.field(renamed(f.name()), f.schema());
    }
  }
  SchemaPtr updated_schema = b.build();
  auto updated = Struct::make(updated_schema);
  for (const auto& f : schema->fields()) {
    if (keep(f.name())) {
      updated->put(renamed(f.name()), replace_null_with_default_ ? old.get(f) : old.getWithoutDefault(f.name()));
    }
  }
  return {updated_schema, Value::structValue(std::move(updated))};
}

// ---- HeaderFrom ----

std::string HeaderFrom::version() const {
  return versions::kKafka;
}

const ConfigDef& HeaderFrom::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("fields", ConfigType::kList)
        .validator(validators::nonEmptyList())
        .importance(Importance::kHigh)
        .doc("Field names in the record whose values are to be copied or moved to headers.");
    d.define("headers", ConfigType::kList)
        .validator(validators::nonEmptyList())
        .importance(Importance::kHigh)
        .doc("Header names, in the same order as the field names listed in the fields configuration property.");
    d.define("operation", ConfigType::kString)
        .validator(validators::in({"move", "copy"}))
        .importance(Importance::kHigh)
        .doc(
            "Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), "
            "or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

void HeaderFrom::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  fields_ = c.getList("fields");
  headers_ = c.getList("headers");
  if (fields_.size() != headers_.size()) {
    throw ConfigException("'fields' config must have the same number of elements as 'headers' config.");
  }
  move_ = c.getString("operation") == "move";
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

std::optional<SourceRecord> HeaderFrom::apply(SourceRecord record) {
  constexpr const char* kPurpose =
      "header "
      "from";
  const SchemaPtr schema = is_key_ ? record.keySchema() : record.valueSchema();
  const Value value = is_key_ ? record.key() : record.value();
  if (value.isNull()) {
    return record;
  }
  if (!schema) {
    const MapEntries& m = requireMap(value, kPurpose);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const Value* v = mapGet(m, fields_[i]);
      record.headers().add(headers_[i], nullptr, v != nullptr ? *v : Value());
    }
    if (move_) {
      MapEntries kept;
      for (const auto& [k, v] : m) {
        if (!(k.kind() == Value::Kind::kString && contains(fields_, k.asString()))) {
          kept.emplace_back(k, v);
        }
      }
      (is_key_ ? record.setKey(nullptr, Value::map(std::move(kept)))
               : record.setValue(nullptr, Value::map(std::move(kept))));
    }
    return record;
  }
  const Struct& s = *requireStruct(value, kPurpose);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const Field* f = schema->field(fields_[i]);
    if (f == nullptr) {
      throw DataException(fields_[i] + " is not a valid field name");
    }
    record.headers().add(headers_[i], f->schema(),
                         replace_null_with_default_ ? s.get(*f) : s.getWithoutDefault(f->name()));
  }
  if (move_) {
    SchemaBuilder b = copySchemaBasics(*schema, SchemaBuilder::structBuilder());
    if (schema->isOptional()) {
      b.optional();
    }
    for (const auto& f : schema->fields()) {
      if (!contains(fields_, f.name())) {
        b.field(f.name(), f.schema());
      }
    }
    SchemaPtr updated_schema = b.build();
    auto updated = Struct::make(updated_schema);
    for (const auto& f : updated_schema->fields()) {
      updated->put(f, replace_null_with_default_ ? s.get(f.name()) : s.getWithoutDefault(f.name()));
    }
    if (is_key_) {
      record.setKey(updated_schema, Value::structValue(std::move(updated)));
    } else {
      record.setValue(updated_schema, Value::structValue(std::move(updated)));
    }
  }
  return record;
}

// ---- MaskField ----

std::string MaskField::version() const {
  return versions::kKafka;
}

const ConfigDef& MaskField::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("fields", ConfigType::kList)
        .validator(validators::nonEmptyList())
        .importance(Importance::kHigh)
        .doc("Names of fields to mask.");
    d.define("replacement", ConfigType::kString)
        .nullDefault()
        .validator(validators::lambda(
            [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
              const auto* s = std::get_if<std::string>(&v);
              if (s != nullptr && s->empty()) {
                return "String must be non-empty";
              }
              return std::nullopt;
            },
            "non-empty string"))
        .importance(Importance::kLow)
        .doc(
            "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string "
            "values only).");
    replaceNullWithDefault(d);
    return d;
  }();
  return def;
}

void MaskField::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  fields_ = c.getList("fields");
  replacement_ = c.getOptionalString("replacement");
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

std::optional<SourceRecord> MaskField::apply(SourceRecord record) {
  if ((isKey() ? record.key() : record.value()).isNull()) {
    return record;
  }
  return KeyValueTransform::apply(std::move(record));
}

Value MaskField::masked(const Value& v, const SchemaPtr& /*schema*/, const std::string& field) const {
  if (v.isNull()) {
    return v;
  }
  if (replacement_) {
    const std::string& r = *replacement_;
    const auto bad = [&]() -> DataException {
      return DataException("Unable to convert " + r + " (class java.lang.String) to number");
    };
    switch (v.kind()) {
      case Value::Kind::kString: return Value::string(r);
      case Value::Kind::kInt8:
      case Value::Kind::kInt16:
      case Value::Kind::kInt32:
      case Value::Kind::kInt64: {
        const auto l = java::parseLong(r);
        if (!l) {
          throw bad();
        }
        if (v.kind() == Value::Kind::kInt8 && *l >= -128 && *l <= 127) {
          return Value::int8(static_cast<std::int8_t>(*l));
        }
        if (v.kind() == Value::Kind::kInt16 && *l >= -32768 && *l <= 32767) {
          return Value::int16(static_cast<std::int16_t>(*l));
        }
        if (v.kind() == Value::Kind::kInt32) {
          if (const auto i = java::parseInt(r)) {
            return Value::int32(*i);
          }
          throw bad();
        }
        if (v.kind() == Value::Kind::kInt64) {
          return Value::int64(*l);
        }
        throw bad();
      }
      case Value::Kind::kFloat32:
      case Value::Kind::kFloat64: {
        const auto d = java::parseDouble(r);
        if (!d) {
          throw bad();
        }
        return v.kind() == Value::Kind::kFloat32 ? Value::float32(static_cast<float>(*d)) : Value::float64(*d);
      }
      case Value::Kind::kDecimal: try { return Value::decimal(Decimal::parse(r));
        } catch (const DataException&) {
          throw bad();
        }
      default:
        throw DataException("Cannot mask value of type " + std::string(kindName(v.kind())) +
                            " with custom replacement (field " + field + ").");
    }
  }
  switch (v.kind()) {
    case Value::Kind::kBoolean: return Value::boolean(false);
    case Value::Kind::kInt8: return Value::int8(0);
    case Value::Kind::kInt16: return Value::int16(0);
    case Value::Kind::kInt32: return Value::int32(0);
    case Value::Kind::kInt64: return Value::int64(0);
    case Value::Kind::kFloat32: return Value::float32(0);
    case Value::Kind::kFloat64: return Value::float64(0);
    case Value::Kind::kString: return Value::string("");
    case Value::Kind::kDecimal: return Value::decimal(Decimal::fromInt64(0, 0));
    case Value::Kind::kArray: return Value::array({});
    case Value::Kind::kMap: return Value::map({});
    default:
      throw DataException("Cannot mask value of type: " + std::string(kindName(v.kind())) + " (field " + field + ")");
  }
}

SchemaAndValue MaskField::transform(const SourceRecord& /*record*/, const SchemaPtr& schema, const Value& value) {
  constexpr const char* kPurpose = "mask fields";
  if (!schema) {
    MapEntries updated = requireMap(value, kPurpose);
    for (auto& [k, v] : updated) {
      if (k.kind() == Value::Kind::kString && contains(fields_, k.asString())) {
        v = masked(v, nullptr, k.asString());
      }
    }
    return {nullptr, Value::map(std::move(updated))};
  }
  const Struct& old = *requireStruct(value, kPurpose);
  auto updated = Struct::make(schema);
  for (const auto& f : schema->fields()) {
    Value v = replace_null_with_default_ ? old.get(f) : old.getWithoutDefault(f.name());
    updated->put(f, contains(fields_, f.name()) ? masked(v, f.schema(), f.name()) : v);
  }
  return {schema, Value::structValue(std::move(updated))};
}

}  // namespace connectd::transforms
