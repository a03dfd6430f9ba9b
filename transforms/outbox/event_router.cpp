// EventRouter; see event_router.hpp. Each step names its place in §5.2 of the Debezium contract.
#include "event_router.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "../common/transform_support.hpp"
#include "../regex/java_regex.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {
namespace {

constexpr const char* kLoggerName = "io.debezium.transforms.outbox.EventRouterDelegate";
constexpr const char* kEnvelopePayload = "payload";

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  // Java's String.trim(): every char <= ' ' at either end.
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') {
    ++b;
  }
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) {
      break;
    }
    start = pos + 1;
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool isEnvelopeSchema(const SchemaPtr& schema) {
  if (!schema || !schema->name()) {
    return false;
  }
  const std::string& name = *schema->name();
  constexpr std::string_view kSuffix = ".Envelope";
  return name.size() >= kSuffix.size() && name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

// The toString() of a payload object, for the "empty payload" tombstone test. A byte[]/ByteBuffer's
// toString() is never empty in Java ("[B@…", "java.nio.HeapByteBuffer[…]").
bool payloadIsBlank(const Value& payload) {
  switch (payload.kind()) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kString: return trim(payload.asString()).empty();
    default: return false;
  }
}

// A Debezium enumerated option, case-insensitive, with Debezium's message ("The 'k' value is invalid: Value
// must be one of a, b") under Kafka's "Invalid value v for configuration k: ".
ValidatorPtr debeziumChoice(std::vector<std::string> allowed) {
  std::string list;
  for (const auto& a : allowed) {
    list += (list.empty() ? "" : ", ") + a;
  }
  return validators::lambda(
      [allowed, list](const std::string& name, const ConfigValueData& v) -> std::optional<std::string> {
        const auto* s = std::get_if<std::string>(&v);
        if (s == nullptr) {
          return std::nullopt;
        }
        const std::string value = lower(trim(*s));
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
          return std::nullopt;
        }
        return "The '" + name + "' value is invalid: Value must be one of " + list;
      },
      "(case insensitive) [" + list + "]");
}

// ---- JSON payload expansion (§5.9) ----

class JsonExpander {
 public:
  explicit JsonExpander(bool null_as_optional_bytes) : null_as_optional_bytes_(null_as_optional_bytes) {}

  SchemaPtr schemaFor(const std::string& name, const nlohmann::ordered_json& node) const {
    switch (node.type()) {
      case nlohmann::ordered_json::value_t::string: return Schema::optionalString();
      case nlohmann::ordered_json::value_t::boolean: return Schema::optionalBoolean();
      case nlohmann::ordered_json::value_t::number_integer:
      case nlohmann::ordered_json::value_t::number_unsigned: {
        if (node.is_number_unsigned() && node.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
          return Schema::optionalFloat64();
        }
        const auto v = node.get<std::int64_t>();
        return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max()
                   ? Schema::optionalInt32()
                   : Schema::optionalInt64();
      }
      case nlohmann::ordered_json::value_t::number_float: return Schema::optionalFloat64();
      case nlohmann::ordered_json::value_t::object: {
        SchemaBuilder b = SchemaBuilder::structBuilder();
        b.name(name).optional();
        addFields(b, name, node);
        return b.build();
      }
      case nlohmann::ordered_json::value_t::array: return arraySchema(name, node);
      default: return null_as_optional_bytes_ ? Schema::optionalBytes() : nullptr;
    }
  }

