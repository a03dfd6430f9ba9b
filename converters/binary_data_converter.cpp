// BinaryDataConverter; see binary_data_converter.hpp. Messages are Debezium 3.6.1's.
#include "binary_data_converter.hpp"

#include "builtin_converters.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "converter_config.hpp"

namespace connectd::converters {
namespace {

ConfigDef buildConfigDef() {
  ConfigDef def = newConverterConfigDef();
  def.define(BinaryDataConverter::kDelegateConverterTypeConfig, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kLow)
      .doc("Specifies the delegate converter class");
  return def;
}

}  // namespace

std::string BinaryDataConverter::version() const {
  return versions::kDebezium;
}

const ConfigDef& BinaryDataConverter::config() const {
  static const ConfigDef def = buildConfigDef();
  return def;
}

void BinaryDataConverter::configure(const ConfigMap& props, bool is_key) {
  delegate_.reset();
  auto it = props.find(kDelegateConverterTypeConfig);
  if (it == props.end()) {
    return;
  }
  // Debezium's Instantiator loads the class by its name; only the full class name works there too.
  delegate_ = newBuiltinConverter(it->second);
  if (!delegate_) {
    throw ConnectException("Unable to instantiate class " + it->second);
  }
  // Configuration.subset("delegate.converter.type", true): keys under "delegate.converter.type.", stripped.
  const std::string prefix = std::string(kDelegateConverterTypeConfig) + ".";
  ConfigMap sub;
  for (const auto& [k, v] : props) {
    if (k.size() > prefix.size() && k.compare(0, prefix.size(), prefix) == 0) {
      sub.emplace(k.substr(prefix.size()), v);
    }
  }
  delegate_->configure(sub, is_key);
}

void BinaryDataConverter::configure(const ConfigMap& /*props*/) {
  // Debezium's configure(Map) is empty: a header converter instance has no delegate.
}

std::optional<Bytes> BinaryDataConverter::delegate(const std::string& topic, const Headers& headers,
                                                   const SchemaPtr& schema, const Value& value) {
  if (!delegate_) {
    throw DataException("A " + topic + " of type '" + value.toString() +
                        "' requires a delegate.converter.type to be configured");
  }
  return delegate_->fromConnectData(topic, headers, schema, value);
}

std::optional<Bytes> BinaryDataConverter::fromConnectData(const std::string& topic, const Headers& headers,
                                                          const SchemaPtr& schema, const Value& value) {
  if (schema && schema->type() != SchemaType::kBytes) {
    return delegate(topic, headers, schema, value);
  }
  if (value.kind() == Value::Kind::kBytes) {
    return value.asBytes();
  }
  if (!value.isNull()) {
    return delegate(topic, headers, schema, value);
  }
  return std::nullopt;
}

SchemaAndValue BinaryDataConverter::toConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                  std::optional<std::span<const std::uint8_t>> bytes) {
  if (!bytes) {
    return SchemaAndValue{Schema::optionalBytes(), Value()};
  }
  return SchemaAndValue{Schema::optionalBytes(), Value::bytes(Bytes(bytes->begin(), bytes->end()))};
}

std::optional<Bytes> BinaryDataConverter::fromConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                            const SchemaPtr& schema, const Value& value) {
  return fromConnectData(topic, Headers(), schema, value);
}

SchemaAndValue BinaryDataConverter::toConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                    std::optional<std::span<const std::uint8_t>> bytes) {
  return toConnectData(topic, Headers(), bytes);
}

}  // namespace connectd::converters
