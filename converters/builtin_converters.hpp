// Creates the built-in converters by Java class name, for converters that instantiate another converter
// themselves (BinaryDataConverter's delegate.converter.type) without the runtime's plugin registry.
#pragma once

#include <memory>
#include <string_view>

#include "connectd/api/plugin.hpp"

namespace connectd::converters {

// A new, unconfigured converter of that class, or nullptr when the class is not built in.
std::unique_ptr<Converter> newBuiltinConverter(std::string_view class_name);

}  // namespace connectd::converters
