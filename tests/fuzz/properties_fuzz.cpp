// Fuzz target for Java .properties parsing (worker.properties, FileConfigProvider files) and for the
// placeholder grammar of connector configs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "connectd/api/errors.hpp"
#include "runtime/config_providers.hpp"
#include "runtime/properties.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);  // NOLINT
  try {
    for (const auto& [k, v] : connectd::runtime::parseProperties(text)) {
      (void)connectd::runtime::findPlaceholders(v);
    }
  } catch (const connectd::ConfigException&) {
  }
  (void)connectd::runtime::findPlaceholders(text);
  return 0;
}
