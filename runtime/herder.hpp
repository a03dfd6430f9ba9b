// The herder: the one place that changes what runs. REST calls write to the config store; a single
// herder thread reconciles each changed connector with what the stores say — starting, reconfiguring,
// pausing, stopping and deleting connectors and their tasks — and writes their status. A failing
// connector or task goes to FAILED with a readable message; the worker carries on.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "connectd/api/plugin_registry.hpp"
#include "runtime/config_providers.hpp"
#include "runtime/connector_config.hpp"
#include "runtime/secrets.hpp"
#include "runtime/storage/config_store.hpp"
#include "runtime/storage/offset_store.hpp"
#include "runtime/storage/status_store.hpp"
#include "runtime/worker_config.hpp"
#include "runtime/worker_source_task.hpp"

namespace connectd::runtime {

struct ConnectorInfo {
  std::string name;
  ConfigMap config;  // raw
  std::vector<int> tasks;
  std::string type;  // "source" or "unknown"
};

struct StateInfo {
  State state = State::kUnassigned;
  std::optional<std::string> trace;
  std::string worker_id;
  std::string version;
};

struct ConnectorStateInfo {
  std::string name;
  StateInfo connector;
  std::map<int, StateInfo> tasks;
  std::string type;
};

struct TaskInfo {
  int task = 0;
  ConfigMap config;
};

class Herder {
 public:
  struct Stores {
    std::unique_ptr<ConfigStore> config;
    std::unique_ptr<StatusStore> status;
    std::unique_ptr<OffsetStore> offsets;
  };

  Herder(const WorkerConfig& worker, const PluginRegistry& plugins, ConfigProviders providers, Stores stores);
  ~Herder();
  Herder(const Herder&) = delete;
  Herder& operator=(const Herder&) = delete;

  // Reads the stores and starts every connector they describe. Throws ConnectException.
  void start();
  // Stops every task and connector (offsets committed), then the stores.
  void stop();
  bool ready() const { return ready_; }

  std::vector<std::string> connectors() const;
  ConnectorInfo connectorInfo(const std::string& connector) const;
  ConfigMap connectorConfig(const std::string& connector) const;
  // Creates or replaces a connector. Returns whether it was created. Throws BadRequestException (invalid
  // config, name mismatch), AlreadyExistsException (exists and !allow_replace), NotFoundException
  // (unknown class).
  bool putConnectorConfig(const std::string& connector, ConfigMap config, bool allow_replace,
                          std::optional<TargetState> initial_state = std::nullopt);
  // Applies a partial config (nullopt removes a key). Throws NotFoundException when absent.
  void patchConnectorConfig(const std::string& connector,
                            const std::map<std::string, std::optional<std::string>>& patch);
  void deleteConnector(const std::string& connector);

  ConnectorStateInfo connectorStatus(const std::string& connector) const;
  StateInfo taskStatus(const std::string& connector, int task) const;
  std::vector<TaskInfo> taskConfigs(const std::string& connector) const;
  // What a task running on this worker reports about itself (SourceTask::metrics). Throws NotFoundException
  // for an unknown connector or a task that is not running here.
  nlohmann::ordered_json taskMetrics(const std::string& connector, int task) const;

  void pauseConnector(const std::string& connector);
  void resumeConnector(const std::string& connector);
  void stopConnector(const std::string& connector);
  void restartConnector(const std::string& connector);
  // Restart with includeTasks/onlyFailed: returns the plan (instances to restart shown as RESTARTING).
  ConnectorStateInfo restartConnectorAndTasks(const std::string& connector, bool include_tasks, bool only_failed);
  void restartTask(const std::string& connector, int task);

  ValidationResult validate(const ConfigMap& config) const;

  std::vector<PartitionOffset> offsets(const std::string& connector) const;
  void alterOffsets(const std::string& connector, const std::vector<PartitionOffset>& offsets);
  void resetOffsets(const std::string& connector);

  // Active topics (KIP-558): the topics the connector's tasks have produced to, by name; empty for an
  // unknown connector, as Kafka's. The reset writes a tombstone for each.
  std::vector<std::string> connectorActiveTopics(const std::string& connector) const;
  void resetConnectorActiveTopics(const std::string& connector);
  bool topicTrackingEnabled() const;
  bool topicTrackingResetAllowed() const;

  const std::string& workerId() const { return worker_id_; }
  const PluginRegistry& plugins() const { return plugins_; }
  const ConfigProviders& providers() const { return providers_; }

 private:
  struct Runtime {
    std::unique_ptr<SourceConnector> connector;
    ConfigMap started_with;  // raw config the instance was started with
    std::map<int, std::unique_ptr<WorkerSourceTask>> tasks;
    std::map<int, ConfigMap> task_raw_configs;  // the stored (raw) config each running task started from
    bool failed = false;
  };
  struct Work {
    std::string connector;
    bool restart_connector = false;
    std::set<int> restart_tasks;
  };

  void run();
  void enqueue(Work work);
  void reconcile(const Work& work);
  void stopTasks(const std::string& connector, Runtime& rt);
  void stopConnectorInstance(const std::string& connector, Runtime& rt);
  void startConnectorInstance(const std::string& connector, Runtime& rt, const ConfigMap& raw);
  void startTask(const std::string& connector, Runtime& rt, int task, const ConfigMap& raw_task_config,
                 const ConfigMap& raw_connector_config, TargetState target);
  // What a task of the connector reports its active topics to (empty when topic.tracking.enable=false).
  WorkerSourceTask::TopicTracker topicTracker(const std::string& connector, int task);
  std::string pluginVersion(const std::string& connector) const;
  // What must not appear in this connector's traces and log lines.
  SecretScrubber scrubberFor(const std::string& connector) const;
  // The running tasks REST may ask for metrics: added once a task started, removed before it is destroyed.
  void registerTask(const std::string& connector, int task, const WorkerSourceTask* instance);
  void unregisterTask(const std::string& connector, int task);
  void putConnectorStatus(const std::string& connector, State state, std::optional<std::string> trace = std::nullopt);
  void putTaskStatus(const std::string& connector, int task, State state, std::optional<std::string> trace);
  void requireConnector(const std::string& connector, const std::string& message_prefix) const;
  // PASSWORD-typed values of the connector's ConfigDef replaced by "[hidden]" (for REST bodies).
  ConfigMap redact(const ConfigMap& config) const;
  // The worker's connector.client.config.override.policy, for validating connector configs.
  ClientOverridePolicy overridePolicy() const;
  // Task configs with the raw placeholder put back wherever the connector copied a resolved secret.
  std::vector<ConfigMap> reverseTransform(const ConfigMap& raw, const std::vector<ConfigMap>& task_configs) const;

  const WorkerConfig& worker_;
  const PluginRegistry& plugins_;
  ConfigProviders providers_;
  Stores stores_;
  std::string worker_id_;

  std::mutex write_mutex_;  // serialises REST writes (check-then-write)
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Work> queue_;
  bool stopping_ = false;
  bool ready_ = false;
  std::thread thread_;
  std::map<std::string, Runtime> runtimes_;  // herder thread only
  mutable std::mutex live_mutex_;            // guards live_tasks_ (REST threads read, the herder writes)
  std::map<std::pair<std::string, int>, const WorkerSourceTask*> live_tasks_;
};

}  // namespace connectd::runtime
