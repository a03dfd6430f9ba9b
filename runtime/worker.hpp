// The worker: owns the configuration, the plugin registry and what the worker knows about its Kafka
// cluster. The REST layer asks it; later issues add the herder, storage and tasks here.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "connectd/api/plugin_registry.hpp"
#include "runtime/worker_config.hpp"

namespace connectd::runtime {

// GET / (Kafka Connect's ServerInfo).
struct ServerInfo {
  std::string version;
  std::string commit;
  std::optional<std::string> kafka_cluster_id;
};

class Worker {
 public:
  Worker(WorkerConfig config, const PluginRegistry& plugins);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts background work: looking up the Kafka cluster id until a broker answers.
  void start();
  // Stops background work. Safe to call twice.
  void stop();

  const WorkerConfig& config() const { return config_; }
  const PluginRegistry& plugins() const { return plugins_; }
  ServerInfo serverInfo() const;

 private:
  void lookupClusterIdLoop();

  WorkerConfig config_;
  const PluginRegistry& plugins_;
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::optional<std::string> cluster_id_;
  std::thread cluster_thread_;
};

}  // namespace connectd::runtime
