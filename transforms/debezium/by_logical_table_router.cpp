// ByLogicalTableRouter; see by_logical_table_router.hpp.
#include "by_logical_table_router.hpp"

#include <stdexcept>
#include <utility>

#include "../common/transform_support.hpp"
#include "../regex/java_regex.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/struct.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::transforms {
namespace {

constexpr const char* kLoggerName = "io.debezium.transforms.ByLogicalTableRouter";

ValidatorPtr regexValidator() {
  return validators::lambda(
      [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
        if (const auto* s = std::get_if<std::string>(&v)) {
          try {
            JavaRegex check(*s);
          } catch (const std::invalid_argument& e) {
            return std::string(e.what());
          }
        }
        return std::nullopt;
      },
      "valid regex");
}

// Everything of a struct schema but its name (copySchemaExcludingName), renamed.
SchemaBuilder renamedStruct(const Schema& s, const std::string& name) {
  SchemaBuilder b = SchemaBuilder::structBuilder();
  b.name(name);
  if (s.isOptional()) {
    b.optional();
  }
  if (s.version()) {
    b.version(*s.version());
  }
  if (s.doc()) {
    b.doc(*s.doc());
  }
  for (const auto& [k, v] : s.parameters()) {
    b.parameter(k, v);
  }
  return b;
}

Value copyInto(const SchemaPtr& schema, const Struct& old) {
  auto s = Struct::make(schema);
  for (const auto& f : old.schema()->fields()) {
    s->put(f.name(), old.getWithoutDefault(f.name()));
  }
  return Value::structValue(std::move(s));
}

bool isEnvelope(const SchemaPtr& s) {
  if (!s || s->type() != SchemaType::kStruct || !s->name()) {
    return false;
  }
  const std::string& n = *s->name();
  return n.size() >= 9 && n.compare(n.size() - 9, 9, ".Envelope") == 0;
}

}  // namespace

ByLogicalTableRouter::ByLogicalTableRouter() = default;
ByLogicalTableRouter::~ByLogicalTableRouter() = default;

std::string ByLogicalTableRouter::version() const {
  return versions::kDebezium;
}

const ConfigDef& ByLogicalTableRouter::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    // Debezium declares the two required keys with a null default: a connector without them is accepted,
    // and its task fails in configure() ("Unable to validate config.").
    d.define("topic.regex", ConfigType::kString)
        .nullDefault()
        .validator(regexValidator())
        .importance(Importance::kLow)
        .displayName("Topic regex")
        .doc("The regex used for extracting the name of the logical table from the original topic name.");
    d.define("topic.replacement", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kLow)
        .displayName("Topic replacement")
        .doc(
            "The replacement string used in conjunction with topic.regex. This will be used to create the new "
            "topic name.");
    d.define("key.enforce.uniqueness", ConfigType::kBoolean)
        .defaultValue("true")
        .importance(Importance::kLow)
        .displayName("Add source topic name into key")
        .doc(
            "Augment each record's key with a field denoting the source topic. This field distinguishes records "
            "coming from different physical tables which may otherwise have primary/unique key conflicts.");
    d.define("key.field.name", ConfigType::kString)
        .defaultValue("__dbz__physicalTableIdentifier")
        .importance(Importance::kLow)
        .displayName("Key field name")
        .doc("The name of the key field to be added when key.enforce.uniqueness is true.");
    d.define("key.field.regex", ConfigType::kString)
        .nullDefault()
        .validator(regexValidator())
        .importance(Importance::kLow)
        .displayName("Key field regex")
        .doc("The regex used for extracting the physical table identifier from the original topic name.");
    d.define("key.field.replacement", ConfigType::kString)
        .nullDefault()
        .importance(Importance::kLow)
        .displayName("Key field replacement")
        .doc("The replacement string used in conjunction with key.field.regex.");
    d.define("schema.name.adjustment.mode", ConfigType::kString)
        .defaultValue("none")
        .validator(validators::in({"none", "avro", "avro_unicode"}))
        .importance(Importance::kLow)
        .displayName("Schema Name Adjustment")
        .doc(
            "Specify how schema names should be adjusted for compatibility with the message converter; only "
            "'none' changes nothing in connectd.");
    d.define("logical.table.cache.size", ConfigType::kInt)
        .defaultValue("16")
        .validator(validators::atLeast(1))
        .importance(Importance::kLow)
        .displayName("Logical table cache size")
        .doc("The size used for holding the max entries in LRUCache.");
    return d;
  }();
  return def;
}

