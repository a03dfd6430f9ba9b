// The worker's configuration: its ConfigDef (Kafka's WorkerConfig/DistributedConfig keys that connectd
// knows), loading from a properties file, and the Debezium image's environment convention.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "connectd/api/config_def.hpp"

namespace connectd::runtime {

namespace worker_keys {
inline constexpr const char* kBootstrapServers = "bootstrap.servers";
inline constexpr const char* kGroupId = "group.id";
inline constexpr const char* kConfigStorageTopic = "config.storage.topic";
inline constexpr const char* kOffsetStorageTopic = "offset.storage.topic";
inline constexpr const char* kStatusStorageTopic = "status.storage.topic";
inline constexpr const char* kKeyConverter = "key.converter";
inline constexpr const char* kValueConverter = "value.converter";
inline constexpr const char* kHeaderConverter = "header.converter";
inline constexpr const char* kListeners = "listeners";
inline constexpr const char* kAdvertisedHostName = "rest.advertised.host.name";
inline constexpr const char* kAdvertisedPort = "rest.advertised.port";
inline constexpr const char* kAdvertisedListener = "rest.advertised.listener";
inline constexpr const char* kOffsetFlushIntervalMs = "offset.flush.interval.ms";
inline constexpr const char* kOffsetFlushTimeoutMs = "offset.flush.timeout.ms";
inline constexpr const char* kTaskShutdownTimeoutMs = "task.shutdown.graceful.timeout.ms";
inline constexpr const char* kPluginPath = "plugin.path";
inline constexpr const char* kConfigProviders = "config.providers";
inline constexpr const char* kOverridePolicy = "connector.client.config.override.policy";
inline constexpr const char* kOverrideAllowlist = "connector.client.config.override.allowlist";
inline constexpr const char* kConfigReplicationFactor = "config.storage.replication.factor";
inline constexpr const char* kOffsetReplicationFactor = "offset.storage.replication.factor";
inline constexpr const char* kOffsetPartitions = "offset.storage.partitions";
inline constexpr const char* kStatusReplicationFactor = "status.storage.replication.factor";
inline constexpr const char* kStatusPartitions = "status.storage.partitions";
inline constexpr const char* kTopicTrackingEnable = "topic.tracking.enable";
inline constexpr const char* kTopicTrackingAllowReset = "topic.tracking.allow.reset";
inline constexpr const char* kDataDir = "connectd.data.dir";
inline constexpr const char* kRestIdleTimeoutMs = "connectd.rest.idle.timeout.ms";
inline constexpr const char* kRestStartupTimeoutMs = "connectd.rest.startup.timeout.ms";
}  // namespace worker_keys

// The ConfigDef of the worker keys connectd understands.
const ConfigDef& workerConfigDef();

// Worker properties from the environment, as the Debezium connect image derives them (spec §4.3):
// BOOTSTRAP_SERVERS, GROUP_ID, *_STORAGE_TOPIC, KEY/VALUE_CONVERTER, ADVERTISED_HOST_NAME/PORT (HOST_NAME
// as their default), OFFSET_FLUSH_*, SHUTDOWN_TIMEOUT, and CONNECT_FOO_BAR -> foo.bar. Also, as a
// connectd extension the article relies on, the unprefixed CONFIG_PROVIDERS, CONFIG_PROVIDERS_<N>_CLASS,
// CONFIG_PROVIDERS_<N>_PARAM_<K> and PLUGIN_PATH. CONNECT_* wins over the named variables.
ConfigMap workerPropsFromEnv(const std::map<std::string, std::string>& env);

// The process environment as a map.
std::map<std::string, std::string> processEnvironment();

class WorkerConfig {
 public:
  // File properties first, then the environment on top (as the image's entrypoint edits the file).
  // Throws ConfigException listing every invalid key.
  static WorkerConfig load(const ConfigMap& file_props, const std::map<std::string, std::string>& env);

  const ParsedConfig& parsed() const { return parsed_; }
  const ConfigMap& originals() const { return parsed_.originals(); }
  // Keys that are neither declared nor under a known prefix (producer., consumer., admin., …).
  const std::vector<std::string>& unknownKeys() const { return unknown_keys_; }

  std::string bootstrapServers() const;
  // The first listener as host and port; host is empty for "all interfaces".
  std::string listenerHost() const { return listener_host_; }
  unsigned short listenerPort() const { return listener_port_; }
  // advertised host:port, Kafka Connect's worker_id.
  std::string workerId() const;

 private:
  explicit WorkerConfig(ParsedConfig parsed) : parsed_(std::move(parsed)) {}

  ParsedConfig parsed_;
  std::vector<std::string> unknown_keys_;
  std::string listener_host_;
  unsigned short listener_port_ = 8083;
};

}  // namespace connectd::runtime
