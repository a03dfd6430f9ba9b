// JsonConverter; see json_converter.hpp. The shapes and messages follow Kafka 4.3's JsonConverter, the
// bytes Jackson's UTF8JsonGenerator (compact, QUOTE_NON_NUMERIC_NUMBERS, no BigDecimal-as-plain).
#include "json_converter.hpp"

#include <charconv>
#include <cmath>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"
#include "converter_config.hpp"
#include "java_values.hpp"
#include "json_node.hpp"

namespace connectd::converters {
namespace {

constexpr const char* kDecimalFormatBase64 = "BASE64";
constexpr const char* kDecimalFormatNumeric = "NUMERIC";

ConfigDef buildConfigDef() {
  ConfigDef def = newConverterConfigDef();
  def.define(JsonConverter::kSchemasEnableConfig, ConfigType::kBoolean)
      .defaultValue("true")
      .importance(Importance::kHigh)
      .doc("Include schemas within each of the serialized values and keys.")
      .group("Schemas")
      .orderInGroup(0)
      .width(Width::kMedium)
      .displayName("Enable Schemas");
  def.define(JsonConverter::kSchemasCacheSizeConfig, ConfigType::kInt)
      .defaultValue("1000")
      .importance(Importance::kHigh)
      .doc("The maximum number of schemas that can be cached in this converter instance.")
      .group("Schemas")
      .orderInGroup(1)
      .width(Width::kMedium)
      .displayName("Schema Cache Size");
  def.define(JsonConverter::kSchemaContentConfig, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kHigh)
      .doc(
          "When set, this is used as the schema for all messages, and the schemas within each of the message will "
          "be ignored.Otherwise, the schema will be included in the content of each message. This configuration "
          "applies only 'schemas.enable' is true, and it exclusively affects the sink connector.")
      .group("Schemas")
      .orderInGroup(2)
      .width(Width::kMedium)
      .displayName("Schema Content");
  def.define(JsonConverter::kDecimalFormatConfig, ConfigType::kString)
      .defaultValue(kDecimalFormatBase64)
      .validator(validators::inIgnoreCase({kDecimalFormatNumeric, kDecimalFormatBase64}))
      .importance(Importance::kLow)
      .doc(
          "Controls which format this converter will serialize decimals in. This value is case insensitive and "
          "can be either 'BASE64' (default) or 'NUMERIC'")
      .group("Serialization")
      .orderInGroup(0)
      .width(Width::kMedium)
      .displayName("Decimal Format");
  def.define(JsonConverter::kReplaceNullWithDefaultConfig, ConfigType::kBoolean)
      .defaultValue("true")
      .importance(Importance::kLow)
      .doc(
          "Whether to replace fields that have a default value and that are null to the default value. When set to "
          "true, the default value is used, otherwise null is used.")
      .group("Serialization")
      .orderInGroup(1)
      .width(Width::kMedium)
      .displayName("Replace null with default");
  return def;
}

// Jackson's output escapes for ASCII: 0 = raw, 'u' = \u00XX, other = the two-character escape.
constexpr std::array<char, 128> buildEscapes() {
  std::array<char, 128> t{};
  for (int i = 0; i < 0x20; ++i) {
    t[static_cast<std::size_t>(i)] = 'u';
  }
  t['"'] = '"';
  t['\\'] = '\\';
  t['\b'] = 'b';
  t['\t'] = 't';
  t['\f'] = 'f';
  t['\n'] = 'n';
  t['\r'] = 'r';
  return t;
}
constexpr std::array<char, 128> kEscapes = buildEscapes();

void appendHex4(std::string& out, std::uint32_t v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += "\\u";
  out += kHex[(v >> 12) & 0xf];
  out += kHex[(v >> 8) & 0xf];
  out += kHex[(v >> 4) & 0xf];
  out += kHex[v & 0xf];
}

// Jackson's UTF8JsonGenerator: ASCII escapes as above, other BMP characters raw, and characters beyond the
// BMP as an escaped surrogate pair (\uD83D\uDE00), since COMBINE_UNICODE_SURROGATES_IN_UTF8 is off.
void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xf0 && c <= 0xf4 && i + 3 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      const auto b3 = static_cast<unsigned char>(s[i + 3]);
      const std::uint32_t cp = ((c & 0x07u) << 18) | ((b1 & 0x3fu) << 12) | ((b2 & 0x3fu) << 6) | (b3 & 0x3fu);
      if ((b1 & 0xc0) == 0x80 && (b2 & 0xc0) == 0x80 && (b3 & 0xc0) == 0x80 && cp >= 0x10000 && cp <= 0x10ffff) {
        out.append(s.data() + run, i - run);
        appendHex4(out, 0xd800 + ((cp - 0x10000) >> 10));
        appendHex4(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
        i += 3;
        run = i + 1;
        continue;
      }
    }
    if (c >= 0x80 || kEscapes[c] == 0) {
      continue;
    }
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (kEscapes[c] == 'u') {
      appendHex4(out, c);
    } else {
      out += '\\';
      out += kEscapes[c];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void appendFloating(std::string& out, double v, bool is_float) {
  if (std::isnan(v) || std::isinf(v)) {
    // QUOTE_NON_NUMERIC_NUMBERS
    out += '"';
    out += std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
    out += '"';
    return;
  }
  out += is_float ? java::floatToString(static_cast<float>(v)) : java::doubleToString(v);
}

std::int32_t decimalScale(const Schema& schema) {
  const std::string* p = schema.parameter(logical::kDecimalScaleParameter);
  if (p == nullptr) {
    throw DataException("Invalid Decimal schema: scale parameter not found.");
  }
  auto v = java::parseInt(*p);
  if (!v) {
    throw DataException("Invalid scale parameter found in Decimal schema: ");
  }
  return *v;
}

// BigInteger.toByteArray(): the minimal two's-complement bytes.
std::span<const std::uint8_t> minimalTwosComplement(const Bytes& be) {
  std::size_t start = 0;
  while (start + 1 < be.size() &&
         ((be[start] == 0x00 && (be[start + 1] & 0x80) == 0) || (be[start] == 0xff && (be[start + 1] & 0x80) != 0))) {
    ++start;
  }
  return std::span<const std::uint8_t>(be).subspan(start);
}

[[noreturn]] void invalidType(const SchemaPtr& schema, const Value& value) {
  const std::string type = schema ? std::string(schemaTypeName(schema->type())) : "unknown schema";
  throw DataException("Invalid type for " + type + ": " + javaClassOf(value));
}

// ConnectSchema.schemaType(value.getClass()) for schemaless values.
SchemaType inferType(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kInt8: return SchemaType::kInt8;
    case Value::Kind::kInt16: return SchemaType::kInt16;
    case Value::Kind::kInt32: return SchemaType::kInt32;
    case Value::Kind::kInt64: return SchemaType::kInt64;
    case Value::Kind::kFloat32: return SchemaType::kFloat32;
    case Value::Kind::kFloat64: return SchemaType::kFloat64;
    case Value::Kind::kBoolean: return SchemaType::kBoolean;
    case Value::Kind::kString: return SchemaType::kString;
    case Value::Kind::kBytes: return SchemaType::kBytes;
    case Value::Kind::kArray: return SchemaType::kArray;
    case Value::Kind::kMap: return SchemaType::kMap;
    case Value::Kind::kStruct: return SchemaType::kStruct;
    case Value::Kind::kNull:
    case Value::Kind::kDecimal: break;
  }
  throw DataException("Java class " + javaClassOf(value) + " does not have corresponding schema type.");
}

}  // namespace

struct JsonConverter::Settings {
  bool schemas_enabled = true;
  std::size_t cache_size = 1000;
  bool decimal_numeric = false;
  bool replace_null_with_default = true;
  SchemaPtr schema_content;
  bool has_schema_content = false;
};

namespace {

const Value kNull;

template <class I>
void appendInt(std::string& out, I v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

class JsonWriter {
 public:
  JsonWriter(std::string& out, bool decimal_numeric, bool replace_null)
      : out_(out), decimal_numeric_(decimal_numeric), replace_null_(replace_null) {}

  void value(const SchemaPtr& schema, const Value& value) {
    if (value.isNull()) {
      if (!schema) {
        out_ += "null";
        return;
      }
      if (!schema->defaultValue().isNull() && replace_null_) {
        this->value(schema, schema->defaultValue());
        return;
      }
      if (schema->isOptional()) {
        out_ += "null";
        return;
      }
      throw DataException("Conversion error: null value for field that is required and has no default value");
    }
    if (schema && schema->name() && *schema->name() == logical::kDecimal) {
      decimal(*schema, value);
      return;
    }
    const SchemaType type = schema ? schema->type() : inferType(value);
    switch (type) {
      case SchemaType::kInt8:
        if (value.kind() != Value::Kind::kInt8) invalidType(schema, value);
        appendInt(out_, value.asInt8());
        return;
      case SchemaType::kInt16:
        if (value.kind() != Value::Kind::kInt16) invalidType(schema, value);
        appendInt(out_, value.asInt16());
        return;
      case SchemaType::kInt32:
        if (value.kind() != Value::Kind::kInt32) invalidType(schema, value);
        appendInt(out_, value.asInt32());
        return;
      case SchemaType::kInt64:
        if (value.kind() != Value::Kind::kInt64) invalidType(schema, value);
        appendInt(out_, value.asInt64());
        return;
      case SchemaType::kFloat32:
        if (value.kind() != Value::Kind::kFloat32) invalidType(schema, value);
        appendFloating(out_, value.asFloat32(), true);
        return;
      case SchemaType::kFloat64:
        if (value.kind() != Value::Kind::kFloat64) invalidType(schema, value);
        appendFloating(out_, value.asFloat64(), false);
        return;
      case SchemaType::kBoolean:
        if (value.kind() != Value::Kind::kBoolean) invalidType(schema, value);
        out_ += value.asBoolean() ? "true" : "false";
        return;
      case SchemaType::kString:
        if (value.kind() != Value::Kind::kString) invalidType(schema, value);
        appendJsonString(out_, value.asString());
        return;
      case SchemaType::kBytes:
        if (value.kind() != Value::Kind::kBytes) {
          throw DataException("Invalid type for bytes type: " + javaClassOf(value));
        }
        out_ += '"';
        appendBase64(out_, value.asBytes());
        out_ += '"';
        return;
      case SchemaType::kArray: {
        if (value.kind() != Value::Kind::kArray) invalidType(schema, value);
        const SchemaPtr elem = schema ? schema->valueSchema() : nullptr;
        out_ += '[';
        bool first = true;
        for (const Value& v : value.asArray()) {
          if (!first) out_ += ',';
          first = false;
          this->value(elem, v);
        }
        out_ += ']';
        return;
      }
      case SchemaType::kMap: {
        if (value.kind() != Value::Kind::kMap) invalidType(schema, value);
        map(schema, value.asMap());
        return;
      }
      case SchemaType::kStruct: {
        if (value.kind() != Value::Kind::kStruct) invalidType(schema, value);
        const Struct& s = *value.asStruct();
        if (!schema || (s.schema() != schema && !(*s.schema() == *schema))) {
          throw DataException("Mismatching schema.");
        }
        out_ += '{';
        bool first = true;
        for (const Field& f : schema->fields()) {
          if (!first) out_ += ',';
          first = false;
          appendJsonString(out_, f.name());
          out_ += ':';
          // Struct.getWithoutDefault(field): get() hands back the schema's default object only when the
          // field is unset, so an address comparison tells the two apart without a lookup by name.
          const Value& v = s.get(f);
          this->value(f.schema(), &v == &f.schema()->defaultValue() ? kNull : v);
        }
        out_ += '}';
        return;
      }
    }
  }

 private:
  void decimal(const Schema& schema, const Value& value) {
    if (value.kind() != Value::Kind::kDecimal) {
      throw DataException("Invalid type for Decimal, expected BigDecimal but was " + javaClassOf(value));
    }
    const Decimal& d = value.asDecimal();
    if (decimal_numeric_) {
      out_ += bigDecimalToString(d);
      return;
    }
    const std::int32_t scale = decimalScale(schema);
    if (d.scale != scale) {
      throw DataException("Decimal value has mismatching scale for given Decimal schema. Schema has scale " +
                          std::to_string(scale) + ", value has scale " + std::to_string(d.scale) + ".");
    }
    out_ += '"';
    appendBase64(out_, minimalTwosComplement(d.unscaled));
    out_ += '"';
  }

  void map(const SchemaPtr& schema, const MapEntries& entries) {
    bool object_mode = true;
    if (!schema) {
      for (const auto& [k, v] : entries) {
        if (k.kind() != Value::Kind::kString) {
          object_mode = false;
          break;
        }
      }
    } else {
      object_mode = schema->keySchema()->type() == SchemaType::kString;
    }
    const SchemaPtr ks = schema ? schema->keySchema() : nullptr;
    const SchemaPtr vs = schema ? schema->valueSchema() : nullptr;
    out_ += object_mode ? '{' : '[';
    bool first = true;
    for (const auto& [k, v] : entries) {
      if (!first) out_ += ',';
      first = false;
      if (object_mode) {
        // JsonNode.asText() of the converted key: the string itself, "null" for a null key.
        if (k.kind() == Value::Kind::kString) {
          appendJsonString(out_, k.asString());
        } else if (k.isNull()) {
          appendJsonString(out_, "null");
        } else {
          invalidType(ks, k);
        }
        out_ += ':';
        value(vs, v);
      } else {
        out_ += '[';
        value(ks, k);
        out_ += ',';
        value(vs, v);
        out_ += ']';
      }
    }
    out_ += object_mode ? '}' : ']';
  }

  std::string& out_;
  bool decimal_numeric_;
  bool replace_null_;
};

// JsonConverter.convertToConnect.
Value toConnect(const SchemaPtr& schema, const JsonNode* node, const JsonConverter::Settings& settings);

SchemaType jsonInferredType(const JsonNode& node, bool& is_null) {
  is_null = false;
  switch (node.type) {
    case JsonNode::Type::kBoolean: return SchemaType::kBoolean;
    case JsonNode::Type::kNumber: return node.integral ? SchemaType::kInt64 : SchemaType::kFloat64;
    case JsonNode::Type::kArray: return SchemaType::kArray;
    case JsonNode::Type::kObject: return SchemaType::kMap;
    case JsonNode::Type::kString: return SchemaType::kString;
    case JsonNode::Type::kNull:
    case JsonNode::Type::kMissing: break;
  }
  is_null = true;
  return SchemaType::kString;
}

Decimal decimalFromNumberText(const std::string& text) {
  const auto e = text.find_first_of("eE");
  Decimal d = Decimal::parse(text.substr(0, e));
  if (e != std::string::npos) {
    const auto exp = java::parseInt(text[e + 1] == '+' ? text.substr(e + 2) : text.substr(e + 1));
    if (!exp) {
      throw DataException("Invalid decimal: " + text);
    }
    d.scale -= *exp;
  }
  return d;
}

Value logicalToConnect(const Schema& schema, const JsonNode& node, bool& handled) {
  handled = true;
  const std::string& name = *schema.name();
  if (name == logical::kDecimal) {
    if (node.type == JsonNode::Type::kNumber) {
      return Value::decimal(decimalFromNumberText(node.text));
    }
    if (node.type == JsonNode::Type::kString) {
      auto bytes = base64Decode(node.text);
      if (!bytes) {
        throw DataException("Invalid bytes for Decimal field");
      }
      if (bytes->empty()) {
        bytes->push_back(0);
      }
      return Value::decimal(Decimal{std::move(*bytes), decimalScale(schema)});
    }
    throw DataException("Invalid type for Decimal, underlying representation should be numeric or bytes but was " +
                        std::string(node.typeName()));
  }
  if (name == logical::kDate || name == logical::kTime) {
    const bool is_int = node.type == JsonNode::Type::kNumber && node.integral && java::parseInt(node.text);
    if (!is_int) {
      throw DataException(std::string("Invalid type for ") + (name == logical::kDate ? "Date" : "Time") +
                          ", underlying representation should be integer but was " + std::string(node.typeName()));
    }
    return Value::int32(static_cast<std::int32_t>(node.longValue()));
  }
  if (name == logical::kTimestamp) {
    if (node.type != JsonNode::Type::kNumber || !node.integral) {
      throw DataException("Invalid type for Timestamp, underlying representation should be integral but was " +
                          std::string(node.typeName()));
    }
    return Value::int64(node.longValue());
  }
  handled = false;
  return Value();
}

Value toConnect(const SchemaPtr& schema, const JsonNode* node, const JsonConverter::Settings& settings) {
  SchemaType type = SchemaType::kString;
  if (schema) {
    type = schema->type();
    if (node == nullptr || node->isNull()) {
      if (!schema->defaultValue().isNull()) {
        return schema->defaultValue();
      }
      if (schema->isOptional()) {
        return Value();
      }
      throw DataException("Invalid null value for required " + std::string(schemaTypeName(type)) + " field");
    }
    if (schema->name()) {
      bool handled = false;
      Value v = logicalToConnect(*schema, *node, handled);
      if (handled) {
        return v;
      }
    }
  } else {
    if (node == nullptr) {
      return Value();
    }
    bool is_null = false;
    type = jsonInferredType(*node, is_null);
    if (is_null) {
      return Value();
    }
  }
  switch (type) {
    case SchemaType::kBoolean: return Value::boolean(node->type == JsonNode::Type::kBoolean && node->boolean);
    case SchemaType::kInt8: return Value::int8(static_cast<std::int8_t>(node->longValue()));
    case SchemaType::kInt16: return Value::int16(static_cast<std::int16_t>(node->longValue()));
    case SchemaType::kInt32: return Value::int32(static_cast<std::int32_t>(node->longValue()));
    case SchemaType::kInt64: return Value::int64(node->longValue());
    case SchemaType::kFloat32: return Value::float32(static_cast<float>(node->doubleValue()));
    case SchemaType::kFloat64: return Value::float64(node->doubleValue());
    case SchemaType::kString: return node->type == JsonNode::Type::kString ? Value::string(node->text) : Value();
    case SchemaType::kBytes: {
      if (node->type != JsonNode::Type::kString) {
        return Value();
      }
      auto bytes = base64Decode(node->text);
      if (!bytes) {
        throw DataException("Invalid bytes field");
      }
      return Value::bytes(std::move(*bytes));
    }
    case SchemaType::kArray: {
      const SchemaPtr elem = schema ? schema->valueSchema() : nullptr;
      Array out;
      if (node->type == JsonNode::Type::kArray) {
        for (const JsonNode& item : node->items) {
          out.push_back(toConnect(elem, &item, settings));
        }
      } else if (node->type == JsonNode::Type::kObject) {
        for (const auto& [k, item] : node->members) {
          out.push_back(toConnect(elem, &item, settings));
        }
      }
      return Value::array(std::move(out));
    }
    case SchemaType::kMap: {
      const SchemaPtr ks = schema ? schema->keySchema() : nullptr;
      const SchemaPtr vs = schema ? schema->valueSchema() : nullptr;
      MapEntries out;
      if (!schema || ks->type() == SchemaType::kString) {
        if (node->type != JsonNode::Type::kObject) {
          throw DataException("Maps with string fields should be encoded as JSON objects, but found " +
                              std::string(node->typeName()));
        }
        for (const auto& [k, item] : node->members) {
          out.emplace_back(Value::string(k), toConnect(vs, &item, settings));
        }
      } else {
        if (node->type != JsonNode::Type::kArray) {
          throw DataException("Maps with non-string fields should be encoded as JSON array of tuples, but found " +
                              std::string(node->typeName()));
        }
        for (const JsonNode& entry : node->items) {
          if (entry.type != JsonNode::Type::kArray) {
            throw DataException("Found invalid map entry instead of array tuple: " + std::string(entry.typeName()));
          }
          if (entry.items.size() != 2) {
            throw DataException("Found invalid map entry, expected length 2 but found :" +
                                std::to_string(entry.items.size()));
          }
          out.emplace_back(toConnect(ks, &entry.items[0], settings), toConnect(vs, &entry.items[1], settings));
        }
      }
      return Value::map(std::move(out));
    }
    case SchemaType::kStruct: {
      if (node->type != JsonNode::Type::kObject) {
        throw DataException("Structs should be encoded as JSON objects, but found " + std::string(node->typeName()));
      }
      auto s = Struct::make(schema);
      for (const Field& f : schema->fields()) {
        Value v = toConnect(f.schema(), node->get(f.name()), settings);
        if (!v.isNull()) {
          s->put(f, std::move(v));
        }
      }
      return Value::structValue(std::move(s));
    }
  }
  throw DataException("Unknown schema type: " + std::string(schemaTypeName(type)));
}

SchemaPtr connectSchemaOf(const JsonNode& json, const JsonConverter::Settings& settings, int depth) {
  if (json.isNull()) {
    return nullptr;
  }
  if (depth > 256) {
    throw DataException("Schema nesting too deep");
  }
  const JsonNode* type_node = json.get("type");
  if (type_node == nullptr || type_node->type != JsonNode::Type::kString) {
    throw DataException("Schema must contain 'type' field");
  }
  const std::string& t = type_node->text;
  std::optional<SchemaBuilder> builder;
  if (t == "boolean") {
    builder.emplace(SchemaType::kBoolean);
  } else if (t == "int8") {
    builder.emplace(SchemaType::kInt8);
  } else if (t == "int16") {
    builder.emplace(SchemaType::kInt16);
  } else if (t == "int32") {
    builder.emplace(SchemaType::kInt32);
  } else if (t == "int64") {
    builder.emplace(SchemaType::kInt64);
  } else if (t == "float") {
    builder.emplace(SchemaType::kFloat32);
  } else if (t == "double") {
    builder.emplace(SchemaType::kFloat64);
  } else if (t == "bytes") {
    builder.emplace(SchemaType::kBytes);
  } else if (t == "string") {
    builder.emplace(SchemaType::kString);
  } else if (t == "array") {
    const JsonNode* items = json.get("items");
    if (items == nullptr || items->isNull()) {
      throw DataException("Array schema did not specify the element type");
    }
    builder.emplace(SchemaBuilder::array(connectSchemaOf(*items, settings, depth + 1)));
  } else if (t == "map") {
    const JsonNode* keys = json.get("keys");
    if (keys == nullptr) {
      throw DataException("Map schema did not specify the key type");
    }
    const JsonNode* values = json.get("values");
    if (values == nullptr) {
      throw DataException("Map schema did not specify the value type");
    }
    builder.emplace(
        SchemaBuilder::map(connectSchemaOf(*keys, settings, depth + 1), connectSchemaOf(*values, settings, depth + 1)));
  } else if (t == "struct") {
    builder.emplace(SchemaType::kStruct);
    const JsonNode* fields = json.get("fields");
    if (fields == nullptr || fields->type != JsonNode::Type::kArray) {
      throw DataException("Struct schema's \"fields\" argument is not an array.");
    }
    for (const JsonNode& field : fields->items) {
      const JsonNode* name = field.get("field");
      if (name == nullptr || name->type != JsonNode::Type::kString) {
        throw DataException("Struct schema's field name not specified properly");
      }
      builder->field(name->text, connectSchemaOf(field, settings, depth + 1));
    }
  } else {
    throw DataException("Unknown schema type: " + t);
  }
  const JsonNode* optional = json.get("optional");
  if (optional != nullptr && optional->type == JsonNode::Type::kBoolean && optional->boolean) {
    builder->optional();
  } else {
    builder->required();
  }
  if (const JsonNode* n = json.get("name"); n != nullptr && n->type == JsonNode::Type::kString) {
    builder->name(n->text);
  }
  if (const JsonNode* n = json.get("version"); n != nullptr && n->type == JsonNode::Type::kNumber && n->integral) {
    builder->version(static_cast<std::int32_t>(n->longValue()));
  }
  if (const JsonNode* n = json.get("doc"); n != nullptr && n->type == JsonNode::Type::kString) {
    builder->doc(n->text);
  }
  if (const JsonNode* n = json.get("parameters"); n != nullptr && n->type == JsonNode::Type::kObject) {
    for (const auto& [k, v] : n->members) {
      if (v.type != JsonNode::Type::kString) {
        throw DataException("Schema parameters must have string values.");
      }
      builder->parameter(k, v.text);
    }
  }
  if (const JsonNode* n = json.get("default"); n != nullptr) {
    // Java converts the default against the builder itself; the schema built so far is equivalent.
    builder->defaultValue(toConnect(builder->build(), n, settings));
  }
  return builder->build();
}

}  // namespace

JsonConverter::JsonConverter() : settings_(std::make_unique<Settings>()) {}
JsonConverter::~JsonConverter() = default;

std::string JsonConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& JsonConverter::config() const {
  static const ConfigDef def = buildConfigDef();
  return def;
}

void JsonConverter::apply(const ParsedConfig& parsed) {
  Settings s;
  s.schemas_enabled = parsed.getBoolean(kSchemasEnableConfig);
  s.cache_size = static_cast<std::size_t>(std::max(0, parsed.getInt(kSchemasCacheSizeConfig)));
  std::string format = parsed.getString(kDecimalFormatConfig);
  for (char& c : format) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  s.decimal_numeric = format == kDecimalFormatNumeric;
  s.replace_null_with_default = parsed.getBoolean(kReplaceNullWithDefaultConfig);
  if (auto content = parsed.getOptionalString(kSchemaContentConfig); content && !content->empty()) {
    s.has_schema_content = true;
    s.schema_content = connectSchemaOf(JsonNode::parse(*content), s, 0);
  }
  *settings_ = std::move(s);
  schema_cache_.clear();
}

void JsonConverter::configure(const ConfigMap& props, bool is_key) {
  apply(config().parse(withConverterType(props, is_key)));
}

void JsonConverter::configure(const ConfigMap& props) {
  ConfigMap with_type = props;
  with_type[kConverterTypeConfig] = "header";
  apply(config().parse(with_type));
}

void JsonConverter::appendJsonSchema(std::string& out, const SchemaPtr& schema) {
  if (!schema) {
    out += "null";
    return;
  }
  if (auto it = schema_cache_.find(schema.get()); it != schema_cache_.end()) {
    out += it->second.second;
    return;
  }
  std::string s = "{\"type\":";
  appendJsonString(s, schemaTypeJsonName(schema->type()));
  switch (schema->type()) {
    case SchemaType::kArray:
      s += ",\"items\":";
      appendJsonSchema(s, schema->valueSchema());
      break;
    case SchemaType::kMap:
      s += ",\"keys\":";
      appendJsonSchema(s, schema->keySchema());
      s += ",\"values\":";
      appendJsonSchema(s, schema->valueSchema());
      break;
    case SchemaType::kStruct: {
      s += ",\"fields\":[";
      bool first = true;
      for (const Field& f : schema->fields()) {
        if (!first) s += ',';
        first = false;
        appendJsonSchema(s, f.schema());
        s.pop_back();  // the closing brace: the field name is the last key
        s += ",\"field\":";
        appendJsonString(s, f.name());
        s += '}';
      }
      s += ']';
      break;
    }
    default: break;
  }
  s += schema->isOptional() ? ",\"optional\":true" : ",\"optional\":false";
  if (schema->name()) {
    s += ",\"name\":";
    appendJsonString(s, *schema->name());
  }
  if (schema->version()) {
    s += ",\"version\":" + std::to_string(*schema->version());
  }
  if (schema->doc()) {
    s += ",\"doc\":";
    appendJsonString(s, *schema->doc());
  }
  if (!schema->parameters().empty()) {
    s += ",\"parameters\":{";
    bool first = true;
    for (const auto& [k, v] : schema->parameters()) {
      if (!first) s += ',';
      first = false;
      appendJsonString(s, k);
      s += ':';
      appendJsonString(s, v);
    }
    s += '}';
  }
  if (!schema->defaultValue().isNull()) {
    s += ",\"default\":";
    JsonWriter(s, settings_->decimal_numeric, settings_->replace_null_with_default)
        .value(schema, schema->defaultValue());
  }
  s += '}';
  out += s;
  if (settings_->cache_size > 0) {
    if (schema_cache_.size() >= settings_->cache_size) {
      schema_cache_.clear();
    }
    schema_cache_.emplace(schema.get(), std::make_pair(schema, std::move(s)));
  }
}

std::string JsonConverter::asJsonSchema(const SchemaPtr& schema) {
  std::string out;
  appendJsonSchema(out, schema);
  return out;
}

SchemaPtr JsonConverter::asConnectSchema(std::string_view json_schema_text) const {
  return connectSchemaOf(JsonNode::parse(json_schema_text), *settings_, 0);
}

std::optional<Bytes> JsonConverter::fromConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                    const SchemaPtr& schema, const Value& value) {
  if (!schema && value.isNull()) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(last_size_ + 64);
  JsonWriter writer(out, settings_->decimal_numeric, settings_->replace_null_with_default);
  if (settings_->schemas_enabled) {
    out += "{\"schema\":";
    appendJsonSchema(out, schema);
    out += ",\"payload\":";
    writer.value(schema, value);
    out += '}';
  } else {
    writer.value(schema, value);
  }
  last_size_ = out.size();
  return toBytes(out);
}

SchemaAndValue JsonConverter::toConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                            std::optional<std::span<const std::uint8_t>> bytes) {
  if (!bytes) {
    return SchemaAndValue{nullptr, Value()};
  }
  const JsonNode json = JsonNode::parse(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  if (settings_->schemas_enabled && settings_->has_schema_content) {
    return SchemaAndValue{settings_->schema_content, toConnect(settings_->schema_content, &json, *settings_)};
  }
  if (!settings_->schemas_enabled) {
    return SchemaAndValue{nullptr, toConnect(nullptr, &json, *settings_)};
  }
  if (json.type != JsonNode::Type::kObject || json.members.size() != 2 || json.get("schema") == nullptr ||
      json.get("payload") == nullptr) {
    throw DataException(
        "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional "
        "fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter "
        "configuration.");
  }
  SchemaPtr schema = connectSchemaOf(*json.get("schema"), *settings_, 0);
  return SchemaAndValue{schema, toConnect(schema, json.get("payload"), *settings_)};
}

std::optional<Bytes> JsonConverter::fromConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                      const SchemaPtr& schema, const Value& value) {
  return fromConnectData(topic, Headers(), schema, value);
}

SchemaAndValue JsonConverter::toConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                              std::optional<std::span<const std::uint8_t>> bytes) {
  return toConnectData(topic, Headers(), bytes);
}

}  // namespace connectd::converters
