// The worker; see worker.hpp.
#include "runtime/worker.hpp"

#include <chrono>

#include "runtime/kafka_cluster.hpp"
#include "runtime/logging.hpp"
#include "runtime/version.hpp"

namespace connectd::runtime {

Worker::Worker(WorkerConfig config, const PluginRegistry& plugins) : config_(std::move(config)), plugins_(plugins) {}

Worker::~Worker() {
  stop();
}

void Worker::start() {
  cluster_thread_ = std::thread([this] { lookupClusterIdLoop(); });
}

void Worker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (cluster_thread_.joinable()) {
    cluster_thread_.join();
  }
}

void Worker::lookupClusterIdLoop() {
  auto log = logger("org.apache.kafka.connect.runtime.Worker");
  const std::string bootstrap = config_.bootstrapServers();
  auto backoff = std::chrono::milliseconds(200);
  while (true) {
    std::string error;
    auto id = lookupKafkaClusterId(bootstrap, std::chrono::milliseconds(5000), &error);
    std::unique_lock lock(mutex_);
    if (id) {
      cluster_id_ = std::move(id);
      log->info("Kafka cluster ID: {}", *cluster_id_);
      return;
    }
    log->warn("Kafka cluster ID not known yet: {}; retrying", error);
    if (stop_cv_.wait_for(lock, backoff, [this] { return stopping_; })) {
      return;
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

ServerInfo Worker::serverInfo() const {
  std::lock_guard lock(mutex_);
  return ServerInfo{build::kKafkaCompatVersion, build::kCommit, cluster_id_};
}

}  // namespace connectd::runtime
