// ExtractNewRecordState; see extract_new_record_state.hpp.
#include "extract_new_record_state.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "../common/transform_support.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {
namespace {

constexpr const char* kLoggerName = "io.debezium.transforms.ExtractNewRecordState";
constexpr const char* kDeletedField = "__deleted";

bool isEnvelope(const SchemaPtr& schema) {
  if (!schema || !schema->name() || schema->type() != SchemaType::kStruct) {
    return false;
  }
  const std::string& n = *schema->name();
  return n.size() >= 9 && n.compare(n.size() - 9, 9, ".Envelope") == 0;
}

// A struct schema rebuilt from another's basics and the fields `keep` accepts (ReplaceField, InsertField and
// ExtractNewRecordState all build their output schema so).
template <typename Keep>
SchemaBuilder structLike(const Schema& s, Keep keep) {
  SchemaBuilder b = copySchemaBasics(s);
  for (const auto& f : s.fields()) {
    if (keep(f)) {
      b.field(f.name(), f.schema());
    }
  }
  return b;
}

}  // namespace

std::string ExtractNewRecordState::version() const {
  return versions::kDebezium;
}

const ConfigDef& ExtractNewRecordState::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define(kDeleteTombstoneHandlingMode, ConfigType::kString)
        .defaultValue("tombstone")
        .validator(validators::lambda(
            [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
              const auto* s = std::get_if<std::string>(&v);
              if (s == nullptr || *s == "drop" || *s == "tombstone" || *s == "rewrite" ||
                  *s == "rewrite-with-tombstone" || *s == "delete-to-tombstone") {
                return std::nullopt;
              }
              return "Value must be one of drop, tombstone, rewrite-with-tombstone, rewrite, delete-to-tombstone";
            },
            "[drop, tombstone, rewrite-with-tombstone, rewrite, delete-to-tombstone]"))
        .importance(Importance::kMedium)
        .width(Width::kMedium)
        .displayName("Handle delete records")
        .doc(
            "How to handle delete records. Options are: drop - Remove the delete event and tombstone from the "
            "stream.tombstone (default) - For each delete event, leave only a tombstone in the stream.rewrite - "
            "Remove tombstone from the record, and add a `__deleted` field with the value `true`."
            "rewrite-with-tombstone - Retain tombstone in record and add a `__deleted` field with the value `true`."
            "delete-to-tombstone - Convert delete events to tombstone events and drop tombstone events.");
    d.define(kAddFields, ConfigType::kList)
        .defaultValue("")
        .importance(Importance::kLow)
        .displayName("Adds the specified field(s) to the message if they exist.")
        .doc(
            "Fields of the envelope or of the source block (op, table, lsn, source.ts_ms, …) added to the value, "
            "named with add.fields.prefix and '_' for '.'.");
    d.define(kAddFieldsPrefix, ConfigType::kString)
        .defaultValue("__")
        .importance(Importance::kLow)
        .displayName("Field prefix to be added to each field.")
        .doc("Prefix of the added fields' names.");
    d.define(kAddHeaders, ConfigType::kList)
        .defaultValue("")
        .importance(Importance::kLow)
        .displayName("Adds the specified fields to the header if they exist.")
        .doc("Fields of the envelope or of the source block added as headers.");
    d.define(kAddHeadersPrefix, ConfigType::kString)
        .defaultValue("__")
        .importance(Importance::kLow)
        .displayName("Header prefix to be added to each header.")
        .doc("Prefix of the added headers' names.");
    d.define(kDropFieldsHeaderName, ConfigType::kString)
        .nullDefault()
        .importance(Importance::kLow)
        .displayName("Specifies a header that contains a list of field names to be removed")
        .doc("The header whose value (an array of field names) lists fields to remove from the value.");
    d.define(kDropFieldsFromKey, ConfigType::kBoolean)
        .defaultValue("false")
        .importance(Importance::kLow)
        .displayName("Specifies whether the fields to be dropped should also be omitted from the key")
        .doc("Drop the listed fields from the key too.");
    d.define(kDropFieldsKeepSchemaCompatible, ConfigType::kBoolean)
        .defaultValue("true")
        .importance(Importance::kLow)
        .displayName("Specifies if fields are dropped, will the event's schemas be compatible")
        .doc("Drop only optional fields, so that the schema stays compatible.");
    d.define(kRouteByField, ConfigType::kString)
        .defaultValue("")
        .importance(Importance::kLow)
        .displayName("Route by field name")
        .doc("A field of the row whose value becomes the topic name.");
    d.define(kReplaceNullWithDefault, ConfigType::kBoolean)
        .defaultValue("true")
        .importance(Importance::kLow)
        .displayName("Replace null with default")
        .doc("Whether null field values are replaced by the field schema's default.");
    return d;
  }();
  return def;
}

