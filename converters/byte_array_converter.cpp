// ByteArrayConverter; see byte_array_converter.hpp. Messages are Kafka's.
#include "byte_array_converter.hpp"

#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "converter_config.hpp"

namespace connectd::converters {

std::string ByteArrayConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& ByteArrayConverter::config() const {
  static const ConfigDef def = newConverterConfigDef();
  return def;
}

void ByteArrayConverter::configure(const ConfigMap& props, bool is_key) {
  config().parse(withConverterType(props, is_key));
}

void ByteArrayConverter::configure(const ConfigMap& props) {
  ConfigMap with_type = props;
  with_type[kConverterTypeConfig] = "header";
  config().parse(with_type);
}

std::optional<Bytes> ByteArrayConverter::fromConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                         const SchemaPtr& schema, const Value& value) {
  if (schema && schema->type() != SchemaType::kBytes) {
    throw DataException("Invalid schema type for ByteArrayConverter: " + std::string(schemaTypeName(schema->type())));
  }
  if (value.isNull()) {
    return std::nullopt;
  }
  if (value.kind() != Value::Kind::kBytes) {
    throw DataException("ByteArrayConverter is not compatible with objects of type " +
                        std::string(kindName(value.kind())));
  }
  return value.asBytes();
}

SchemaAndValue ByteArrayConverter::toConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                 std::optional<std::span<const std::uint8_t>> bytes) {
  if (!bytes) {
    return SchemaAndValue{Schema::optionalBytes(), Value()};
  }
  return SchemaAndValue{Schema::optionalBytes(), Value::bytes(Bytes(bytes->begin(), bytes->end()))};
}

std::optional<Bytes> ByteArrayConverter::fromConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                           const SchemaPtr& schema, const Value& value) {
  return fromConnectData(topic, Headers(), schema, value);
}

SchemaAndValue ByteArrayConverter::toConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                   std::optional<std::span<const std::uint8_t>> bytes) {
  return toConnectData(topic, Headers(), bytes);
}

}  // namespace connectd::converters
