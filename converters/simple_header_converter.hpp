// org.apache.kafka.connect.storage.SimpleHeaderConverter, Kafka Connect's default header.converter:
// each header value becomes Values.convertToString(schema, value) in UTF-8 (strings as they are, numbers
// as Java prints them, bytes as Base64, structs/maps/lists in Kafka's {k:v}/[a,b] text). Reading back
// infers booleans and integers and keeps anything else as a string (a subset of Values.parseString).
#pragma once

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

class SimpleHeaderConverter : public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.storage.SimpleHeaderConverter";

  std::string version() const override;
  const ConfigDef& config() const override;

  void configure(const ConfigMap& props) override;
  std::optional<Bytes> fromConnectHeader(const std::string& topic, const std::string& header_key,
                                         const SchemaPtr& schema, const Value& value) override;
  SchemaAndValue toConnectHeader(const std::string& topic, const std::string& header_key,
                                 std::optional<std::span<const std::uint8_t>> bytes) override;
};

}  // namespace connectd::converters
