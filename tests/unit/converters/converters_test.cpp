// The converters' paths the golden cases do not cover: reading bytes back (toConnectData and
// toConnectHeader), configuration errors, BinaryDataConverter's delegate wiring, and JSON parse errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "converters/binary_data_converter.hpp"
#include "converters/java_values.hpp"
#include "converters/json_converter.hpp"
#include "converters/json_node.hpp"
#include "converters/number_converters.hpp"
#include "converters/simple_header_converter.hpp"

using namespace connectd;
using namespace connectd::converters;

namespace {

std::span<const std::uint8_t> span(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string text(const std::optional<Bytes>& b) {
  REQUIRE(b.has_value());
  return std::string(b->begin(), b->end());
}

}  // namespace

TEST_CASE("JsonConverter reads its own output back to the same schema and value", "[converters][json]") {
  JsonConverter c;
  c.configure({}, false);
  const SchemaPtr inner = SchemaBuilder::structBuilder().field("x", Schema::optionalFloat64()).optional().build();
  const SchemaPtr schema = SchemaBuilder::structBuilder()
                               .name("test.Value")
                               .version(2)
                               .doc("d")
                               .field("id", Schema::int64())
                               .field("name", Schema::optionalString())
                               .field("raw", Schema::optionalBytes())
                               .field("price", logical::decimalBuilder(2).optional().build())
                               .field("day", logical::dateBuilder().optional().build())
                               .field("tags", SchemaBuilder::array(Schema::string()).optional().build())
                               .field("attrs", SchemaBuilder::map(Schema::string(), Schema::int32()).optional().build())
                               .field("ids", SchemaBuilder::map(Schema::int32(), Schema::string()).optional().build())
                               .field("inner", inner)
                               .field("flag", SchemaBuilder::boolean().defaultValue(Value::boolean(true)).build())
                               .build();
  auto in = Struct::make(inner);
  in->put("x", Value::float64(-1.5e-7));
  auto s = Struct::make(schema);
  s->put("id", Value::int64(-9007199254740993));
  s->put("name", Value::string("ü \"q\" 😀\n"));
  s->put("raw", Value::bytes({0, 255, 7}));
  s->put("price", Value::decimal(Decimal::parse("-12.34")));
  s->put("day", Value::int32(19844));
  s->put("tags", Value::array({Value::string("a"), Value::string("b")}));
  s->put("attrs", Value::map({{Value::string("k"), Value::int32(1)}}));
  s->put("ids", Value::map({{Value::int32(7), Value::string("seven")}}));
  s->put("inner", Value::structValue(in));
  s->put("flag", Value::boolean(false));
  const Value value = Value::structValue(s);

  auto bytes = c.fromConnectData("t", {}, schema, value);
  REQUIRE(bytes);
  const auto back = c.toConnectData("t", {}, std::span<const std::uint8_t>(*bytes));
  REQUIRE(back.schema);
  CHECK(*back.schema == *schema);
  CHECK(back.value.asStruct()->toString() == s->toString());
  CHECK(back.value.asStruct()->get("price") == Value::decimal(Decimal::parse("-12.34")));
  CHECK(back.value.asStruct()->get("name") == Value::string("ü \"q\" 😀\n"));
  CHECK(c.toConnectData("t", {}, std::nullopt).value.isNull());
}

TEST_CASE("JsonConverter without schemas infers types from the JSON", "[converters][json]") {
  JsonConverter c;
  c.configure({{"schemas.enable", "false"}}, false);
  const auto r = c.toConnectData("t", {}, span(R"({"a":1,"b":[true,null,2.5],"c":"x","d":{"e":null}})"));
  CHECK(r.schema == nullptr);
  const MapEntries& m = r.value.asMap();
  REQUIRE(m.size() == 4);
  CHECK(m[0].second == Value::int64(1));
  CHECK(m[1].second == Value::array({Value::boolean(true), Value(), Value::float64(2.5)}));
  CHECK(m[2].second == Value::string("x"));
  CHECK(m[3].second.asMap()[0].second.isNull());
}

TEST_CASE("JsonConverter reports Kafka's errors for bad input", "[converters][json]") {
  JsonConverter c;
  c.configure({}, false);
  CHECK_THROWS_WITH(c.toConnectData("t", {}, span(R"({"payload":1})")),
                    Catch::StartsWith("JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields"));
  CHECK_THROWS_AS(c.toConnectData("t", {}, span(R"({"schema":{"type":"int32"},"payload":)")), DataException);
  CHECK_THROWS_WITH(c.toConnectData("t", {}, span(R"({"schema":{"type":"nope"},"payload":1})")),
                    "Unknown schema type: nope");
  CHECK_THROWS_WITH(c.toConnectData("t", {}, span(R"({"schema":{"type":"int32","optional":false},"payload":null})")),
                    "Invalid null value for required INT32 field");
  CHECK_THROWS_WITH(c.toConnectData("t", {}, span(R"({"schema":{"type":"struct","fields":[]},"payload":[1]})")),
                    "Structs should be encoded as JSON objects, but found ARRAY");
  CHECK_THROWS_AS(c.configure({{"decimal.format", "HEX"}}, false), ConfigException);
  CHECK_THROWS_AS(c.configure({{"schemas.enable", "maybe"}}, false), ConfigException);
  // Deep nesting is refused rather than overflowing the stack.
  CHECK_THROWS_AS(JsonNode::parse(std::string(100000, '[')), DataException);
}

TEST_CASE("JsonConverter decimal.format=NUMERIC reads numbers back with their scale", "[converters][json]") {
  JsonConverter c;
  c.configure({{"decimal.format", "numeric"}}, false);
  const SchemaPtr schema = logical::decimalBuilder(3).build();
  auto bytes = c.fromConnectData("t", {}, schema, Value::decimal(Decimal::parse("1.250")));
  CHECK(text(bytes).ends_with("\"payload\":1.250}"));
  auto back = c.toConnectData("t", {}, std::span<const std::uint8_t>(*bytes));
  CHECK(back.value == Value::decimal(Decimal::parse("1.250")));
}

TEST_CASE("JsonConverter reads schema.content as the schema of every message", "[converters][json]") {
  JsonConverter c;
  c.configure({{"schema.content", R"({"type":"int64","optional":false})"}}, false);
  const auto r = c.toConnectData("t", {}, span("42"));
  CHECK(*r.schema == *Schema::int64());
  CHECK(r.value == Value::int64(42));
}

TEST_CASE("BinaryDataConverter configures its delegate from the prefixed keys", "[converters][binary]") {
  BinaryDataConverter c;
  c.configure({{"delegate.converter.type", JsonConverter::kClassName},
               {"delegate.converter.type.schemas.enable", "false"},
               {"delegate.converter.schemas.enable", "true"}},
              false);
  CHECK(text(c.fromConnectData("t", {}, Schema::string(), Value::string("x"))) == "\"x\"");
  // A bad delegate property fails at configure time, as the delegate's own ConfigDef rejects it.
  BinaryDataConverter bad;
  CHECK_THROWS_AS(bad.configure({{"delegate.converter.type", JsonConverter::kClassName},
                                 {"delegate.converter.type.decimal.format", "HEX"}},
                                false),
                  ConfigException);
  CHECK_THROWS_WITH(bad.configure({{"delegate.converter.type", "com.example.Missing"}}, false),
                    "Unable to instantiate class com.example.Missing");
  const Bytes raw{0xde, 0xad};
  const auto back = c.toConnectData("t", {}, std::span<const std::uint8_t>(raw));
  CHECK(*back.schema == *Schema::optionalBytes());
  CHECK(back.value == Value::bytes(raw));
}

TEST_CASE("The primitive converters read their bytes back and refuse wrong sizes", "[converters][number]") {
  IntegerConverter i;
  i.configure({}, false);
  auto b = i.fromConnectData("t", {}, Schema::int32(), Value::int32(-2));
  CHECK(*b == Bytes{0xff, 0xff, 0xff, 0xfe});
  CHECK(i.toConnectData("t", {}, std::span<const std::uint8_t>(*b)).value == Value::int32(-2));
  CHECK_THROWS_WITH(i.toConnectData("t", {}, std::span<const std::uint8_t>(Bytes{1, 2})),
                    "Failed to deserialize integer: ");
  DoubleConverter d;
  d.configure({}, true);
  auto db = d.fromConnectData("t", {}, nullptr, Value::float64(0.1));
  CHECK(d.toConnectData("t", {}, std::span<const std::uint8_t>(*db)).value == Value::float64(0.1));
  BooleanConverter bc;
  bc.configure({}, false);
  CHECK(bc.toConnectData("t", {}, std::span<const std::uint8_t>(Bytes{1})).value == Value::boolean(true));
  CHECK_THROWS_AS(bc.toConnectData("t", {}, std::span<const std::uint8_t>(Bytes{2})), DataException);
}

TEST_CASE("SimpleHeaderConverter reads header text back as booleans, integers or strings", "[converters][header]") {
  SimpleHeaderConverter c;
  c.configure(ConfigMap{});
  CHECK(c.toConnectHeader("t", "h", span("true")).value == Value::boolean(true));
  CHECK(c.toConnectHeader("t", "h", span("12")).value == Value::int8(12));
  CHECK(c.toConnectHeader("t", "h", span("1714564800500000")).value == Value::int64(1714564800500000));
  CHECK(c.toConnectHeader("t", "h", span("2024-05-01T10:00:00.500000Z")).value ==
        Value::string("2024-05-01T10:00:00.500000Z"));
  CHECK(c.toConnectHeader("t", "h", std::nullopt).value.isNull());
  CHECK_FALSE(c.fromConnectHeader("t", "h", Schema::optionalString(), Value()).has_value());
}

TEST_CASE("Java number text follows Double.toString and Float.toString", "[converters][json]") {
  CHECK(java::doubleToString(1.0e7) == "1.0E7");
  CHECK(java::doubleToString(9999999.0) == "9999999.0");
  CHECK(java::doubleToString(0.001) == "0.001");
  CHECK(java::doubleToString(1.0e-4) == "1.0E-4");
  CHECK(java::doubleToString(4.9e-324) == "4.9E-324");
  CHECK(java::doubleToString(-0.0) == "-0.0");
  CHECK(java::doubleToString(std::nan("")) == "NaN");
  // JDK 17 prints integral doubles from 2^54 from their exact digits.
  CHECK(java::doubleToString(2003794889497660416.0) == "2.00379488949766042E18");
  CHECK(java::floatToString(1.4e-45f) == "1.4E-45");
  CHECK(java::floatToString(9.0432521e16f) == "9.0432521E16");
  CHECK(java::floatToString(0.1f) == "0.1");
  CHECK(bigDecimalToString(Decimal::parse("0.00000001")) == "1E-8");
  CHECK(bigDecimalToString(Decimal{Decimal::parse("123").unscaled, -2}) == "1.23E+4");
  CHECK(bigDecimalToString(Decimal::parse("-0.000001")) == "-0.000001");
  CHECK(base64Decode("3q2+7w==") == Bytes{0xde, 0xad, 0xbe, 0xef});
  CHECK_FALSE(base64Decode("3q2*7w==").has_value());
}

TEST_CASE("The converters' ConfigDefs match Kafka's and Debezium's declarations", "[converters]") {
  // name | default | group | order | display name, as the Java classes declare them (ConfigDef.configKeys()).
  const auto describe = [](const ConfigDef& def) {
    std::vector<std::string> out;
    for (const ConfigKey& k : def.keys()) {
      const auto dflt = k.hasDefault() ? ConfigDef::convertToString(k.defaultValue(), k.type()) : std::nullopt;
      out.push_back(k.name() + "|" + dflt.value_or("<none>") + "|" + k.group() + "|" +
                    std::to_string(k.orderInGroup()) + "|" + k.displayName());
    }
    return out;
  };
  CHECK(describe(JsonConverter().config()) ==
        std::vector<std::string>{
            "converter.type|<none>||-1|converter.type", "schemas.enable|true|Schemas|0|Enable Schemas",
            "schemas.cache.size|1000|Schemas|1|Schema Cache Size", "schema.content|<none>|Schemas|2|Schema Content",
            "decimal.format|BASE64|Serialization|0|Decimal Format",
            "replace.null.with.default|true|Serialization|1|Replace null with default"});
  CHECK(describe(BinaryDataConverter().config()) ==
        std::vector<std::string>{"converter.type|<none>||-1|converter.type",
                                 "delegate.converter.type|<none>||-1|delegate.converter.type"});
  CHECK(describe(IntegerConverter().config()) == std::vector<std::string>{"converter.type|<none>||-1|converter.type"});
  CHECK(describe(BooleanConverter().config()) == std::vector<std::string>{"converter.type|<none>||-1|converter.type"});
  CHECK(SimpleHeaderConverter().config().keys().empty());
}
