// WorkerSourceTask; see worker_source_task.hpp.
#include "runtime/worker_source_task.hpp"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "runtime/connector_config.hpp"
#include "runtime/logging.hpp"
#include "runtime/transformation_chain.hpp"

namespace connectd::runtime {
namespace {

using Clock = std::chrono::steady_clock;

// Java producer keys whose librdkafka name is the same; others are ignored with a warning.
const std::map<std::string, std::string>& producerKeyMap() {
  static const std::map<std::string, std::string> m = {
      {"compression.type", "compression.type"},
      {"linger.ms", "linger.ms"},
      {"batch.size", "batch.size"},
      {"client.id", "client.id"},
      {"request.timeout.ms", "request.timeout.ms"},
      {"delivery.timeout.ms", "delivery.timeout.ms"},
      {"retry.backoff.ms", "retry.backoff.ms"},
      {"max.request.size", "message.max.bytes"},
      {"security.protocol", "security.protocol"},
      {"sasl.mechanism", "sasl.mechanism"},
      {"ssl.ca.location", "ssl.ca.location"},
  };
  return m;
}

struct DeliveryOpaque {
  WorkerSourceTask* task;
  std::uint64_t seq;
};

void deliveryCallback(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* /*opaque*/) {
  auto* d = static_cast<DeliveryOpaque*>(msg->_private);
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    d->task->onDelivery(d->seq, msg->err, rd_kafka_err2str(msg->err), msg->rkt ? rd_kafka_topic_name(msg->rkt) : "");
  } else {
    d->task->onDelivery(d->seq, msg->err, {}, {});
  }
  delete d;  // NOLINT(cppcoreguidelines-owning-memory): allocated per message in produce()
}

// librdkafka reads a null pointer as a null key, value or header, whatever the size; an empty std::vector
// may hand out one. An empty (zero-length, not null) value must stay empty, as Java's byte[0] does.
// (librdkafka only reads through it: messages are produced with RD_KAFKA_MSG_F_COPY.)
void* bytesPointer(Bytes& bytes) {
  static std::uint8_t empty = 0;
  return bytes.empty() ? &empty : bytes.data();
}

}  // namespace

std::map<std::string, std::string> producerSettings(const TaskId& id, const WorkerConfig& worker,
                                                    const ConfigMap& connector_config,
                                                    std::vector<std::string>* ignored) {
  std::map<std::string, std::string> settings = {
      {"bootstrap.servers", worker.bootstrapServers()},
      {"client.id", "connector-producer-" + id.str()},
      {"acks", "all"},
      {"enable.idempotence", "true"},
      {"partitioner", "murmur2_random"},  // the Java client's partitioner for keyed records
      {"linger.ms", "5"},
      // What Kafka Connect forces on its source producers: never give up on a record.
      {"delivery.timeout.ms", "2147483647"},
      // The Java producer's buffer.memory default (32 MiB) bounds what waits for the broker; librdkafka's
      // own default (1 GiB) would let a large transaction or a slow broker fill memory instead.
      {"queue.buffering.max.kbytes", "32768"},
      // librdkafka counts only key and value bytes against that; a queued message also carries its own
      // bookkeeping and headers (about 1 KB for the article's outbox record with its seven headers), so its
      // default of 100,000 messages held ~110 MB. 16,384 messages keep the buffer near Java's 32 MiB and
      // still cover the linger (50 ms at 300,000 records/s).
      {"queue.buffering.max.messages", "16384"},
      // Java's batch.size default: a batch goes out when it is full or linger.ms has passed, whichever comes
      // first. librdkafka's own default (1,000,000 bytes) makes every batch wait out the whole linger.ms; with
      // the linger.ms of 50 that Debezium deployments often set, that was 30 ms of median latency at 5,000
      // records/s instead of 12 ms.
      {"batch.size", "16384"},
  };
  const auto apply = [&](const ConfigMap& props, const char* origin) {
    for (const auto& [k, v] : props) {
      if (k == "buffer.memory") {  // bytes in Java, KiB in librdkafka
        const auto bytes = java::parseLong(v);
        if (!bytes || *bytes < 1024) {
          throw ConfigException(std::string(origin) + k, v, "Expected a number of bytes of at least 1024");
        }
        settings["queue.buffering.max.kbytes"] = std::to_string(*bytes / 1024);
        continue;
      }
      auto it = producerKeyMap().find(k);
      if (it == producerKeyMap().end()) {
        if (ignored != nullptr) {
          ignored->push_back(origin + k);
        }
        continue;
      }
      settings[it->second] = v;
    }
  };
  apply(configWithPrefix(worker.originals(), "producer."), "producer.");
  apply(configWithPrefix(connector_config, "producer.override."), "producer.override.");
  return settings;
}

