// ExtractNewRecordState; see extract_new_record_state.hpp.
#include "extract_new_record_state.hpp"

#include <algorithm>

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

SchemaPtr optionalCopy(const SchemaPtr& s) {
  if (s->isOptional()) {
    return s;
  }
  SchemaBuilder b = SchemaBuilder::from(*s);
  b.optional();
  return b.build();
}

const char* modeName(ExtractNewRecordState::Mode m) {
  switch (m) {
    case ExtractNewRecordState::Mode::kDrop: return "drop";
    case ExtractNewRecordState::Mode::kTombstone: return "tombstone";
    case ExtractNewRecordState::Mode::kRewrite: return "rewrite";
    case ExtractNewRecordState::Mode::kRewriteWithTombstone: return "rewrite-with-tombstone";
  }
  return "";
}

}  // namespace

std::string ExtractNewRecordState::version() const {
  return versions::kDebezium;
}

const ConfigDef& ExtractNewRecordState::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define(kDeleteTombstoneHandlingMode, ConfigType::kString)
        .nullDefault()
        .validator(validators::lambda(
            [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
              const auto* s = std::get_if<std::string>(&v);
              if (s == nullptr || *s == "drop" || *s == "tombstone" || *s == "rewrite" ||
                  *s == "rewrite-with-tombstone") {
                return std::nullopt;
              }
              return "String must be one of: drop, tombstone, rewrite, rewrite-with-tombstone";
            },
            "[drop, tombstone, rewrite, rewrite-with-tombstone]"))
        .importance(Importance::kMedium)
        .width(Width::kMedium)
        .displayName("Handle delete records")
        .doc(
            "How to handle delete records and tombstones: 'drop' removes both; 'tombstone' (default) turns a "
            "delete into a tombstone and keeps tombstones; 'rewrite' emits the before state with __deleted=true "
            "and drops tombstones; 'rewrite-with-tombstone' does the same and keeps tombstones.");
    d.define(kDropTombstones, ConfigType::kBoolean)
        .defaultValue("true")
        .importance(Importance::kLow)
        .displayName("Drop tombstones (deprecated)")
        .doc(
            "Before Debezium 2.5: whether tombstones are dropped. Used only when "
            "delete.tombstone.handling.mode is not set.");
    d.define(kDeleteHandlingMode, ConfigType::kString)
        .defaultValue("drop")
        .validator(validators::in({"drop", "rewrite", "none"}))
        .importance(Importance::kLow)
        .displayName("Handle delete records (deprecated)")
        .doc("Before Debezium 2.5: drop, rewrite or none. Used only when delete.tombstone.handling.mode is not set.");
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
    FieldReference r;
    const auto dot = raw.find('.');
    if (dot != std::string::npos) {
      r.struct_name = raw.substr(0, dot);
      r.field = raw.substr(dot + 1);
      r.output_name = prefix + *r.struct_name + "_" + r.field;
    } else {
      r.field = raw;
      r.output_name = prefix + raw;
    }
    out.push_back(std::move(r));
  }
  return out;
}

void ExtractNewRecordState::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  if (auto m = c.getOptionalString(kDeleteTombstoneHandlingMode)) {
    mode_ = *m == "drop"        ? Mode::kDrop
            : *m == "rewrite"   ? Mode::kRewrite
            : *m == "tombstone" ? Mode::kTombstone
                                : Mode::kRewriteWithTombstone;
  } else if (props.count(kDropTombstones) != 0 || props.count(kDeleteHandlingMode) != 0) {
    // The pre-2.5 pair, mapped onto the modes that behave the same.
    const bool drop_tombstones = c.getBoolean(kDropTombstones);
    const std::string old = c.getString(kDeleteHandlingMode);
    if (old == "rewrite") {
      mode_ = drop_tombstones ? Mode::kRewrite : Mode::kRewriteWithTombstone;
    } else if (old == "drop") {
      mode_ = drop_tombstones ? Mode::kDrop : Mode::kTombstone;
    } else {
      mode_ = Mode::kTombstone;
    }
    transformLogger(kLoggerName)
        ->warn("{} and {} are deprecated; using {}={}", kDropTombstones, kDeleteHandlingMode,
               kDeleteTombstoneHandlingMode, modeName(mode_));
  } else {
    mode_ = Mode::kTombstone;
  }
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
  replace_null_with_default_ = c.getBoolean(kReplaceNullWithDefault);
}

Value ExtractNewRecordState::fieldValue(const Struct& s, const Field& f) const {
  return replace_null_with_default_ ? s.get(f) : s.getWithoutDefault(f.name());
}

std::optional<std::pair<SchemaPtr, Value>> ExtractNewRecordState::resolve(const FieldReference& ref,
                                                                          const Struct& envelope) const {
  const Schema& schema = *envelope.schema();
  const Struct* holder = &envelope;
  std::shared_ptr<Struct> nested;
  std::string struct_name;
  if (ref.struct_name) {
    struct_name = *ref.struct_name;
  } else if (schema.field(ref.field) == nullptr) {
    struct_name = "source";  // a bare name the envelope does not have is a source field (table, lsn, …)
  }
  if (!struct_name.empty()) {
    const Field* sf = schema.field(struct_name);
    if (sf == nullptr || sf->schema()->type() != SchemaType::kStruct) {
      return std::nullopt;
    }
    const Field* inner = sf->schema()->field(ref.field);
    if (inner == nullptr) {
      return std::nullopt;
    }
    const Value& v = envelope.get(*sf);
    if (v.isNull()) {
      return std::make_pair(optionalCopy(inner->schema()), Value());
    }
    nested = v.asStruct();
    holder = nested.get();
  }
  const Field* f = holder->schema()->field(ref.field);
  if (f == nullptr) {
    return std::nullopt;
  }
  return std::make_pair(optionalCopy(f->schema()), fieldValue(*holder, *f));
}

