// Shared converter configuration; see converter_config.hpp.
#include "converter_config.hpp"

namespace connectd::converters {

ConfigDef newConverterConfigDef() {
  ConfigDef def;
  def.define(kConverterTypeConfig, ConfigType::kString)
      .validator(validators::in({"key", "value", "header"}))
      .importance(Importance::kLow)
      .doc("How this converter will be used.");
  return def;
}

ConfigMap withConverterType(const ConfigMap& props, bool is_key) {
  ConfigMap out = props;
  out[kConverterTypeConfig] = is_key ? "key" : "value";
  return out;
}

}  // namespace connectd::converters