WorkerSourceTask::WorkerSourceTask(TaskId id, std::unique_ptr<SourceTask> task, ConfigMap connector_config,
                                   ConfigMap task_config, const WorkerConfig& worker, const PluginRegistry& plugins,
                                   OffsetStore& offsets, StatusListener on_status, TopicTracker tracker)
    : id_(std::move(id)),
      task_(std::move(task)),
      connector_config_(std::move(connector_config)),
      task_config_(std::move(task_config)),
      worker_(worker),
      plugins_(plugins),
      offsets_(offsets),
      on_status_(std::move(on_status)),
      tracker_(std::move(tracker)) {}

WorkerSourceTask::~WorkerSourceTask() {
  stop(std::chrono::milliseconds(5000));
}

void WorkerSourceTask::start() {
  thread_ = std::thread([this] { run(); });
}

void WorkerSourceTask::pause(bool paused) {
  const bool changed = paused_.exchange(paused) != paused;
  cv_.notify_all();
  if (changed && !failed_) {
    on_status_(paused ? State::kPaused : State::kRunning, std::nullopt);
  }
}

void WorkerSourceTask::stop(std::chrono::milliseconds timeout) {
  if (!thread_.joinable()) {
    return;
  }
  stop_deadline_ = (Clock::now() + timeout).time_since_epoch().count();
  stopping_ = true;
  cv_.notify_all();
  task_->stop();
  thread_.join();
}

void WorkerSourceTask::onDelivery(std::uint64_t seq, int error_code, const std::string& error,
                                  const std::string& topic) {
  if (!pending_topics_.empty()) {
    if (auto it = pending_topics_.find(seq); it != pending_topics_.end()) {
      if (error_code == RD_KAFKA_RESP_ERR_NO_ERROR) {
        tracker_.record(it->second);
      } else {
        tracked_topics_.erase(it->second);  // the next record to the topic tries again
      }
      pending_topics_.erase(it);
    }
  }
  if (error_code != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (producer_closing_) {
      return;  // purged on close: left unacknowledged, as Kafka ignores sends failing after the producer closed
    }
    if (!tolerate_all_) {
      // The record stays unacknowledged, so no offset at or after it is committed; the task fails.
      if (produce_error_.empty()) {
        produce_error_ = "failed to send a record to topic " + topic + ": " + error;
      }
      return;
    }
    // errors.tolerance=all covers send failures too (Kafka's WorkerSourceTask.producerSendFailed): the
    // record is skipped and counts as processed, so the offsets move past it.
    ++send_failures_skipped_;
    // Reported as Kafka's executeFailed(Stage.KAFKA_PRODUCE, WorkerSourceTask.class, …) reports it.
    if (const auto line =
            error_log_->message(id_.str(), "KAFKA_PRODUCE", "org.apache.kafka.connect.runtime.WorkerSourceTask",
                                nullptr, "failed to send a record to topic " + topic + ": " + error)) {
      logger("org.apache.kafka.connect.runtime.WorkerSourceTask")
          ->error("[{}|task-{}] {}", id_.connector, id_.task, *line);
    }
  }
  // Sequence numbers are contiguous from the front of the queue, which only shrinks from the front.
  if (!submitted_.empty() && seq >= submitted_.front().seq) {
    const auto index = static_cast<std::size_t>(seq - submitted_.front().seq);
    if (index < submitted_.size()) {
      submitted_[index].acked = true;
    }
  }
}

