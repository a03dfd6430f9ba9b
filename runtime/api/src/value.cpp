// Connect values; see value.hpp.
#include "connectd/api/value.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/struct.hpp"

namespace connectd {
namespace {

[[noreturn]] void wrongKind(Value::Kind want, Value::Kind have) {
  throw DataException("Expected a " + std::string(kindName(want)) + " value but found " + std::string(kindName(have)));
}

// Two's-complement big-endian magnitude arithmetic for Decimal::parse/toPlainString.
void multiplyAdd(std::vector<std::uint8_t>& le, int mul, int add) {
  int carry = add;
  for (auto& b : le) {
    const int v = b * mul + carry;
    b = static_cast<std::uint8_t>(v & 0xff);
    carry = v >> 8;
  }
  while (carry > 0) {
    le.push_back(static_cast<std::uint8_t>(carry & 0xff));
    carry >>= 8;
  }
}

int divideSmall(std::vector<std::uint8_t>& le, int div) {
  int rem = 0;
  for (auto it = le.rbegin(); it != le.rend(); ++it) {
    const int cur = (rem << 8) | *it;
    *it = static_cast<std::uint8_t>(cur / div);
    rem = cur % div;
  }
  while (!le.empty() && le.back() == 0) {
    le.pop_back();
  }
  return rem;
}

void negate(std::vector<std::uint8_t>& le) {
  int carry = 1;
  for (auto& b : le) {
    const int v = static_cast<std::uint8_t>(~b) + carry;
    b = static_cast<std::uint8_t>(v & 0xff);
    carry = v >> 8;
  }
}

}  // namespace

std::string_view kindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kInt8: return "INT8";
    case Value::Kind::kInt16: return "INT16";
    case Value::Kind::kInt32: return "INT32";
    case Value::Kind::kInt64: return "INT64";
    case Value::Kind::kFloat32: return "FLOAT32";
    case Value::Kind::kFloat64: return "FLOAT64";
    case Value::Kind::kBoolean: return "BOOLEAN";
    case Value::Kind::kString: return "STRING";
    case Value::Kind::kBytes: return "BYTES";
    case Value::Kind::kArray: return "ARRAY";
    case Value::Kind::kMap: return "MAP";
    case Value::Kind::kStruct: return "STRUCT";
    case Value::Kind::kDecimal: return "DECIMAL";
  }
  return "?";
}

Decimal Decimal::fromInt64(std::int64_t unscaled, std::int32_t scale) {
  // Minimal two's-complement big-endian bytes, as BigInteger.toByteArray() writes them.
  Bytes be;
  for (int i = 7; i >= 0; --i) {
    be.push_back(static_cast<std::uint8_t>((static_cast<std::uint64_t>(unscaled) >> (i * 8)) & 0xff));
  }
  std::size_t start = 0;
  while (start < be.size() - 1) {
    const bool redundant =
        (be[start] == 0x00 && (be[start + 1] & 0x80) == 0) || (be[start] == 0xff && (be[start + 1] & 0x80) != 0);
    if (!redundant) {
      break;
    }
    ++start;
  }
  return Decimal{Bytes(be.begin() + static_cast<std::ptrdiff_t>(start), be.end()), scale};
}

Decimal Decimal::parse(std::string_view text) {
  if (text.empty()) {
    throw DataException("Invalid decimal: empty string");
  }
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  std::vector<std::uint8_t> le;  // magnitude, little-endian
  std::int32_t scale = 0;
  bool point = false;
  bool digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
      multiplyAdd(le, 10, c - '0');
      if (point) {
        ++scale;
      }
    } else {
      throw DataException("Invalid decimal: " + std::string(text));
    }
  }
  if (!digit) {
    throw DataException("Invalid decimal: " + std::string(text));
  }
  while (!le.empty() && le.back() == 0) {
    le.pop_back();
  }
  // Sign bit room, then two's complement for negatives.
  if (le.empty() || (le.back() & 0x80) != 0) {
    le.push_back(0);
  }
  if (negative && !(le.size() == 1 && le[0] == 0)) {
    negate(le);
    // Trim redundant 0xff sign bytes.
    while (le.size() > 1 && le.back() == 0xff && (le[le.size() - 2] & 0x80) != 0) {
      le.pop_back();
    }
  }
  Bytes be(le.rbegin(), le.rend());
  return Decimal{std::move(be), scale};
}

std::string Decimal::toPlainString() const {
  if (unscaled.empty()) {
    return "0";
  }
  std::vector<std::uint8_t> le(unscaled.rbegin(), unscaled.rend());
  const bool negative = (unscaled.front() & 0x80) != 0;
  if (negative) {
    negate(le);
  }
  while (!le.empty() && le.back() == 0) {
    le.pop_back();
  }
  std::string digits;
  while (!le.empty()) {
    digits.push_back(static_cast<char>('0' + divideSmall(le, 10)));
  }
  if (digits.empty()) {
    digits = "0";
  }
  std::reverse(digits.begin(), digits.end());
  std::string out;
  if (scale > 0) {
    const auto s = static_cast<std::size_t>(scale);
    if (digits.size() <= s) {
      digits.insert(0, s - digits.size() + 1, '0');
    }
    out = digits.substr(0, digits.size() - s) + "." + digits.substr(digits.size() - s);
  } else {
    out = digits;
    if (digits != "0") {
      out.append(static_cast<std::size_t>(-scale), '0');
    }
  }
  return (negative && digits != "0") ? "-" + out : out;
}

