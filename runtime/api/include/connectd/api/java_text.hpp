// Java's text forms of numbers, which Kafka's converters, ConfigDef and Values reproduce on the wire:
// Double.toString / Float.toString (shortest round-trip digits; plain between 1e-3 and 1e7, otherwise
// "d.dddE±n"), and the parsing rules of Integer.parseInt & co.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connectd::java {

// Double.toString / Float.toString as the JDK 17 that Kafka Connect runs here prints them: the shortest
// digits that round-trip with at least two significant digits ("4.9E-324"), except for whole numbers from
// 2^24 (float) or 2^54 (double) up, where JDK 17 prints its older, longer form ("9.0432521E16"); plain
// between 1e-3 and 1e7, else "d.dddE±n". A few values still differ from JDK 17 (see
// tests/golden/converters/README.md).
std::string doubleToString(double value);
std::string floatToString(float value);

// Integer.parseInt / Short.parseShort / Long.parseLong: optional sign, decimal digits, no spaces.
std::optional<std::int64_t> parseLong(std::string_view text);
std::optional<std::int32_t> parseInt(std::string_view text);
std::optional<std::int16_t> parseShort(std::string_view text);
// Double.parseDouble for the forms users write: decimal and exponent notation, optional f/d suffix,
// "NaN", "Infinity", surrounding whitespace.
std::optional<double> parseDouble(std::string_view text);

}  // namespace connectd::java
