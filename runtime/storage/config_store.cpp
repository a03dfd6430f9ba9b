// ConfigStore; see config_store.hpp.
#include "runtime/storage/config_store.hpp"

#include <nlohmann/json.hpp>

#include "connectd/api/errors.hpp"
#include "runtime/logging.hpp"

namespace connectd::runtime {
namespace {

constexpr std::string_view kConnectorPrefix = "connector-";
constexpr std::string_view kTargetStatePrefix = "target-state-";
constexpr std::string_view kTaskPrefix = "task-";
constexpr std::string_view kCommitPrefix = "commit-";
constexpr std::string_view kRestartPrefix = "restart-connector-";

bool startsWith(const std::string& s, std::string_view p) {
  return s.compare(0, p.size(), p) == 0;
}

std::optional<ConfigMap> propertiesOf(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("properties") || !value["properties"].is_object()) {
    return std::nullopt;
  }
  ConfigMap out;
  for (const auto& [k, v] : value["properties"].items()) {
    if (v.is_string()) {
      out.emplace(k, v.get<std::string>());
    } else if (!v.is_null()) {
      out.emplace(k, v.dump());
    }
  }
  return out;
}

std::shared_ptr<spdlog::logger> log() {
  return logger("org.apache.kafka.connect.storage.KafkaConfigBackingStore");
}

}  // namespace

std::string_view targetStateName(TargetState state) {
  switch (state) {
    case TargetState::kStarted: return "STARTED";
    case TargetState::kPaused: return "PAUSED";
    case TargetState::kStopped: return "STOPPED";
  }
  return "STARTED";
}

TargetState ClusterConfigState::targetState(const std::string& connector) const {
  auto it = target_states.find(connector);
  return it == target_states.end() ? TargetState::kStarted : it->second;
}

std::string connectorConfigValue(const ConfigMap& config) {
  nlohmann::ordered_json props = nlohmann::ordered_json::object();
  for (const auto& [k, v] : config) {
    props[k] = v;
  }
  return nlohmann::ordered_json{{"properties", props}}.dump();
}

std::string targetStateValue(TargetState state) {
  // Older workers know only STARTED and PAUSED, so STOPPED is written as PAUSED in "state".
  nlohmann::ordered_json v;
  v["state"] = std::string(targetStateName(state == TargetState::kStopped ? TargetState::kPaused : state));
  v["state.v2"] = std::string(targetStateName(state));
  return v.dump();
}

std::string commitValue(int tasks) {
  return nlohmann::ordered_json{{"tasks", tasks}}.dump();
}

std::string restartValue(bool include_tasks, bool only_failed) {
  nlohmann::ordered_json v;
  v["include-tasks"] = include_tasks;
  v["only-failed"] = only_failed;
  return v.dump();
}

ConfigStore::ConfigStore(std::unique_ptr<RecordLog> log) : log_(std::move(log)) {}

void ConfigStore::start(Listener on_change, std::function<void(const RestartRequest&)> on_restart) {
  // Replay without notifications: the caller reads the snapshot once the store is up.
  log_->start([this](const LogRecord& r) { apply(r); });
  std::lock_guard lock(mutex_);
  on_change_ = std::move(on_change);
  on_restart_ = std::move(on_restart);
  started_ = true;
  log()->info("Read {} connector configuration(s) from {}", state_.connector_configs.size(), log_->describe());
}

void ConfigStore::waitAtMostUntil(std::chrono::steady_clock::time_point deadline) {
  log_->waitAtMostUntil(deadline);
}

void ConfigStore::stop() {
  log_->stop();
}