void WorkerSourceTask::fail(const std::string& message) {
  on_status_(State::kFailed, message);
}

void WorkerSourceTask::createProducer() {
  std::vector<std::string> ignored;
  const auto settings = producerSettings(id_, worker_, connector_config_, &ignored);
  auto log = logger("org.apache.kafka.connect.runtime.Worker");
  for (const auto& key : ignored) {
    log->warn("[{}|task-{}] Ignoring {}: no librdkafka equivalent", id_.connector, id_.task, key);
  }

  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw ConfigException("Invalid producer setting " + k + ": " + err);
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, &deliveryCallback);
  producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (producer_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw ConnectException(std::string("Cannot create the producer: ") + err);
  }
}

void WorkerSourceTask::awaitTopicMetadata(const std::string& topic) {
  // librdkafka 2.0 asks for a new topic's metadata once, and when the broker does not know the topic yet
  // (a Kafka 4 broker answers UNKNOWN_TOPIC_OR_PARTITION to the first request for a topic created moments
  // before) it asks again only on its one-second topic scan: the first record waited a second. Java's
  // producer instead blocks send() in waitOnMetadata, retrying at retry.backoff.ms. Doing the same here
  // brings the first record of a topic from ~1 s down to tens of ms. Bounded: after 2 s the record is
  // handed to librdkafka as before, which keeps trying.
  if (!topics_with_metadata_.insert(topic).second) {
    return;
  }
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(producer_, topic.c_str(), nullptr);
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  while (!stopping_) {
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(producer_, 0, rkt, &md, 1000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const bool known =
          md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topics[0].partition_cnt > 0;
      rd_kafka_metadata_destroy(md);
      if (known) {
        break;
      }
    }
    if (Clock::now() >= deadline) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  rd_kafka_topic_destroy(rkt);
}

void WorkerSourceTask::trackTopic(const std::string& topic, std::uint64_t seq) {
  if (!tracker_.record) {
    return;
  }
  if (const auto removals = tracker_.removals ? tracker_.removals() : 0; removals != tracked_removals_) {
    tracked_removals_ = removals;
    tracked_topics_.clear();
  }
  if (tracked_topics_.insert(topic).second) {
    pending_topics_.emplace(seq, topic);
  }
}

bool WorkerSourceTask::produce(const SourceRecord& record) {
  awaitTopicMetadata(record.topic());
  const Headers& headers = record.headers();
  auto key = key_converter_->fromConnectData(record.topic(), headers, record.keySchema(), record.key());
  auto value = value_converter_->fromConnectData(record.topic(), headers, record.valueSchema(), record.value());
  rd_kafka_headers_t* hdrs = rd_kafka_headers_new(headers.size());
  for (const auto& h : headers) {
    auto bytes = header_converter_->fromConnectHeader(record.topic(), h.key, h.schema, h.value);
    rd_kafka_header_add(hdrs, h.key.c_str(), static_cast<ssize_t>(h.key.size()), bytes ? bytesPointer(*bytes) : nullptr,
                        bytes ? static_cast<ssize_t>(bytes->size()) : 0);
  }
  const std::uint64_t seq = next_seq_++;
  submitted_.push_back(Submitted{seq, record.sourcePartition(), record.sourceOffset(), false});
  trackTopic(record.topic(), seq);
  auto* opaque = new DeliveryOpaque{this, seq};  // NOLINT(cppcoreguidelines-owning-memory): freed by the callback

  std::vector<rd_kafka_vu_t> vus;
  vus.reserve(7);
  rd_kafka_vu_t vu{};
  vu.vtype = RD_KAFKA_VTYPE_TOPIC;
  vu.u.cstr = record.topic().c_str();
  vus.push_back(vu);
  vu.vtype = RD_KAFKA_VTYPE_PARTITION;
  vu.u.i32 = record.kafkaPartition().value_or(RD_KAFKA_PARTITION_UA);
  vus.push_back(vu);
  if (key) {
    vu.vtype = RD_KAFKA_VTYPE_KEY;
    vu.u.mem = {bytesPointer(*key), key->size()};
    vus.push_back(vu);
  }
  if (value) {
    vu.vtype = RD_KAFKA_VTYPE_VALUE;
    vu.u.mem = {bytesPointer(*value), value->size()};
    vus.push_back(vu);
  }
  if (record.timestamp()) {
    vu.vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vu.u.i64 = *record.timestamp();
    vus.push_back(vu);
  }
  vu.vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu.u.i = RD_KAFKA_MSG_F_COPY;
  vus.push_back(vu);
  vu.vtype = RD_KAFKA_VTYPE_OPAQUE;
  vu.u.ptr = opaque;
  vus.push_back(vu);
  rd_kafka_vu_t hv{};
  hv.vtype = RD_KAFKA_VTYPE_HEADERS;
  hv.u.headers = hdrs;
  vus.push_back(hv);

  while (true) {
    rd_kafka_error_t* error = rd_kafka_produceva(producer_, vus.data(), vus.size());
    if (error == nullptr) {
      return true;  // the producer owns hdrs now
    }
    const auto code = rd_kafka_error_code(error);
    const std::string text = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    const bool wait = code == RD_KAFKA_RESP_ERR__QUEUE_FULL && !stopping_;
    if (wait) {
      rd_kafka_poll(producer_, 100);  // back-pressure: wait for deliveries
      continue;
    }
    rd_kafka_headers_destroy(hdrs);
    delete opaque;  // NOLINT(cppcoreguidelines-owning-memory)
    submitted_.pop_back();
    if (auto it = pending_topics_.find(seq); it != pending_topics_.end()) {
      tracked_topics_.erase(it->second);
      pending_topics_.erase(it);
    }
    --next_seq_;
    if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return false;  // stopping: the record and the rest of its batch are not sent, nor their offsets committed
    }
    // As Kafka's synchronous send failures, not covered by errors.tolerance.
    throw ConnectException("Unrecoverable exception trying to send a record to topic " + record.topic() + ": " + text);
  }
}

