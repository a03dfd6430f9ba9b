// org.apache.kafka.connect.json.JsonConverter, byte for byte: the {"schema":…,"payload":…} envelope with
// Kafka's key order, Jackson's compact output and string escaping, Java's float and double text,
// Base64 bytes and decimals (or JSON numbers with decimal.format=NUMERIC), and replace.null.with.default.
// toConnectData reads that JSON back (schemas and payloads, or schemaless JSON).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

class JsonConverter : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.json.JsonConverter";
  static constexpr const char* kSchemasEnableConfig = "schemas.enable";
  static constexpr const char* kSchemasCacheSizeConfig = "schemas.cache.size";
  static constexpr const char* kSchemaContentConfig = "schema.content";
  static constexpr const char* kDecimalFormatConfig = "decimal.format";
  static constexpr const char* kReplaceNullWithDefaultConfig = "replace.null.with.default";

  JsonConverter();
  ~JsonConverter() override;

  std::string version() const override;
  const ConfigDef& config() const override;

  void configure(const ConfigMap& props, bool is_key) override;
  void configure(const ConfigMap& props) override;
  std::optional<Bytes> fromConnectData(const std::string& topic, const Headers& headers, const SchemaPtr& schema,
                                       const Value& value) override;
  SchemaAndValue toConnectData(const std::string& topic, const Headers& headers,
                               std::optional<std::span<const std::uint8_t>> bytes) override;
  std::optional<Bytes> fromConnectHeader(const std::string& topic, const std::string& header_key,
                                         const SchemaPtr& schema, const Value& value) override;
  SchemaAndValue toConnectHeader(const std::string& topic, const std::string& header_key,
                                 std::optional<std::span<const std::uint8_t>> bytes) override;

  // The JSON schema object Kafka writes for a schema ("null" for none).
  std::string asJsonSchema(const SchemaPtr& schema);
  // Parses a JSON schema object as JsonConverter.asConnectSchema does; nullptr for JSON null.
  SchemaPtr asConnectSchema(std::string_view json_schema_text) const;

  // The parsed configuration (opaque outside the converter).
  struct Settings;

 private:
  void apply(const ParsedConfig& parsed);
  void appendJsonSchema(std::string& out, const SchemaPtr& schema);

  std::unique_ptr<Settings> settings_;
  std::size_t last_size_ = 0;  // to reserve the next output's buffer
  // Serialized schemas by identity; each entry keeps its schema alive so that the address stays unique.
  std::unordered_map<const Schema*, std::pair<SchemaPtr, std::string>> schema_cache_;
};

}  // namespace connectd::converters