ClusterConfigState ConfigStore::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void ConfigStore::apply(const LogRecord& record) {
  const std::string& key = record.key;
  std::optional<nlohmann::json> value;
  if (record.value) {
    auto parsed = nlohmann::json::parse(*record.value, nullptr, false);
    if (parsed.is_discarded()) {
      log()->error("Skipping record {} at offset {}: its value is not JSON", key, record.offset);
      return;
    }
    value = std::move(parsed);
  }
  std::string changed;
  std::optional<RestartRequest> restart;
  {
    std::lock_guard lock(mutex_);
    if (startsWith(key, kConnectorPrefix)) {
      const std::string c = key.substr(kConnectorPrefix.size());
      if (!value) {
        state_.connector_configs.erase(c);
        state_.target_states.erase(c);
        state_.task_configs.erase(c);
        pending_tasks_.erase(c);
        state_.inconsistent.erase(c);
      } else if (auto props = propertiesOf(*value)) {
        state_.connector_configs[c] = std::move(*props);
      } else {
        log()->error("Skipping malformed connector config record for {}", c);
        return;
      }
      changed = c;
    } else if (startsWith(key, kTargetStatePrefix)) {
      const std::string c = key.substr(kTargetStatePrefix.size());
      if (!value) {
        state_.target_states.erase(c);
      } else {
        // state.v2 (3.5+) wins; "state" is what older workers write.
        std::string s;
        if (value->contains("state.v2") && (*value)["state.v2"].is_string()) {
          s = (*value)["state.v2"].get<std::string>();
        } else if (value->contains("state") && (*value)["state"].is_string()) {
          s = (*value)["state"].get<std::string>();
        }
        if (s == "STARTED") {
          state_.target_states[c] = TargetState::kStarted;
        } else if (s == "PAUSED") {
          state_.target_states[c] = TargetState::kPaused;
        } else if (s == "STOPPED") {
          state_.target_states[c] = TargetState::kStopped;
        } else {
          log()->error("Skipping target state record for {} with unknown state '{}'", c, s);
          return;
        }
      }
      changed = c;
    } else if (startsWith(key, kTaskPrefix)) {
      // task-{c}-{n}: the task number follows the last '-', so connector names may contain '-'.
      const std::string rest = key.substr(kTaskPrefix.size());
      const auto dash = rest.rfind('-');
      if (dash == std::string::npos || !value) {
        return;
      }
      const std::string c = rest.substr(0, dash);
      int n = -1;
      try {
        n = std::stoi(rest.substr(dash + 1));
      } catch (const std::exception&) {
        log()->error("Skipping task config record with a malformed key {}", key);
        return;
      }
      if (auto props = propertiesOf(*value)) {
        pending_tasks_[c][n] = std::move(*props);
      }
      return;
    } else if (startsWith(key, kCommitPrefix)) {
      const std::string c = key.substr(kCommitPrefix.size());
      if (!value || !value->contains("tasks") || !(*value)["tasks"].is_number_integer()) {
        return;
      }
      const int count = (*value)["tasks"].get<int>();
      auto& pending = pending_tasks_[c];
      std::vector<ConfigMap> tasks;
      bool complete = true;
      for (int i = 0; i < count; ++i) {
        auto it = pending.find(i);
        if (it == pending.end()) {
          complete = false;
          break;
        }
        tasks.push_back(it->second);
      }
      if (complete) {
        state_.task_configs[c] = std::move(tasks);
        state_.inconsistent.erase(c);
      } else {
        state_.inconsistent.insert(c);
        log()->warn("Connector {} has a commit of {} task(s) without all of their configurations", c, count);
      }
      pending_tasks_.erase(c);
      changed = c;
    } else if (startsWith(key, kRestartPrefix)) {
      if (value && value->is_object()) {
        RestartRequest r;
        r.connector = key.substr(kRestartPrefix.size());
        r.include_tasks = value->value("include-tasks", false);
        r.only_failed = value->value("only-failed", false);
        restart = r;
      }
    }
    // session-key, tasks-fencing-*, logger-cluster-*: not used by a single worker; ignored.
  }
  if (!started_) {
    return;
  }
  if (!changed.empty() && on_change_) {
    on_change_(changed);
  }
  if (restart && on_restart_) {
    on_restart_(*restart);
  }
}

void ConfigStore::writeAndApply() {
  log_->flush(timeout_);
  log_->readToEnd(timeout_);
}

void ConfigStore::putConnectorConfig(const std::string& connector, const ConfigMap& config,
                                     std::optional<TargetState> initial_state) {
  std::lock_guard io(io_mutex_);
  if (initial_state) {
    // As Kafka does: the target state is written before the config, so the connector never starts in
    // the wrong state.
    log_->send(std::string(kTargetStatePrefix) + connector, targetStateValue(*initial_state));
  }
  log_->send(std::string(kConnectorPrefix) + connector, connectorConfigValue(config));
  writeAndApply();
}

void ConfigStore::removeConnectorConfig(const std::string& connector) {
  std::lock_guard io(io_mutex_);
  log_->send(std::string(kConnectorPrefix) + connector, std::nullopt);
  log_->send(std::string(kTargetStatePrefix) + connector, std::nullopt);
  writeAndApply();
}

void ConfigStore::putTargetState(const std::string& connector, TargetState state) {
  std::lock_guard io(io_mutex_);
  log_->send(std::string(kTargetStatePrefix) + connector, targetStateValue(state));
  writeAndApply();
}

void ConfigStore::putTaskConfigs(const std::string& connector, const std::vector<ConfigMap>& configs) {
  std::lock_guard io(io_mutex_);
  for (std::size_t i = 0; i < configs.size(); ++i) {
    log_->send(std::string(kTaskPrefix) + connector + "-" + std::to_string(i), connectorConfigValue(configs[i]));
  }
  log_->send(std::string(kCommitPrefix) + connector, commitValue(static_cast<int>(configs.size())));
  writeAndApply();
}

void ConfigStore::putRestartRequest(const RestartRequest& request) {
  std::lock_guard io(io_mutex_);
  log_->send(std::string(kRestartPrefix) + request.connector, restartValue(request.include_tasks, request.only_failed));
  writeAndApply();
}

}  // namespace connectd::runtime
