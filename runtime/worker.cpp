// The worker; see worker.hpp.
#include "runtime/worker.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "connectd/api/errors.hpp"
#include "runtime/kafka_cluster.hpp"
#include "runtime/logging.hpp"
#include "runtime/storage/file_record_log.hpp"
#include "runtime/storage/kafka_record_log.hpp"
#include "runtime/version.hpp"

namespace connectd::runtime {
namespace {

Herder::Stores makeStores(const WorkerConfig& config, std::string& description) {
  using namespace worker_keys;
  const auto& p = config.parsed();
  Herder::Stores stores;
  if (auto group = p.getOptionalString(kGroupId)) {
    const auto topic = [&](const char* key) {
      auto t = p.getOptionalString(key);
      if (!t || t->empty()) {
        throw ConfigException(std::string(key) + " must be set when group.id is set (Kafka-topic storage)");
      }
      return *t;
    };
    const std::string configs = topic(kConfigStorageTopic);
    const std::string offsets = topic(kOffsetStorageTopic);
    const std::string statuses = p.getOptionalString(kStatusStorageTopic).value_or("connect-status");
    const auto log = [&](const std::string& name, int partitions, int rf) {
      KafkaLogOptions o;
      o.topic = name;
      o.partitions = partitions;
      o.replication_factor = rf;
      o.client_configs = {{"bootstrap.servers", config.bootstrapServers()}};
      o.client_id = *group;
      return std::make_unique<KafkaRecordLog>(std::move(o));
    };
    stores.config = std::make_unique<ConfigStore>(log(configs, 1, p.getShort(kConfigReplicationFactor)));
    stores.offsets =
        std::make_unique<OffsetStore>(log(offsets, p.getInt(kOffsetPartitions), p.getShort(kOffsetReplicationFactor)));
    stores.status =
        std::make_unique<StatusStore>(log(statuses, p.getInt(kStatusPartitions), p.getShort(kStatusReplicationFactor)));
    description = "Kafka topics " + configs + ", " + offsets + ", " + statuses + " (group " + *group + ")";
  } else {
    std::string dir;
    if (auto d = p.getOptionalString(kDataDir)) {
      dir = *d;
    } else {
      const char* home = std::getenv("HOME");
      dir = std::string(home != nullptr ? home : ".") + "/.local/state/connectd";
    }
    stores.config = std::make_unique<ConfigStore>(std::make_unique<FileRecordLog>(dir + "/configs.json"));
    stores.offsets = std::make_unique<OffsetStore>(std::make_unique<FileRecordLog>(dir + "/offsets.json"));
    stores.status = std::make_unique<StatusStore>(std::make_unique<FileRecordLog>(dir + "/status.json"));
    description = "data directory " + dir;
  }
  return stores;
}

}  // namespace

Worker::Worker(WorkerConfig config, const PluginRegistry& plugins,
               const std::map<std::string, std::string>& environment)
    : config_(std::move(config)), plugins_(plugins) {
  auto providers = ConfigProviders::fromWorkerConfig(config_.originals(), environment);
  herder_ =
      std::make_unique<Herder>(config_, plugins_, std::move(providers), makeStores(config_, storage_description_));
}

Worker::~Worker() {
  stop();
}

void Worker::start() {
  cluster_thread_ = std::thread([this] { lookupClusterIdLoop(); });
  herder_->start();
  ready_.store(true);
  logger("org.apache.kafka.connect.runtime.Worker")->info("Worker started; storage in {}", storage_description_);
}

std::string Worker::startupStage() const {
  // Java's Instant.toString at millisecond precision, as Kafka Connect prints it.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(started_at_.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char when[96];
  std::snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return "The worker is currently reading the stored configs, offsets and status to their end (" +
         storage_description_ + "), which began at " + when + ".";
}

void Worker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  stop_cv_.notify_all();
  herder_->stop();
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
    auto id = lookupKafkaClusterId(bootstrap, std::chrono::milliseconds(2000), &error);
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
