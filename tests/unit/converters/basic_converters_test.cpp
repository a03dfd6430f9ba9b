// StringConverter and ByteArrayConverter: bytes out and back, nulls, and Kafka's errors.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "converters/byte_array_converter.hpp"
#include "converters/string_converter.hpp"

using namespace connectd;
using namespace connectd::converters;

TEST_CASE("StringConverter writes strings as UTF-8 and reads them back as optional strings", "[converters]") {
  StringConverter c;
  c.configure({}, true);
  auto bytes = c.fromConnectData("t", {}, Schema::string(), Value::string("u-123"));
  REQUIRE(bytes);
  CHECK(std::string(bytes->begin(), bytes->end()) == "u-123");
  CHECK_FALSE(c.fromConnectData("t", {}, Schema::optionalString(), Value()).has_value());
  auto back = c.toConnectData("t", {}, std::span<const std::uint8_t>(*bytes));
  CHECK(back.value == Value::string("u-123"));
  CHECK(*back.schema == *Schema::optionalString());
  CHECK(c.toConnectData("t", {}, std::nullopt).value.isNull());
  // Header use shares the same rules.
  c.configure(ConfigMap{});
  auto h = c.fromConnectHeader("t", "eventType", Schema::string(), Value::string("UserCreated"));
  CHECK(std::string(h->begin(), h->end()) == "UserCreated");
  CHECK_THROWS_AS(c.configure({{"converter.encoding", "EBCDIC"}}, false), ConfigException);
}

TEST_CASE("ByteArrayConverter passes bytes through and refuses other schemas", "[converters]") {
  ByteArrayConverter c;
  c.configure({}, false);
  auto out = c.fromConnectData("t", {}, Schema::bytes(), Value::bytes({0xde, 0xad, 0xbe, 0xef}));
  CHECK(*out == Bytes{0xde, 0xad, 0xbe, 0xef});
  CHECK_FALSE(c.fromConnectData("t", {}, nullptr, Value()).has_value());
  CHECK_THROWS_WITH(c.fromConnectData("t", {}, Schema::string(), Value::string("x")),
                    "Invalid schema type for ByteArrayConverter: STRING");
  CHECK_THROWS_AS(c.fromConnectData("t", {}, nullptr, Value::string("x")), DataException);
  const Bytes raw{1, 2, 3};
  CHECK(c.toConnectData("t", {}, std::span<const std::uint8_t>(raw)).value == Value::bytes(raw));
}
