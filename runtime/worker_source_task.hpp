// One running source task (Kafka's WorkerSourceTask): on its own thread it polls the task, applies the
// transform chain, converts keys, values and headers, and produces with its own librdkafka producer.
// Offsets are committed only for the prefix of records Kafka acknowledged, every
// offset.flush.interval.ms and on stop.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "connectd/api/plugin.hpp"
#include "connectd/api/plugin_registry.hpp"
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

class WorkerSourceTask {
 public:
  using StatusListener = std::function<void(State state, std::optional<std::string> trace)>;

  // connector_config and task_config are resolved (placeholders substituted).
  WorkerSourceTask(TaskId id, std::unique_ptr<SourceTask> task, ConfigMap connector_config, ConfigMap task_config,
                   const WorkerConfig& worker, const PluginRegistry& plugins, OffsetStore& offsets,
                   StatusListener on_status);
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
  void onDelivery(std::uint64_t seq, int error_code, const std::string& error);

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
  void produce(const SourceRecord& record);
  void absorbAcknowledged();
  void commitOffsets();
  void fail(const std::string& message);

  TaskId id_;
  std::unique_ptr<SourceTask> task_;
  ConfigMap connector_config_;
  ConfigMap task_config_;
  const WorkerConfig& worker_;
  const PluginRegistry& plugins_;
  OffsetStore& offsets_;
  StatusListener on_status_;

  std::unique_ptr<Converter> key_converter_;
  std::unique_ptr<Converter> value_converter_;
  std::unique_ptr<HeaderConverter> header_converter_;
  rd_kafka_s* producer_ = nullptr;

  std::thread thread_;
  std::atomic<bool> stopping_{false};
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
  std::string produce_error_;  // first delivery failure, task thread only
  bool tolerate_all_ = false;
  bool log_errors_ = false;
};

}  // namespace connectd::runtime
