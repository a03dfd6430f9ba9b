// One running source task (Kafka's WorkerSourceTask): on its own thread it polls the task, applies the
// transform chain, converts keys, values and headers, and produces with its own librdkafka producer.
// Offsets are committed only for the prefix of records Kafka acknowledged, every
// offset.flush.interval.ms, on stop and once more when the task fails. A record Kafka refuses fails the
// task, or under errors.tolerance=all is skipped, as in Kafka Connect.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "connectd/api/plugin.hpp"
#include "connectd/api/plugin_registry.hpp"
#include "runtime/error_reporter.hpp"
#include "runtime/storage/offset_store.hpp"
#include "runtime/storage/status_store.hpp"
#include "runtime/worker_config.hpp"

struct rd_kafka_s;

namespace connectd::runtime {

class TransformationChain;

struct TaskId {
  std::string connector;
  int task = 0;
  std::string str() const { return connector + "-" + std::to_string(task); }
};

// The librdkafka configuration of a source task's producer: what Kafka Connect forces on its source
// producers, then the worker's producer.* keys, then the connector's producer.override.* keys, with the
// Java names mapped to librdkafka's. Keys with no librdkafka equivalent are left out and named (with
// their prefix) in `ignored`. Throws ConfigException for a buffer.memory that is not a number of bytes.
std::map<std::string, std::string> producerSettings(const TaskId& id, const WorkerConfig& worker,
                                                    const ConfigMap& connector_config,
                                                    std::vector<std::string>* ignored = nullptr);

class WorkerSourceTask {
 public:
  using StatusListener = std::function<void(State state, std::optional<std::string> trace)>;
  // Active-topic tracking (KIP-558), unless empty: `record` is called on the task thread once the first
  // record to a topic is acknowledged (as Kafka's recordActiveTopic); `removals` is
  // StatusStore::topicRemovals — when it changes the task forgets what it recorded, so a topic that was
  // reset is recorded again by the next record to it.
  struct TopicTracker {
    std::function<void(const std::string& topic)> record;
    std::function<std::uint64_t()> removals;
  };

  // connector_config and task_config are resolved (placeholders substituted).
  WorkerSourceTask(TaskId id, std::unique_ptr<SourceTask> task, ConfigMap connector_config, ConfigMap task_config,
                   const WorkerConfig& worker, const PluginRegistry& plugins, OffsetStore& offsets,
                   StatusListener on_status, TopicTracker tracker = {});
  ~WorkerSourceTask();
  WorkerSourceTask(const WorkerSourceTask&) = delete;
  WorkerSourceTask& operator=(const WorkerSourceTask&) = delete;

  void start();
  void pause(bool paused);
  // Stops polling, flushes the producer, commits offsets and joins, within the timeout.
  void stop(std::chrono::milliseconds timeout);

  // The plugin task's own report (SourceTask::metrics); callable from any thread while the task lives.
  nlohmann::ordered_json metrics() const { return task_->metrics(); }

  const TaskId& id() const { return id_; }
  const ConfigMap& taskConfig() const { return task_config_; }

  // Called on the task thread by librdkafka's delivery callback.
  void onDelivery(std::uint64_t seq, int error_code, const std::string& error, const std::string& topic);

 private:
  struct Submitted {
    std::uint64_t seq;
    OffsetMapPtr partition;
    OffsetMapPtr offset;
    bool acked = false;
  };

  void run();
  void execute();
  void pollOnce(const TransformationChain& chain, std::uint64_t& skipped);
  void createProducer();
  // False when the task is stopping while the producer's buffer is full: the record was not sent.
  bool produce(const SourceRecord& record);
  // Before the first record to a topic: its metadata, fetched now (see the definition).
  void awaitTopicMetadata(const std::string& topic);
  // Before a record to `topic` with sequence number seq is sent: whether it is the one to report (see
  // TopicTracker), noted in pending_topics_.
  void trackTopic(const std::string& topic, std::uint64_t seq);
  void absorbAcknowledged();
  // Commits the acknowledged prefix. A failed commit is logged and kept for the next attempt (as Kafka
  // Connect does), never a task failure; returns whether it succeeded.
  bool commitOffsets();
  void finalOffsetCommit();
  void closeProducer();
  void fail(const std::string& message);

  TaskId id_;
  std::unique_ptr<SourceTask> task_;
  ConfigMap connector_config_;
  ConfigMap task_config_;
  const WorkerConfig& worker_;
  const PluginRegistry& plugins_;
  OffsetStore& offsets_;
  StatusListener on_status_;
  TopicTracker tracker_;
  std::unordered_set<std::string> tracked_topics_;       // task thread only
  std::map<std::uint64_t, std::string> pending_topics_;  // seq -> topic, awaiting the first acknowledgement
  std::uint64_t tracked_removals_ = 0;

  std::unique_ptr<Converter> key_converter_;
  std::unique_ptr<Converter> value_converter_;
  std::unique_ptr<HeaderConverter> header_converter_;
  rd_kafka_s* producer_ = nullptr;

  std::thread thread_;
  std::atomic<bool> stopping_{false};
  // When the graceful timeout given to stop() ends (steady_clock ticks; max() until stop()).
  std::atomic<std::int64_t> stop_deadline_{std::numeric_limits<std::int64_t>::max()};
  std::atomic<bool> paused_{false};
  std::atomic<bool> failed_{false};  // a failed task stays FAILED until restarted
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Submitted> submitted_;  // task thread only
  // The latest offset per source partition of the acknowledged prefix, not yet committed (keyed by the
  // partition's JSON). Absorbing the prefix as deliveries arrive keeps memory independent of the backlog
  // between offset flushes.
  std::map<std::string, PartitionOffset> committable_;
  OffsetMapPtr last_partition_;  // the partition whose key was computed last (held, so its address stays its own)
  std::string last_partition_key_;
  std::uint64_t next_seq_ = 0;
  std::string produce_error_;                             // first delivery failure not tolerated, task thread only
  bool producer_closing_ = false;                         // deliveries failing now are the purge of a closing producer
  std::uint64_t send_failures_skipped_ = 0;               // under errors.tolerance=all
  std::unordered_set<std::string> topics_with_metadata_;  // task thread only
  bool tolerate_all_ = false;
  std::optional<ErrorLogReporter> error_log_;  // errors.log.enable / errors.log.include.messages
};

}  // namespace connectd::runtime
