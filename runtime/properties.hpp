// Java .properties files (java.util.Properties.load): the format of worker.properties, of connector
// .properties files on the command line and of the files FileConfigProvider reads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "connectd/api/config_def.hpp"

namespace connectd::runtime {

// Parses .properties text: '=', ':' or whitespace between key and value; '#' and '!' comments; backslash
// escapes (\t \n \r \f \uXXXX, and \x for any other x); lines continued by an odd number of trailing
// backslashes, with the continuation's leading whitespace dropped. A later duplicate key wins. Bytes
// outside ASCII pass through unchanged (UTF-8 in, UTF-8 out). Throws ConfigException on a malformed \u.
ConfigMap parseProperties(std::string_view text);

// Reads and parses a file. Throws ConfigException naming the file when it cannot be read.
ConfigMap loadPropertiesFile(const std::filesystem::path& path);

}  // namespace connectd::runtime
