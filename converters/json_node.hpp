// A small JSON tree for JsonConverter.toConnectData, in the shape of Jackson's JsonNode: numbers keep
// their source text (Kafka reads them as BigDecimal), objects keep member order, and a later duplicate
// member replaces an earlier one in place, as in Jackson's ObjectNode.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectd::converters {

struct JsonNode {
  enum class Type : std::uint8_t { kMissing, kNull, kBoolean, kNumber, kString, kArray, kObject };

  Type type = Type::kMissing;
  bool boolean = false;
  bool integral = false;  // numbers only: no fraction and no exponent
  std::string text;       // the string value, or the number as written
  std::vector<JsonNode> items;
  std::vector<std::pair<std::string, JsonNode>> members;

  bool isNull() const { return type == Type::kNull || type == Type::kMissing; }
  // The member's node, or nullptr.
  const JsonNode* get(std::string_view key) const;
  // Jackson's JsonNodeType name: "NULL", "BOOLEAN", "NUMBER", "STRING", "ARRAY", "OBJECT", "MISSING".
  std::string_view typeName() const;

  // intValue()/longValue()/doubleValue(): numbers convert, anything else is 0.
  std::int64_t longValue() const;
  double doubleValue() const;

  // Parses the first JSON value of `text` (trailing content is ignored, as ObjectMapper.readTree does).
  // Empty input is a missing node. Throws DataException on malformed JSON or nesting deeper than 512.
  static JsonNode parse(std::string_view text);
};

}  // namespace connectd::converters
