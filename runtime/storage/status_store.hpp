// Connector and task status, stored as Kafka Connect stores it in its status topic (spec §5.4):
// status-connector-{c} and status-task-{c}-{n} = {"state","trace","worker_id","generation"}; a connector's
// active topics (KIP-558) as status-topic-{topic}:connector-{c} = {"topic":{"name","connector","task",
// "discoverTimestamp"}}.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/storage/record_log.hpp"

namespace connectd::runtime {

enum class State { kUnassigned, kRunning, kPaused, kFailed, kRestarting, kStopped };
std::string_view stateName(State state);
std::optional<State> parseState(std::string_view name);

struct Status {
  State state = State::kUnassigned;
  std::optional<std::string> trace;
  std::string worker_id;
  int generation = 0;
  std::string version;  // the plugin's version (4.1+); empty when unknown
};

// The JSON value Kafka Connect writes for a status.
std::string statusValue(const Status& status);

// A topic a connector's task has produced to (Kafka's TopicStatus).
struct TopicStatus {
  std::string topic;
  std::string connector;
  int task = 0;
  std::int64_t discover_timestamp = 0;  // milliseconds since the epoch
};

// Kafka's KafkaStatusBackingStore key and value for an active topic.
std::string topicStatusKey(const std::string& topic, const std::string& connector);
std::string topicStatusValue(const TopicStatus& status);

class StatusStore {
 public:
  explicit StatusStore(std::unique_ptr<RecordLog> log);

  void start();
  // See RecordLog::waitAtMostUntil.
  void waitAtMostUntil(std::chrono::steady_clock::time_point deadline);
  void stop();

  void putConnector(const std::string& connector, const Status& status);
  void putTask(const std::string& connector, int task, const Status& status);
  // Removes the connector's status and its tasks' (tombstones).
  void deleteConnector(const std::string& connector);
  void deleteTask(const std::string& connector, int task);

  std::optional<Status> connector(const std::string& connector) const;
  std::map<int, Status> tasks(const std::string& connector) const;
  std::vector<std::string> connectors() const;

  // Active topics (KIP-558). putTopic records one; deleteTopic writes its tombstone.
  void putTopic(const TopicStatus& status);
  void deleteTopic(const std::string& connector, const std::string& topic);
  std::optional<TopicStatus> topic(const std::string& connector, const std::string& topic) const;
  // The connector's active topics, by topic name.
  std::vector<TopicStatus> topics(const std::string& connector) const;
  // Changes whenever an active topic is removed (a reset or a deletion, by any worker): a task that keeps
  // the topics it has recorded forgets them then, and records again the next topic it produces to.
  std::uint64_t topicRemovals() const { return topic_removals_.load(std::memory_order_relaxed); }

 private:
  void apply(const LogRecord& record);
  void applyTopic(const LogRecord& record);
  void write();

  std::unique_ptr<RecordLog> log_;
  std::mutex io_mutex_;  // one writer at a time on the log (send, flush, read back)
  mutable std::mutex mutex_;
  std::map<std::string, Status> connectors_;
  std::map<std::string, std::map<int, Status>> tasks_;
  std::map<std::string, std::map<std::string, TopicStatus>> topics_;  // connector -> topic -> status
  std::atomic<std::uint64_t> topic_removals_{0};
};

}  // namespace connectd::runtime
