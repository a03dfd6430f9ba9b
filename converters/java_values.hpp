// Java's renderings of Connect values that Kafka's converters put on the wire: Base64 (java.util.Base64),
// BigDecimal.toString(), the runtime class names Kafka's error messages quote, and
// org.apache.kafka.connect.data.Values.convertToString (what SimpleHeaderConverter writes).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "connectd/api/schema.hpp"
#include "connectd/api/value.hpp"

namespace connectd::converters {

// The bytes of a string (a memcpy; constructing Bytes from char iterators copies byte by byte).
Bytes toBytes(std::string_view text);

// Standard alphabet, with padding, no line breaks (Base64.getEncoder(); Jackson's MIME_NO_LINEFEEDS).
std::string base64Encode(std::span<const std::uint8_t> bytes);
void appendBase64(std::string& out, std::span<const std::uint8_t> bytes);
// Standard alphabet; padding optional; nullopt for anything else (Base64.getDecoder() is as strict).
std::optional<Bytes> base64Decode(std::string_view text);

// BigDecimal.toString(): plain when scale >= 0 and the adjusted exponent >= -6, else scientific ("1E-8",
// "1.23E+5").
std::string bigDecimalToString(const Decimal& decimal);

// What Java's value.getClass() prints in messages: "class java.lang.Integer", "class [B", …
std::string javaClassOf(const Value& value);

// Java's Double.toString / Float.toString are connectd::java::doubleToString / floatToString (java_text.hpp).

// Values.convertToString(schema, value): strings raw at the top level and quoted inside containers,
// numbers as Java prints them, bytes as Base64, structs and maps as {k:v}, lists as [a,b]. Kafka's
// Date/Time/Timestamp logical values (a java.util.Date in Java) use its ISO-8601 patterns in UTC.
// `value` must not be null (the caller maps null to a null header).
std::string valuesConvertToString(const SchemaPtr& schema, const Value& value);

}  // namespace connectd::converters
