// The one explicit list of built-in plugins. Registration is a plain function call, so no plugin can be
// dropped by the linker or depend on static-initialisation order.
#pragma once

#include "connectd/api/plugin_registry.hpp"

namespace connectd::app {

void registerBuiltinPlugins(PluginRegistry& registry);

}  // namespace connectd::app
