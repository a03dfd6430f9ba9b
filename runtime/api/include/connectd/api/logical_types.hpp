// Logical types: a schema name plus parameters on a physical type. Kafka Connect's own
// (Decimal, Date, Time, Timestamp) and the io.debezium.* names Debezium's PostgreSQL connector writes.
#pragma once

#include <cstdint>
#include <string_view>

#include "connectd/api/schema.hpp"

namespace connectd::logical {

// Kafka Connect (org.apache.kafka.connect.data.*).
inline constexpr std::string_view kDecimal = "org.apache.kafka.connect.data.Decimal";  // BYTES, param "scale"
inline constexpr std::string_view kDecimalScaleParameter = "scale";
inline constexpr std::string_view kDate = "org.apache.kafka.connect.data.Date";            // INT32 days
inline constexpr std::string_view kTime = "org.apache.kafka.connect.data.Time";            // INT32 ms of day
inline constexpr std::string_view kTimestamp = "org.apache.kafka.connect.data.Timestamp";  // INT64 epoch ms

// Debezium (io.debezium.time.*, io.debezium.data.*).
inline constexpr std::string_view kDebeziumDate = "io.debezium.time.Date";                          // INT32 days
inline constexpr std::string_view kDebeziumTime = "io.debezium.time.Time";                          // INT32 ms
inline constexpr std::string_view kMicroTime = "io.debezium.time.MicroTime";                        // INT64 µs
inline constexpr std::string_view kNanoTime = "io.debezium.time.NanoTime";                          // INT64 ns
inline constexpr std::string_view kDebeziumTimestamp = "io.debezium.time.Timestamp";                // INT64 ms
inline constexpr std::string_view kMicroTimestamp = "io.debezium.time.MicroTimestamp";              // INT64 µs
inline constexpr std::string_view kNanoTimestamp = "io.debezium.time.NanoTimestamp";                // INT64 ns
inline constexpr std::string_view kZonedTimestamp = "io.debezium.time.ZonedTimestamp";              // STRING ISO-8601
inline constexpr std::string_view kZonedTime = "io.debezium.time.ZonedTime";                        // STRING ISO-8601
inline constexpr std::string_view kIsoDate = "io.debezium.time.IsoDate";                            // STRING
inline constexpr std::string_view kIsoTime = "io.debezium.time.IsoTime";                            // STRING
inline constexpr std::string_view kIsoTimestamp = "io.debezium.time.IsoTimestamp";                  // STRING
inline constexpr std::string_view kYear = "io.debezium.time.Year";                                  // INT32
inline constexpr std::string_view kMicroDuration = "io.debezium.time.MicroDuration";                // INT64 µs
inline constexpr std::string_view kInterval = "io.debezium.time.Interval";                          // STRING ISO
inline constexpr std::string_view kVariableScaleDecimal = "io.debezium.data.VariableScaleDecimal";  // STRUCT
inline constexpr std::string_view kJson = "io.debezium.data.Json";                                  // STRING
inline constexpr std::string_view kUuid = "io.debezium.data.Uuid";                                  // STRING
inline constexpr std::string_view kXml = "io.debezium.data.Xml";                                    // STRING
inline constexpr std::string_view kEnum = "io.debezium.data.Enum";                      // STRING, param "allowed"
inline constexpr std::string_view kEnumSet = "io.debezium.data.EnumSet";                // STRING
inline constexpr std::string_view kBits = "io.debezium.data.Bits";                      // BYTES, param "length"
inline constexpr std::string_view kLtree = "io.debezium.data.Ltree";                    // STRING
inline constexpr std::string_view kDebeziumMacAddress = "io.debezium.data.MacAddress";  // STRING

// Builders for Kafka's logical types, matching Decimal.builder(scale), Date.builder(), … (version 1 each).
SchemaBuilder decimalBuilder(std::int32_t scale);
SchemaBuilder dateBuilder();
SchemaBuilder timeBuilder();
SchemaBuilder timestampBuilder();

// A schema of Debezium's logical types: the physical type with the name and version 1 where Debezium
// sets one (io.debezium.time.* and io.debezium.data.* schemas are versioned 1).
SchemaBuilder debeziumBuilder(std::string_view name, SchemaType physical);

// io.debezium.data.VariableScaleDecimal: STRUCT{scale: INT32, value: BYTES}.
SchemaBuilder variableScaleDecimalBuilder();

// True when the schema carries the given logical name.
bool hasName(const Schema& schema, std::string_view name);

}  // namespace connectd::logical
