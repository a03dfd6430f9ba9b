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
#include "transforms/debezium/by_logical_table_router.hpp"
#include "transforms/debezium/extract_new_record_state.hpp"
#include "transforms/kafka/field_transforms.hpp"
#include "transforms/kafka/routing_transforms.hpp"
#include "transforms/kafka/struct_transforms.hpp"
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
  registry.add<transforms::ByLogicalTableRouter>(transforms::ByLogicalTableRouter::kClassName);
  registry.add<transforms::ExtractNewRecordState>(transforms::ExtractNewRecordState::kClassName);
  registry.add<transforms::DropHeaders>(transforms::DropHeaders::kClassName);
  registry.add<transforms::ExtractFieldKey>(transforms::ExtractFieldKey::kClassName);
  registry.add<transforms::ExtractFieldValue>(transforms::ExtractFieldValue::kClassName);
  registry.add<transforms::Filter>(transforms::Filter::kClassName);
  registry.add<transforms::HeaderFromKey>(transforms::HeaderFromKey::kClassName);
  registry.add<transforms::HeaderFromValue>(transforms::HeaderFromValue::kClassName);
  registry.add<transforms::HoistFieldKey>(transforms::HoistFieldKey::kClassName);
  registry.add<transforms::HoistFieldValue>(transforms::HoistFieldValue::kClassName);
  registry.add<transforms::InsertHeader>(transforms::InsertHeader::kClassName);
  registry.add<transforms::InsertFieldKey>(transforms::InsertFieldKey::kClassName);
  registry.add<transforms::InsertFieldValue>(transforms::InsertFieldValue::kClassName);
  registry.add<transforms::MaskFieldKey>(transforms::MaskFieldKey::kClassName);
  registry.add<transforms::MaskFieldValue>(transforms::MaskFieldValue::kClassName);
  registry.add<transforms::RegexRouter>(transforms::RegexRouter::kClassName);
  registry.add<transforms::ReplaceFieldKey>(transforms::ReplaceFieldKey::kClassName);
  registry.add<transforms::ReplaceFieldValue>(transforms::ReplaceFieldValue::kClassName);
  registry.add<transforms::SetSchemaMetadataKey>(transforms::SetSchemaMetadataKey::kClassName);
  registry.add<transforms::SetSchemaMetadataValue>(transforms::SetSchemaMetadataValue::kClassName);
  registry.add<transforms::TimestampRouter>(transforms::TimestampRouter::kClassName);
  registry.add<transforms::ValueToKey>(transforms::ValueToKey::kClassName);
  // Predicates.
  registry.add<transforms::HasHeaderKey>(transforms::HasHeaderKey::kClassName);
  registry.add<transforms::RecordIsTombstone>(transforms::RecordIsTombstone::kClassName);
  registry.add<transforms::TopicNameMatches>(transforms::TopicNameMatches::kClassName);
}

}  // namespace connectd::app
