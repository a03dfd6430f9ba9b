// Struct: validation on put, required-field validation, defaults on get, equality.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "connectd/api/struct.hpp"

using namespace connectd;

namespace {
SchemaPtr outboxSchema() {
  static const SchemaPtr s = SchemaBuilder::structBuilder()
                                 .name("pg.public.outboxevent.Value")
                                 .field("id", Schema::string())
                                 .field("aggregatetype", Schema::string())
                                 .field("payload", Schema::bytes())
                                 .field("attempts", SchemaBuilder::int32().defaultValue(Value::int32(0)).build())
                                 .field("note", Schema::optionalString())
                                 .build();
  return s;
}
}  // namespace

TEST_CASE("a struct accepts values that fit and refuses those that do not", "[api][struct]") {
  Struct s(outboxSchema());
  s.put("id", Value::string("b1"));
  s.put("payload", Value::bytes({0xde, 0xad, 0xbe, 0xef}));
  CHECK(s.get("id") == Value::string("b1"));

  CHECK_THROWS_WITH(s.put("aggregatetype", Value::int32(1)),
                    "Invalid Java object for schema with type STRING: class java.lang.Integer for field: "
                    "\"aggregatetype\"");
  CHECK_THROWS_WITH(s.put("id", Value()), "Invalid value: null used for required field: \"id\", schema type: STRING");
  CHECK_THROWS_WITH(s.put("nope", Value::string("x")), "nope is not a valid field name");
  CHECK_THROWS_WITH(s.get("nope"), "nope is not a valid field name");
}

TEST_CASE("validate reports the first required field without a value", "[api][struct]") {
  Struct s(outboxSchema());
  s.put("id", Value::string("b1"));
  s.put("payload", Value::bytes({}));
  CHECK_THROWS_WITH(s.validate(),
                    "Invalid value: null used for required field: \"aggregatetype\", schema type: STRING");
  s.put("aggregatetype", Value::string("users"));
  // attempts has a default and note is optional, so the struct is now complete.
  CHECK_NOTHROW(s.validate());
}

TEST_CASE("optional fields read as null and defaulted fields read as their default", "[api][struct]") {
  Struct s(outboxSchema());
  CHECK(s.get("note").isNull());
  CHECK(s.get("attempts") == Value::int32(0));
  CHECK(s.getWithoutDefault("attempts").isNull());
  s.put("attempts", Value::int32(3));
  CHECK(s.get("attempts") == Value::int32(3));
}

TEST_CASE("structs compare by schema and values and nested structs are validated", "[api][struct]") {
  Struct a(outboxSchema());
  Struct b(outboxSchema());
  a.put("id", Value::string("x"));
  CHECK_FALSE(a == b);
  b.put("id", Value::string("x"));
  CHECK(a == b);

  auto inner = SchemaBuilder::structBuilder().field("v", Schema::int8()).build();
  auto outer = SchemaBuilder::structBuilder().field("inner", inner).build();
  auto other_inner = SchemaBuilder::structBuilder().field("w", Schema::int8()).build();
  Struct o(outer);
  auto wrong = Struct::make(other_inner);
  CHECK_THROWS_WITH(o.put("inner", Value::structValue(wrong)), "Struct schemas do not match.");
  auto incomplete = Struct::make(inner);
  CHECK_THROWS_WITH(o.put("inner", Value::structValue(incomplete)),
                    "Invalid value: null used for required field: \"v\", schema type: INT8");
  incomplete->put("v", Value::int8(7));
  o.put("inner", Value::structValue(incomplete));
  CHECK(o.toString() == "Struct{inner=Struct{v=7}}");
  CHECK_THROWS_AS(Struct(Schema::int32()), DataException);
}

TEST_CASE("values compare as Java does: NaN equals NaN and -0.0 differs from 0.0", "[api][value]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(Value::float64(nan) == Value::float64(nan));
  CHECK_FALSE(Value::float64(0.0) == Value::float64(-0.0));
  CHECK_FALSE(Value::int32(1) == Value::int64(1));
  CHECK(Value::array({Value::string("a")}) == Value::array({Value::string("a")}));
  CHECK_THROWS_AS(Value::int32(1).asString(), DataException);
  CHECK(Value().isNull());
  CHECK(Value::structValue(nullptr).isNull());
}
