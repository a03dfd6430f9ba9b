// The golden tests' JSON notation; see golden_notation.hpp and tests/golden/README.md.
#include "transforms/golden_notation.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"

namespace connectd::golden {
namespace {

const std::map<std::string, SchemaType>& typeNames() {
  static const std::map<std::string, SchemaType> names = {
      {"int8", SchemaType::kInt8},       {"int16", SchemaType::kInt16},     {"int32", SchemaType::kInt32},
      {"int64", SchemaType::kInt64},     {"float32", SchemaType::kFloat32}, {"float64", SchemaType::kFloat64},
      {"boolean", SchemaType::kBoolean}, {"string", SchemaType::kString},   {"bytes", SchemaType::kBytes},
      {"array", SchemaType::kArray},     {"map", SchemaType::kMap},         {"struct", SchemaType::kStruct},
  };
  return names;
}

SchemaType typeOf(const std::string& name) {
  auto it = typeNames().find(name);
  if (it == typeNames().end()) {
    throw std::invalid_argument("unknown schema type '" + name + "'");
  }
  return it->second;
}

std::string hex(const Bytes& b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (auto c : b) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

Bytes unhex(const std::string& s) {
  if (s.size() % 2 != 0) {
    throw std::invalid_argument("odd number of hex digits: " + s);
  }
  Bytes out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  }
  return out;
}

double parseFloat(const nlohmann::ordered_json& j) {
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "NaN") {
      return std::numeric_limits<double>::quiet_NaN();
    }
    if (s == "Infinity") {
      return std::numeric_limits<double>::infinity();
    }
    if (s == "-Infinity") {
      return -std::numeric_limits<double>::infinity();
    }
    throw std::invalid_argument("not a float: " + s);
  }
  return j.get<double>();
}

nlohmann::ordered_json renderFloat(double d) {
  if (std::isnan(d)) {
    return "NaN";
  }
  if (std::isinf(d)) {
    return d > 0 ? "Infinity" : "-Infinity";
  }
  return d;
}

bool isDecimal(const SchemaPtr& s) {
  return s && s->type() == SchemaType::kBytes && s->name() && *s->name() == logical::kDecimal;
}

// A schemaless value: JSON types map to Connect's (integers to INT64, objects to maps with string keys);
// {"$bytes": "hex"} is a byte array.
Value inferValue(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return Value();
    case nlohmann::ordered_json::value_t::boolean: return Value::boolean(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned: return Value::int64(j.get<std::int64_t>());
    case nlohmann::ordered_json::value_t::number_float: return Value::float64(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return Value::string(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
      Array a;
      for (const auto& e : j) {
        a.push_back(inferValue(e));
      }
      return Value::array(std::move(a));
    }
    case nlohmann::ordered_json::value_t::object: {
      if (j.size() == 1 && j.contains("$bytes")) {
        return Value::bytes(unhex(j["$bytes"].get<std::string>()));
      }
      MapEntries m;
      for (const auto& [k, v] : j.items()) {
        m.emplace_back(Value::string(k), inferValue(v));
      }
      return Value::map(std::move(m));
    }
    default: throw std::invalid_argument("unsupported JSON value " + j.dump());
  }
}

nlohmann::ordered_json renderSchemaless(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kInt8: return v.asInt8();
    case Value::Kind::kInt16: return v.asInt16();
    case Value::Kind::kInt32: return v.asInt32();
    case Value::Kind::kInt64: return v.asInt64();
    case Value::Kind::kFloat32: return renderFloat(v.asFloat32());
    case Value::Kind::kFloat64: return renderFloat(v.asFloat64());
    case Value::Kind::kBoolean: return v.asBoolean();
    case Value::Kind::kString: return v.asString();
    case Value::Kind::kBytes: return {{"$bytes", hex(v.asBytes())}};
    case Value::Kind::kArray: {
      auto a = nlohmann::ordered_json::array();
      for (const auto& e : v.asArray()) {
        a.push_back(renderSchemaless(e));
      }
      return a;
    }
    case Value::Kind::kMap: {
      auto o2 = nlohmann::ordered_json::object();
      bool string_keys = true;
      for (const auto& [k, e] : v.asMap()) {
        string_keys = string_keys && k.kind() == Value::Kind::kString;
      }
      if (string_keys) {
        for (const auto& [k, e] : v.asMap()) {
          o2[k.asString()] = renderSchemaless(e);
        }
        return o2;
      }
      auto pairs = nlohmann::ordered_json::array();
      for (const auto& [k, e] : v.asMap()) {
        pairs.push_back({renderSchemaless(k), renderSchemaless(e)});
      }
      return {{"$map", pairs}};
    }
    case Value::Kind::kStruct: return renderValue(v, v.asStruct()->schema());
    case Value::Kind::kDecimal: return {{"$decimal", v.asDecimal().toPlainString()}};
  }
  return nullptr;
}

}  // namespace

