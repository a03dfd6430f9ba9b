// The herder; see herder.hpp.
#include "runtime/herder.hpp"

#include <algorithm>

#include "connectd/api/errors.hpp"
#include "runtime/logging.hpp"

namespace connectd::runtime {
namespace {

// How long past task.shutdown.graceful.timeout.ms a shutdown may spend on the last offset commit and
// status records, so that a task that used all of its timeout delivering still gets them written.
constexpr std::chrono::milliseconds kFinalWritesAllowance{2000};

std::shared_ptr<spdlog::logger> log() {
  return logger("org.apache.kafka.connect.runtime.distributed.DistributedHerder");
}

// The first line of a Java stack trace, which is what users and tools look for, then the message.
std::string traceOf(const std::exception& e) {
  if (dynamic_cast<const ConfigException*>(&e) != nullptr) {
    return std::string("org.apache.kafka.common.config.ConfigException: ") + e.what();
  }
  if (dynamic_cast<const RetriableException*>(&e) != nullptr) {
    return std::string("org.apache.kafka.connect.errors.RetriableException: ") + e.what();
  }
  return std::string("org.apache.kafka.connect.errors.ConnectException: ") + e.what();
}

}  // namespace

Herder::Herder(const WorkerConfig& worker, const PluginRegistry& plugins, ConfigProviders providers, Stores stores)
    : worker_(worker),
      plugins_(plugins),
      providers_(std::move(providers)),
      stores_(std::move(stores)),
      worker_id_(worker.workerId()) {}

ClientOverridePolicy Herder::overridePolicy() const {
  return ClientOverridePolicy{worker_.parsed().getString(worker_keys::kOverridePolicy),
                              worker_.parsed().getList(worker_keys::kOverrideAllowlist)};
}

Herder::~Herder() {
  stop();
}

void Herder::start() {
  stores_.offsets->start();
  stores_.status->start();
  stores_.config->start([this](const std::string& c) { enqueue(Work{c, false, {}}); });
  thread_ = std::thread([this] { run(); });
  for (const auto& [c, cfg] : stores_.config->snapshot().connector_configs) {
    enqueue(Work{c, false, {}});
  }
  ready_ = true;
}

void Herder::stop() {
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  // The whole shutdown fits in task.shutdown.graceful.timeout.ms plus an allowance for the final offset
  // and status writes: with the broker gone, every store wait (even one under way) ends by then and
  // what was not written is logged, so SIGTERM never hangs on Kafka.
  const auto graceful = std::chrono::milliseconds(worker_.parsed().getLong("task.shutdown.graceful.timeout.ms"));
  const auto deadline = std::chrono::steady_clock::now() + graceful + kFinalWritesAllowance;
  if (stores_.config) stores_.config->waitAtMostUntil(deadline);
  if (stores_.status) stores_.status->waitAtMostUntil(deadline);
  if (stores_.offsets) stores_.offsets->waitAtMostUntil(deadline);
  queue_cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  for (auto& [c, rt] : runtimes_) {
    try {
      stopTasks(c, rt);
      stopConnectorInstance(c, rt);
      putConnectorStatus(c, State::kUnassigned);
    } catch (const std::exception& e) {
      log()->error("[{}] Error while stopping: {}", c, e.what());
    }
  }
  runtimes_.clear();
  ready_ = false;
  if (stores_.config) stores_.config->stop();
  if (stores_.status) stores_.status->stop();
  if (stores_.offsets) stores_.offsets->stop();
}

void Herder::enqueue(Work work) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(work));
  }
  queue_cv_.notify_all();
}

void Herder::run() {
  while (true) {
    Work work;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        return;
      }
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      reconcile(work);
    } catch (const std::exception& e) {
      // The worker never dies of one connector's trouble: record it and carry on.
      log()->error("[{}] Reconciling the connector failed: {}", work.connector,
                   scrubberFor(work.connector).scrub(e.what()));
      try {
        putConnectorStatus(work.connector, State::kFailed, traceOf(e));
      } catch (const std::exception& inner) {
        log()->error("[{}] Cannot record the failure: {}", work.connector, inner.what());
      }
    }
  }
}

std::string Herder::pluginVersion(const std::string& connector) const {
  const auto snap = stores_.config->snapshot();
  auto it = snap.connector_configs.find(connector);
  if (it == snap.connector_configs.end() || it->second.count(connector_keys::kConnectorClass) == 0) {
    return {};
  }
  try {
    const auto cls = plugins_.resolve(PluginType::kSource, it->second.at(connector_keys::kConnectorClass));
    return plugins_.find(PluginType::kSource, cls)->version;
  } catch (const ConnectException&) {
    return {};
  }
}