Value Value::array(Array v) {
  return Value(Storage(std::in_place_index<10>, std::make_shared<Array>(std::move(v))));
}
Value Value::map(MapEntries v) {
  return Value(Storage(std::in_place_index<11>, std::make_shared<MapEntries>(std::move(v))));
}
Value Value::structValue(std::shared_ptr<Struct> v) {
  if (!v) {
    return Value();
  }
  return Value(Storage(std::in_place_index<12>, std::move(v)));
}

std::int8_t Value::asInt8() const {
  if (kind() != Kind::kInt8) wrongKind(Kind::kInt8, kind());
  return std::get<1>(storage_);
}
std::int16_t Value::asInt16() const {
  if (kind() != Kind::kInt16) wrongKind(Kind::kInt16, kind());
  return std::get<2>(storage_);
}
std::int32_t Value::asInt32() const {
  if (kind() != Kind::kInt32) wrongKind(Kind::kInt32, kind());
  return std::get<3>(storage_);
}
std::int64_t Value::asInt64() const {
  if (kind() != Kind::kInt64) wrongKind(Kind::kInt64, kind());
  return std::get<4>(storage_);
}
float Value::asFloat32() const {
  if (kind() != Kind::kFloat32) wrongKind(Kind::kFloat32, kind());
  return std::get<5>(storage_);
}
double Value::asFloat64() const {
  if (kind() != Kind::kFloat64) wrongKind(Kind::kFloat64, kind());
  return std::get<6>(storage_);
}
bool Value::asBoolean() const {
  if (kind() != Kind::kBoolean) wrongKind(Kind::kBoolean, kind());
  return std::get<7>(storage_);
}
const std::string& Value::asString() const {
  if (kind() != Kind::kString) wrongKind(Kind::kString, kind());
  return std::get<8>(storage_);
}
const Bytes& Value::asBytes() const {
  if (kind() != Kind::kBytes) wrongKind(Kind::kBytes, kind());
  return std::get<9>(storage_);
}
const Array& Value::asArray() const {
  if (kind() != Kind::kArray) wrongKind(Kind::kArray, kind());
  return *std::get<10>(storage_);
}
const MapEntries& Value::asMap() const {
  if (kind() != Kind::kMap) wrongKind(Kind::kMap, kind());
  return *std::get<11>(storage_);
}
const std::shared_ptr<Struct>& Value::asStruct() const {
  if (kind() != Kind::kStruct) wrongKind(Kind::kStruct, kind());
  return std::get<12>(storage_);
}
const Decimal& Value::asDecimal() const {
  if (kind() != Kind::kDecimal) wrongKind(Kind::kDecimal, kind());
  return std::get<13>(storage_);
}

bool Value::operator==(const Value& other) const {
  if (kind() != other.kind()) {
    return false;
  }
  switch (kind()) {
    case Kind::kNull: return true;
    // Java's Float.equals / Double.equals: every NaN equals every NaN, 0.0 differs from -0.0.
    case Kind::kFloat32:
      return (std::isnan(asFloat32()) && std::isnan(other.asFloat32())) ||
             std::bit_cast<std::uint32_t>(asFloat32()) == std::bit_cast<std::uint32_t>(other.asFloat32());
    case Kind::kFloat64:
      return (std::isnan(asFloat64()) && std::isnan(other.asFloat64())) ||
             std::bit_cast<std::uint64_t>(asFloat64()) == std::bit_cast<std::uint64_t>(other.asFloat64());
    case Kind::kArray: return asArray() == other.asArray();
    case Kind::kMap: return asMap() == other.asMap();
    case Kind::kStruct: return *asStruct() == *other.asStruct();
    default: return storage_ == other.storage_;
  }
}

std::string Value::toString() const {
  switch (kind()) {
    case Kind::kNull: return "null";
    case Kind::kInt8: return std::to_string(asInt8());
    case Kind::kInt16: return std::to_string(asInt16());
    case Kind::kInt32: return std::to_string(asInt32());
    case Kind::kInt64: return std::to_string(asInt64());
    case Kind::kFloat32: return java::floatToString(asFloat32());
    case Kind::kFloat64: return java::doubleToString(asFloat64());
    case Kind::kBoolean: return asBoolean() ? "true" : "false";
    case Kind::kString: return asString();
    case Kind::kBytes: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string out = "0x";
      for (auto b : asBytes()) {
        out += kHex[b >> 4];
        out += kHex[b & 0xf];
      }
      return out;
    }
    case Kind::kArray: {
      std::string out = "[";
      for (std::size_t i = 0; i < asArray().size(); ++i) {
        out += (i ? ", " : "") + asArray()[i].toString();
      }
      return out + "]";
    }
    case Kind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : asMap()) {
        out += (first ? "" : ", ") + k.toString() + "=" + v.toString();
        first = false;
      }
      return out + "}";
    }
    case Kind::kStruct: return asStruct()->toString();
    case Kind::kDecimal: return asDecimal().toPlainString();
  }
  return "?";
}

}  // namespace connectd