std::optional<SourceRecord> ExtractNewRecordState::apply(SourceRecord record) {
  // Tombstones: kept by the tombstone modes, dropped by the others.
  if (record.value().isNull()) {
    if (mode_ == Mode::kTombstone || mode_ == Mode::kRewriteWithTombstone) {
      return record;
    }
    return std::nullopt;
  }
  if (!isEnvelope(record.valueSchema())) {
    return record;  // heartbeats, schema changes, transaction metadata, messages
  }
  const auto envelope = requireStruct(record.value(), "Read envelope");
  const Value& op_value = getChecked(*envelope, "op", SchemaType::kString);
  const std::string op = op_value.isNull() ? std::string() : op_value.asString();
  if (op == "t") {
    transformLogger(kLoggerName)->debug("Truncate event skipped");
    return std::nullopt;
  }
  const bool rewrite = mode_ == Mode::kRewrite || mode_ == Mode::kRewriteWithTombstone;
  std::string state_field = "after";
  if (op == "d") {
    if (mode_ == Mode::kDrop) {
      return std::nullopt;
    }
    if (mode_ == Mode::kTombstone) {
      return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), nullptr,
                              Value(), record.timestamp(), record.headers());
    }
    state_field = "before";
  }
  const Field* state = envelope->schema()->field(state_field);
  if (state == nullptr) {
    throw DataException(state_field + " is not a valid field name");
  }
  const Value& row_value = envelope->get(*state);
  if (row_value.isNull()) {
    // A delete without the old row (replica identity DEFAULT without key columns): nothing to rewrite.
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), nullptr, Value(),
                            record.timestamp(), record.headers());
  }
  const Struct& row = *row_value.asStruct();

  // Fields to drop, from the header named by drop.fields.header.name.
  std::vector<std::string> drop;
  if (drop_fields_header_) {
    if (const Header* h = record.headers().lastWithName(*drop_fields_header_);
        h != nullptr && h->value.kind() == Value::Kind::kArray) {
      for (const auto& e : h->value.asArray()) {
        if (e.kind() == Value::Kind::kString) {
          drop.push_back(e.asString());
        }
      }
    }
  }
  const auto dropped = [&](const Field& f) {
    return std::find(drop.begin(), drop.end(), f.name()) != drop.end() &&
           (!drop_fields_keep_schema_compatible_ || f.schema()->isOptional());
  };

  // The new value: the row's fields, __deleted when rewriting, then add.fields.
  SchemaBuilder b = SchemaBuilder::structBuilder();
  const Schema& row_schema = *row.schema();
  if (row_schema.name()) {
    b.name(*row_schema.name());
  }
  if (row_schema.version()) {
    b.version(*row_schema.version());
  }
  if (row_schema.isOptional()) {
    b.optional();
  }
  std::vector<std::pair<std::string, Value>> values;
  for (const auto& f : row_schema.fields()) {
    if (dropped(f)) {
      continue;
    }
    b.field(f.name(), f.schema());
    values.emplace_back(f.name(), fieldValue(row, f));
  }
  if (rewrite) {
    b.field(kDeletedField, Schema::optionalString());
    values.emplace_back(kDeletedField, Value::string(op == "d" ? "true" : "false"));
  }
  for (const auto& ref : add_fields_) {
    if (auto resolved = resolve(ref, *envelope)) {
      b.field(ref.output_name, resolved->first);
      values.emplace_back(ref.output_name, std::move(resolved->second));
    }
  }
  const SchemaPtr value_schema = b.build();
  auto value = Struct::make(value_schema);
  for (auto& [name, v] : values) {
    value->put(name, std::move(v));
  }

  Headers headers = record.headers();
  for (const auto& ref : add_headers_) {
    if (auto resolved = resolve(ref, *envelope)) {
      headers.add(ref.output_name, resolved->first, std::move(resolved->second));
    }
  }

  SchemaPtr key_schema = record.keySchema();
  Value key = record.key();
  if (drop_fields_from_key_ && !drop.empty() && key_schema && key_schema->type() == SchemaType::kStruct &&
      key.kind() == Value::Kind::kStruct) {
    SchemaBuilder fresh = SchemaBuilder::structBuilder();
    if (key_schema->name()) {
      fresh.name(*key_schema->name());
    }
    for (const auto& f : key_schema->fields()) {
      if (!dropped(f)) {
        fresh.field(f.name(), f.schema());
      }
    }
    key_schema = fresh.build();
    auto new_key = Struct::make(key_schema);
    for (const auto& f : key_schema->fields()) {
      new_key->put(f.name(), key.asStruct()->getWithoutDefault(f.name()));
    }
    key = Value::structValue(new_key);
  }

  std::string topic = record.topic();
  if (route_by_field_) {
    const Field* f = value_schema->field(*route_by_field_);
    const Value v = f != nullptr ? value->get(*f) : Value();
    if (v.kind() == Value::Kind::kString) {
      topic = v.asString();
    }
  }
  return record.newRecord(std::move(topic), record.kafkaPartition(), std::move(key_schema), std::move(key),
                          value_schema, Value::structValue(value), record.timestamp(), std::move(headers));
}

}  // namespace connectd::transforms