void WorkerSourceTask::absorbAcknowledged() {
  while (!submitted_.empty() && submitted_.front().acked) {
    const auto& s = submitted_.front();
    if (s.partition && s.offset) {
      // Tasks usually hand out one partition map object: its JSON key is computed once.
      if (s.partition != last_partition_) {
        last_partition_ = s.partition;
        last_partition_key_ = s.partition->dump();
      }
      committable_.insert_or_assign(last_partition_key_, PartitionOffset{*s.partition, *s.offset});
    }
    submitted_.pop_front();
  }
}

bool WorkerSourceTask::commitOffsets() {
  // The contiguous acknowledged prefix: its last offset per source partition is safe to commit.
  absorbAcknowledged();
  if (committable_.empty()) {
    return true;
  }
  std::vector<PartitionOffset> batch;
  for (const auto& [k, po] : committable_) {
    batch.push_back(po);
  }
  try {
    offsets_.set(id_.connector, batch);
  } catch (const ConnectException& e) {
    logger("org.apache.kafka.connect.runtime.WorkerSourceTask")
        ->warn("[{}|task-{}] Offset commit of {} source partition(s) failed: {}", id_.connector, id_.task, batch.size(),
               e.what());
    return false;
  }
  committable_.clear();
  task_->commit();
  return true;
}