SecretScrubber Herder::scrubberFor(const std::string& connector) const {
  const auto snap = stores_.config->snapshot();
  auto it = snap.connector_configs.find(connector);
  if (it == snap.connector_configs.end()) {
    return {};
  }
  std::set<std::string> password_keys;
  try {
    auto instance = plugins_.newSourceConnector(it->second.at(connector_keys::kConnectorClass));
    for (const auto& key : instance->config().keys()) {
      if (key.type() == ConfigType::kPassword) {
        password_keys.insert(key.name());
      }
    }
  } catch (const std::exception&) {
    // Unknown class: only provider-resolved values are known secrets.
  }
  try {
    return SecretScrubber(it->second, providers_.resolve(it->second), password_keys);
  } catch (const std::exception&) {
    return SecretScrubber(it->second, it->second, password_keys);
  }
}

void Herder::putConnectorStatus(const std::string& connector, State state, std::optional<std::string> trace) {
  if (trace) {
    trace = scrubberFor(connector).scrub(std::move(*trace));
  }
  stores_.status->putConnector(connector, Status{state, std::move(trace), worker_id_, 0, pluginVersion(connector)});
}

void Herder::putTaskStatus(const std::string& connector, int task, State state, std::optional<std::string> trace) {
  if (trace) {
    trace = scrubberFor(connector).scrub(std::move(*trace));
    if (state == State::kFailed) {
      log()->error("[{}|task-{}] Task failed: {}", connector, task, *trace);
    }
  }
  stores_.status->putTask(connector, task, Status{state, std::move(trace), worker_id_, 0, pluginVersion(connector)});
}

void Herder::stopTasks(const std::string& connector, Runtime& rt) {
  const auto timeout = std::chrono::milliseconds(worker_.parsed().getLong("task.shutdown.graceful.timeout.ms"));
  for (auto& [n, task] : rt.tasks) {
    unregisterTask(connector, n);
    task->stop(timeout);
    log()->info("[{}|task-{}] Task stopped", connector, n);
  }
  rt.tasks.clear();
  rt.task_raw_configs.clear();
}

void Herder::stopConnectorInstance(const std::string& connector, Runtime& rt) {
  if (rt.connector) {
    try {
      rt.connector->stop();
    } catch (const std::exception& e) {
      log()->warn("[{}] Error while stopping the connector: {}", connector, e.what());
    }
    rt.connector.reset();
    log()->info("[{}] Connector stopped", connector);
  }
  rt.started_with.clear();
}

std::vector<ConfigMap> Herder::reverseTransform(const ConfigMap& raw,
                                                const std::vector<ConfigMap>& task_configs) const {
  // CVE-2019-12399: wherever a task config carries a key whose raw connector value was a placeholder,
  // store the placeholder, never the resolved secret.
  const auto keys = providers_.keysWithPlaceholders(raw);
  std::vector<ConfigMap> out = task_configs;
  for (auto& tc : out) {
    for (const auto& k : keys) {
      if (tc.count(k) != 0) {
        tc[k] = raw.at(k);
      }
    }
  }
  return out;
}

void Herder::startConnectorInstance(const std::string& connector, Runtime& rt, const ConfigMap& raw) {
  const ConfigMap resolved = providers_.resolve(raw);
  auto validation = validateConnectorConfig(plugins_, providers_, raw, overridePolicy());
  if (validation.error_count > 0) {
    std::string message = "Connector configuration is invalid:";
    for (const auto& e : validation.errorLines()) {
      message += "\n" + e;
    }
    throw ConfigException(message);
  }
  rt.connector = plugins_.newSourceConnector(raw.at(connector_keys::kConnectorClass));
  rt.connector->start(resolved);
  rt.started_with = raw;
  log()->info("[{}] Connector started ({})", connector, raw.at(connector_keys::kConnectorClass));
  const int tasks_max = std::get<std::int32_t>(ConfigDef::parseType(
      connector_keys::kTasksMax, raw.count("tasks.max") ? raw.at("tasks.max") : "1", ConfigType::kInt));
  auto generated = rt.connector->taskConfigs(tasks_max);
  if (static_cast<int>(generated.size()) > tasks_max) {
    throw ConnectException("The connector generated " + std::to_string(generated.size()) +
                           " task configs, more than tasks.max=" + std::to_string(tasks_max));
  }
  // As Kafka's Worker does: every task config names its task class (Kafka Connect needs it to start a task
  // from these records).
  for (auto& tc : generated) {
    tc["task.class"] = rt.connector->taskClass();
  }
  auto stored = reverseTransform(raw, generated);
  const auto snap = stores_.config->snapshot();
  auto it = snap.task_configs.find(connector);
  if (it == snap.task_configs.end() || it->second != stored) {
    stores_.config->putTaskConfigs(connector, stored);
  }
}

