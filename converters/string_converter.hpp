// org.apache.kafka.connect.storage.StringConverter: values as UTF-8 strings, for keys, values and headers.
#pragma once

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

class StringConverter : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.storage.StringConverter";
  static constexpr const char* kEncodingConfig = "converter.encoding";

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
