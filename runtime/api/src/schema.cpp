// Connect schemas; see schema.hpp. Messages follow Kafka's ConnectSchema and SchemaBuilder.
#include "connectd/api/schema.hpp"

#include <algorithm>

#include "connectd/api/errors.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"

namespace connectd {
namespace {

// The Java class Kafka names in its messages for a value of this kind.
std::string_view javaClassOf(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kInt8: return "class java.lang.Byte";
    case Value::Kind::kInt16: return "class java.lang.Short";
    case Value::Kind::kInt32: return "class java.lang.Integer";
    case Value::Kind::kInt64: return "class java.lang.Long";
    case Value::Kind::kFloat32: return "class java.lang.Float";
    case Value::Kind::kFloat64: return "class java.lang.Double";
    case Value::Kind::kBoolean: return "class java.lang.Boolean";
    case Value::Kind::kString: return "class java.lang.String";
    case Value::Kind::kBytes: return "class [B";
    case Value::Kind::kArray: return "class java.util.ArrayList";
    case Value::Kind::kMap: return "class java.util.HashMap";
    case Value::Kind::kStruct: return "class org.apache.kafka.connect.data.Struct";
    case Value::Kind::kDecimal: return "class java.math.BigDecimal";
    case Value::Kind::kNull: return "null";
  }
  return "?";
}

Value::Kind expectedKind(const Schema& schema) {
  switch (schema.type()) {
    case SchemaType::kInt8: return Value::Kind::kInt8;
    case SchemaType::kInt16: return Value::Kind::kInt16;
    case SchemaType::kInt32: return Value::Kind::kInt32;
    case SchemaType::kInt64: return Value::Kind::kInt64;
    case SchemaType::kFloat32: return Value::Kind::kFloat32;
    case SchemaType::kFloat64: return Value::Kind::kFloat64;
    case SchemaType::kBoolean: return Value::Kind::kBoolean;
    case SchemaType::kString: return Value::Kind::kString;
    case SchemaType::kBytes:
      return logical::hasName(schema, logical::kDecimal) ? Value::Kind::kDecimal : Value::Kind::kBytes;
    case SchemaType::kArray: return Value::Kind::kArray;
    case SchemaType::kMap: return Value::Kind::kMap;
    case SchemaType::kStruct: return Value::Kind::kStruct;
  }
  return Value::Kind::kNull;
}

void validateAt(const Schema& schema, const Value& value, const std::string& location) {
  if (value.isNull()) {
    if (!schema.isOptional()) {
      throw DataException("Invalid value: null used for required " + location +
                          ", schema type: " + std::string(schemaTypeName(schema.type())));
    }
    return;
  }
  if (value.kind() != expectedKind(schema)) {
    std::string msg = "Invalid Java object for schema";
    if (schema.name()) {
      msg += " \"" + *schema.name() + "\"";
    }
    msg += " with type " + std::string(schemaTypeName(schema.type())) + ": " + std::string(javaClassOf(value.kind())) +
           " for " + location;
    throw DataException(msg);
  }
  switch (schema.type()) {
    case SchemaType::kStruct: {
      const auto& s = value.asStruct();
      if (s->schema().get() != &schema && !(*s->schema() == schema)) {
        throw DataException("Struct schemas do not match.");
      }
      s->validate();
      break;
    }
    case SchemaType::kArray: {
      const std::string entry = "element of array " + location;
      for (const auto& e : value.asArray()) {
        validateAt(*schema.valueSchema(), e, entry);
      }
      break;
    }
    case SchemaType::kMap: {
      const std::string key_loc = "key of map " + location;
      const std::string value_loc = "value of map " + location;
      for (const auto& [k, v] : value.asMap()) {
        validateAt(*schema.keySchema(), k, key_loc);
        validateAt(*schema.valueSchema(), v, value_loc);
      }
      break;
    }
    default: break;
  }
}

SchemaPtr makePrimitive(SchemaType type, bool optional) {
  SchemaBuilder b(type);
  if (optional) {
    b.optional();
  }
  return b.build();
}

bool sameParameters(const SchemaParameters& a, const SchemaParameters& b) {
  if (a.size() != b.size()) {
    return false;
  }
  return std::all_of(a.begin(), a.end(), [&](const auto& kv) {
    auto it = std::find_if(b.begin(), b.end(), [&](const auto& o) { return o.first == kv.first; });
    return it != b.end() && it->second == kv.second;
  });
}

}  // namespace