void Herder::startTask(const std::string& connector, Runtime& rt, int task, const ConfigMap& raw_task_config,
                       const ConfigMap& raw_connector_config, TargetState target) {
  try {
    auto instance = rt.connector->createTask();
    if (!instance) {
      throw ConnectException("The connector created no task");
    }
    auto wtask = std::make_unique<WorkerSourceTask>(
        TaskId{connector, task}, std::move(instance), providers_.resolve(raw_connector_config),
        providers_.resolve(raw_task_config), worker_, plugins_, *stores_.offsets,
        [this, connector, task](State state, std::optional<std::string> trace) {
          try {
            putTaskStatus(connector, task, state, std::move(trace));
          } catch (const std::exception& e) {
            log()->error("[{}|task-{}] Cannot record status: {}", connector, task, e.what());
          }
        },
        topicTracker(connector, task));
    if (target == TargetState::kPaused) {
      wtask->pause(true);
    }
    wtask->start();
    registerTask(connector, task, wtask.get());
    rt.tasks[task] = std::move(wtask);
    rt.task_raw_configs[task] = raw_task_config;
  } catch (const std::exception& e) {
    putTaskStatus(connector, task, State::kFailed, traceOf(e));
  }
}

void Herder::reconcile(const Work& work) {
  const std::string& c = work.connector;
  auto snap = stores_.config->snapshot();
  Runtime& rt = runtimes_[c];
  if (!snap.contains(c)) {
    stopTasks(c, rt);
    stopConnectorInstance(c, rt);
    runtimes_.erase(c);
    stores_.status->deleteConnector(c);
    resetConnectorActiveTopics(c);  // as Kafka's herder on deleting a connector
    log()->info("[{}] Connector deleted", c);
    return;
  }
  const ConfigMap raw = snap.connector_configs.at(c);  // a copy: snap is re-read below
  const TargetState target = snap.targetState(c);

  if (work.restart_connector || (rt.connector && rt.started_with != raw) || (rt.failed && rt.started_with != raw)) {
    stopTasks(c, rt);
    stopConnectorInstance(c, rt);
    rt.failed = false;
  }
  for (int n : work.restart_tasks) {
    if (auto t = rt.tasks.find(n); t != rt.tasks.end()) {
      unregisterTask(c, n);
      t->second->stop(std::chrono::milliseconds(5000));
      rt.tasks.erase(t);
      rt.task_raw_configs.erase(n);
    }
    putTaskStatus(c, n, State::kRestarting, std::nullopt);
  }

  if (target == TargetState::kStopped) {
    stopTasks(c, rt);
    stopConnectorInstance(c, rt);
    if (auto it = snap.task_configs.find(c); it != snap.task_configs.end() && !it->second.empty()) {
      stores_.config->putTaskConfigs(c, {});
    }
    for (const auto& [n, s] : stores_.status->tasks(c)) {
      stores_.status->deleteTask(c, n);
    }
    if (auto current = stores_.status->connector(c); !current || current->state != State::kStopped) {
      putConnectorStatus(c, State::kStopped);
    }
    return;
  }
  if (rt.failed) {
    return;  // stays FAILED until restarted or reconfigured
  }
  if (!rt.connector) {
    try {
      rt.started_with = raw;
      startConnectorInstance(c, rt, raw);
    } catch (const std::exception& e) {
      log()->error("[{}] Connector failed to start: {}", c, scrubberFor(c).scrub(e.what()));
      rt.connector.reset();
      rt.failed = true;
      putConnectorStatus(c, State::kFailed, traceOf(e));
      return;
    }
  }
  const State connector_state = target == TargetState::kPaused ? State::kPaused : State::kRunning;
  if (auto current = stores_.status->connector(c);
      !current || current->state != connector_state || current->worker_id != worker_id_) {
    putConnectorStatus(c, connector_state);
  }

  snap = stores_.config->snapshot();
  const std::vector<ConfigMap> committed =
      snap.task_configs.count(c) != 0 ? snap.task_configs.at(c) : std::vector<ConfigMap>{};
  // Stop tasks that no longer exist or whose configuration changed.
  for (auto it = rt.tasks.begin(); it != rt.tasks.end();) {
    const int n = it->first;
    if (n >= static_cast<int>(committed.size()) || rt.task_raw_configs[n] != committed[static_cast<std::size_t>(n)]) {
      unregisterTask(c, n);
      it->second->stop(std::chrono::milliseconds(5000));
      rt.task_raw_configs.erase(n);
      it = rt.tasks.erase(it);
      if (n >= static_cast<int>(committed.size())) {
        stores_.status->deleteTask(c, n);
      }
    } else {
      ++it;
    }
  }
  // Statuses of tasks that no longer exist (the connector now generates fewer).
  for (const auto& [n, st] : stores_.status->tasks(c)) {
    if (n >= static_cast<int>(committed.size())) {
      stores_.status->deleteTask(c, n);
    }
  }
  for (int n = 0; n < static_cast<int>(committed.size()); ++n) {
    auto t = rt.tasks.find(n);
    if (t == rt.tasks.end()) {
      startTask(c, rt, n, committed[static_cast<std::size_t>(n)], raw, target);
    } else {
      t->second->pause(target == TargetState::kPaused);
    }
  }
}

