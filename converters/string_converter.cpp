// StringConverter; see string_converter.hpp.
#include "string_converter.hpp"

#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "converter_config.hpp"

namespace connectd::converters {
namespace {

ConfigDef buildConfigDef() {
  ConfigDef def = newConverterConfigDef();
  def.define(StringConverter::kEncodingConfig, ConfigType::kString)
      .defaultValue("UTF-8")
      .validator(validators::inIgnoreCase({"UTF8", "UTF-8"}))
      .importance(Importance::kHigh)
      .doc("The name of the Java character set to use for encoding strings as byte arrays.")
      .group("Converter")
      .orderInGroup(1)
      .width(Width::kMedium)
      .displayName("Encoding");
  return def;
}

}  // namespace

std::string StringConverter::version() const {
  return versions::kKafka;
}

const ConfigDef& StringConverter::config() const {
  static const ConfigDef def = buildConfigDef();
  return def;
}

void StringConverter::configure(const ConfigMap& props, bool is_key) {
  config().parse(withConverterType(props, is_key));
}

void StringConverter::configure(const ConfigMap& props) {
  ConfigMap with_type = props;
  with_type[kConverterTypeConfig] = "header";
  config().parse(with_type);
}

std::optional<Bytes> StringConverter::fromConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                                      const SchemaPtr& /*schema*/, const Value& value) {
  if (value.isNull()) {
    return std::nullopt;
  }
  // Java calls value.toString(); for strings that is the string itself.
  const std::string text = value.kind() == Value::Kind::kString ? value.asString() : value.toString();
  return Bytes(text.begin(), text.end());
}

SchemaAndValue StringConverter::toConnectData(const std::string& /*topic*/, const Headers& /*headers*/,
                                              std::optional<std::span<const std::uint8_t>> bytes) {
  if (!bytes) {
    return SchemaAndValue{Schema::optionalString(), Value()};
  }
  return SchemaAndValue{Schema::optionalString(), Value::string(std::string(bytes->begin(), bytes->end()))};
}

std::optional<Bytes> StringConverter::fromConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                        const SchemaPtr& schema, const Value& value) {
  return fromConnectData(topic, Headers(), schema, value);
}

SchemaAndValue StringConverter::toConnectHeader(const std::string& topic, const std::string& /*header_key*/,
                                                std::optional<std::span<const std::uint8_t>> bytes) {
  return toConnectData(topic, Headers(), bytes);
}

}  // namespace connectd::converters
