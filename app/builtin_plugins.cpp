// The built-in plugins, each under its canonical Java class name; aliases follow from the registry's rules.
#include "app/builtin_plugins.hpp"

#include "connectors/postgres/postgres_connector.hpp"
#include "connectors/tools/verifiable_source_connector.hpp"
#include "converters/byte_array_converter.hpp"
#include "converters/string_converter.hpp"
#include "transforms/predicates/has_header_key.hpp"
#include "transforms/predicates/record_is_tombstone.hpp"

namespace connectd::app {

void registerBuiltinPlugins(PluginRegistry& registry) {
  // Connectors. VerifiableSourceConnector is Kafka's test source; like Kafka, GET /connector-plugins hides it.
  registry.add<connectors::VerifiableSourceConnector>(connectors::VerifiableSourceConnector::kClassName);
  registry.add<postgres::PostgresConnector>(postgres::PostgresConnector::kClassName);
  // Converters (also header converters).
  registry.add<converters::StringConverter>(converters::StringConverter::kClassName);
  registry.add<converters::ByteArrayConverter>(converters::ByteArrayConverter::kClassName);
  // Predicates.
  registry.add<transforms::HasHeaderKey>(transforms::HasHeaderKey::kClassName);
  registry.add<transforms::RecordIsTombstone>(transforms::RecordIsTombstone::kClassName);
}

}  // namespace connectd::app