  Value valueFor(const SchemaPtr& schema, const nlohmann::ordered_json& node) const {
    if (node.is_null()) {
      return Value();
    }
    switch (schema->type()) {
      case SchemaType::kString: return Value::string(node.get<std::string>());
      case SchemaType::kBoolean: return Value::boolean(node.get<bool>());
      case SchemaType::kInt32: return Value::int32(node.get<std::int32_t>());
      case SchemaType::kInt64: return Value::int64(node.get<std::int64_t>());
      case SchemaType::kFloat64: return Value::float64(node.get<double>());
      case SchemaType::kArray: {
        Array items;
        for (const auto& e : node) {
          items.push_back(valueFor(schema->valueSchema(), e));
        }
        return Value::array(std::move(items));
      }
      case SchemaType::kStruct: {
        auto s = Struct::make(schema);
        for (const auto& f : schema->fields()) {
          auto it = node.find(f.name());
          if (it != node.end()) {
            s->put(f, valueFor(f.schema(), *it));
          }
        }
        return Value::structValue(std::move(s));
      }
      default: return Value();  // OPTIONAL_BYTES for JSON nulls: the value is null
    }
  }

 private:
  void addFields(SchemaBuilder& b, const std::string& name, const nlohmann::ordered_json& node) const {
    for (const auto& [key, child] : node.items()) {
      bool known = false;
      for (const auto& f : b.fields()) {
        known = known || f.name() == key;
      }
      if (known) {
        continue;
      }
      std::string child_name = name;
      child_name += '.';
      child_name += key;
      SchemaPtr s = schemaFor(child_name, child);
      if (s) {
        b.field(key, std::move(s));
      }
    }
  }

  SchemaPtr arraySchema(const std::string& name, const nlohmann::ordered_json& node) const {
    const nlohmann::ordered_json* first = nullptr;
    for (const auto& e : node) {
      if (!e.is_null()) {
        first = &e;
        break;
      }
    }
    if (first == nullptr) {
      return nullptr;  // an empty array (or all nulls) leaves the field out
    }
    SchemaPtr element;
    if (first->is_object()) {
      // Object elements are merged into one struct schema (required, unlike an object field's).
      SchemaBuilder b = SchemaBuilder::structBuilder();
      b.name(name);
      for (const auto& e : node) {
        if (e.is_null()) {
          continue;
        }
        if (!e.is_object()) {
          throw DataException("Field is not a homogenous array (" + name + ")");
        }
        addFields(b, name, e);
      }
      element = b.build();
    } else {
      element = schemaFor(name, *first);
      for (const auto& e : node) {
        if (e.is_null()) {
          continue;
        }
        const SchemaPtr other = schemaFor(name, e);
        if (!other || !element || other->type() != element->type()) {
          // An int32 next to an int64 is widened; anything else is a mixed array.
          if (other && element && other->type() == SchemaType::kInt64 && element->type() == SchemaType::kInt32) {
            element = other;
            continue;
          }
          if (other && element && other->type() == SchemaType::kInt32 && element->type() == SchemaType::kInt64) {
            continue;
          }
          throw DataException("Field is not a homogenous array (" + name + ")");
        }
      }
    }
    if (!element) {
      return nullptr;
    }
    return SchemaBuilder::array(element).optional().build();
  }

  bool null_as_optional_bytes_;
};

}  // namespace

EventRouter::EventRouter() = default;
EventRouter::~EventRouter() = default;

std::string EventRouter::version() const {
  return versions::kDebezium;
}

std::vector<EventRouter::AdditionalField> EventRouter::parseAdditionalFields(const std::string& spec) {
  std::vector<AdditionalField> out;
  if (trim(spec).empty()) {
    return out;
  }
  for (const auto& entry : split(spec, ',')) {
    const auto parts = split(entry, ':');
    if (parts.size() < 2 || parts.size() > 3) {
      throw ConfigException(kFieldsAdditionalPlacement, spec,
                            "Expected a comma-separated list of <column>:<placement>[:<alias>] entries");
    }
    AdditionalField f;
    f.field = trim(parts[0]);
    const std::string placement = lower(trim(parts[1]));
    if (placement == "header") {
      f.placement = Placement::kHeader;
    } else if (placement == "envelope") {
      f.placement = Placement::kEnvelope;
    } else if (placement == "partition") {
      f.placement = Placement::kPartition;
    } else {
      // Debezium 3.6.1 parses an unknown placement to null and configure() succeeds; applying the
      // transform to an outbox row then fails (a NullPointerException in Java).
      f.placement = Placement::kUnknown;
    }
    f.placement_text = trim(parts[1]);
    f.alias = parts.size() == 3 ? trim(parts[2]) : f.field;
    if (f.field.empty() || f.alias.empty()) {
      throw ConfigException(kFieldsAdditionalPlacement, spec, "Column names and aliases must not be empty");
    }
    out.push_back(std::move(f));
  }
  return out;
}