SchemaPtr parseSchema(const nlohmann::ordered_json& j, const SchemaLibrary& library) {
  if (j.is_null()) {
    return nullptr;
  }
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    bool optional = false;
    if (!s.empty() && s.back() == '?') {
      optional = true;
      s.pop_back();
    }
    if (!s.empty() && s[0] == '@') {
      auto it = library.find(s.substr(1));
      if (it == library.end()) {
        throw std::invalid_argument("unknown schema reference " + s);
      }
      SchemaPtr base = parseSchema(it->second, library);
      if (!optional) {
        return base;
      }
      SchemaBuilder b = SchemaBuilder::from(*base);
      b.optional();
      return b.build();
    }
    SchemaBuilder b(typeOf(s));
    if (optional) {
      b.optional();
    }
    return b.build();
  }
  const std::string type = j.at("type").get<std::string>();
  std::optional<SchemaBuilder> b;
  if (type == "array") {
    b.emplace(SchemaBuilder::array(parseSchema(j.at("items"), library)));
  } else if (type == "map") {
    b.emplace(SchemaBuilder::map(parseSchema(j.at("keys"), library), parseSchema(j.at("values"), library)));
  } else {
    b.emplace(typeOf(type));
  }
  if (j.value("optional", false)) {
    b->optional();
  }
  if (j.contains("name")) {
    b->name(j["name"].get<std::string>());
  }
  if (j.contains("version")) {
    b->version(j["version"].get<std::int32_t>());
  }
  if (j.contains("doc")) {
    b->doc(j["doc"].get<std::string>());
  }
  if (j.contains("parameters")) {
    for (const auto& [k, v] : j["parameters"].items()) {
      b->parameter(k, v.get<std::string>());
    }
  }
  if (j.contains("fields")) {
    for (const auto& f : j["fields"]) {
      const std::string name = f.at("field").get<std::string>();
      if (f.contains("schema")) {
        b->field(name, parseSchema(f["schema"], library));
      } else {
        nlohmann::ordered_json inner = f;
        inner.erase("field");
        b->field(name, parseSchema(inner, library));
      }
    }
  }
  if (j.contains("default")) {
    const SchemaPtr partial = b->build();
    b->defaultValue(parseValue(j["default"], partial));
  }
  return b->build();
}

Value parseValue(const nlohmann::ordered_json& j, const SchemaPtr& schema) {
  if (!schema) {
    return inferValue(j);
  }
  if (j.is_null()) {
    return Value();
  }
  if (isDecimal(schema)) {
    return Value::decimal(Decimal::parse(j.get<std::string>()));
  }
  switch (schema->type()) {
    case SchemaType::kInt8: return Value::int8(j.get<std::int8_t>());
    case SchemaType::kInt16: return Value::int16(j.get<std::int16_t>());
    case SchemaType::kInt32: return Value::int32(j.get<std::int32_t>());
    case SchemaType::kInt64: return Value::int64(j.get<std::int64_t>());
    case SchemaType::kFloat32: return Value::float32(static_cast<float>(parseFloat(j)));
    case SchemaType::kFloat64: return Value::float64(parseFloat(j));
    case SchemaType::kBoolean: return Value::boolean(j.get<bool>());
    case SchemaType::kString: return Value::string(j.get<std::string>());
    case SchemaType::kBytes: return Value::bytes(unhex(j.get<std::string>()));
    case SchemaType::kArray: {
      Array a;
      for (const auto& e : j) {
        a.push_back(parseValue(e, schema->valueSchema()));
      }
      return Value::array(std::move(a));
    }
    case SchemaType::kMap: {
      MapEntries m;
      if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
          m.emplace_back(parseValue(nlohmann::ordered_json(k), schema->keySchema()),
                         parseValue(v, schema->valueSchema()));
        }
      } else {
        for (const auto& pair : j) {
          m.emplace_back(parseValue(pair.at(0), schema->keySchema()), parseValue(pair.at(1), schema->valueSchema()));
        }
      }
      return Value::map(std::move(m));
    }
    case SchemaType::kStruct: {
      auto s = Struct::make(schema);
      for (const auto& [k, v] : j.items()) {
        const Field* f = schema->field(k);
        if (f == nullptr) {
          throw std::invalid_argument("field '" + k + "' is not in schema " + schema->toString());
        }
        s->put(*f, parseValue(v, f->schema()));
      }
      return Value::structValue(std::move(s));
    }
  }
  return Value();
}

nlohmann::ordered_json renderSchema(const SchemaPtr& schema) {
  if (!schema) {
    return nullptr;
  }
  nlohmann::ordered_json j;
  j["type"] = schemaTypeJsonName(schema->type());
  j["optional"] = schema->isOptional();
  if (schema->name()) {
    j["name"] = *schema->name();
  }
  if (schema->version()) {
    j["version"] = *schema->version();
  }
  if (schema->doc()) {
    j["doc"] = *schema->doc();
  }
  if (!schema->parameters().empty()) {
    for (const auto& [k, v] : schema->parameters()) {
      j["parameters"][k] = v;
    }
  }
  if (!schema->defaultValue().isNull()) {
    j["default"] = renderValue(schema->defaultValue(), schema);
  }
  switch (schema->type()) {
    case SchemaType::kStruct: {
      j["fields"] = nlohmann::ordered_json::array();
      for (const auto& f : schema->fields()) {
        nlohmann::ordered_json fj = renderSchema(f.schema());
        fj["field"] = f.name();
        j["fields"].push_back(fj);
      }
      break;
    }
    case SchemaType::kArray: j["items"] = renderSchema(schema->valueSchema()); break;
    case SchemaType::kMap:
      j["keys"] = renderSchema(schema->keySchema());
      j["values"] = renderSchema(schema->valueSchema());
      break;
    default: break;
  }
  return j;
}

