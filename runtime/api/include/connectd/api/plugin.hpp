// The plugin interfaces: SourceConnector, SourceTask, Transformation, Predicate, Converter and
// HeaderConverter, in the shapes of Kafka Connect's Java interfaces. Every plugin has a version and
// declares its ConfigDef; the runtime drives the lifecycle.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/api/config_def.hpp"
#include "connectd/api/headers.hpp"
#include "connectd/api/schema.hpp"
#include "connectd/api/source_record.hpp"

namespace connectd {

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual std::string version() const = 0;
  // The keys the plugin understands. Validation and docs are generated from it.
  virtual const ConfigDef& config() const = 0;
};

// Reads the offsets the runtime committed for this connector (OffsetStorageReader).
class OffsetStorageReader {
 public:
  virtual ~OffsetStorageReader() = default;
  // The last committed offset for a source partition, if any.
  virtual std::optional<OffsetMap> offset(const OffsetMap& partition) const = 0;
};

// What a task may ask of the runtime (SourceTaskContext).
class SourceTaskContext {
 public:
  virtual ~SourceTaskContext() = default;
  virtual const ConfigMap& configs() const = 0;
  virtual const OffsetStorageReader& offsetStorageReader() const = 0;
};

// What the producer reported for one record (RecordMetadata), for SourceTask::commitRecord.
struct RecordMetadata {
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::int64_t timestamp = -1;
};

class SourceTask {
 public:
  virtual ~SourceTask() = default;
  virtual std::string version() const = 0;
  virtual void initialize(SourceTaskContext& context) { context_ = &context; }
  virtual void start(const ConfigMap& props) = 0;
  // Returns the next batch; an empty batch when there is nothing yet. Called from the task's own thread.
  virtual std::vector<SourceRecord> poll() = 0;
  // Offsets up to the last acknowledged records have been committed (SourceTask.commit()).
  virtual void commit() {}
  // One record was acknowledged by Kafka (metadata) or dropped by a transform (nullopt).
  virtual void commitRecord(const SourceRecord& /*record*/, const std::optional<RecordMetadata>& /*metadata*/) {}
  // Asks poll() to return soon; called from another thread.
  virtual void stop() = 0;
  // What the task reports about its progress (GET /connectors/{c}/tasks/{n}/metrics): a JSON object, empty
  // when it has nothing to report. Called from REST threads while poll() runs, so an implementation
  // synchronises and never waits for poll().
  virtual nlohmann::ordered_json metrics() const { return nlohmann::ordered_json::object(); }

 protected:
  SourceTaskContext* context_ = nullptr;
};

class SourceConnector : public virtual Plugin {
 public:
  virtual void start(const ConfigMap& props) = 0;
  // At most max_tasks task configurations.
  virtual std::vector<ConfigMap> taskConfigs(int max_tasks) = 0;
  virtual void stop() = 0;
  // A new task instance of this connector's task class.
  virtual std::unique_ptr<SourceTask> createTask() const = 0;
  // The Java class name of the task (Connector.taskClass()): Kafka Connect stores it as "task.class" in
  // every task config, and needs it there to start a task from topics connectd wrote.
  virtual std::string taskClass() const = 0;
  // Validates a connector configuration; by default against config().
  virtual std::vector<ConfigValue> validate(const ConfigMap& props) const { return config().validate(props); }
};

// A single message transform. Returning nullopt drops the record.
class Transformation : public virtual Plugin {
 public:
  virtual void configure(const ConfigMap& props) = 0;
  virtual std::optional<SourceRecord> apply(SourceRecord record) = 0;
  virtual void close() {}
};

// Decides whether a transform applies to a record.
class Predicate : public virtual Plugin {
 public:
  virtual void configure(const ConfigMap& props) = 0;
  virtual bool test(const SourceRecord& record) const = 0;
  virtual void close() {}
};

// Turns a record's key or value into bytes and back.
class Converter : public virtual Plugin {
 public:
  virtual void configure(const ConfigMap& props, bool is_key) = 0;
  // nullopt is a null Kafka key or value.
  virtual std::optional<Bytes> fromConnectData(const std::string& topic, const Headers& headers,
                                               const SchemaPtr& schema, const Value& value) = 0;
  virtual SchemaAndValue toConnectData(const std::string& topic, const Headers& headers,
                                       std::optional<std::span<const std::uint8_t>> bytes) = 0;
};

// Turns one header value into bytes and back.
class HeaderConverter : public virtual Plugin {
 public:
  virtual void configure(const ConfigMap& props) = 0;
  virtual std::optional<Bytes> fromConnectHeader(const std::string& topic, const std::string& header_key,
                                                 const SchemaPtr& schema, const Value& value) = 0;
  virtual SchemaAndValue toConnectHeader(const std::string& topic, const std::string& header_key,
                                         std::optional<std::span<const std::uint8_t>> bytes) = 0;
};

}  // namespace connectd