const ConfigDef& EventRouter::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    int order = 0;
    const auto table = [&](const char* name, ConfigType type) -> ConfigKey& {
      return d.define(name, type)
          .group("Table")
          .orderInGroup(++order)
          .width(Width::kMedium)
          .importance(Importance::kLow);
    };
    table(kFieldEventId, ConfigType::kString)
        .defaultValue("id")
        .displayName("Event ID Field")
        .doc("The column which contains the event ID within the outbox table");
    table(kFieldEventKey, ConfigType::kString)
        .defaultValue("aggregateid")
        .displayName("Event Key Field")
        .doc("The column which contains the event key within the outbox table");
    table(kFieldEventType, ConfigType::kString)
        .defaultValue("type")
        .displayName("Event Type Field")
        .doc("The column which contains the event type within the outbox table");
    table(kFieldEventTimestamp, ConfigType::kString)
        .nullDefault()
        .displayName("Event Timestamp Field")
        .doc(
            "Optionally you can override the Kafka message timestamp with a value from a chosen column, "
            "otherwise it'll be the Debezium event processed timestamp.");
    table(kFieldPayload, ConfigType::kString)
        .defaultValue("payload")
        .displayName("Event Payload Field")
        .doc("The column which contains the event payload within the outbox table");
    table(kFieldSchemaVersion, ConfigType::kString)
        .nullDefault()
        .displayName("Event Schema Version Field")
        .doc("The column which contains the event schema version within the outbox table");
    table(kFieldsAdditionalPlacement, ConfigType::kString)
        .nullDefault()
        .validator(validators::lambda(
            [](const std::string& /*name*/, const ConfigValueData& v) -> std::optional<std::string> {
              if (const auto* s = std::get_if<std::string>(&v)) {
                try {
                  parseAdditionalFields(*s);
                } catch (const ConfigException& e) {
                  return std::string(e.what());
                }
              }
              return std::nullopt;
            },
            "<column>:<header|envelope|partition>[:<alias>],…"))
        .displayName("Settings for each additional column in the outbox table")
        .doc(
            "Extra fields can be added as part of the event envelope or a message header, format is a list of "
            "colon-delimited pairs or trios when you desire to have aliases, e.g. "
            "<code>id:header,field_name:envelope:alias,field_name:partition</code> ");
    table(kFieldsAdditionalMissing, ConfigType::kString)
        .defaultValue("error")
        .validator(debeziumChoice({"error", "ignore"}))
        .displayName("Behavior when an additional field is missing")
        .doc(
            "How to react to a column listed in table.fields.additional.placement that the event does not have: "
            "'error' fails the record, 'ignore' skips the column.");
    table(kFieldsAdditionalErrorOnMissing, ConfigType::kBoolean)
        .defaultValue("true")
        .displayName("Error on missing additional field (deprecated)")
        .doc("Debezium 3.0–3.5's switch, ignored since 3.6: use table.field.additional.missing.");
    table(kExpandJsonPayload, ConfigType::kBoolean)
        .defaultValue("false")
        .displayName("Expand Payload escaped string as real JSON")
        .doc(
            "Whether or not to try unescaping a JSON string and make it real JSON. It will infer schema "
            "information from payload and update the record schema accordingly. If content is not JSON, it just "
            "produces a warning and emits the record unchanged");
    table(kJsonPayloadNullBehavior, ConfigType::kString)
        .defaultValue("ignore")
        .validator(debeziumChoice({"ignore", "optional_bytes"}))
        .displayName("Behavior when json payload including null value")
        .doc(
            "Behavior when json payload including null value, the default will ignore null, optional_bytes will "
            "keep the null value, and treat null as optional bytes of connect.");
    table(kOperationInvalidBehavior, ConfigType::kString)
        .defaultValue("warn")
        .validator(debeziumChoice({"warn", "error", "fatal"}))
        .displayName("Behavior when capturing an unexpected outbox event")
        .doc(
            "While Debezium is capturing changes from the outbox table, it is expecting only to receive inserts. "
            "This configuration determines what happens with an update or delete: 'warn' logs and drops, "
            "'error' logs at error level and drops, 'fatal' stops processing.");
    order = 0;
    const auto router = [&](const char* name, ConfigType type) -> ConfigKey& {
      return d.define(name, type)
          .group("Router")
          .orderInGroup(++order)
          .width(Width::kMedium)
          .importance(Importance::kLow);
    };
    router(kRouteByField, ConfigType::kString)
        .defaultValue("aggregatetype")
        .displayName("Field to route events by")
        .doc(
            "The column which determines how the events will be routed, the value will become part of the topic "
            "name");
    router(kRouteTopicRegex, ConfigType::kString)
        .defaultValue("(?<routedByValue>.*)")
        .validator(validators::lambda(
            [](const std::string& /*name*/, const ConfigValueData& v) -> std::optional<std::string> {
              if (const auto* s = std::get_if<std::string>(&v)) {
                try {
                  JavaRegex check(*s);
                } catch (const std::invalid_argument& e) {
                  // Debezium's Field.isRegex words; the cause is PCRE2's where Java's is PatternSyntaxException's.
                  return "The 'route.topic.regex' value is invalid: A valid regular expressions is expected, but " +
                         std::string(e.what());
                }
              }
              return std::nullopt;
            },
            "A valid Java regular expression"))
        .displayName("The name of the routed topic")
        .doc(
            "The default regex to use within the RegexRouter, the default capture will allow to replace the "
            "routed field into a new topic name defined in 'route.topic.replacement'");
    router(kRouteTopicReplacement, ConfigType::kString)
        .defaultValue("outbox.event.${routedByValue}")
        .displayName("The name of the routed topic")
        .doc(
            "The name of the topic in which the events will be routed, a replacement '${routedByValue}' is "
            "available which is the value of The column configured via 'route.by.field'");
    router(kRouteTombstoneOnEmptyPayload, ConfigType::kBoolean)
        .defaultValue("false")
        .displayName("Empty payloads cause a tombstone message")
        .doc("Whether or not an empty payload should cause a tombstone event.");
    order = 0;
    const auto tracing = [&](const char* name, ConfigType type) -> ConfigKey& {
      return d.define(name, type)
          .group("Tracing")
          .orderInGroup(++order)
          .width(Width::kMedium)
          .importance(Importance::kLow);
    };
    tracing(kTracingSpanContextField, ConfigType::kString)
        .defaultValue("tracingspancontext")
        .displayName("Serialized tracing span context field")
        .doc(
            "The name of the field containing java.util.Properties representation of serialized span context. "
            "Defaults to 'tracingspancontext'");
    tracing(kTracingOperationName, ConfigType::kString)
        .defaultValue("debezium-read")
        .displayName("Tracing operation name")
        .doc("The operation name representing Debezium processing span. Default is 'debezium-read'");
    tracing(kTracingContextFieldRequired, ConfigType::kBoolean)
        .defaultValue("false")
        .displayName("Trace only events with context field present")
        .doc("Set to `true` when only events that have serialized context field should be traced.");
    return d;
  }();
  return def;
}

