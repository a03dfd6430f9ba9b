// org.apache.kafka.connect.converters.ByteArrayConverter: BYTES values passed through unchanged.
#pragma once

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

class ByteArrayConverter : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.ByteArrayConverter";

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
};

}  // namespace connectd::converters
