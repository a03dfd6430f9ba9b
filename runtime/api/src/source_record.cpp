// Source records; see source_record.hpp.
#include "connectd/api/source_record.hpp"

namespace connectd {

SourceRecord::SourceRecord(OffsetMapPtr source_partition, OffsetMapPtr source_offset, std::string topic,
                           std::optional<std::int32_t> kafka_partition, SchemaPtr key_schema, Value key,
                           SchemaPtr value_schema, Value value, std::optional<std::int64_t> timestamp, Headers headers)
    : source_partition_(std::move(source_partition)),
      source_offset_(std::move(source_offset)),
      topic_(std::move(topic)),
      kafka_partition_(kafka_partition),
      key_schema_(std::move(key_schema)),
      key_(std::move(key)),
      value_schema_(std::move(value_schema)),
      value_(std::move(value)),
      timestamp_(timestamp),
      headers_(std::move(headers)) {}

SourceRecord SourceRecord::newRecord(std::string topic, std::optional<std::int32_t> kafka_partition,
                                     SchemaPtr key_schema, Value key, SchemaPtr value_schema, Value value,
                                     std::optional<std::int64_t> timestamp, Headers headers) const {
  return SourceRecord(source_partition_, source_offset_, std::move(topic), kafka_partition, std::move(key_schema),
                      std::move(key), std::move(value_schema), std::move(value), timestamp, std::move(headers));
}

void SourceRecord::setKey(SchemaPtr schema, Value key) {
  key_schema_ = std::move(schema);
  key_ = std::move(key);
}

void SourceRecord::setValue(SchemaPtr schema, Value value) {
  value_schema_ = std::move(schema);
  value_ = std::move(value);
}

namespace {
bool mapEquals(const OffsetMapPtr& a, const OffsetMapPtr& b) {
  if (a == b) {
    return true;
  }
  if (!a || !b) {
    return false;
  }
  return *a == *b;
}
}  // namespace

bool SourceRecord::operator==(const SourceRecord& other) const {
  return mapEquals(source_partition_, other.source_partition_) && mapEquals(source_offset_, other.source_offset_) &&
         topic_ == other.topic_ && kafka_partition_ == other.kafka_partition_ &&
         schemaEquals(key_schema_, other.key_schema_) && key_ == other.key_ &&
         schemaEquals(value_schema_, other.value_schema_) && value_ == other.value_ && timestamp_ == other.timestamp_ &&
         headers_ == other.headers_;
}

std::string SourceRecord::describe() const {
  std::string out = "topic '" + topic_ + "'";
  if (kafka_partition_) {
    out += " partition " + std::to_string(*kafka_partition_);
  }
  if (source_offset_) {
    out += " source offset " + source_offset_->dump();
  }
  return out;
}

}  // namespace connectd