std::string_view schemaTypeName(SchemaType type) {
  switch (type) {
    case SchemaType::kInt8: return "INT8";
    case SchemaType::kInt16: return "INT16";
    case SchemaType::kInt32: return "INT32";
    case SchemaType::kInt64: return "INT64";
    case SchemaType::kFloat32: return "FLOAT32";
    case SchemaType::kFloat64: return "FLOAT64";
    case SchemaType::kBoolean: return "BOOLEAN";
    case SchemaType::kString: return "STRING";
    case SchemaType::kBytes: return "BYTES";
    case SchemaType::kArray: return "ARRAY";
    case SchemaType::kMap: return "MAP";
    case SchemaType::kStruct: return "STRUCT";
  }
  return "?";
}

std::string_view schemaTypeJsonName(SchemaType type) {
  switch (type) {
    case SchemaType::kInt8: return "int8";
    case SchemaType::kInt16: return "int16";
    case SchemaType::kInt32: return "int32";
    case SchemaType::kInt64: return "int64";
    case SchemaType::kFloat32: return "float";
    case SchemaType::kFloat64: return "double";
    case SchemaType::kBoolean: return "boolean";
    case SchemaType::kString: return "string";
    case SchemaType::kBytes: return "bytes";
    case SchemaType::kArray: return "array";
    case SchemaType::kMap: return "map";
    case SchemaType::kStruct: return "struct";
  }
  return "?";
}

bool isPrimitive(SchemaType type) {
  return type != SchemaType::kArray && type != SchemaType::kMap && type != SchemaType::kStruct;
}

bool Field::operator==(const Field& other) const {
  return name_ == other.name_ && index_ == other.index_ && schemaEquals(schema_, other.schema_);
}

