// Schema, SchemaBuilder and value validation: equality as Java's ConnectSchema.equals defines it, and the
// builder's and validator's refusals with Kafka's messages.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/schema.hpp"
#include "connectd/api/struct.hpp"

using namespace connectd;

TEST_CASE("schemas built alike are equal and each attribute breaks equality", "[api][schema]") {
  auto base = [] {
    return SchemaBuilder::structBuilder()
        .name("pg.public.outboxevent.Value")
        .version(1)
        .doc("row")
        .parameter("a", "1")
        .parameter("b", "2")
        .field("id", Schema::string())
        .field("n", Schema::optionalInt32());
  };
  CHECK(*base().build() == *base().build());

  // Parameters compare as a map: order does not matter, as with Java's LinkedHashMap.equals.
  auto reordered = SchemaBuilder::structBuilder()
                       .name("pg.public.outboxevent.Value")
                       .version(1)
                       .doc("row")
                       .parameter("b", "2")
                       .parameter("a", "1")
                       .field("id", Schema::string())
                       .field("n", Schema::optionalInt32())
                       .build();
  CHECK(*base().build() == *reordered);

  CHECK_FALSE(*base().build() == *base().name("other").build());
  CHECK_FALSE(*base().build() == *base().version(2).build());
  CHECK_FALSE(*base().build() == *base().doc("x").build());
  CHECK_FALSE(*base().build() == *base().optional().build());
  CHECK_FALSE(*base().build() == *base().parameter("a", "9").build());
  CHECK_FALSE(*base().build() == *base().field("extra", Schema::int8()).build());

  // Field order is part of a struct schema.
  auto swapped = SchemaBuilder::structBuilder()
                     .name("pg.public.outboxevent.Value")
                     .version(1)
                     .doc("row")
                     .parameter("a", "1")
                     .parameter("b", "2")
                     .field("n", Schema::optionalInt32())
                     .field("id", Schema::string())
                     .build();
  CHECK_FALSE(*base().build() == *swapped);
}

TEST_CASE("primitive, array and map schemas compare by type, optionality, default and element schemas",
          "[api][schema]") {
  CHECK(*Schema::int32() == *SchemaBuilder::int32().build());
  CHECK_FALSE(*Schema::int32() == *Schema::optionalInt32());
  CHECK_FALSE(*Schema::int32() == *Schema::int64());
  CHECK(*SchemaBuilder::int32().defaultValue(Value::int32(5)).build() ==
        *SchemaBuilder::int32().defaultValue(Value::int32(5)).build());
  CHECK_FALSE(*SchemaBuilder::int32().defaultValue(Value::int32(5)).build() ==
              *SchemaBuilder::int32().defaultValue(Value::int32(6)).build());
  CHECK(*SchemaBuilder::array(Schema::string()).build() == *SchemaBuilder::array(Schema::string()).build());
  CHECK_FALSE(*SchemaBuilder::array(Schema::string()).build() ==
              *SchemaBuilder::array(Schema::optionalString()).build());
  CHECK(*SchemaBuilder::map(Schema::string(), Schema::int64()).build() ==
        *SchemaBuilder::map(Schema::string(), Schema::int64()).build());
  CHECK_FALSE(*SchemaBuilder::map(Schema::string(), Schema::int64()).build() ==
              *SchemaBuilder::map(Schema::int64(), Schema::int64()).build());
  // Byte-array defaults compare by content (Objects.deepEquals).
  CHECK(*SchemaBuilder::bytes().defaultValue(Value::bytes({1, 2})).build() ==
        *SchemaBuilder::bytes().defaultValue(Value::bytes({1, 2})).build());
  CHECK(schemaEquals(nullptr, nullptr));
  CHECK_FALSE(schemaEquals(Schema::int8(), nullptr));
}

TEST_CASE("the builder refuses what Kafka's SchemaBuilder refuses", "[api][schema]") {
  CHECK_THROWS_WITH(SchemaBuilder::int32().field("x", Schema::int8()), "Cannot create fields on type INT32");
  CHECK_THROWS_WITH(SchemaBuilder::structBuilder().field("x", Schema::int8()).field("x", Schema::int16()),
                    "Cannot create field because of field name duplication x");
  CHECK_THROWS_WITH(SchemaBuilder::structBuilder().field("x", nullptr), "fieldSchema for field x cannot be null.");
  CHECK_THROWS_AS(SchemaBuilder::int32().defaultValue(Value::string("five")), DataException);
  CHECK_THROWS_WITH(SchemaBuilder::array(nullptr), "valueSchema cannot be null.");
  CHECK_THROWS_WITH(SchemaBuilder::map(nullptr, Schema::int8()), "keySchema cannot be null.");
}