void Herder::requireConnector(const std::string& connector, const std::string& message_prefix) const {
  if (!stores_.config->snapshot().contains(connector)) {
    throw NotFoundException(message_prefix + connector + (message_prefix == "Connector " ? " not found" : ""));
  }
}

std::vector<std::string> Herder::connectors() const {
  std::vector<std::string> out;
  for (const auto& [c, cfg] : stores_.config->snapshot().connector_configs) {
    out.push_back(c);
  }
  return out;
}

ConfigMap Herder::redact(const ConfigMap& config) const {
  ConfigMap out = config;
  auto cls = config.find(connector_keys::kConnectorClass);
  if (cls == config.end()) {
    return out;
  }
  try {
    auto connector = plugins_.newSourceConnector(cls->second);
    for (const auto& key : connector->config().keys()) {
      if (key.type() == ConfigType::kPassword && out.count(key.name()) != 0 &&
          findPlaceholders(out[key.name()]).empty()) {
        out[key.name()] = std::string(Password::kHidden);
      }
    }
  } catch (const ConnectException&) {
    // Unknown class: nothing to know about its passwords.
  }
  return out;
}

ConnectorInfo Herder::connectorInfo(const std::string& connector) const {
  const auto snap = stores_.config->snapshot();
  auto it = snap.connector_configs.find(connector);
  if (it == snap.connector_configs.end()) {
    throw NotFoundException("Connector " + connector + " not found");
  }
  ConnectorInfo info;
  info.name = connector;
  info.config = redact(it->second);
  if (auto t = snap.task_configs.find(connector); t != snap.task_configs.end()) {
    for (int n = 0; n < static_cast<int>(t->second.size()); ++n) {
      info.tasks.push_back(n);
    }
  }
  info.type = "unknown";
  if (auto cls = it->second.find(connector_keys::kConnectorClass); cls != it->second.end()) {
    try {
      plugins_.resolve(PluginType::kSource, cls->second);
      info.type = "source";
    } catch (const NotFoundException&) {
    }
  }
  return info;
}

ConfigMap Herder::connectorConfig(const std::string& connector) const {
  return connectorInfo(connector).config;
}

bool Herder::putConnectorConfig(const std::string& connector, ConfigMap config, bool allow_replace,
                                std::optional<TargetState> initial_state) {
  if (auto name = config.find(connector_keys::kName); name != config.end() && name->second != connector) {
    throw BadRequestException("Connector name configuration (" + name->second +
                              ") doesn't match connector name in the URL (" + connector + ")");
  }
  config[connector_keys::kName] = connector;
  ValidationResult result;
  try {
    result = validateConnectorConfig(plugins_, providers_, config, overridePolicy());
  } catch (const NotFoundException& e) {
    // The real worker answers an unknown connector.class on create with 400; our message lists what exists.
    throw BadRequestException(e.what());
  }
  if (result.error_count > 0) {
    std::string message = "Connector configuration is invalid and contains the following " +
                          std::to_string(result.error_count) + " error(s):";
    for (const auto& e : result.errorLines()) {
      message += "\n" + e;
    }
    message += "\nYou can also find the above list of errors at the endpoint `/connector-plugins/" +
               config.at(connector_keys::kConnectorClass) + "/config/validate`";
    throw BadRequestException(message);
  }
  std::lock_guard lock(write_mutex_);
  const bool exists = stores_.config->snapshot().contains(connector);
  if (exists && !allow_replace) {
    throw AlreadyExistsException("Connector " + connector + " already exists");
  }
  stores_.config->putConnectorConfig(connector, config, exists ? std::nullopt : initial_state);
  return !exists;
}