const std::string* Schema::parameter(std::string_view key) const {
  for (const auto& [k, v] : parameters_) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

const std::vector<Field>& Schema::fields() const {
  if (type_ != SchemaType::kStruct) {
    throw DataException("Cannot list fields on non-struct type");
  }
  return fields_;
}

const Field* Schema::field(std::string_view name) const {
  if (type_ != SchemaType::kStruct) {
    throw DataException("Cannot look up fields on non-struct type");
  }
  for (const auto& f : fields_) {
    if (f.name() == name) {
      return &f;
    }
  }
  return nullptr;
}

const SchemaPtr& Schema::keySchema() const {
  if (type_ != SchemaType::kMap) {
    throw DataException("Cannot look up key schema on non-map type");
  }
  return key_schema_;
}

const SchemaPtr& Schema::valueSchema() const {
  if (type_ != SchemaType::kMap && type_ != SchemaType::kArray) {
    throw DataException("Cannot look up value schema on non-array and non-map type");
  }
  return value_schema_;
}

bool Schema::operator==(const Schema& other) const {
  return type_ == other.type_ && optional_ == other.optional_ && version_ == other.version_ && name_ == other.name_ &&
         doc_ == other.doc_ && default_value_ == other.default_value_ && fields_ == other.fields_ &&
         schemaEquals(key_schema_, other.key_schema_) && schemaEquals(value_schema_, other.value_schema_) &&
         sameParameters(parameters_, other.parameters_);
}

std::string Schema::toString() const {
  if (name_) {
    return "Schema{" + *name_ + ":" + std::string(schemaTypeName(type_)) + "}";
  }
  return "Schema{" + std::string(schemaTypeName(type_)) + "}";
}

void Schema::validateValue(const Schema& schema, const Value& value, std::string_view location) {
  validateAt(schema, value, location.empty() ? std::string("value") : "field: \"" + std::string(location) + "\"");
}

#define CONNECTD_PREDEFINED(fn, type, opt)               \
  const SchemaPtr& Schema::fn() {                        \
    static const SchemaPtr s = makePrimitive(type, opt); \
    return s;                                            \
  }
CONNECTD_PREDEFINED(int8, SchemaType::kInt8, false)
CONNECTD_PREDEFINED(int16, SchemaType::kInt16, false)
CONNECTD_PREDEFINED(int32, SchemaType::kInt32, false)
CONNECTD_PREDEFINED(int64, SchemaType::kInt64, false)
CONNECTD_PREDEFINED(float32, SchemaType::kFloat32, false)
CONNECTD_PREDEFINED(float64, SchemaType::kFloat64, false)
CONNECTD_PREDEFINED(boolean, SchemaType::kBoolean, false)
CONNECTD_PREDEFINED(string, SchemaType::kString, false)
CONNECTD_PREDEFINED(bytes, SchemaType::kBytes, false)
CONNECTD_PREDEFINED(optionalInt8, SchemaType::kInt8, true)
CONNECTD_PREDEFINED(optionalInt16, SchemaType::kInt16, true)
CONNECTD_PREDEFINED(optionalInt32, SchemaType::kInt32, true)
CONNECTD_PREDEFINED(optionalInt64, SchemaType::kInt64, true)
CONNECTD_PREDEFINED(optionalFloat32, SchemaType::kFloat32, true)
CONNECTD_PREDEFINED(optionalFloat64, SchemaType::kFloat64, true)
CONNECTD_PREDEFINED(optionalBoolean, SchemaType::kBoolean, true)
CONNECTD_PREDEFINED(optionalString, SchemaType::kString, true)
CONNECTD_PREDEFINED(optionalBytes, SchemaType::kBytes, true)
#undef CONNECTD_PREDEFINED

bool schemaEquals(const SchemaPtr& a, const SchemaPtr& b) {
  if (a == b) {
    return true;
  }
  if (!a || !b) {
    return false;
  }
  return *a == *b;
}

SchemaBuilder::SchemaBuilder(SchemaType type) {
  schema_.type_ = type;
}

SchemaBuilder SchemaBuilder::array(SchemaPtr value_schema) {
  if (!value_schema) {
    throw DataException("valueSchema cannot be null.");
  }
  SchemaBuilder b(SchemaType::kArray);
  b.schema_.value_schema_ = std::move(value_schema);
  return b;
}

SchemaBuilder SchemaBuilder::map(SchemaPtr key_schema, SchemaPtr value_schema) {
  if (!key_schema) {
    throw DataException("keySchema cannot be null.");
  }
  if (!value_schema) {
    throw DataException("valueSchema cannot be null.");
  }
  SchemaBuilder b(SchemaType::kMap);
  b.schema_.key_schema_ = std::move(key_schema);
  b.schema_.value_schema_ = std::move(value_schema);
  return b;
}

SchemaBuilder SchemaBuilder::from(const Schema& schema) {
  SchemaBuilder b(schema.type());
  b.schema_ = schema;
  return b;
}

SchemaBuilder& SchemaBuilder::optional() {
  schema_.optional_ = true;
  return *this;
}

SchemaBuilder& SchemaBuilder::required() {
  schema_.optional_ = false;
  return *this;
}

SchemaBuilder& SchemaBuilder::defaultValue(Value value) {
  try {
    Schema::validateValue(schema_, value);
  } catch (const DataException& e) {
    throw DataException(std::string("Invalid default value: ") + e.what());
  }
  schema_.default_value_ = std::move(value);
  return *this;
}

SchemaBuilder& SchemaBuilder::name(std::string name) {
  schema_.name_ = std::move(name);
  return *this;
}

SchemaBuilder& SchemaBuilder::version(std::int32_t version) {
  schema_.version_ = version;
  return *this;
}

SchemaBuilder& SchemaBuilder::doc(std::string doc) {
  schema_.doc_ = std::move(doc);
  return *this;
}

SchemaBuilder& SchemaBuilder::parameter(std::string key, std::string value) {
  for (auto& [k, v] : schema_.parameters_) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  schema_.parameters_.emplace_back(std::move(key), std::move(value));
  return *this;
}

SchemaBuilder& SchemaBuilder::field(std::string name, SchemaPtr schema) {
  if (schema_.type_ != SchemaType::kStruct) {
    throw DataException("Cannot create fields on type " + std::string(schemaTypeName(schema_.type_)));
  }
  if (!schema) {
    throw DataException("fieldSchema for field " + name + " cannot be null.");
  }
  for (const auto& f : schema_.fields_) {
    if (f.name() == name) {
      throw DataException("Cannot create field because of field name duplication " + name);
    }
  }
  const int index = static_cast<int>(schema_.fields_.size());
  schema_.fields_.emplace_back(std::move(name), index, std::move(schema));
  return *this;
}

SchemaPtr SchemaBuilder::build() const {
  return std::make_shared<const Schema>(schema_);
}

}  // namespace connectd
