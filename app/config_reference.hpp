// The configuration reference page (docs/reference.md): every key of the worker, of a source connector's
// framework settings and of each built-in plugin, rendered from the ConfigDefs declared next to the code.
#pragma once

#include <ostream>

#include "connectd/api/plugin_registry.hpp"

namespace connectd::app {

void printConfigReference(std::ostream& out, const PluginRegistry& registry);

}  // namespace connectd::app
