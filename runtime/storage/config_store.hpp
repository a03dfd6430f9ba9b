// Connector configurations, target states and task configurations, stored as Kafka Connect stores them
// in its config topic (spec §5.2): connector-{c}, target-state-{c}, task-{c}-{n}, commit-{c},
// restart-connector-{c}. Task configs only take effect with the commit record that counts them.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectd/api/config_def.hpp"
#include "runtime/storage/record_log.hpp"

namespace connectd::runtime {

enum class TargetState { kStarted, kPaused, kStopped };
std::string_view targetStateName(TargetState state);  // "STARTED", "PAUSED", "STOPPED"

struct RestartRequest {
  std::string connector;
  bool include_tasks = false;
  bool only_failed = false;
};

// What the config topic says, after applying every record read so far.
struct ClusterConfigState {
  std::map<std::string, ConfigMap> connector_configs;  // raw, placeholders intact
  std::map<std::string, TargetState> target_states;
  std::map<std::string, std::vector<ConfigMap>> task_configs;  // committed sets only
  std::set<std::string> inconsistent;                          // commit seen without all its task records

  bool contains(const std::string& connector) const { return connector_configs.count(connector) != 0; }
  TargetState targetState(const std::string& connector) const;
};

// The JSON values, exactly as Kafka Connect writes them (JsonConverter, schemas disabled).
std::string connectorConfigValue(const ConfigMap& config);
std::string targetStateValue(TargetState state);
std::string commitValue(int tasks);
std::string restartValue(bool include_tasks, bool only_failed);

class ConfigStore {
 public:
  // Called with the connector a change concerns, after the state has been updated.
  using Listener = std::function<void(const std::string& connector)>;

  explicit ConfigStore(std::unique_ptr<RecordLog> log);

  // Replays the log. Throws ConnectException.
  void start(Listener on_change, std::function<void(const RestartRequest&)> on_restart = nullptr);
  // See RecordLog::waitAtMostUntil.
  void waitAtMostUntil(std::chrono::steady_clock::time_point deadline);
  void stop();

  ClusterConfigState snapshot() const;

  // Each write is durable and applied (read back) when the call returns. Throws ConnectException.
  void putConnectorConfig(const std::string& connector, const ConfigMap& config,
                          std::optional<TargetState> initial_state = std::nullopt);
  void removeConnectorConfig(const std::string& connector);
  void putTargetState(const std::string& connector, TargetState state);
  void putTaskConfigs(const std::string& connector, const std::vector<ConfigMap>& configs);
  void putRestartRequest(const RestartRequest& request);

 private:
  void apply(const LogRecord& record);
  void writeAndApply();

  std::unique_ptr<RecordLog> log_;
  std::mutex io_mutex_;  // one writer at a time on the log (send, flush, read back)
  std::chrono::milliseconds timeout_{30000};
  mutable std::mutex mutex_;
  ClusterConfigState state_;
  std::map<std::string, std::map<int, ConfigMap>> pending_tasks_;  // task records awaiting their commit
  Listener on_change_;
  std::function<void(const RestartRequest&)> on_restart_;
  bool started_ = false;
};

}  // namespace connectd::runtime