void Herder::patchConnectorConfig(const std::string& connector,
                                  const std::map<std::string, std::optional<std::string>>& patch) {
  ConfigMap config;
  {
    const auto snap = stores_.config->snapshot();
    auto it = snap.connector_configs.find(connector);
    if (it == snap.connector_configs.end()) {
      throw NotFoundException("Connector " + connector + " not found");
    }
    config = it->second;
  }
  for (const auto& [k, v] : patch) {
    if (v) {
      config[k] = *v;
    } else {
      config.erase(k);
    }
  }
  putConnectorConfig(connector, std::move(config), true);
}

WorkerSourceTask::TopicTracker Herder::topicTracker(const std::string& connector, int task) {
  if (!topicTrackingEnabled()) {
    return {};
  }
  StatusStore* status = stores_.status.get();
  return {[status, connector, task](const std::string& topic) {
            // Kafka's recordActiveTopic: written once, unless another task or worker already has.
            try {
              if (!status->topic(connector, topic)) {
                const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch());
                status->putTopic(TopicStatus{topic, connector, task, now.count()});
              }
            } catch (const std::exception& e) {
              log()->error("[{}|task-{}] Cannot record active topic {}: {}", connector, task, topic, e.what());
            }
          },
          [status] { return status->topicRemovals(); }};
}

std::vector<std::string> Herder::connectorActiveTopics(const std::string& connector) const {
  std::vector<std::string> out;
  for (const auto& t : stores_.status->topics(connector)) {
    out.push_back(t.topic);
  }
  return out;
}

void Herder::resetConnectorActiveTopics(const std::string& connector) {
  for (const auto& t : stores_.status->topics(connector)) {
    stores_.status->deleteTopic(connector, t.topic);
  }
}

bool Herder::topicTrackingEnabled() const {
  return worker_.parsed().getBoolean(worker_keys::kTopicTrackingEnable);
}

bool Herder::topicTrackingResetAllowed() const {
  return worker_.parsed().getBoolean(worker_keys::kTopicTrackingAllowReset);
}

void Herder::deleteConnector(const std::string& connector) {
  std::lock_guard lock(write_mutex_);
  requireConnector(connector, "Connector ");
  stores_.config->removeConnectorConfig(connector);
}

ConnectorStateInfo Herder::connectorStatus(const std::string& connector) const {
  auto status = stores_.status->connector(connector);
  if (!status) {
    throw NotFoundException("No status found for connector " + connector);
  }
  ConnectorStateInfo info;
  info.name = connector;
  info.connector = StateInfo{status->state, status->trace, status->worker_id, status->version};
  for (const auto& [n, s] : stores_.status->tasks(connector)) {
    info.tasks[n] = StateInfo{s.state, s.trace, s.worker_id, s.version};
  }
  info.type = "source";
  return info;
}

StateInfo Herder::taskStatus(const std::string& connector, int task) const {
  auto tasks = stores_.status->tasks(connector);
  auto it = tasks.find(task);
  if (it == tasks.end()) {
    throw NotFoundException("No status found for task " + connector + "-" + std::to_string(task));
  }
  return StateInfo{it->second.state, it->second.trace, it->second.worker_id, it->second.version};
}

nlohmann::ordered_json Herder::taskMetrics(const std::string& connector, int task) const {
  requireConnector(connector, "Connector ");
  std::lock_guard lock(live_mutex_);
  auto it = live_tasks_.find({connector, task});
  if (it == live_tasks_.end()) {
    throw NotFoundException("Task " + connector + "-" + std::to_string(task) + " is not running on this worker");
  }
  return it->second->metrics();
}

void Herder::registerTask(const std::string& connector, int task, const WorkerSourceTask* instance) {
  std::lock_guard lock(live_mutex_);
  live_tasks_[{connector, task}] = instance;
}

void Herder::unregisterTask(const std::string& connector, int task) {
  std::lock_guard lock(live_mutex_);
  live_tasks_.erase({connector, task});
}