TEST_CASE("validateValue checks kinds, nulls and nested elements with Kafka's messages", "[api][schema]") {
  Schema::validateValue(*Schema::int64(), Value::int64(1));
  Schema::validateValue(*Schema::optionalString(), Value());
  CHECK_THROWS_WITH(Schema::validateValue(*Schema::string(), Value()),
                    "Invalid value: null used for required value, schema type: STRING");
  CHECK_THROWS_WITH(Schema::validateValue(*Schema::int32(), Value::int64(1), "id"),
                    "Invalid Java object for schema with type INT32: class java.lang.Long for field: \"id\"");
  auto decimal = logical::decimalBuilder(2).build();
  Schema::validateValue(*decimal, Value::decimal(Decimal::parse("1.25")));
  CHECK_THROWS_WITH(Schema::validateValue(*decimal, Value::bytes({1})),
                    "Invalid Java object for schema \"org.apache.kafka.connect.data.Decimal\" with type BYTES: "
                    "class [B for value");
  auto arr = SchemaBuilder::array(Schema::int8()).build();
  Schema::validateValue(*arr, Value::array({Value::int8(1), Value::int8(2)}));
  CHECK_THROWS_WITH(Schema::validateValue(*arr, Value::array({Value::int8(1), Value()})),
                    "Invalid value: null used for required element of array value, schema type: INT8");
  auto map = SchemaBuilder::map(Schema::string(), Schema::optionalInt32()).build();
  Schema::validateValue(*map, Value::map({{Value::string("a"), Value()}}));
  CHECK_THROWS_WITH(Schema::validateValue(*map, Value::map({{Value::int32(1), Value()}})),
                    "Invalid Java object for schema with type STRING: class java.lang.Integer for key of map value");
}

TEST_CASE("logical types are names and parameters on physical types", "[api][schema]") {
  auto d = logical::decimalBuilder(3).build();
  CHECK(d->type() == SchemaType::kBytes);
  REQUIRE(d->name());
  CHECK(*d->name() == "org.apache.kafka.connect.data.Decimal");
  REQUIRE(d->parameter("scale") != nullptr);
  CHECK(*d->parameter("scale") == "3");
  CHECK(d->version() == 1);
  CHECK(logical::timestampBuilder().build()->type() == SchemaType::kInt64);
  CHECK(logical::dateBuilder().build()->type() == SchemaType::kInt32);
  auto zts = logical::debeziumBuilder(logical::kZonedTimestamp, SchemaType::kString).optional().build();
  CHECK(*zts->name() == "io.debezium.time.ZonedTimestamp");
  CHECK(zts->isOptional());
  auto vsd = logical::variableScaleDecimalBuilder().build();
  CHECK(vsd->fields().size() == 2);
  CHECK(vsd->fields()[0].name() == "scale");
  CHECK(Schema::int32()->toString() == "Schema{INT32}");
  CHECK(d->toString() == "Schema{org.apache.kafka.connect.data.Decimal:BYTES}");
}

TEST_CASE("decimals keep BigDecimal's wire form", "[api][value]") {
  CHECK(Decimal::parse("1.25").unscaled == Bytes{0x7d});
  CHECK(Decimal::parse("1.25").scale == 2);
  CHECK(Decimal::parse("-1").unscaled == Bytes{0xff});
  CHECK(Decimal::parse("128").unscaled == Bytes{0x00, 0x80});
  CHECK(Decimal::parse("-128").unscaled == Bytes{0x80});
  CHECK(Decimal::fromInt64(-129, 0).unscaled == Bytes{0xff, 0x7f});
  CHECK(Decimal::fromInt64(0, 0).unscaled == Bytes{0x00});
  for (const char* text : {"0", "1.25", "-1.25", "123456789012345678901234567890.5", "-0.001", "0.10"}) {
    CHECK(Decimal::parse(text).toPlainString() == text);
  }
  CHECK(Decimal{Bytes{0x01}, -2}.toPlainString() == "100");
  CHECK_THROWS_AS(Decimal::parse("1.2.3"), DataException);
  CHECK_THROWS_AS(Decimal::parse(""), DataException);
}
