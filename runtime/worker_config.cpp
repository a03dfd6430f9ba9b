// Worker configuration; see worker_config.hpp.
#include "runtime/worker_config.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX global

namespace connectd::runtime {
namespace {

std::string lowerDotted(std::string_view env_suffix) {
  std::string out;
  out.reserve(env_suffix.size());
  for (char c : env_suffix) {
    out += c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Prefixes whose keys belong to clients, providers or connector defaults rather than to the worker.
constexpr std::array<std::string_view, 9> kPassThroughPrefixes = {
    "producer.",        "consumer.",         "admin.",           "config.providers.", "key.converter.",
    "value.converter.", "header.converter.", "listeners.https.", "config.storage."};

ConfigDef buildWorkerConfigDef() {
  using namespace worker_keys;
  ConfigDef def;
  def.define(kBootstrapServers, ConfigType::kList)
      .defaultValue("localhost:9092")
      .importance(Importance::kHigh)
      .doc("Kafka brokers to connect to, host:port pairs separated by commas.");
  def.define(kGroupId, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kHigh)
      .doc(
          "The Connect cluster this worker belongs to. When set, configs, offsets and status live in the "
          "Kafka topics named by config/offset/status.storage.topic, as in Kafka Connect's distributed mode.");
  def.define(kConfigStorageTopic, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kHigh)
      .doc("Topic holding connector configurations (one partition, compacted).");
  def.define(kOffsetStorageTopic, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kHigh)
      .doc("Topic holding source offsets (compacted).");
  def.define(kStatusStorageTopic, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kHigh)
      .doc("Topic holding connector and task status (compacted).");
  def.define(kKeyConverter, ConfigType::kClass)
      .defaultValue("org.apache.kafka.connect.json.JsonConverter")
      .importance(Importance::kHigh)
      .doc(
          "Converter for record keys unless a connector sets its own. Kafka requires it; the Debezium image "
          "defaults it to JsonConverter, and so does connectd.");
  def.define(kValueConverter, ConfigType::kClass)
      .defaultValue("org.apache.kafka.connect.json.JsonConverter")
      .importance(Importance::kHigh)
      .doc("Converter for record values unless a connector sets its own.");
  def.define(kHeaderConverter, ConfigType::kClass)
      .defaultValue("org.apache.kafka.connect.storage.SimpleHeaderConverter")
      .importance(Importance::kLow)
      .doc("Converter for header values.");
  def.define(kListeners, ConfigType::kList)
      .defaultValue("http://:8083")
      .importance(Importance::kLow)
      .doc("REST listeners, http://host:port; an empty host binds all interfaces.");
  def.define(kAdvertisedHostName, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kLow)
      .doc("Host name other workers and status records use for this worker.");
  def.define(kAdvertisedPort, ConfigType::kInt)
      .nullDefault()
      .importance(Importance::kLow)
      .doc("Port other workers and status records use for this worker.");
  def.define(kAdvertisedListener, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kLow)
      .doc("Scheme of the advertised URL (http or https).");
  def.define(kOffsetFlushIntervalMs, ConfigType::kLong)
      .defaultValue("60000")
      .importance(Importance::kLow)
      .validator(validators::atLeast(0))
      .doc("How often source offsets are committed.");
  def.define(kOffsetFlushTimeoutMs, ConfigType::kLong)
      .defaultValue("5000")
      .importance(Importance::kLow)
      .validator(validators::atLeast(0))
      .doc("How long an offset commit may wait for records to be acknowledged.");
  def.define(kTaskShutdownTimeoutMs, ConfigType::kLong)
      .defaultValue("5000")
      .importance(Importance::kLow)
      .validator(validators::atLeast(0))
      .doc("How long tasks get to stop on shutdown.");
  def.define(kPluginPath, ConfigType::kList)
      .nullDefault()
      .importance(Importance::kLow)
      .doc("Accepted for compatibility and ignored: connectd's plugins are built in.");
  def.define(kConfigProviders, ConfigType::kList)
      .defaultValue("")
      .importance(Importance::kLow)
      .doc("Names of config providers, each declared by config.providers.<name>.class.");
  def.define(kOverridePolicy, ConfigType::kString)
      .defaultValue("All")
      .importance(Importance::kMedium)
      .validator(validators::in({"All", "None", "Principal", "Allowlist"}))
      .doc(
          "Which producer.override.* / admin.override.* keys connectors may set: All (every key), None (no "
          "key), Principal (sasl.jaas.config, sasl.mechanism, security.protocol), Allowlist (the keys of "
          "connector.client.config.override.allowlist).");
  def.define(kOverrideAllowlist, ConfigType::kList)
      .defaultValue("")
      .importance(Importance::kMedium)
      .doc("Client configurations connectors may override under the Allowlist policy; if empty, none.");
  def.define(kConfigReplicationFactor, ConfigType::kShort)
      .defaultValue("3")
      .importance(Importance::kLow)
      .doc("Replication factor of the config topic when connectd creates it; -1 for the broker's default.");
  def.define(kOffsetReplicationFactor, ConfigType::kShort)
      .defaultValue("3")
      .importance(Importance::kLow)
      .doc("Replication factor of the offsets topic when connectd creates it; -1 for the broker's default.");
  def.define(kOffsetPartitions, ConfigType::kInt)
      .defaultValue("25")
      .importance(Importance::kLow)
      .doc("Partitions of the offsets topic when connectd creates it.");
  def.define(kStatusReplicationFactor, ConfigType::kShort)
      .defaultValue("3")
      .importance(Importance::kLow)
      .doc("Replication factor of the status topic when connectd creates it; -1 for the broker's default.");
  def.define(kStatusPartitions, ConfigType::kInt)
      .defaultValue("5")
      .importance(Importance::kLow)
      .doc("Partitions of the status topic when connectd creates it.");
  def.define(kTopicTrackingEnable, ConfigType::kBoolean)
      .defaultValue("true")
      .importance(Importance::kLow)
      .doc("Enable tracking the set of active topics per connector during runtime.");
  def.define(kTopicTrackingAllowReset, ConfigType::kBoolean)
      .defaultValue("true")
      .importance(Importance::kLow)
      .doc("If set to true, it allows user requests to reset the set of active topics per connector.");
  def.define(kDataDir, ConfigType::kString)
      .nullDefault()
      .importance(Importance::kMedium)
      .doc(
          "Without group.id: the directory holding connector configs, target states, offsets and status "
          "(default $HOME/.local/state/connectd). Survives restarts, unlike Kafka's standalone mode.");
  def.define(kRestIdleTimeoutMs, ConfigType::kLong)
      .defaultValue("30000")
      .importance(Importance::kLow)
      .validator(validators::atLeast(1))
      .doc(
          "How long a REST client may take to send a whole request, and how long a keep-alive connection may "
          "stay idle, before connectd closes it (Jetty's idle timeout in Kafka Connect is 30 s too).");
  def.define(kRestStartupTimeoutMs, ConfigType::kLong)
      .defaultValue("90000")
      .importance(Importance::kLow)
      .validator(validators::atLeast(0))
      .doc(
          "The REST port opens before the stores are read. Until they are, requests to /connectors... wait, "
          "at most this long (Kafka Connect's REST request timeout is 90 s), then get 500 Request timed out.");
  return def;
}

// Parses "http://host:port" (host may be empty or bracketed IPv6).
void parseListener(const std::string& listener, std::string& host, unsigned short& port) {
  std::string_view rest = listener;
  const auto scheme = rest.find("://");
  if (scheme == std::string_view::npos) {
    throw ConfigException(worker_keys::kListeners, listener, "Expected a URL like http://host:8083");
  }
  const std::string_view proto = rest.substr(0, scheme);
  if (proto != "http") {
    throw ConfigException(worker_keys::kListeners, listener, "Only http listeners are supported");
  }
  rest.remove_prefix(scheme + 3);
  if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos) {
    throw ConfigException(worker_keys::kListeners, listener, "The listener needs a port");
  }
  host = std::string(rest.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto p = java::parseInt(rest.substr(colon + 1));
  if (!p || *p < 0 || *p > 65535) {
    throw ConfigException(worker_keys::kListeners, listener, "Invalid port");
  }
  port = static_cast<unsigned short>(*p);
}

}  // namespace

const ConfigDef& workerConfigDef() {
  static const ConfigDef def = buildWorkerConfigDef();
  return def;
}

ConfigMap workerPropsFromEnv(const std::map<std::string, std::string>& env) {
  ConfigMap out;
  const auto get = [&](const char* name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  static constexpr std::array<std::pair<const char*, const char*>, 9> kNamed = {{
      {"BOOTSTRAP_SERVERS", worker_keys::kBootstrapServers},
      {"GROUP_ID", worker_keys::kGroupId},
      {"CONFIG_STORAGE_TOPIC", worker_keys::kConfigStorageTopic},
      {"OFFSET_STORAGE_TOPIC", worker_keys::kOffsetStorageTopic},
      {"STATUS_STORAGE_TOPIC", worker_keys::kStatusStorageTopic},
      {"KEY_CONVERTER", worker_keys::kKeyConverter},
      {"VALUE_CONVERTER", worker_keys::kValueConverter},
      {"OFFSET_FLUSH_INTERVAL_MS", worker_keys::kOffsetFlushIntervalMs},
      {"OFFSET_FLUSH_TIMEOUT_MS", worker_keys::kOffsetFlushTimeoutMs},
  }};
  for (const auto& [env_name, key] : kNamed) {
    if (const auto* v = get(env_name)) {
      out[key] = *v;
    }
  }
  if (const auto* v = get("SHUTDOWN_TIMEOUT")) {
    out[worker_keys::kTaskShutdownTimeoutMs] = *v;
  }
  const std::string* host = get("HOST_NAME");
  if (const auto* v = get("ADVERTISED_HOST_NAME")) {
    out[worker_keys::kAdvertisedHostName] = *v;
  } else if (host != nullptr) {
    out[worker_keys::kAdvertisedHostName] = *host;
  }
  if (const auto* v = get("ADVERTISED_PORT")) {
    out[worker_keys::kAdvertisedPort] = *v;
  }
  if (const auto* v = get("PLUGIN_PATH")) {
    out[worker_keys::kPluginPath] = *v;
  }
  // The article's unprefixed provider variables: CONFIG_PROVIDERS, CONFIG_PROVIDERS_<NAME>_CLASS,
  // CONFIG_PROVIDERS_<NAME>_PARAM_<KEY>.
  for (const auto& [name, value] : env) {
    if (name == "CONFIG_PROVIDERS") {
      out[worker_keys::kConfigProviders] = value;
    } else if (startsWith(name, "CONFIG_PROVIDERS_")) {
      const std::string rest = name.substr(std::string_view("CONFIG_PROVIDERS_").size());
      const auto param = rest.find("_PARAM_");
      if (param != std::string::npos) {
        out["config.providers." + lowerDotted(rest.substr(0, param)) + ".param." +
            lowerDotted(rest.substr(param + 7))] = value;
      } else if (rest.size() > 6 && rest.compare(rest.size() - 6, 6, "_CLASS") == 0) {
        out["config.providers." + lowerDotted(rest.substr(0, rest.size() - 6)) + ".class"] = value;
      }
    }
  }
  for (const auto& [name, value] : env) {
    if (startsWith(name, "CONNECT_") && name.size() > 8) {
      out[lowerDotted(std::string_view(name).substr(8))] = value;
    }
  }
  return out;
}

std::map<std::string, std::string> processEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) {
      env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  return env;
}

WorkerConfig WorkerConfig::load(const ConfigMap& file_props, const std::map<std::string, std::string>& env) {
  ConfigMap merged = file_props;
  for (auto& [k, v] : workerPropsFromEnv(env)) {
    merged[k] = v;
  }
  WorkerConfig config(workerConfigDef().parse(merged));
  for (const auto& entry : merged) {
    const std::string& k = entry.first;  // a named reference: clang 14 cannot capture structured bindings
    const bool known =
        workerConfigDef().find(k) != nullptr || std::any_of(kPassThroughPrefixes.begin(), kPassThroughPrefixes.end(),
                                                            [&k](std::string_view p) { return startsWith(k, p); });
    if (!known) {
      config.unknown_keys_.push_back(k);
    }
  }
  const auto& listeners = config.parsed_.getList(worker_keys::kListeners);
  if (listeners.empty()) {
    throw ConfigException("listeners must name at least one http://host:port");
  }
  parseListener(listeners.front(), config.listener_host_, config.listener_port_);
  return config;
}

std::string WorkerConfig::bootstrapServers() const {
  std::string out;
  for (const auto& s : parsed_.getList(worker_keys::kBootstrapServers)) {
    out += (out.empty() ? "" : ",") + s;
  }
  return out;
}

std::string WorkerConfig::workerId() const {
  std::string host = parsed_.getOptionalString(worker_keys::kAdvertisedHostName).value_or(listener_host_);
  if (host.empty()) {
    char buf[256] = {};
    host = ::gethostname(buf, sizeof(buf) - 1) == 0 ? std::string(buf) : std::string("localhost");
  }
  const auto port = parsed_.isNull(worker_keys::kAdvertisedPort) ? static_cast<int>(listener_port_)
                                                                 : parsed_.getInt(worker_keys::kAdvertisedPort);
  return host + ":" + std::to_string(port);
}

}  // namespace connectd::runtime
