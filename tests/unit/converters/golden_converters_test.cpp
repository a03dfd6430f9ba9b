// Runs every golden converter case under tests/golden/converters/<converter>/<case>.json: builds the
// schema (JsonConverter's schema notation) and the value from the case, runs the converter named in it
// the way the runtime does, and compares with the bytes (or the error) Kafka's and Debezium's own Java
// converters produced (tests/golden/converters/generate.sh). Adding a case needs no C++.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/builtin_plugins.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/plugin_registry.hpp"
#include "connectd/api/struct.hpp"
#include "converters/json_converter.hpp"

using namespace connectd;
using Json = nlohmann::ordered_json;

namespace {

const std::filesystem::path kGoldenDir = std::filesystem::path(CONNECTD_SOURCE_DIR) / "tests/golden/converters";

Bytes unhex(const std::string& hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string hex(const Bytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

double floating(const Json& n) {
  if (n.is_string()) {
    auto v = java::parseDouble(n.get<std::string>());
    REQUIRE(v.has_value());
    return *v;
  }
  return n.get<double>();
}

// A value in the case notation, typed by its schema (see tests/golden/converters/README.md).
Value fromNotation(const SchemaPtr& schema, const Json& n) {
  if (n.is_null()) {
    return Value();
  }
  if (schema->name() && *schema->name() == logical::kDecimal) {
    return Value::decimal(Decimal::parse(n.get<std::string>()));
  }
  switch (schema->type()) {
    case SchemaType::kInt8: return Value::int8(n.get<std::int8_t>());
    case SchemaType::kInt16: return Value::int16(n.get<std::int16_t>());
    case SchemaType::kInt32: return Value::int32(n.get<std::int32_t>());
    case SchemaType::kInt64: return Value::int64(n.get<std::int64_t>());
    case SchemaType::kFloat32: return Value::float32(static_cast<float>(floating(n)));
    case SchemaType::kFloat64: return Value::float64(floating(n));
    case SchemaType::kBoolean: return Value::boolean(n.get<bool>());
    case SchemaType::kString: return Value::string(n.get<std::string>());
    case SchemaType::kBytes: return Value::bytes(unhex(n.get<std::string>()));
    case SchemaType::kArray: {
      Array out;
      for (const auto& e : n) {
        out.push_back(fromNotation(schema->valueSchema(), e));
      }
      return Value::array(std::move(out));
    }
    case SchemaType::kMap: {
      MapEntries out;
      for (const auto& e : n) {
        out.emplace_back(fromNotation(schema->keySchema(), e.at(0)), fromNotation(schema->valueSchema(), e.at(1)));
      }
      return Value::map(std::move(out));
    }
    case SchemaType::kStruct: {
      auto s = Struct::make(schema);
      for (const Field& f : schema->fields()) {
        if (n.contains(f.name()) && !n.at(f.name()).is_null()) {
          s->put(f, fromNotation(f.schema(), n.at(f.name())));
        }
      }
      return Value::structValue(std::move(s));
    }
  }
  FAIL("unknown schema type");
  return Value();
}

// A schemaless value in the tagged notation: {"int32": 5}, {"array": [...]}, {"map": [[k, v], ...]}, …
Value fromTagged(const Json& n) {
  if (n.is_null()) {
    return Value();
  }
  const auto it = n.begin();
  const std::string tag = it.key();
  const Json& v = it.value();
  if (tag == "int8") return Value::int8(v.get<std::int8_t>());
  if (tag == "int16") return Value::int16(v.get<std::int16_t>());
  if (tag == "int32") return Value::int32(v.get<std::int32_t>());
  if (tag == "int64") return Value::int64(v.get<std::int64_t>());
  if (tag == "float") return Value::float32(static_cast<float>(floating(v)));
  if (tag == "double") return Value::float64(floating(v));
  if (tag == "boolean") return Value::boolean(v.get<bool>());
  if (tag == "string") return Value::string(v.get<std::string>());
  if (tag == "bytes") return Value::bytes(unhex(v.get<std::string>()));
  if (tag == "decimal") return Value::decimal(Decimal::parse(v.get<std::string>()));
  if (tag == "array") {
    Array out;
    for (const auto& e : v) {
      out.push_back(fromTagged(e));
    }
    return Value::array(std::move(out));
  }
  if (tag == "map") {
    MapEntries out;
    for (const auto& e : v) {
      out.emplace_back(fromTagged(e.at(0)), fromTagged(e.at(1)));
    }
    return Value::map(std::move(out));
  }
  FAIL("unknown tag " << tag);
  return Value();
}

std::string exceptionClass(const std::exception& e) {
  if (dynamic_cast<const DataException*>(&e) != nullptr) return "DataException";
  if (dynamic_cast<const ConfigException*>(&e) != nullptr) return "ConfigException";
  if (dynamic_cast<const ConnectException*>(&e) != nullptr) return "ConnectException";
  return "other";
}

std::vector<std::filesystem::path> goldenCases() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kGoldenDir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("Golden converter cases produce the Java converters' bytes", "[converters][golden]") {
  PluginRegistry registry;
  app::registerBuiltinPlugins(registry);
  converters::JsonConverter schema_reader;
  schema_reader.configure({}, false);

  const auto cases = goldenCases();
  REQUIRE(cases.size() >= 150);
  std::size_t ran = 0;
  for (const auto& path : cases) {
    DYNAMIC_SECTION(std::filesystem::relative(path, kGoldenDir).string()) {
      std::ifstream in(path);
      const Json c = Json::parse(in);
      INFO(c.value("description", ""));
      REQUIRE(c.contains("expected"));
      const Json& expected = c.at("expected");
      const std::string converter = c.at("converter").get<std::string>();
      const std::string use = c.value("use", "value");
      const std::string topic = c.value("topic", "topic");
      ConfigMap config;
      if (c.contains("config")) {
        for (const auto& [k, v] : c.at("config").items()) {
          config[k] = v.get<std::string>();
        }
      }
      const SchemaPtr schema =
          c.at("schema").is_null() ? nullptr : schema_reader.asConnectSchema(c.at("schema").dump());
      const Value value = schema ? fromNotation(schema, c.at("value")) : fromTagged(c.at("value"));

      std::optional<Bytes> out;
      std::string error_class;
      std::string error_message;
      try {
        if (use == "header") {
          auto hc = registry.newHeaderConverter(converter);
          hc->configure(config);
          out = hc->fromConnectHeader(topic, c.value("headerKey", "h"), schema, value);
        } else {
          auto conv = registry.newConverter(converter);
          conv->configure(config, use == "key");
          out = conv->fromConnectData(topic, Headers(), schema, value);
        }
      } catch (const std::exception& e) {
        error_class = exceptionClass(e);
        error_message = e.what();
      }
      if (c.contains("knownDivergence")) {
        // Documented differences from the generating JDK (tests/golden/converters/README.md): the case stays
        // in the corpus so that the difference is visible and re-checked when the reference JDK changes.
        WARN("known divergence: " << c.at("knownDivergence").get<std::string>());
        REQUIRE(out.has_value());
        CHECK(hex(*out) != expected.at("hex").get<std::string>());
      } else if (expected.contains("error")) {
        CHECK(error_class == expected.at("error").at("class").get<std::string>());
        CHECK(error_message == expected.at("error").at("message").get<std::string>());
      } else {
        INFO("error: " << error_class << " " << error_message);
        REQUIRE(error_class.empty());
        if (expected.contains("null")) {
          CHECK_FALSE(out.has_value());
        } else {
          REQUIRE(out.has_value());
          if (expected.contains("text")) {
            CHECK(std::string(out->begin(), out->end()) == expected.at("text").get<std::string>());
          }
          CHECK(hex(*out) == expected.at("hex").get<std::string>());
        }
      }
      ++ran;
    }
  }
  CHECK(ran >= 1);
}
