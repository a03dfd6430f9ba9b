// io.debezium.converters.BinaryDataConverter: BYTES values pass through; anything else goes to the
// converter named by delegate.converter.type (configured with the delegate.converter.type.* keys, prefix
// stripped, and the same isKey), or fails with Debezium's DataException. Also a HeaderConverter, whose
// configure(Map) does nothing, so as a header converter it never has a delegate.
#pragma once

#include <memory>

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

class BinaryDataConverter : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "io.debezium.converters.BinaryDataConverter";
  static constexpr const char* kDelegateConverterTypeConfig = "delegate.converter.type";

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

 private:
  std::optional<Bytes> delegate(const std::string& topic, const Headers& headers, const SchemaPtr& schema,
                                const Value& value);

  std::unique_ptr<Converter> delegate_;
};

}  // namespace connectd::converters