std::vector<ExtractNewRecordState::FieldReference> ExtractNewRecordState::parseReferences(
    const std::vector<std::string>& names, const std::string& prefix) {
  std::vector<FieldReference> out;
  for (const auto& raw : names) {
    if (raw.empty()) {
      continue;
    }
    const auto colon = raw.find(':');
    const std::string path = raw.substr(0, colon);
    if (colon != std::string::npos && raw.find(':', colon + 1) != std::string::npos) {
      throw ConfigException("Unexpected field name: " + raw);
    }
    FieldReference r;
    const auto dot = path.find('.');
    if (dot != std::string::npos) {
      r.struct_name = path.substr(0, dot);
      r.field = path.substr(dot + 1, path.find('.', dot + 1) - dot - 1);
    } else {
      r.field = path;
      // FieldReference.determineStruct: the transaction block's, the envelope's own, else the source block's.
      if (r.field == "id" || r.field == "total_order" || r.field == "data_collection_order") {
        r.struct_name = "transaction";
      } else if (r.field == "updateDescription") {
        r.struct_name = "updateDescription";
      } else if (r.field != "op" && r.field != "ts_ms" && r.field != "ts_us" && r.field != "ts_ns") {
        r.struct_name = "source";
      }
    }
    if (colon != std::string::npos) {
      r.output_name = prefix + raw.substr(colon + 1);
    } else {
      r.output_name = prefix + (dot == std::string::npos ? r.field : *r.struct_name + "_" + r.field);
    }
    out.push_back(std::move(r));
  }
  return out;
}

void ExtractNewRecordState::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  // Debezium 3.x dropped the pre-2.5 pair drop.tombstones/delete.handling.mode: like any key a transform
  // does not define, they are ignored.
  const std::string& m = c.getString(kDeleteTombstoneHandlingMode);
  mode_ = m == "drop"                     ? Mode::kDrop
          : m == "rewrite"                ? Mode::kRewrite
          : m == "rewrite-with-tombstone" ? Mode::kRewriteWithTombstone
          : m == "delete-to-tombstone"    ? Mode::kDeleteToTombstone
                                          : Mode::kTombstone;
  add_fields_ = parseReferences(c.getList(kAddFields), c.getString(kAddFieldsPrefix));
  add_headers_ = parseReferences(c.getList(kAddHeaders), c.getString(kAddHeadersPrefix));
  drop_fields_header_ = c.getOptionalString(kDropFieldsHeaderName);
  if (drop_fields_header_ && drop_fields_header_->empty()) {
    drop_fields_header_.reset();
  }
  drop_fields_from_key_ = c.getBoolean(kDropFieldsFromKey);
  drop_fields_keep_schema_compatible_ = c.getBoolean(kDropFieldsKeepSchemaCompatible);
  route_by_field_ = c.getString(kRouteByField);
  if (route_by_field_->empty()) {
    route_by_field_.reset();
  }
  // replace.null.with.default reaches only Kafka's ExtractField of the row itself; the row's fields are
  // copied without defaults (getWithoutDefault), as Debezium does.
}

