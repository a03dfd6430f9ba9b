// The worker: owns the configuration, the config providers, the storage (Kafka topics when group.id is
// set, else a data directory) and the herder, and knows its Kafka cluster id for GET /.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "connectd/api/plugin_registry.hpp"
#include "runtime/herder.hpp"
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
  Worker(WorkerConfig config, const PluginRegistry& plugins, const std::map<std::string, std::string>& environment);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Opens the stores (reading them to their end) and starts the connectors they describe; looks up the
  // cluster id in the background. Throws ConnectException when the stores cannot be opened.
  void start();
  // Stops tasks (committing offsets) and connectors, then background work. Safe to call twice.
  void stop();
  // Whether start() has returned: the stores are read to their end, so writes see the current state.
  bool ready() const { return ready_.load(); }
  // Kafka Connect's description of what a worker that is not ready is doing, for /health and for requests
  // that time out during start-up: "The worker is currently …, which began at <ISO-8601 instant>."
  std::string startupStage() const;

  const WorkerConfig& config() const { return config_; }
  const PluginRegistry& plugins() const { return plugins_; }
  Herder& herder() { return *herder_; }
  const Herder& herder() const { return *herder_; }
  ServerInfo serverInfo() const;
  // "Kafka topics <…>" or "data directory <…>", for logs.
  const std::string& storageDescription() const { return storage_description_; }

 private:
  void lookupClusterIdLoop();

  WorkerConfig config_;
  const PluginRegistry& plugins_;
  std::unique_ptr<Herder> herder_;
  std::string storage_description_;
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::optional<std::string> cluster_id_;
  std::thread cluster_thread_;
  std::atomic<bool> ready_{false};
  std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();
};

}  // namespace connectd::runtime
