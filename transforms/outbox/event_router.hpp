// io.debezium.transforms.outbox.EventRouter (Debezium 3.6.1): turns change events of an outbox table into
// the events they carry — topic from route.by.field through a Java regex, key from the key column, value
// from the payload column, the event id and additional columns as headers, envelope fields or the
// partition. Options and algorithm: debezium-postgres-contract.md §5.1–§5.6, §5.9.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class JavaRegex;

class EventRouter : public Transformation {
 public:
  static constexpr const char* kClassName = "io.debezium.transforms.outbox.EventRouter";

  static constexpr const char* kFieldEventId = "table.field.event.id";
  static constexpr const char* kFieldEventKey = "table.field.event.key";
  static constexpr const char* kFieldEventType = "table.field.event.type";
  static constexpr const char* kFieldEventTimestamp = "table.field.event.timestamp";
  static constexpr const char* kFieldPayload = "table.field.event.payload";
  static constexpr const char* kFieldSchemaVersion = "table.field.event.schema.version";
  static constexpr const char* kFieldsAdditionalPlacement = "table.fields.additional.placement";
  static constexpr const char* kFieldsAdditionalMissing = "table.field.additional.missing";
  static constexpr const char* kFieldsAdditionalErrorOnMissing = "table.fields.additional.error.on.missing";
  static constexpr const char* kExpandJsonPayload = "table.expand.json.payload";
  static constexpr const char* kJsonPayloadNullBehavior = "table.json.payload.null.behavior";
  static constexpr const char* kOperationInvalidBehavior = "table.op.invalid.behavior";
  static constexpr const char* kRouteByField = "route.by.field";
  static constexpr const char* kRouteTopicRegex = "route.topic.regex";
  static constexpr const char* kRouteTopicReplacement = "route.topic.replacement";
  static constexpr const char* kRouteTombstoneOnEmptyPayload = "route.tombstone.on.empty.payload";
  static constexpr const char* kTracingSpanContextField = "tracing.span.context.field";
  static constexpr const char* kTracingOperationName = "tracing.operation.name";
  static constexpr const char* kTracingContextFieldRequired = "tracing.with.context.field.only";

  // kUnknown: Debezium accepts any placement name at configure() and fails on the first outbox row.
  enum class Placement : std::uint8_t { kHeader, kEnvelope, kPartition, kUnknown };
  struct AdditionalField {
    std::string field;
    Placement placement = Placement::kHeader;
    std::string placement_text;  // as written, for kUnknown's message
    std::string alias;
  };
  // Parses "col:placement[:alias],…" (EventRouterConfigDefinition.parseAdditionalFieldsConfig).
  // Throws ConfigException.
  static std::vector<AdditionalField> parseAdditionalFields(const std::string& spec);

  EventRouter();
  ~EventRouter() override;

  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  enum class InvalidOp : std::uint8_t { kWarn, kError, kFatal };
  std::optional<SourceRecord> route(SourceRecord& record, const Struct& envelope);
  std::optional<std::int64_t> eventTimestamp(const Struct& envelope, const Struct& event) const;
  SchemaPtr valueSchema(const Schema& event_schema, const SchemaPtr& payload_schema, const Struct& event,
                        const std::string& routed_by);

  std::string field_event_id_;
  std::string field_event_key_;
  std::string field_payload_;
  std::optional<std::string> field_event_timestamp_;
  std::optional<std::string> field_schema_version_;
  std::vector<AdditionalField> additional_fields_;
  bool only_headers_in_output_ = true;  // no envelope placement
  bool ignore_missing_additional_ = false;
  bool expand_json_payload_ = false;
  bool json_null_as_optional_bytes_ = false;
  InvalidOp invalid_op_ = InvalidOp::kWarn;
  std::string route_by_field_;
  std::unique_ptr<JavaRegex> route_regex_;
  std::string route_replacement_;
  bool tombstone_on_empty_payload_ = false;
  // Envelope value schemas, cached by payload schema or by version as Debezium does (§5.5's quirk).
  std::vector<std::pair<SchemaPtr, SchemaPtr>> schema_by_payload_;
  std::vector<std::pair<std::int32_t, SchemaPtr>> schema_by_version_;
};

}  // namespace connectd::transforms