nlohmann::ordered_json renderValue(const Value& value, const SchemaPtr& schema) {
  if (!schema || value.isNull()) {
    return renderSchemaless(value);
  }
  if (value.kind() == Value::Kind::kDecimal) {
    return value.asDecimal().toPlainString();
  }
  switch (value.kind()) {
    case Value::Kind::kBytes: return hex(value.asBytes());
    case Value::Kind::kArray: {
      auto a = nlohmann::ordered_json::array();
      for (const auto& e : value.asArray()) {
        a.push_back(renderValue(e, schema->type() == SchemaType::kArray ? schema->valueSchema() : nullptr));
      }
      return a;
    }
    case Value::Kind::kMap: {
      if (schema->type() != SchemaType::kMap) {
        return renderSchemaless(value);
      }
      auto pairs = nlohmann::ordered_json::array();
      for (const auto& [k, e] : value.asMap()) {
        pairs.push_back({renderValue(k, schema->keySchema()), renderValue(e, schema->valueSchema())});
      }
      return pairs;
    }
    case Value::Kind::kStruct: {
      const auto& s = value.asStruct();
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (const auto& f : s->schema()->fields()) {
        const Value& v = s->getWithoutDefault(f.name());
        if (!v.isNull()) {
          o[f.name()] = renderValue(v, f.schema());
        }
      }
      return o;
    }
    default: return renderSchemaless(value);
  }
}

SourceRecord parseRecord(const nlohmann::ordered_json& j, const SchemaLibrary& library) {
  std::optional<std::int32_t> partition;
  if (j.contains("partition") && !j["partition"].is_null()) {
    partition = j["partition"].get<std::int32_t>();
  }
  std::optional<std::int64_t> timestamp;
  if (j.contains("timestamp") && !j["timestamp"].is_null()) {
    timestamp = j["timestamp"].get<std::int64_t>();
  }
  const auto part = [&](const char* name) -> std::pair<SchemaPtr, Value> {
    if (!j.contains(name)) {
      return {nullptr, Value()};
    }
    const auto& p = j[name];
    SchemaPtr s = parseSchema(p.value("schema", nlohmann::ordered_json()), library);
    return {s, parseValue(p.value("value", nlohmann::ordered_json()), s)};
  };
  auto [key_schema, key] = part("key");
  auto [value_schema, value] = part("value");
  Headers headers;
  if (j.contains("headers")) {
    for (const auto& h : j["headers"]) {
      SchemaPtr s = parseSchema(h.value("schema", nlohmann::ordered_json()), library);
      headers.add(h.at("key").get<std::string>(), s, parseValue(h.value("value", nlohmann::ordered_json()), s));
    }
  }
  const auto offsetMap = [&](const char* name) -> OffsetMapPtr {
    if (!j.contains(name)) {
      return nullptr;
    }
    return std::make_shared<const OffsetMap>(OffsetMap::parse(j[name].dump()));
  };
  return SourceRecord(offsetMap("source_partition"), offsetMap("source_offset"), j.value("topic", std::string()),
                      partition, key_schema, key, value_schema, value, timestamp, headers);
}

nlohmann::ordered_json renderRecord(const SourceRecord& r) {
  nlohmann::ordered_json j;
  j["topic"] = r.topic();
  j["partition"] = r.kafkaPartition() ? nlohmann::ordered_json(*r.kafkaPartition()) : nlohmann::ordered_json();
  j["timestamp"] = r.timestamp() ? nlohmann::ordered_json(*r.timestamp()) : nlohmann::ordered_json();
  j["key"] = {{"schema", renderSchema(r.keySchema())}, {"value", renderValue(r.key(), r.keySchema())}};
  j["value"] = {{"schema", renderSchema(r.valueSchema())}, {"value", renderValue(r.value(), r.valueSchema())}};
  j["headers"] = nlohmann::ordered_json::array();
  for (const auto& h : r.headers()) {
    j["headers"].push_back(
        {{"key", h.key}, {"schema", renderSchema(h.schema)}, {"value", renderValue(h.value, h.schema)}});
  }
  if (r.sourcePartition()) {
    j["source_partition"] = nlohmann::ordered_json::parse(r.sourcePartition()->dump());
  }
  if (r.sourceOffset()) {
    j["source_offset"] = nlohmann::ordered_json::parse(r.sourceOffset()->dump());
  }
  return j;
}

}  // namespace connectd::golden