std::optional<std::pair<SchemaPtr, Value>> ExtractNewRecordState::resolve(const FieldReference& ref,
                                                                          const Struct& envelope) const {
  // FieldReference.getSchema/getValue: the field of its struct, else (a field another SMT put in the main
  // payload) of the envelope itself; the schema is the field's basics made optional, the value raw.
  const Schema& schema = *envelope.schema();
  const Field* parent_field = ref.struct_name ? schema.field(*ref.struct_name) : nullptr;
  if (ref.struct_name && (parent_field == nullptr || parent_field->schema()->type() != SchemaType::kStruct)) {
    throw DataException(*ref.struct_name + " is not a valid field name");
  }
  const Schema& parent_schema = parent_field != nullptr ? *parent_field->schema() : schema;
  const Field* f = parent_schema.field(ref.field);
  bool in_envelope = parent_field == nullptr;
  if (f == nullptr) {
    f = schema.field(ref.field);
    in_envelope = true;
    if (f == nullptr) {
      return std::nullopt;
    }
  }
  SchemaBuilder b = copySchemaBasics(*f->schema());
  b.optional();
  Value v;
  if (in_envelope) {
    v = envelope.getWithoutDefault(ref.field);
  } else if (const Value& parent = envelope.getWithoutDefault(*ref.struct_name); !parent.isNull()) {
    v = parent.asStruct()->getWithoutDefault(ref.field);
  }
  return std::make_pair(b.build(), std::move(v));
}

std::pair<SchemaPtr, std::shared_ptr<Struct>> ExtractNewRecordState::copyRow(const Struct& row,
                                                                             std::optional<bool> deleted) {
  SchemaBuilder b = structLike(*row.schema(), [](const Field&) { return true; });
  if (deleted) {
    b.field(kDeletedField, Schema::optionalString());
  }
  const SchemaPtr schema = b.build();
  auto value = Struct::make(schema);
  for (const auto& f : row.schema()->fields()) {
    value->put(f.name(), row.getWithoutDefault(f.name()));
  }
  if (deleted) {
    value->put(kDeletedField, Value::string(*deleted ? "true" : "false"));
  }
  return {schema, value};
}