std::vector<TaskInfo> Herder::taskConfigs(const std::string& connector) const {
  const auto snap = stores_.config->snapshot();
  auto it = snap.connector_configs.find(connector);
  if (it == snap.connector_configs.end()) {
    throw NotFoundException("Connector " + connector + " not found");
  }
  std::vector<TaskInfo> out;
  if (auto t = snap.task_configs.find(connector); t != snap.task_configs.end()) {
    for (int n = 0; n < static_cast<int>(t->second.size()); ++n) {
      ConfigMap cfg = t->second[static_cast<std::size_t>(n)];
      cfg[connector_keys::kConnectorClass] = it->second.at(connector_keys::kConnectorClass);
      cfg = redact(cfg);
      cfg.erase(connector_keys::kConnectorClass);
      out.push_back(TaskInfo{n, std::move(cfg)});
    }
  }
  return out;
}

void Herder::pauseConnector(const std::string& connector) {
  std::lock_guard lock(write_mutex_);
  requireConnector(connector, "Unknown connector ");
  stores_.config->putTargetState(connector, TargetState::kPaused);
}

void Herder::resumeConnector(const std::string& connector) {
  std::lock_guard lock(write_mutex_);
  requireConnector(connector, "Unknown connector ");
  stores_.config->putTargetState(connector, TargetState::kStarted);
}

void Herder::stopConnector(const std::string& connector) {
  std::lock_guard lock(write_mutex_);
  requireConnector(connector, "Unknown connector ");
  stores_.config->putTaskConfigs(connector, {});
  stores_.config->putTargetState(connector, TargetState::kStopped);
}

void Herder::restartConnector(const std::string& connector) {
  requireConnector(connector, "Unknown connector: ");
  enqueue(Work{connector, true, {}});
}

ConnectorStateInfo Herder::restartConnectorAndTasks(const std::string& connector, bool include_tasks,
                                                    bool only_failed) {
  requireConnector(connector, "Unknown connector: ");
  auto status = stores_.status->connector(connector);
  if (!status) {
    throw NotFoundException("Status for connector " + connector + " not found");
  }
  ConnectorStateInfo plan = connectorStatus(connector);
  Work work{connector, false, {}};
  if (!only_failed || plan.connector.state == State::kFailed) {
    work.restart_connector = true;
    plan.connector.state = State::kRestarting;
    putConnectorStatus(connector, State::kRestarting);
  }
  for (auto& [n, s] : plan.tasks) {
    if (include_tasks && (!only_failed || s.state == State::kFailed)) {
      work.restart_tasks.insert(n);
      s.state = State::kRestarting;
    }
  }
  enqueue(std::move(work));
  return plan;
}

void Herder::restartTask(const std::string& connector, int task) {
  requireConnector(connector, "Unknown connector: ");
  const auto snap = stores_.config->snapshot();
  auto t = snap.task_configs.find(connector);
  if (!snap.contains(connector) || t == snap.task_configs.end() || task < 0 ||
      task >= static_cast<int>(t->second.size())) {
    throw NotFoundException("Unknown task: " + connector + "-" + std::to_string(task));
  }
  enqueue(Work{connector, false, {task}});
}

ValidationResult Herder::validate(const ConfigMap& config) const {
  return validateConnectorConfig(plugins_, providers_, config, overridePolicy());
}

std::vector<PartitionOffset> Herder::offsets(const std::string& connector) const {
  requireConnector(connector, "Connector ");
  return stores_.offsets->list(connector);
}

void Herder::alterOffsets(const std::string& connector, const std::vector<PartitionOffset>& offsets) {
  std::lock_guard lock(write_mutex_);
  requireConnector(connector, "Connector ");
  const auto snap = stores_.config->snapshot();
  const bool stopped = snap.targetState(connector) == TargetState::kStopped &&
                       (snap.task_configs.count(connector) == 0 || snap.task_configs.at(connector).empty());
  if (!stopped) {
    throw BadRequestException(
        "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the "
        "specified connector by issuing a 'PUT' request to the '/connectors/" +
        connector + "/stop' endpoint");
  }
  stores_.offsets->set(connector, offsets);
}

void Herder::resetOffsets(const std::string& connector) {
  std::vector<PartitionOffset> all = stores_.offsets->list(connector);
  for (auto& po : all) {
    po.offset.reset();
  }
  alterOffsets(connector, all);
}

}  // namespace connectd::runtime
