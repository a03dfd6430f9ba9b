// org.apache.kafka.connect.source.SourceRecord: where a record goes (topic, partition), what it is (key and
// value with schemas, timestamp, headers) and where it came from (source partition and offset, the maps
// the runtime stores in the offsets topic).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "connectd/api/headers.hpp"
#include "connectd/api/schema.hpp"
#include "connectd/api/value.hpp"

namespace connectd {

// A source partition or offset map. Ordered, because the offsets topic compares keys by their exact JSON
// bytes and those follow the map's iteration order.
using OffsetMap = nlohmann::ordered_json;
using OffsetMapPtr = std::shared_ptr<const OffsetMap>;

class SourceRecord {
 public:
  SourceRecord() = default;
  SourceRecord(OffsetMapPtr source_partition, OffsetMapPtr source_offset, std::string topic,
               std::optional<std::int32_t> kafka_partition, SchemaPtr key_schema, Value key, SchemaPtr value_schema,
               Value value, std::optional<std::int64_t> timestamp = std::nullopt, Headers headers = {});

  const OffsetMapPtr& sourcePartition() const { return source_partition_; }
  const OffsetMapPtr& sourceOffset() const { return source_offset_; }
  const std::string& topic() const { return topic_; }
  const std::optional<std::int32_t>& kafkaPartition() const { return kafka_partition_; }
  const SchemaPtr& keySchema() const { return key_schema_; }
  const Value& key() const { return key_; }
  const SchemaPtr& valueSchema() const { return value_schema_; }
  const Value& value() const { return value_; }
  // Milliseconds since the epoch; none means "let the producer/broker decide".
  const std::optional<std::int64_t>& timestamp() const { return timestamp_; }
  const Headers& headers() const { return headers_; }
  Headers& headers() { return headers_; }

  // A copy with the routing and content replaced and the source partition/offset kept (Java's newRecord).
  SourceRecord newRecord(std::string topic, std::optional<std::int32_t> kafka_partition, SchemaPtr key_schema,
                         Value key, SchemaPtr value_schema, Value value, std::optional<std::int64_t> timestamp,
                         Headers headers) const;

  // In-place setters for transforms that own the record and change one part of it.
  void setTopic(std::string topic) { topic_ = std::move(topic); }
  void setKafkaPartition(std::optional<std::int32_t> p) { kafka_partition_ = p; }
  void setKey(SchemaPtr schema, Value key);
  void setValue(SchemaPtr schema, Value value);
  void setTimestamp(std::optional<std::int64_t> ts) { timestamp_ = ts; }

  bool operator==(const SourceRecord& other) const;
  // A one-line description for logs and messages: topic, partition and source offset, never the payload.
  std::string describe() const;

 private:
  OffsetMapPtr source_partition_;
  OffsetMapPtr source_offset_;
  std::string topic_;
  std::optional<std::int32_t> kafka_partition_;
  SchemaPtr key_schema_;
  Value key_;
  SchemaPtr value_schema_;
  Value value_;
  std::optional<std::int64_t> timestamp_;
  Headers headers_;
};

}  // namespace connectd
