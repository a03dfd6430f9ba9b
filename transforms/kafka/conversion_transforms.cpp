// Flatten and Cast; see conversion_transforms.hpp.
#include "conversion_transforms.hpp"

#include <cmath>
#include <limits>

#include "../common/transform_support.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {
namespace {

std::string base64(const Bytes& in) {
  static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += kTable[(n >> 6) & 63];
    out += kTable[n & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned n = in[i] << 16;
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned n = (in[i] << 16) | (in[i + 1] << 8);
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += kTable[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<SchemaType> castType(const std::string& name) {
  static const std::vector<std::pair<std::string, SchemaType>> kTypes = {
      {"int8", SchemaType::kInt8},       {"int16", SchemaType::kInt16},     {"int32", SchemaType::kInt32},
      {"int64", SchemaType::kInt64},     {"float32", SchemaType::kFloat32}, {"float64", SchemaType::kFloat64},
      {"boolean", SchemaType::kBoolean}, {"string", SchemaType::kString},
  };
  for (const auto& [n, t] : kTypes) {
    if (n == name) {
      return t;
    }
  }
  return std::nullopt;
}

bool isNumeric(Value::Kind k) {
  return k == Value::Kind::kInt8 || k == Value::Kind::kInt16 || k == Value::Kind::kInt32 || k == Value::Kind::kInt64 ||
         k == Value::Kind::kFloat32 || k == Value::Kind::kFloat64;
}

double asDouble(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt8: return v.asInt8();
    case Value::Kind::kInt16: return v.asInt16();
    case Value::Kind::kInt32: return v.asInt32();
    case Value::Kind::kInt64: return static_cast<double>(v.asInt64());
    case Value::Kind::kFloat32: return v.asFloat32();
    default: return v.asFloat64();
  }
}

// Java's Number.longValue(): doubles truncate toward zero and saturate; NaN is 0.
std::int64_t asLong(const Value& v) {
  if (v.kind() == Value::Kind::kFloat32 || v.kind() == Value::Kind::kFloat64) {
    const double d = asDouble(v);
    if (std::isnan(d)) {
      return 0;
    }
    if (d >= 9.2233720368547758e18) {
      return std::numeric_limits<std::int64_t>::max();
    }
    if (d <= -9.2233720368547758e18) {
      return std::numeric_limits<std::int64_t>::min();
    }
    return static_cast<std::int64_t>(d);
  }
  switch (v.kind()) {
    case Value::Kind::kInt8: return v.asInt8();
    case Value::Kind::kInt16: return v.asInt16();
    case Value::Kind::kInt32: return v.asInt32();
    default: return v.asInt64();
  }
}

std::string javaString(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt8: return std::to_string(v.asInt8());
    case Value::Kind::kInt16: return std::to_string(v.asInt16());
    case Value::Kind::kInt32: return std::to_string(v.asInt32());
    case Value::Kind::kInt64: return std::to_string(v.asInt64());
    case Value::Kind::kFloat32: return java::floatToString(v.asFloat32());
    case Value::Kind::kFloat64: return java::doubleToString(v.asFloat64());
    case Value::Kind::kBoolean: return v.asBoolean() ? "true" : "false";
    case Value::Kind::kString: return v.asString();
    case Value::Kind::kBytes: return base64(v.asBytes());
    case Value::Kind::kDecimal: return v.asDecimal().toPlainString();
    default:
      throw DataException("Cast transformation does not support casting to/from " + std::string(kindName(v.kind())));
  }
}

}  // namespace

// ---- Flatten ----

std::string Flatten::version() const {
  return versions::kKafka;
}

const ConfigDef& Flatten::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("delimiter", ConfigType::kString)
        .defaultValue(".")
        .importance(Importance::kMedium)
        .doc(
            "Delimiter to insert between field names from the input record when generating field names for the "
            "output record");
    return d;
  }();
  return def;
}

void Flatten::configure(const ConfigMap& props) {
  delimiter_ = config().parse(props).getString("delimiter");
}

std::optional<SourceRecord> Flatten::apply(SourceRecord record) {
  if ((isKey() ? record.key() : record.value()).isNull()) {
    return record;
  }
  return KeyValueTransform::apply(std::move(record));
}

std::string Flatten::name(const std::string& prefix, const std::string& field) const {
  return prefix.empty() ? field : prefix + delimiter_ + field;
}

void Flatten::buildSchema(const Schema& schema, const std::string& prefix, SchemaBuilder& out, bool optional,
                          const Value& parent_default) const {
  for (const auto& f : schema.fields()) {
    const std::string field_name = name(prefix, f.name());
    const bool field_optional = optional || f.schema()->isOptional();
    Value field_default = f.schema()->defaultValue();
    if (field_default.isNull() && parent_default.kind() == Value::Kind::kStruct) {
      field_default = parent_default.asStruct()->get(f.name());
    }
    if (f.schema()->type() == SchemaType::kStruct) {
      buildSchema(*f.schema(), field_name, out, field_optional, field_default);
      continue;
    }
    SchemaBuilder b = copySchemaBasics(*f.schema());
    if (field_optional) {
      b.optional();
    }
    if (!field_default.isNull()) {
      b.defaultValue(field_default);
    }
    out.field(field_name, b.build());
  }
}