void ByLogicalTableRouter::configure(const ConfigMap& props) {
  const ParsedConfig c = config().parse(props);
  const auto topic_regex = c.getOptionalString("topic.regex");
  const auto topic_replacement = c.getOptionalString("topic.replacement");
  std::string invalid;
  for (const auto& [key, value] :
       {std::pair{"topic.regex", topic_regex}, std::pair{"topic.replacement", topic_replacement}}) {
    if (!value || value->empty()) {
      invalid += std::string(" The '") + key + "' value is invalid: A value is required.";
    }
  }
  if (!invalid.empty()) {
    throw ConnectException("Unable to validate config." + invalid);
  }
  topic_regex_ = std::make_unique<JavaRegex>(*topic_regex);
  topic_replacement_ = *topic_replacement;
  key_enforce_uniqueness_ = c.getBoolean("key.enforce.uniqueness");
  key_field_name_ = c.getString("key.field.name");
  const auto key_regex = c.getOptionalString("key.field.regex");
  const auto key_replacement = c.getOptionalString("key.field.replacement");
  if (key_regex && !key_replacement) {
    throw ConfigException("key.field.replacement must be set when key.field.regex is set");
  }
  key_field_regex_ = key_regex ? std::make_unique<JavaRegex>(*key_regex) : nullptr;
  key_field_replacement_ = key_replacement.value_or("");
  if (c.getString("schema.name.adjustment.mode") != "none") {
    transformLogger(kLoggerName)->warn("schema.name.adjustment.mode other than 'none' is not applied by connectd");
  }
}

std::optional<SourceRecord> ByLogicalTableRouter::apply(SourceRecord record) {
  const std::string old_topic = record.topic();
  if (!topic_regex_->matches(old_topic)) {
    return record;
  }
  const std::string new_topic = topic_regex_->replaceFirst(old_topic, topic_replacement_);
  if (new_topic.empty()) {
    transformLogger(kLoggerName)->warn("Routing regex returned an empty topic name, propagating original record");
    return record;
  }
  SchemaPtr key_schema = record.keySchema();
  Value key = record.key();
  if (key_schema && key_schema->type() == SchemaType::kStruct && key.kind() == Value::Kind::kStruct) {
    SchemaBuilder kb = renamedStruct(*key_schema, new_topic + ".Key");
    for (const auto& f : key_schema->fields()) {
      kb.field(f.name(), f.schema());
    }
    if (key_enforce_uniqueness_) {
      kb.field(key_field_name_, Schema::string());
    }
    key_schema = kb.build();
    const Struct& old_key = *key.asStruct();
    auto new_key = Struct::make(key_schema);
    for (const auto& f : old_key.schema()->fields()) {
      new_key->put(f.name(), old_key.getWithoutDefault(f.name()));
    }
    if (key_enforce_uniqueness_) {
      std::string physical = old_topic;
      if (key_field_regex_ && key_field_regex_->matches(old_topic)) {
        physical = key_field_regex_->replaceFirst(old_topic, key_field_replacement_);
      }
      new_key->put(key_field_name_, Value::string(physical));
    }
    key = Value::structValue(std::move(new_key));
  }
  if (record.value().isNull() || !isEnvelope(record.valueSchema())) {
    return record.newRecord(new_topic, record.kafkaPartition(), key_schema, key, record.valueSchema(), record.value(),
                            record.timestamp(), record.headers());
  }
  // The envelope and its before/after row schemas are renamed after the new topic.
  const Schema& envelope_schema = *record.valueSchema();
  SchemaBuilder eb = renamedStruct(envelope_schema, new_topic + ".Envelope");
  SchemaPtr row_schema;
  for (const auto& f : envelope_schema.fields()) {
    if ((f.name() == "before" || f.name() == "after") && f.schema()->type() == SchemaType::kStruct) {
      if (!row_schema) {
        SchemaBuilder rb = renamedStruct(*f.schema(), new_topic + ".Value");
        for (const auto& rf : f.schema()->fields()) {
          rb.field(rf.name(), rf.schema());
        }
        row_schema = rb.build();
      }
      eb.field(f.name(), row_schema);
    } else {
      eb.field(f.name(), f.schema());
    }
  }
  const SchemaPtr new_envelope_schema = eb.build();
  const Struct& old_envelope = *record.value().asStruct();
  auto envelope = Struct::make(new_envelope_schema);
  for (const auto& f : new_envelope_schema->fields()) {
    const Value& v = old_envelope.getWithoutDefault(f.name());
    if ((f.name() == "before" || f.name() == "after") && v.kind() == Value::Kind::kStruct) {
      envelope->put(f, copyInto(row_schema, *v.asStruct()));
    } else {
      envelope->put(f, v);
    }
  }
  return record.newRecord(new_topic, record.kafkaPartition(), key_schema, key, new_envelope_schema,
                          Value::structValue(std::move(envelope)), record.timestamp(), record.headers());
}

}  // namespace connectd::transforms