void WorkerSourceTask::execute() {
  const auto log = logger("org.apache.kafka.connect.runtime.WorkerSourceTask");
  const auto converterFor = [&](const char* key) -> std::pair<std::string, ConfigMap> {
    // A connector-level converter applies only when the connector sets its class (spec §2.3).
    if (auto it = connector_config_.find(key); it != connector_config_.end()) {
      return {it->second, configWithPrefix(connector_config_, std::string(key) + ".")};
    }
    return {worker_.parsed().getString(key), configWithPrefix(worker_.originals(), std::string(key) + ".")};
  };
  auto [kc, kp] = converterFor(connector_keys::kKeyConverter);
  key_converter_ = plugins_.newConverter(kc);
  key_converter_->configure(kp, true);
  auto [vc, vp] = converterFor(connector_keys::kValueConverter);
  value_converter_ = plugins_.newConverter(vc);
  value_converter_->configure(vp, false);
  auto [hc, hp] = converterFor(connector_keys::kHeaderConverter);
  header_converter_ = plugins_.newHeaderConverter(hc);
  header_converter_->configure(hp);

  const TransformationChain chain = TransformationChain::fromConfig(plugins_, connector_config_);
  tolerate_all_ = connector_config_.count(connector_keys::kErrorsTolerance) != 0 &&
                  connector_config_.at(connector_keys::kErrorsTolerance) == "all";
  error_log_.emplace(connector_config_);
  createProducer();

  struct Context : SourceTaskContext, OffsetStorageReader {
    Context(const ConfigMap& c, OffsetStore& o, std::string n) : configs_(c), offsets_(o), connector_(std::move(n)) {}
    const ConfigMap& configs() const override { return configs_; }
    const OffsetStorageReader& offsetStorageReader() const override { return *this; }
    std::optional<OffsetMap> offset(const OffsetMap& partition) const override {
      return offsets_.get(connector_, partition);
    }
    const ConfigMap& configs_;
    OffsetStore& offsets_;
    std::string connector_;
  } context(task_config_, offsets_, id_.connector);
  task_->initialize(context);
  task_->start(task_config_);
  on_status_(paused_ ? State::kPaused : State::kRunning, std::nullopt);
  log->info("[{}|task-{}] Source task started", id_.connector, id_.task);

  const auto flush_interval = std::chrono::milliseconds(worker_.parsed().getLong("offset.flush.interval.ms"));
  auto next_commit = Clock::now() + flush_interval;
  std::uint64_t skipped = 0;
  while (!stopping_) {
    if (paused_) {
      // Paused: no polling, but deliveries and the periodic offset commit go on, as in Kafka.
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_ || !paused_; });
    } else {
      pollOnce(chain, skipped);
    }
    rd_kafka_poll(producer_, 0);
    absorbAcknowledged();
    if (!produce_error_.empty()) {
      throw ConnectException("Unrecoverable exception from producer send callback: " + produce_error_);
    }
    if (Clock::now() >= next_commit) {
      commitOffsets();
      next_commit = Clock::now() + flush_interval;
    }
  }
  // Graceful stop: deliver what was produced, then commit what Kafka acknowledged. What is left is said
  // plainly: those records come again after a restart (at-least-once), nothing is lost.
  // The timeout counts from the stop request: time spent meanwhile (e.g. in an offset commit waiting for a
  // broker that is gone) is not granted again.
  const auto timeout = std::chrono::milliseconds(worker_.parsed().getLong("task.shutdown.graceful.timeout.ms"));
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      Clock::time_point(Clock::duration(stop_deadline_.load())) - Clock::now());
  rd_kafka_flush(producer_, static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), timeout).count()));
  rd_kafka_poll(producer_, 0);
  absorbAcknowledged();
  const auto unacknowledged =
      std::count_if(submitted_.begin(), submitted_.end(), [](const Submitted& s) { return !s.acked; });
  if (unacknowledged > 0) {
    log->warn(
        "[{}|task-{}] {} record(s) not flushed: Kafka did not acknowledge them within {} ms "
        "(task.shutdown.graceful.timeout.ms); their offsets stay uncommitted, so they are produced again after a "
        "restart",
        id_.connector, id_.task, unacknowledged, timeout.count());
  }
  if (!commitOffsets()) {
    log->warn(
        "[{}|task-{}] Offsets of {} source partition(s) not flushed on shutdown; the records after the last "
        "committed offsets are produced again after a restart",
        id_.connector, id_.task, committable_.size());
  }
  if (skipped > 0 || send_failures_skipped_ > 0) {
    log->warn("[{}|task-{}] {} record(s) skipped under errors.tolerance=all ({} failed in a transform, {} to send)",
              id_.connector, id_.task, skipped + send_failures_skipped_, skipped, send_failures_skipped_);
  }
}