void Flatten::buildValue(const Struct* s, const std::string& prefix, Struct& out) const {
  if (s == nullptr) {
    return;
  }
  for (const auto& f : s->schema()->fields()) {
    const std::string field_name = name(prefix, f.name());
    const Value& v = s->getWithoutDefault(f.name());
    if (f.schema()->type() == SchemaType::kStruct) {
      buildValue(v.isNull() ? nullptr : v.asStruct().get(), field_name, out);
    } else {
      out.put(field_name, v);
    }
  }
}

void Flatten::flattenMap(const MapEntries& m, const std::string& prefix, MapEntries& out) const {
  for (const auto& [k, v] : m) {
    const std::string field_name = name(prefix, k.kind() == Value::Kind::kString ? k.asString() : k.toString());
    if (v.kind() == Value::Kind::kMap) {
      flattenMap(v.asMap(), field_name, out);
    } else if (v.kind() == Value::Kind::kStruct) {
      throw DataException("Flatten transformation does not support Struct for record without schemas (for field " +
                          field_name + ").");
    } else {
      out.emplace_back(Value::string(field_name), v);
    }
  }
}

SchemaAndValue Flatten::transform(const SourceRecord& /*record*/, const SchemaPtr& schema, const Value& value) {
  constexpr const char* kPurpose = "flattening";
  if (!schema) {
    MapEntries out;
    flattenMap(requireMap(value, kPurpose), "", out);
    return {nullptr, Value::map(std::move(out))};
  }
  const Struct& s = *requireStruct(value, kPurpose);
  SchemaBuilder b = copySchemaBasics(*schema);
  buildSchema(*schema, "", b, schema->isOptional(), schema->defaultValue());
  SchemaPtr updated_schema = b.build();
  auto out = Struct::make(updated_schema);
  buildValue(&s, "", *out);
  return {updated_schema, Value::structValue(std::move(out))};
}

// ---- Cast ----

std::string Cast::version() const {
  return versions::kKafka;
}

const ConfigDef& Cast::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define("spec", ConfigType::kList)
        .validator(validators::lambda(
            [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
              const auto* l = std::get_if<std::vector<std::string>>(&v);
              if (l == nullptr) {
                return std::nullopt;
              }
              if (l->empty()) {
                return "Must specify at least one field to cast.";
              }
              for (const auto& e : *l) {
                const auto colon = e.find(':');
                const std::string type = colon == std::string::npos ? e : e.substr(colon + 1);
                if (!castType(type)) {
                  return "Invalid type found in casting spec: " + type;
                }
                if (colon == std::string::npos && l->size() > 1) {
                  return "Cast transformations that specify a type to cast the entire value to may only specify a "
                         "single cast in their spec";
                }
              }
              return std::nullopt;
            },
            "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>"))
        .importance(Importance::kHigh)
        .doc(
            "List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of "
            "Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, "
            "float32, float64, boolean, and string.");
    d.define("replace.null.with.default", ConfigType::kBoolean)
        .defaultValue("true")
        .importance(Importance::kMedium)
        .doc(
            "Whether to replace fields that have a default value and that are null to the default value. When set "
            "to true, the default value is used, otherwise null is used.");
    return d;
  }();
  return def;
}

void Cast::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  whole_value_.reset();
  fields_.clear();
  for (const auto& e : c.getList("spec")) {
    const auto colon = e.find(':');
    if (colon == std::string::npos) {
      whole_value_ = castType(e);
    } else {
      fields_.emplace_back(e.substr(0, colon), *castType(e.substr(colon + 1)));
    }
  }
  replace_null_with_default_ = c.getBoolean("replace.null.with.default");
}

std::optional<SourceRecord> Cast::apply(SourceRecord record) {
  if ((isKey() ? record.key() : record.value()).isNull()) {
    return record;
  }
  return KeyValueTransform::apply(std::move(record));
}

