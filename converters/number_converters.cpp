// The primitive converters; see number_converters.hpp. Messages are Kafka's (NumberConverter,
// BooleanConverter and the serializers they wrap).
#include "number_converters.hpp"

#include <bit>
#include <cstring>

#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "converter_config.hpp"
#include "java_values.hpp"

namespace connectd::converters {
namespace {

struct KindInfo {
  const char* type_name;  // NumberConverter's typeName
  std::size_t size;
  Value::Kind value_kind;
};

KindInfo info(NumberKind kind) {
  switch (kind) {
    case NumberKind::kShort: return {"short", 2, Value::Kind::kInt16};
    case NumberKind::kInteger: return {"integer", 4, Value::Kind::kInt32};
    case NumberKind::kLong: return {"long", 8, Value::Kind::kInt64};
    case NumberKind::kFloat: return {"float", 4, Value::Kind::kFloat32};
    case NumberKind::kDouble: return {"double", 8, Value::Kind::kFloat64};
  }
  return {"?", 0, Value::Kind::kNull};
}

const SchemaPtr& schemaFor(NumberKind kind) {
  switch (kind) {
    case NumberKind::kShort: return Schema::optionalInt16();
    case NumberKind::kInteger: return Schema::optionalInt32();
    case NumberKind::kLong: return Schema::optionalInt64();
    case NumberKind::kFloat: return Schema::optionalFloat32();
    case NumberKind::kDouble: return Schema::optionalFloat64();
  }
  return Schema::optionalInt32();
}

Bytes bigEndian(std::uint64_t bits, std::size_t size) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) {
    out[size - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  }
  return out;
}

std::uint64_t readBigEndian(std::span<const std::uint8_t> bytes) {
  std::uint64_t v = 0;
  for (auto b : bytes) {
    v = (v << 8) | b;
  }
  return v;
}

ConfigMap withHeaderType(const ConfigMap& props) {
  ConfigMap out = props;
  out[kConverterTypeConfig] = "header";
  return out;
}

}  // namespace

std::string NumberConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& NumberConverter::config() const {
  static const ConfigDef def = newConverterConfigDef();
  return def;
}

void NumberConverter::configure(const ConfigMap& props, bool is_key) {
  config().parse(withConverterType(props, is_key));
}

void NumberConverter::configure(const ConfigMap& props) {
  config().parse(withHeaderType(props));
}

std::optional<Bytes> NumberConverter::fromConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                      const SchemaPtr& /*schema*/, const Value& value) {
  if (value.isNull()) {
    return std::nullopt;
  }
  const KindInfo ki = info(kind_);
  if (value.kind() != ki.value_kind) {
    throw DataException(std::string("Failed to serialize to ") + ki.type_name + " (was " + javaClassOf(value) + "): ");
  }
  switch (kind_) {
    case NumberKind::kShort: return bigEndian(static_cast<std::uint16_t>(value.asInt16()), 2);
    case NumberKind::kInteger: return bigEndian(static_cast<std::uint32_t>(value.asInt32()), 4);
    case NumberKind::kLong: return bigEndian(static_cast<std::uint64_t>(value.asInt64()), 8);
    // Float.floatToRawIntBits / Double.doubleToRawLongBits: NaN payloads are kept.
    case NumberKind::kFloat: return bigEndian(std::bit_cast<std::uint32_t>(value.asFloat32()), 4);
    case NumberKind::kDouble: return bigEndian(std::bit_cast<std::uint64_t>(value.asFloat64()), 8);
  }
  return std::nullopt;
}

SchemaAndValue NumberConverter::toConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                              std::optional<std::span<const std::uint8_t>> bytes) {
  const SchemaPtr& schema = schemaFor(kind_);
  if (!bytes) {
    return SchemaAndValue{schema, Value()};
  }
  const KindInfo ki = info(kind_);
  if (bytes->size() != ki.size) {
    throw DataException(std::string("Failed to deserialize ") + ki.type_name + ": ");
  }
  const std::uint64_t v = readBigEndian(*bytes);
  switch (kind_) {
    case NumberKind::kShort: return {schema, Value::int16(static_cast<std::int16_t>(v))};
    case NumberKind::kInteger: return {schema, Value::int32(static_cast<std::int32_t>(v))};
    case NumberKind::kLong: return {schema, Value::int64(static_cast<std::int64_t>(v))};
    case NumberKind::kFloat: return {schema, Value::float32(std::bit_cast<float>(static_cast<std::uint32_t>(v)))};
    case NumberKind::kDouble: return {schema, Value::float64(std::bit_cast<double>(v))};
  }
  return {schema, Value()};
}

std::optional<Bytes> NumberConverter::fromConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                        const SchemaPtr& schema, const Value& value) {
  return fromConnectData(topic, Headers(), schema, value);
}

SchemaAndValue NumberConverter::toConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                std::optional<std::span<const std::uint8_t>> bytes) {
  return toConnectData(topic, Headers(), bytes);
}

std::string BooleanConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& BooleanConverter::config() const {
  static const ConfigDef def = newConverterConfigDef();
  return def;
}

void BooleanConverter::configure(const ConfigMap& props, bool is_key) {
  config().parse(withConverterType(props, is_key));
}

void BooleanConverter::configure(const ConfigMap& props) {
  config().parse(withHeaderType(props));
}

std::optional<Bytes> BooleanConverter::fromConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                       const SchemaPtr& schema, const Value& value) {
  if (schema && schema->type() != SchemaType::kBoolean) {
    throw DataException("Invalid schema type for BooleanConverter: " + std::string(schemaTypeName(schema->type())));
  }
  if (value.isNull()) {
    return std::nullopt;
  }
  if (value.kind() != Value::Kind::kBoolean) {
    throw DataException("BooleanConverter is not compatible with objects of type " + javaClassOf(value));
  }
  return Bytes{static_cast<std::uint8_t>(value.asBoolean() ? 1 : 0)};
}

SchemaAndValue BooleanConverter::toConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                               std::optional<std::span<const std::uint8_t>> bytes) {
  if (!bytes) {
    return SchemaAndValue{Schema::optionalBoolean(), Value()};
  }
  if (bytes->size() != 1 || (*bytes)[0] > 1) {
    throw DataException("Failed to deserialize boolean: ");
  }
  return SchemaAndValue{Schema::optionalBoolean(), Value::boolean((*bytes)[0] == 1)};
}

std::optional<Bytes> BooleanConverter::fromConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                         const SchemaPtr& schema, const Value& value) {
  return fromConnectData(topic, Headers(), schema, value);
}

SchemaAndValue BooleanConverter::toConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                 std::optional<std::span<const std::uint8_t>> bytes) {
  return toConnectData(topic, Headers(), bytes);
}

}  // namespace connectd::converters
