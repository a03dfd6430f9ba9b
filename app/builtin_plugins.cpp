// The built-in plugins, each under its canonical Java class name; aliases follow from the registry's rules.
#include "app/builtin_plugins.hpp"

#include "connectors/postgres/postgres_connector.hpp"
#include "connectors/tools/verifiable_source_connector.hpp"
#include "converters/binary_data_converter.hpp"
#include "converters/byte_array_converter.hpp"
#include "converters/json_converter.hpp"
#include "converters/number_converters.hpp"
#include "converters/simple_header_converter.hpp"
#include "converters/string_converter.hpp"
#include "transforms/outbox/event_router.hpp"
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
  registry.add<converters::JsonConverter>(converters::JsonConverter::kClassName);
  registry.add<converters::BinaryDataConverter>(converters::BinaryDataConverter::kClassName);
  registry.add<converters::SimpleHeaderConverter>(converters::SimpleHeaderConverter::kClassName);
  registry.add<converters::ShortConverter>(converters::ShortConverter::kClassName);
  registry.add<converters::IntegerConverter>(converters::IntegerConverter::kClassName);
  registry.add<converters::LongConverter>(converters::LongConverter::kClassName);
  registry.add<converters::FloatConverter>(converters::FloatConverter::kClassName);
  registry.add<converters::DoubleConverter>(converters::DoubleConverter::kClassName);
  registry.add<converters::BooleanConverter>(converters::BooleanConverter::kClassName);
  // Transformations.
  registry.add<transforms::EventRouter>(transforms::EventRouter::kClassName);
  // Predicates.
  registry.add<transforms::HasHeaderKey>(transforms::HasHeaderKey::kClassName);
  registry.add<transforms::RecordIsTombstone>(transforms::RecordIsTombstone::kClassName);
}

}  // namespace connectd::app
