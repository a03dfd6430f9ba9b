// The configuration every Kafka converter shares (org.apache.kafka.connect.storage.ConverterConfig):
// converter.type, which the runtime sets to key, value or header.
#pragma once

#include "connectd/api/config_def.hpp"

namespace connectd::converters {

inline constexpr const char* kConverterTypeConfig = "converter.type";

// A ConfigDef holding converter.type, for converters to extend.
ConfigDef newConverterConfigDef();

// The props a Converter is configured with, with converter.type set from is_key (Converter.configure).
ConfigMap withConverterType(const ConfigMap& props, bool is_key);

}  // namespace connectd::converters