Value Cast::castValue(const Value& v, SchemaType target) {
  if (v.isNull()) {
    return v;
  }
  const Value::Kind k = v.kind();
  if (!isNumeric(k) && k != Value::Kind::kBoolean && k != Value::Kind::kString &&
      !(target == SchemaType::kString && (k == Value::Kind::kBytes || k == Value::Kind::kDecimal))) {
    throw DataException("Cast transformation does not support casting to/from " + std::string(kindName(k)));
  }
  const auto parseNumber = [&]() -> Value {
    const std::string& s = v.asString();
    if (target == SchemaType::kFloat32 || target == SchemaType::kFloat64) {
      const auto d = java::parseDouble(s);
      if (!d) {
        throw DataException("Value (" + s + ") was out of range for requested data type");
      }
      return Value::float64(*d);
    }
    const auto l = java::parseLong(s);
    if (!l) {
      throw DataException("Value (" + s + ") was out of range for requested data type");
    }
    const bool fits = target == SchemaType::kInt64 ||
                      (target == SchemaType::kInt32 && *l >= INT32_MIN && *l <= INT32_MAX) ||
                      (target == SchemaType::kInt16 && *l >= INT16_MIN && *l <= INT16_MAX) ||
                      (target == SchemaType::kInt8 && *l >= INT8_MIN && *l <= INT8_MAX);
    if (!fits) {
      throw DataException("Value (" + s + ") was out of range for requested data type");
    }
    return Value::int64(*l);
  };
  switch (target) {
    case SchemaType::kString: return Value::string(javaString(v));
    case SchemaType::kBoolean:
      if (k == Value::Kind::kString) {
        std::string lower = v.asString();
        for (auto& ch : lower) {
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        return Value::boolean(lower == "true");
      }
      return Value::boolean(k == Value::Kind::kBoolean ? v.asBoolean() : asDouble(v) != 0);
    case SchemaType::kFloat32:
    case SchemaType::kFloat64: {
      double d = 0;
      if (k == Value::Kind::kBoolean) {
        d = v.asBoolean() ? 1 : 0;
      } else if (k == Value::Kind::kString) {
        d = parseNumber().asFloat64();
      } else {
        d = asDouble(v);
      }
      return target == SchemaType::kFloat32 ? Value::float32(static_cast<float>(d)) : Value::float64(d);
    }
    default: {
      std::int64_t l = 0;
      if (k == Value::Kind::kBoolean) {
        l = v.asBoolean() ? 1 : 0;
      } else if (k == Value::Kind::kString) {
        l = parseNumber().asInt64();
      } else {
        l = asLong(v);
      }
      // Narrowing as Java's byteValue()/shortValue()/intValue(): the low bits.
      switch (target) {
        case SchemaType::kInt8: return Value::int8(static_cast<std::int8_t>(l));
        case SchemaType::kInt16: return Value::int16(static_cast<std::int16_t>(l));
        case SchemaType::kInt32: return Value::int32(static_cast<std::int32_t>(l));
        default: return Value::int64(l);
      }
    }
  }
}

SchemaAndValue Cast::transform(const SourceRecord& /*record*/, const SchemaPtr& schema, const Value& value) {
  constexpr const char* kPurpose = "cast types";
  if (whole_value_) {
    if (!schema) {
      return {nullptr, castValue(value, *whole_value_)};
    }
    if (!isPrimitive(schema->type()) || schema->type() == SchemaType::kBytes) {
      throw DataException("Cast transformation does not support casting to/from " +
                          std::string(schemaTypeName(schema->type())));
    }
    SchemaBuilder b(*whole_value_);
    if (schema->isOptional()) {
      b.optional();
    }
    if (!schema->defaultValue().isNull()) {
      b.defaultValue(castValue(schema->defaultValue(), *whole_value_));
    }
    return {b.build(), castValue(value, *whole_value_)};
  }
  const auto targetFor = [&](const std::string& field) -> std::optional<SchemaType> {
    for (const auto& [f, t] : fields_) {
      if (f == field) {
        return t;
      }
    }
    return std::nullopt;
  };
  if (!schema) {
    MapEntries out = requireMap(value, kPurpose);
    for (auto& [k, v] : out) {
      if (k.kind() == Value::Kind::kString) {
        if (auto t = targetFor(k.asString())) {
          v = castValue(v, *t);
        }
      }
    }
    return {nullptr, Value::map(std::move(out))};
  }
  const Struct& s = *requireStruct(value, kPurpose);
  SchemaBuilder b = copySchemaBasics(*schema);
  if (schema->isOptional()) {
    b.optional();
  }
  for (const auto& f : schema->fields()) {
    const auto t = targetFor(f.name());
    if (!t) {
      b.field(f.name(), f.schema());
      continue;
    }
    SchemaBuilder fb(*t);
    if (f.schema()->isOptional()) {
      fb.optional();
    }
    if (!f.schema()->defaultValue().isNull()) {
      fb.defaultValue(castValue(f.schema()->defaultValue(), *t));
    }
    b.field(f.name(), fb.build());
  }
  SchemaPtr updated_schema = b.build();
  auto out = Struct::make(updated_schema);
  for (const auto& f : schema->fields()) {
    const Value v = replace_null_with_default_ ? s.get(f) : s.getWithoutDefault(f.name());
    const auto t = targetFor(f.name());
    out->put(f.name(), t ? castValue(v, *t) : v);
  }
  return {updated_schema, Value::structValue(std::move(out))};
}

}  // namespace connectd::transforms