void EventRouter::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  field_event_id_ = c.getString(kFieldEventId);
  field_event_key_ = c.getString(kFieldEventKey);
  field_payload_ = c.getString(kFieldPayload);
  field_event_timestamp_ = c.getOptionalString(kFieldEventTimestamp);
  if (field_event_timestamp_ && field_event_timestamp_->empty()) {
    field_event_timestamp_.reset();
  }
  field_schema_version_ = c.getOptionalString(kFieldSchemaVersion);
  if (field_schema_version_ && field_schema_version_->empty()) {
    field_schema_version_.reset();
  }
  additional_fields_ = parseAdditionalFields(c.getOptionalString(kFieldsAdditionalPlacement).value_or(""));
  only_headers_in_output_ = std::none_of(additional_fields_.begin(), additional_fields_.end(),
                                         [](const AdditionalField& f) { return f.placement == Placement::kEnvelope; });
  ignore_missing_additional_ = lower(trim(c.getString(kFieldsAdditionalMissing))) == "ignore";
  if (props.count(kFieldsAdditionalErrorOnMissing) != 0) {
    transformLogger(kLoggerName)
        ->warn("{} is ignored since Debezium 3.6; use {}", kFieldsAdditionalErrorOnMissing, kFieldsAdditionalMissing);
  }
  expand_json_payload_ = c.getBoolean(kExpandJsonPayload);
  json_null_as_optional_bytes_ = lower(trim(c.getString(kJsonPayloadNullBehavior))) == "optional_bytes";
  const std::string invalid = lower(trim(c.getString(kOperationInvalidBehavior)));
  invalid_op_ = invalid == "fatal" ? InvalidOp::kFatal : invalid == "error" ? InvalidOp::kError : InvalidOp::kWarn;
  route_by_field_ = c.getString(kRouteByField);
  route_regex_ = std::make_unique<JavaRegex>(c.getString(kRouteTopicRegex));
  route_replacement_ = c.getString(kRouteTopicReplacement);
  tombstone_on_empty_payload_ = c.getBoolean(kRouteTombstoneOnEmptyPayload);
  schema_by_payload_.clear();
  schema_by_version_.clear();
}

