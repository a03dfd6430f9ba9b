// Connector and task status, stored as Kafka Connect stores it in its status topic (spec §5.4):
// status-connector-{c} and status-task-{c}-{n} = {"state","trace","worker_id","generation"}.
#pragma once

#include <chrono>

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

 private:
  void apply(const LogRecord& record);
  void write();

  std::unique_ptr<RecordLog> log_;
  std::mutex io_mutex_;  // one writer at a time on the log (send, flush, read back)
  mutable std::mutex mutex_;
  std::map<std::string, Status> connectors_;
  std::map<std::string, std::map<int, Status>> tasks_;
};

}  // namespace connectd::runtime