// Debezium 3.6.1's ExtractNewRecordState.doApply with DefaultDeleteHandlingStrategy, step by step.
std::optional<SourceRecord> ExtractNewRecordState::apply(SourceRecord record) {
  const bool tombstone = record.value().isNull();
  const bool envelope_record = !tombstone && isEnvelope(record.valueSchema());
  std::shared_ptr<Struct> envelope;
  if (envelope_record) {
    envelope = requireStruct(record.value(), "Read envelope");
  }
  // add.headers go on the incoming record first; a tombstone gets only "op" = "d".
  if ((envelope_record || tombstone) && !add_headers_.empty()) {
    for (const auto& ref : add_headers_) {
      if (tombstone) {
        if (!ref.struct_name && ref.field == "op") {
          record.headers().add(ref.output_name, Schema::string(), Value::string("d"));
        }
      } else if (auto resolved = resolve(ref, *envelope)) {
        record.headers().add(ref.output_name, resolved->first, std::move(resolved->second));
      }
    }
  }
  if (tombstone) {
    if (mode_ == Mode::kRewriteWithTombstone) {
      return record;
    }
    transformLogger(kLoggerName)->trace("Tombstone {} arrived and requested to be dropped", record.key().toString());
    return std::nullopt;
  }
  if (!envelope_record) {
    return record;  // heartbeats, schema changes, transaction metadata, messages
  }
  const Field* after_field = envelope->schema()->field("after");
  const Field* before_field = envelope->schema()->field("before");
  if (after_field == nullptr) {
    throw DataException("after is not a valid field name");
  }
  const Value& after = envelope->get(*after_field);
  const bool rewrite = mode_ == Mode::kRewrite || mode_ == Mode::kRewriteWithTombstone;

  SchemaPtr value_schema;
  std::shared_ptr<Struct> value;
  std::optional<std::string> topic;
  if (after.isNull()) {
    if (before_field == nullptr) {
      throw DataException("before is not a valid field name");
    }
    const Value& before = envelope->get(*before_field);
    if (before.isNull()) {
      // Neither before nor after: a truncate (or a delete without the old row).
      transformLogger(kLoggerName)->trace("Truncate event arrived and requested to be dropped");
      return std::nullopt;
    }
    // A delete.
    switch (mode_) {
      case Mode::kDrop:
        transformLogger(kLoggerName)->trace("Delete message {} requested to be dropped", record.key().toString());
        return std::nullopt;
      case Mode::kTombstone:
        // ExtractField$Value("after"): the null row, with the after field's schema.
        value_schema = after_field->schema();
        break;
      case Mode::kDeleteToTombstone: break;
      case Mode::kRewrite:
      case Mode::kRewriteWithTombstone: std::tie(value_schema, value) = copyRow(*before.asStruct(), true); break;
    }
    if (route_by_field_) {
      const Struct& row = *before.asStruct();
      if (row.schema()->field(*route_by_field_) == nullptr) {
        throw DataException(*route_by_field_ + " is not a valid field name");
      }
      const Value& v = getChecked(row, *route_by_field_, SchemaType::kString);
      if (!v.isNull()) {
        topic = v.asString();
      }
    }
  } else {
    std::tie(value_schema, value) =
        copyRow(*requireStruct(after, "Read record to set topic routing for CREATE / UPDATE"),
                rewrite ? std::optional<bool>(false) : std::nullopt);
    if (route_by_field_) {
      const Field* f = value_schema->field(*route_by_field_);
      if (f == nullptr) {
        throw DataException(*route_by_field_ + " is not a valid field name");
      }
      const Value& v = getChecked(*value, *route_by_field_, SchemaType::kString);
      if (!v.isNull()) {
        topic = v.asString();
      }
    }
  }
  if (topic && std::all_of(topic->begin(), topic->end(), [](unsigned char c) { return std::isspace(c) != 0; })) {
    topic.reset();  // setTopic ignores a blank name
  }

  // Fields to drop, from the header named by drop.fields.header.name (the last one of that name wins in Java's
  // iteration order: the first match).
  std::vector<std::string> drop;
  if (drop_fields_header_) {
    for (const auto& h : record.headers()) {
      if (h.key == *drop_fields_header_) {
        if (h.value.kind() == Value::Kind::kArray) {
          for (const auto& e : h.value.asArray()) {
            if (e.kind() == Value::Kind::kString) {
              drop.push_back(e.asString());
            }
          }
        }
        break;
      }
    }
  }
  const auto dropped = [&](const Field& f) {
    return std::find(drop.begin(), drop.end(), f.name()) != drop.end() &&
           (!drop_fields_keep_schema_compatible_ || f.schema()->isOptional());
  };
  const auto dropFields = [&]() {
    if (drop.empty() || !value) {
      return;
    }
    const SchemaPtr kept = structLike(*value_schema, [&](const Field& f) { return !dropped(f); }).build();
    if (kept->fields().size() == value_schema->fields().size()) {
      return;
    }
    auto fresh = Struct::make(kept);
    for (const auto& f : kept->fields()) {
      fresh->put(f.name(), value->getWithoutDefault(f.name()));
    }
    value_schema = kept;
    value = fresh;
  };
  const auto addFields = [&]() {
    if (!value) {
      return;
    }
    SchemaBuilder b = structLike(*value_schema, [](const Field&) { return true; });
    std::vector<std::pair<std::string, Value>> added;
    for (const auto& ref : add_fields_) {
      if (auto resolved = resolve(ref, *envelope)) {
        b.field(ref.output_name, resolved->first);
        added.emplace_back(ref.output_name, std::move(resolved->second));
      }
    }
    const SchemaPtr schema = b.build();
    auto fresh = Struct::make(schema);
    for (const auto& f : value_schema->fields()) {
      fresh->put(f.name(), value->getWithoutDefault(f.name()));
    }
    for (auto& [name, v] : added) {
      fresh->put(name, std::move(v));
    }
    value_schema = schema;
    value = fresh;
  };
  if (after.isNull()) {
    dropFields();
    addFields();
  } else {
    addFields();
    dropFields();
  }

  SchemaPtr key_schema = record.keySchema();
  Value key = record.key();
  if (drop_fields_from_key_ && !drop.empty() && !key.isNull() && key_schema &&
      key_schema->type() == SchemaType::kStruct && key.kind() == Value::Kind::kStruct) {
    const SchemaPtr kept = structLike(*key_schema, [&](const Field& f) { return !dropped(f); }).build();
    if (kept->fields().size() != key_schema->fields().size()) {
      auto new_key = Struct::make(kept);
      for (const auto& f : kept->fields()) {
        new_key->put(f.name(), key.asStruct()->getWithoutDefault(f.name()));
      }
      key_schema = kept;
      key = Value::structValue(new_key);
    }
  }
  return record.newRecord(topic ? std::move(*topic) : record.topic(), record.kafkaPartition(), std::move(key_schema),
                          std::move(key), std::move(value_schema), value ? Value::structValue(value) : Value(),
                          record.timestamp(), record.headers());
}

}  // namespace connectd::transforms