std::optional<SourceRecord> EventRouter::apply(SourceRecord record) {
  if (!route_regex_) {
    throw ConnectException("EventRouter used before configure()");
  }
  // 1. Tombstones (after deletes) are dropped.
  if (record.value().isNull()) {
    transformLogger(kLoggerName)->debug("Tombstone message ignored. Message key: \"{}\"", record.key().toString());
    return std::nullopt;
  }
  // 2. Heartbeats, transaction metadata and logical decoding messages pass through.
  if (!isEnvelopeSchema(record.valueSchema())) {
    return record;
  }
  const auto envelope = requireStruct(record.value(), "Detect Debezium Operation");
  const Value& op_value = getChecked(*envelope, "op", SchemaType::kString);
  const std::string op = op_value.isNull() ? std::string() : op_value.asString();
  // 3. Deletes are dropped; updates per table.op.invalid.behavior.
  if (op == "d") {
    transformLogger(kLoggerName)->debug("Delete message {} ignored", record.key().toString());
    return std::nullopt;
  }
  if (op == "u") {
    switch (invalid_op_) {
      case InvalidOp::kWarn:
        transformLogger(kLoggerName)
            ->warn("Unexpected update message received {} and ignored", record.key().toString());
        return std::nullopt;
      case InvalidOp::kError:
        transformLogger(kLoggerName)
            ->error("Unexpected update message received {} and ignored", record.key().toString());
        return std::nullopt;
      case InvalidOp::kFatal:
        throw ConnectException("Unexpected update message received " + record.key().toString() + ", fail.");
    }
  }
  return route(record, *envelope);
}

