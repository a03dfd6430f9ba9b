// SimpleHeaderConverter; see simple_header_converter.hpp.
#include "simple_header_converter.hpp"

#include "connectd/api/java_text.hpp"
#include "connectd/api/versions.hpp"
#include "converter_config.hpp"
#include "java_values.hpp"

namespace connectd::converters {

std::string SimpleHeaderConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& SimpleHeaderConverter::config() const {
  // Kafka's SimpleHeaderConverter.config() is an empty ConfigDef.
  static const ConfigDef def;
  return def;
}

void SimpleHeaderConverter::configure(const ConfigMap& /*props*/) {}

std::optional<Bytes> SimpleHeaderConverter::fromConnectHeader(const std::string& /*topic*/,
                                                              const std::string& /*header_key*/,
                                                              const SchemaPtr& schema, const Value& value) {
  if (value.isNull()) {
    return std::nullopt;
  }
  const std::string text = valuesConvertToString(schema, value);
  return toBytes(text);
}

SchemaAndValue SimpleHeaderConverter::toConnectHeader(const std::string& /*topic*/, const std::string& /*header_key*/,
                                                      std::optional<std::span<const std::uint8_t>> bytes) {
  if (!bytes) {
    return SchemaAndValue{nullptr, Value()};
  }
  std::string text(bytes->begin(), bytes->end());
  if (text.empty()) {
    return SchemaAndValue{Schema::string(), Value::string(std::move(text))};
  }
  if (text == "true" || text == "false") {
    return SchemaAndValue{Schema::boolean(), Value::boolean(text == "true")};
  }
  // Values.parseString gives integral text the smallest integer type that holds it.
  if (auto v = java::parseLong(text)) {
    if (*v >= INT8_MIN && *v <= INT8_MAX) {
      return SchemaAndValue{Schema::int8(), Value::int8(static_cast<std::int8_t>(*v))};
    }
    if (*v >= INT16_MIN && *v <= INT16_MAX) {
      return SchemaAndValue{Schema::int16(), Value::int16(static_cast<std::int16_t>(*v))};
    }
    if (*v >= INT32_MIN && *v <= INT32_MAX) {
      return SchemaAndValue{Schema::int32(), Value::int32(static_cast<std::int32_t>(*v))};
    }
    return SchemaAndValue{Schema::int64(), Value::int64(*v)};
  }
  return SchemaAndValue{Schema::string(), Value::string(std::move(text))};
}

}  // namespace connectd::converters