void WorkerSourceTask::finalOffsetCommit() {
  // As Kafka's finalOffsetCommit(failed=true): what Kafka acknowledged before the failure is still safe to
  // commit; waiting for the deliveries in flight is bounded by offset.flush.timeout.ms.
  if (producer_ == nullptr) {
    return;
  }
  const auto log = logger("org.apache.kafka.connect.runtime.WorkerSourceTask");
  try {
    rd_kafka_flush(producer_, static_cast<int>(worker_.parsed().getLong(worker_keys::kOffsetFlushTimeoutMs)));
    commitOffsets();
  } catch (const std::exception& e) {
    log->error("[{}|task-{}] Failed to commit offsets for already-failing task: {}", id_.connector, id_.task, e.what());
  }
}

void WorkerSourceTask::closeProducer() {
  if (producer_ == nullptr) {
    return;
  }
  // What is still queued or in flight is purged, so that every delivery callback runs (and frees its
  // opaque) before the producer goes; its records stay unacknowledged.
  producer_closing_ = true;
  rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_flush(producer_, 1000);
  rd_kafka_destroy(producer_);
  producer_ = nullptr;
}

void WorkerSourceTask::pollOnce(const TransformationChain& chain, std::uint64_t& skipped) {
  const auto log = logger("org.apache.kafka.connect.runtime.WorkerSourceTask");
  auto batch = task_->poll();
  for (auto& record : batch) {
    std::string alias;
    std::optional<SourceRecord> out;
    // Where the record came from, for a failure's message; described only when a transform fails.
    const std::string topic = record.topic();
    const auto kafka_partition = record.kafkaPartition();
    const OffsetMapPtr source_offset = record.sourceOffset();
    // The chain consumes the record; errors.log.include.messages needs it as it was polled.
    std::optional<SourceRecord> original;
    if (error_log_->includesRecords()) {
      original = record;
    }
    try {
      out = chain.apply(std::move(record), &alias);
    } catch (const std::exception& e) {
      const std::string where =
          SourceRecord(nullptr, source_offset, topic, kafka_partition, nullptr, Value(), nullptr, Value()).describe();
      // Kafka's LogReporter reports every failure, tolerated or not, before the tolerance decides.
      const auto type = connector_config_.find("transforms." + alias + ".type");
      if (const auto line =
              error_log_->message(id_.str(), "TRANSFORMATION", type != connector_config_.end() ? type->second : alias,
                                  original ? &*original : nullptr, e.what())) {
        log->error("[{}|task-{}] {}", id_.connector, id_.task, *line);
      }
      if (!tolerate_all_) {
        throw ConnectException("Transform '" + alias + "' failed on the record at " + where + ": " + e.what());
      }
      ++skipped;
      continue;
    }
    if (!out) {
      // Dropped by a transform: its offset still counts as processed.
      submitted_.push_back(Submitted{next_seq_++, nullptr, nullptr, true});
      continue;
    }
    if (!produce(*out)) {
      return;
    }
  }
}

void WorkerSourceTask::run() {
  const auto log = logger("org.apache.kafka.connect.runtime.WorkerSourceTask");
  try {
    execute();
  } catch (const std::exception& e) {
    finalOffsetCommit();
    fail(e.what());  // the herder logs it, with secrets scrubbed
  }
  try {
    task_->stop();
  } catch (const std::exception& e) {
    log->warn("[{}|task-{}] Error while stopping the task: {}", id_.connector, id_.task, e.what());
  }
  closeProducer();
}

}  // namespace connectd::runtime