std::optional<std::int64_t> EventRouter::eventTimestamp(const Struct& envelope, const Struct& event) const {
  const auto envelope_ts = [&]() -> std::optional<std::int64_t> {
    const Field* f = envelope.schema()->field("ts_ms");
    if (f == nullptr) {
      throw DataException("ts_ms is not a valid field name");
    }
    const Value& v = getChecked(envelope, "ts_ms", SchemaType::kInt64);
    return v.isNull() ? std::nullopt : std::optional<std::int64_t>(v.asInt64());
  };
  if (!field_event_timestamp_) {
    return envelope_ts();
  }
  const Field* field = event.schema()->field(*field_event_timestamp_);
  if (field == nullptr) {
    throw ConnectException("Unable to find timestamp field " + *field_event_timestamp_ + " in event");
  }
  const Value& v = getChecked(event, *field_event_timestamp_, SchemaType::kInt64);
  if (v.isNull()) {
    return envelope_ts();
  }
  const auto& name = field->schema()->name();
  if (!name) {
    throw ConnectException("Unsupported field type " + std::string(schemaTypeName(field->schema()->type())) +
                           " (without logical schema name) for event timestamp");
  }
  if (*name == logical::kDebeziumTimestamp) {
    return v.asInt64();
  }
  if (*name == logical::kMicroTimestamp) {
    return v.asInt64() / 1000;
  }
  if (*name == logical::kNanoTimestamp) {
    return v.asInt64() / 1000000;
  }
  throw ConnectException("Unsupported field type " + *name + " for event timestamp");
}

SchemaPtr EventRouter::valueSchema(const Schema& event_schema, const SchemaPtr& payload_schema, const Struct& event,
                                   const std::string& routed_by) {
  std::optional<std::int32_t> version;
  if (field_schema_version_) {
    const Value& v = getChecked(event, *field_schema_version_, SchemaType::kInt32);
    if (!v.isNull()) {
      version = v.asInt32();
    }
  }
  if (version) {
    for (const auto& [v, s] : schema_by_version_) {
      if (v == *version) {
        return s;
      }
    }
  } else {
    for (const auto& [p, s] : schema_by_payload_) {
      if (schemaEquals(p, payload_schema)) {
        return s;
      }
    }
  }
  // <prefix>.<schema>.<table>.Value → <prefix>.<schema>.<table>.<routed-by value>.Value
  std::string name;
  if (const auto& original = event_schema.name()) {
    const auto dot = original->rfind('.');
    name = dot == std::string::npos ? routed_by + "." + *original
                                    : original->substr(0, dot) + "." + routed_by + original->substr(dot);
  } else {
    name = routed_by;
  }
  SchemaBuilder b = SchemaBuilder::structBuilder();
  b.name(std::move(name));
  if (version) {
    b.version(*version);
  }
  b.field(kEnvelopePayload, payload_schema);
  for (const auto& f : additional_fields_) {
    if (f.placement != Placement::kEnvelope) {
      continue;
    }
    const Field* column = event_schema.field(f.field);
    if (column == nullptr) {
      if (ignore_missing_additional_) {
        continue;
      }
      throw ConnectException("Unable to find field " + f.field + " in event");
    }
    b.field(f.alias, column->schema());
  }
  SchemaPtr built = b.build();
  if (version) {
    schema_by_version_.emplace_back(*version, built);
  } else {
    schema_by_payload_.emplace_back(payload_schema, built);
  }
  return built;
}

