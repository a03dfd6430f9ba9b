// StatusStore; see status_store.hpp.
#include "runtime/storage/status_store.hpp"

#include <nlohmann/json.hpp>

#include "runtime/logging.hpp"

namespace connectd::runtime {
namespace {

constexpr std::string_view kConnectorPrefix = "status-connector-";
constexpr std::string_view kTaskPrefix = "status-task-";
constexpr std::string_view kTopicPrefix = "status-topic-";
constexpr std::string_view kTopicSeparator = ":connector-";
constexpr std::chrono::milliseconds kTimeout{30000};

bool startsWith(const std::string& s, std::string_view p) {
  return s.compare(0, p.size(), p) == 0;
}

std::shared_ptr<spdlog::logger> log() {
  return logger("org.apache.kafka.connect.storage.KafkaStatusBackingStore");
}

}  // namespace

std::string_view stateName(State state) {
  switch (state) {
    case State::kUnassigned: return "UNASSIGNED";
    case State::kRunning: return "RUNNING";
    case State::kPaused: return "PAUSED";
    case State::kFailed: return "FAILED";
    case State::kRestarting: return "RESTARTING";
    case State::kStopped: return "STOPPED";
  }
  return "UNASSIGNED";
}

std::optional<State> parseState(std::string_view name) {
  for (State s :
       {State::kUnassigned, State::kRunning, State::kPaused, State::kFailed, State::kRestarting, State::kStopped}) {
    if (stateName(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

std::string statusValue(const Status& status) {
  nlohmann::ordered_json v;
  v["state"] = std::string(stateName(status.state));
  v["trace"] = status.trace ? nlohmann::ordered_json(*status.trace) : nlohmann::ordered_json(nullptr);
  v["worker_id"] = status.worker_id;
  v["generation"] = status.generation;
  if (!status.version.empty()) {
    v["version"] = status.version;
  }
  return v.dump();
}

std::string topicStatusKey(const std::string& topic, const std::string& connector) {
  return std::string(kTopicPrefix) + topic + std::string(kTopicSeparator) + connector;
}

std::string topicStatusValue(const TopicStatus& status) {
  // JsonConverter (schemas disabled) on Kafka's map<string, struct{name, connector, task, discoverTimestamp}>.
  nlohmann::ordered_json t;
  t["name"] = status.topic;
  t["connector"] = status.connector;
  t["task"] = status.task;
  t["discoverTimestamp"] = status.discover_timestamp;
  nlohmann::ordered_json v;
  v["topic"] = std::move(t);
  return v.dump();
}

StatusStore::StatusStore(std::unique_ptr<RecordLog> log) : log_(std::move(log)) {}

void StatusStore::start() {
  log_->start([this](const LogRecord& r) { apply(r); });
}
void StatusStore::waitAtMostUntil(std::chrono::steady_clock::time_point deadline) {
  log_->waitAtMostUntil(deadline);
}

void StatusStore::stop() {
  log_->stop();
}

void StatusStore::applyTopic(const LogRecord& record) {
  // As Kafka's readTopicStatus: the topic runs up to the first ':', the connector follows ":connector-".
  const auto colon = record.key.find(':');
  if (colon == std::string::npos || colon <= kTopicPrefix.size() ||
      record.key.compare(colon, kTopicSeparator.size(), kTopicSeparator) != 0 ||
      colon + kTopicSeparator.size() >= record.key.size()) {
    log()->warn("Discarding record with invalid topic status key {}", record.key);
    return;
  }
  const std::string topic = record.key.substr(kTopicPrefix.size(), colon - kTopicPrefix.size());
  const std::string connector = record.key.substr(colon + kTopicSeparator.size());
  if (!record.value) {
    std::lock_guard lock(mutex_);
    if (auto it = topics_.find(connector); it != topics_.end()) {
      it->second.erase(topic);
      if (it->second.empty()) {
        topics_.erase(it);
      }
    }
    topic_removals_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  auto v = nlohmann::json::parse(*record.value, nullptr, false);
  if (!v.is_object() || !v.contains("topic") || !v["topic"].is_object()) {
    log()->warn("Failed to parse topic status with key {}", record.key);
    return;
  }
  const auto& t = v["topic"];
  TopicStatus status;
  status.topic = t.contains("name") && t["name"].is_string() ? t["name"].get<std::string>() : topic;
  status.connector =
      t.contains("connector") && t["connector"].is_string() ? t["connector"].get<std::string>() : connector;
  if (t.contains("task") && t["task"].is_number_integer()) {
    status.task = t["task"].get<int>();
  }
  if (t.contains("discoverTimestamp") && t["discoverTimestamp"].is_number_integer()) {
    status.discover_timestamp = t["discoverTimestamp"].get<std::int64_t>();
  }
  std::lock_guard lock(mutex_);
  // Keyed by the record key's names, as Kafka's cache is.
  topics_[connector][topic] = std::move(status);
}

void StatusStore::apply(const LogRecord& record) {
  if (startsWith(record.key, kTopicPrefix)) {
    applyTopic(record);
    return;
  }
  std::optional<Status> status;
  if (record.value) {
    auto v = nlohmann::json::parse(*record.value, nullptr, false);
    if (!v.is_object() || !v.contains("state") || !v["state"].is_string()) {
      return;
    }
    auto state = parseState(v["state"].get<std::string>());
    if (!state) {
      return;
    }
    Status s;
    s.state = *state;
    if (v.contains("trace") && v["trace"].is_string()) {
      s.trace = v["trace"].get<std::string>();
    }
    if (v.contains("worker_id") && v["worker_id"].is_string()) {
      s.worker_id = v["worker_id"].get<std::string>();
    }
    if (v.contains("generation") && v["generation"].is_number_integer()) {
      s.generation = v["generation"].get<int>();
    }
    if (v.contains("version") && v["version"].is_string()) {
      s.version = v["version"].get<std::string>();
    }
    status = std::move(s);
  }
  std::lock_guard lock(mutex_);
  if (startsWith(record.key, kConnectorPrefix)) {
    const std::string c = record.key.substr(kConnectorPrefix.size());
    if (status) {
      connectors_[c] = std::move(*status);
    } else {
      connectors_.erase(c);
    }
  } else if (startsWith(record.key, kTaskPrefix)) {
    const std::string rest = record.key.substr(kTaskPrefix.size());
    const auto dash = rest.rfind('-');
    if (dash == std::string::npos) {
      return;
    }
    int n = 0;
    try {
      n = std::stoi(rest.substr(dash + 1));
    } catch (const std::exception&) {
      return;
    }
    const std::string c = rest.substr(0, dash);
    if (status) {
      tasks_[c][n] = std::move(*status);
    } else {
      tasks_[c].erase(n);
      if (tasks_[c].empty()) {
        tasks_.erase(c);
      }
    }
  }
}

void StatusStore::write() {
  log_->flush(kTimeout);
  log_->readToEnd(kTimeout);
}

void StatusStore::putConnector(const std::string& connector, const Status& status) {
  std::lock_guard io(io_mutex_);
  log_->send(std::string(kConnectorPrefix) + connector, statusValue(status));
  write();
}

void StatusStore::putTask(const std::string& connector, int task, const Status& status) {
  std::lock_guard io(io_mutex_);
  log_->send(std::string(kTaskPrefix) + connector + "-" + std::to_string(task), statusValue(status));
  write();
}

void StatusStore::deleteConnector(const std::string& connector) {
  std::vector<int> task_ids;
  {
    std::lock_guard lock(mutex_);
    if (auto it = tasks_.find(connector); it != tasks_.end()) {
      for (const auto& [n, s] : it->second) {
        task_ids.push_back(n);
      }
    }
  }
  std::lock_guard io(io_mutex_);
  for (int n : task_ids) {
    log_->send(std::string(kTaskPrefix) + connector + "-" + std::to_string(n), std::nullopt);
  }
  log_->send(std::string(kConnectorPrefix) + connector, std::nullopt);
  write();
}

void StatusStore::deleteTask(const std::string& connector, int task) {
  std::lock_guard io(io_mutex_);
  log_->send(std::string(kTaskPrefix) + connector + "-" + std::to_string(task), std::nullopt);
  write();
}

std::optional<Status> StatusStore::connector(const std::string& connector) const {
  std::lock_guard lock(mutex_);
  auto it = connectors_.find(connector);
  return it == connectors_.end() ? std::nullopt : std::optional<Status>(it->second);
}

std::map<int, Status> StatusStore::tasks(const std::string& connector) const {
  std::lock_guard lock(mutex_);
  auto it = tasks_.find(connector);
  return it == tasks_.end() ? std::map<int, Status>{} : it->second;
}

std::vector<std::string> StatusStore::connectors() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [c, s] : connectors_) {
    out.push_back(c);
  }
  return out;
}

void StatusStore::putTopic(const TopicStatus& status) {
  std::lock_guard io(io_mutex_);
  log_->send(topicStatusKey(status.topic, status.connector), topicStatusValue(status));
  write();
}

void StatusStore::deleteTopic(const std::string& connector, const std::string& topic) {
  std::lock_guard io(io_mutex_);
  log_->send(topicStatusKey(topic, connector), std::nullopt);
  write();
}

std::optional<TopicStatus> StatusStore::topic(const std::string& connector, const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto it = topics_.find(connector);
  if (it == topics_.end()) {
    return std::nullopt;
  }
  auto t = it->second.find(topic);
  return t == it->second.end() ? std::nullopt : std::optional<TopicStatus>(t->second);
}

std::vector<TopicStatus> StatusStore::topics(const std::string& connector) const {
  std::lock_guard lock(mutex_);
  std::vector<TopicStatus> out;
  if (auto it = topics_.find(connector); it != topics_.end()) {
    for (const auto& [name, status] : it->second) {
      out.push_back(status);
    }
  }
  return out;
}

}  // namespace connectd::runtime
