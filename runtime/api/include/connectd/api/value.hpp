// Values of the Connect data model. A Value holds what a Java Connect record holds as an Object:
// null, a primitive, a string, bytes, a list, a map, a Struct or a Decimal. Logical types other than
// Decimal keep their physical representation (Date and Time as INT32, Timestamp as INT64), as the
// Connect wire formats do. Lists, maps and structs are shared by reference, as in Java.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace connectd {

class Struct;
class Value;

using Bytes = std::vector<std::uint8_t>;
using Array = std::vector<Value>;
using MapEntries = std::vector<std::pair<Value, Value>>;  // keeps insertion order

// org.apache.kafka.connect.data.Decimal's Java value (a BigDecimal) as its wire parts: the unscaled
// value as big-endian two's-complement bytes, and the scale.
struct Decimal {
  Bytes unscaled;
  std::int32_t scale = 0;

  static Decimal fromInt64(std::int64_t unscaled, std::int32_t scale);
  // Parses a plain decimal string such as "-12.340" (scale = digits after the point). Throws DataException.
  static Decimal parse(std::string_view text);
  // The plain string form (BigDecimal.toPlainString()).
  std::string toPlainString() const;
  bool operator==(const Decimal&) const = default;
};

class Value {
 public:
  enum class Kind : std::uint8_t {
    kNull,
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kFloat32,
    kFloat64,
    kBoolean,
    kString,
    kBytes,
    kArray,
    kMap,
    kStruct,
    kDecimal,
  };

  Value() = default;
  Value(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): null reads naturally as Value
  static Value int8(std::int8_t v) { return Value(Storage(std::in_place_index<1>, v)); }
  static Value int16(std::int16_t v) { return Value(Storage(std::in_place_index<2>, v)); }
  static Value int32(std::int32_t v) { return Value(Storage(std::in_place_index<3>, v)); }
  static Value int64(std::int64_t v) { return Value(Storage(std::in_place_index<4>, v)); }
  static Value float32(float v) { return Value(Storage(std::in_place_index<5>, v)); }
  static Value float64(double v) { return Value(Storage(std::in_place_index<6>, v)); }
  static Value boolean(bool v) { return Value(Storage(std::in_place_index<7>, v)); }
  static Value string(std::string v) { return Value(Storage(std::in_place_index<8>, std::move(v))); }
  static Value bytes(Bytes v) { return Value(Storage(std::in_place_index<9>, std::move(v))); }
  static Value array(Array v);
  static Value map(MapEntries v);
  static Value structValue(std::shared_ptr<Struct> v);
  static Value decimal(Decimal v) { return Value(Storage(std::in_place_index<13>, std::move(v))); }

  Kind kind() const { return static_cast<Kind>(storage_.index()); }
  bool isNull() const { return kind() == Kind::kNull; }

  // Typed accessors; each throws DataException when the kind differs.
  std::int8_t asInt8() const;
  std::int16_t asInt16() const;
  std::int32_t asInt32() const;
  std::int64_t asInt64() const;
  float asFloat32() const;
  double asFloat64() const;
  bool asBoolean() const;
  const std::string& asString() const;
  const Bytes& asBytes() const;
  const Array& asArray() const;
  const MapEntries& asMap() const;
  const std::shared_ptr<Struct>& asStruct() const;
  const Decimal& asDecimal() const;

  // Deep equality with Java's semantics: floats compare by bit pattern (NaN equals NaN), bytes by content,
  // structs by schema and values.
  bool operator==(const Value& other) const;

  // A short human-readable rendering for messages and test failures (not a wire format).
  std::string toString() const;

 private:
  using Storage = std::variant<std::monostate, std::int8_t, std::int16_t, std::int32_t, std::int64_t, float, double,
                               bool, std::string, Bytes, std::shared_ptr<Array>, std::shared_ptr<MapEntries>,
                               std::shared_ptr<Struct>, Decimal>;
  explicit Value(Storage s) : storage_(std::move(s)) {}

  Storage storage_;
};

std::string_view kindName(Value::Kind kind);

}  // namespace connectd