std::optional<SourceRecord> EventRouter::route(SourceRecord& record, const Struct& envelope) {
  // 5. The outbox row is the envelope's `after`.
  const Field* after_field = envelope.schema()->field("after");
  const auto event_ptr = requireStruct(after_field ? envelope.get(*after_field) : Value(), "Read Outbox Event");
  const Struct& event = *event_ptr;
  const Schema& event_schema = *event.schema();
  const Field* payload_field = event_schema.field(field_payload_);
  if (payload_field == nullptr) {
    throw ConnectException("Unable to find payload field " + field_payload_ + " in event");
  }
  // 6. Timestamp (§5.4).
  const std::optional<std::int64_t> timestamp = eventTimestamp(envelope, event);
  // 7. The id header, after the headers the record carries.
  const Value& event_id = event.get(field_event_id_);
  Headers headers = std::move(record.headers());
  headers.add("id", event_schema.field(field_event_id_)->schema(), event_id);

  Value payload = event.get(*payload_field);
  SchemaPtr payload_schema = payload_field->schema();
  // 8. JSON expansion (§5.9): failures keep the string.
  if (expand_json_payload_ && payload_schema->type() == SchemaType::kString) {
    if (payload.isNull()) {
      transformLogger(kLoggerName)->warn("JSON expansion failed: the payload is null");
    } else {
      const std::string& text = payload.asString();
      if (!text.empty() && (text[0] == '{' || text[0] == '[')) {
        try {
          const auto json = nlohmann::ordered_json::parse(text);
          const JsonExpander expander(json_null_as_optional_bytes_);
          // Debezium names the expanded struct after the payload column ("payload", "payload.address").
          SchemaPtr expanded = expander.schemaFor(field_payload_, json);
          if (expanded) {
            payload = expander.valueFor(expanded, json);
            payload_schema = std::move(expanded);
          }
        } catch (const std::exception& e) {
          transformLogger(kLoggerName)->warn("JSON expansion failed: {}", e.what());
        }
      } else {
        transformLogger(kLoggerName)->warn("Payload is not a JSON object or array, skipping expansion");
      }
    }
  }
  // 9. The value: the payload itself, or a struct when there are envelope placements.
  const Value& routed_by_value = getChecked(event, route_by_field_, SchemaType::kString);
  SchemaPtr struct_schema;
  std::shared_ptr<Struct> struct_value;
  if (!only_headers_in_output_) {
    struct_schema = valueSchema(event_schema, payload_schema, event,
                                routed_by_value.isNull() ? std::string("null") : routed_by_value.asString());
    struct_value = Struct::make(struct_schema);
    struct_value->put(kEnvelopePayload, payload);
  }
  // 10. Additional fields, in configuration order.
  std::optional<std::int32_t> partition;
  for (const auto& f : additional_fields_) {
    const Field* column = event_schema.field(f.field);
    if (column == nullptr && ignore_missing_additional_) {
      continue;
    }
    switch (f.placement) {
      case Placement::kEnvelope:
        if (column == nullptr) {
          throw ConnectException("Unable to find field " + f.field + " in event");
        }
        struct_value->put(f.alias, event.get(*column));
        break;
      case Placement::kHeader: {
        const Value& v = event.get(f.field);  // DataException for a missing column, as Struct.get
        headers.add(f.alias, column->schema(), v);
        break;
      }
      case Placement::kPartition: {
        const Value& v = getChecked(event, f.field, SchemaType::kInt32);
        partition = v.isNull() ? std::nullopt : std::optional<std::int32_t>(v.asInt32());
        break;
      }
      case Placement::kUnknown:
        throw DataException("Unknown placement '" + f.placement_text + "' for the column " + f.field + " in " +
                            kFieldsAdditionalPlacement + "; expected header, envelope or partition");
    }
  }
  // 11. Tombstone on an empty payload.
  SchemaPtr value_schema;
  Value value;
  if (tombstone_on_empty_payload_ && payloadIsBlank(payload)) {
    // value and schema stay null
  } else if (only_headers_in_output_) {
    value_schema = payload_schema;
    value = std::move(payload);
  } else {
    value_schema = struct_schema;
    value = Value::structValue(struct_value);
  }
  // 12. Key. Debezium looks the column up even when the key is set to "" (no way to have no key).
  SchemaPtr key_schema = Schema::string();
  if (const Field* key_field = event_schema.field(field_event_key_)) {
    key_schema = key_field->schema();
  }
  Value key = event.get(field_event_key_);
  // 13. Topic from route.by.field through the regex router (matches, then replaceFirst).
  if (routed_by_value.isNull()) {
    throw DataException("The " + route_by_field_ + " column (" + kRouteByField + ") of the outbox event is null");
  }
  const std::string& routed = routed_by_value.asString();
  std::string topic = route_regex_->matches(routed) ? route_regex_->replaceFirst(routed, route_replacement_) : routed;
  return record.newRecord(std::move(topic), partition, std::move(key_schema), std::move(key), std::move(value_schema),
                          std::move(value), timestamp, std::move(headers));
}

}  // namespace connectd::transforms
