// Kafka's primitive converters (org.apache.kafka.connect.converters.*): Short, Integer, Long, Float and
// Double (NumberConverter over Kafka's big-endian serializers) and Boolean (one byte, 0x01 or 0x00).
// Each is a key/value converter and a header converter.
#pragma once

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

enum class NumberKind : std::uint8_t { kShort, kInteger, kLong, kFloat, kDouble };

class NumberConverter : public Converter, public HeaderConverter {
 public:
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

 protected:
  explicit NumberConverter(NumberKind kind) : kind_(kind) {}

 private:
  NumberKind kind_;
};

class ShortConverter : public NumberConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.ShortConverter";
  ShortConverter() : NumberConverter(NumberKind::kShort) {}
};

class IntegerConverter : public NumberConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.IntegerConverter";
  IntegerConverter() : NumberConverter(NumberKind::kInteger) {}
};

class LongConverter : public NumberConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.LongConverter";
  LongConverter() : NumberConverter(NumberKind::kLong) {}
};

class FloatConverter : public NumberConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.FloatConverter";
  FloatConverter() : NumberConverter(NumberKind::kFloat) {}
};

class DoubleConverter : public NumberConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.DoubleConverter";
  DoubleConverter() : NumberConverter(NumberKind::kDouble) {}
};

class BooleanConverter : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.BooleanConverter";

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
