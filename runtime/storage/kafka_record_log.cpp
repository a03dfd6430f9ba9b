// KafkaRecordLog; see kafka_record_log.hpp.
#include "runtime/storage/kafka_record_log.hpp"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <thread>

#include "connectd/api/errors.hpp"
#include "runtime/logging.hpp"

namespace connectd::runtime {
namespace {

using Clock = std::chrono::steady_clock;

// A topic created a moment ago may be unknown to the broker that answers (a Kafka 4 broker says
// UNKNOWN_TOPIC_OR_PARTITION to the first request for it) or still without leaders: asked again every 50 ms
// until it is complete, for at most 30 s, as Kafka's KafkaBasedLog waits for it. Returns its partitions.
int awaitTopicPartitions(rd_kafka_t* rk, const std::string& topic) {
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (true) {
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    const auto merr = rd_kafka_metadata(rk, 0, rkt, &md, 30000);
    rd_kafka_topic_destroy(rkt);
    const auto terr = merr != RD_KAFKA_RESP_ERR_NO_ERROR ? merr
                      : md->topic_cnt != 1               ? RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                                                         : md->topics[0].err;
    int partitions = 0;
    if (terr == RD_KAFKA_RESP_ERR_NO_ERROR) {
      partitions = md->topics[0].partition_cnt;
      for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
        if (md->topics[0].partitions[p].leader < 0) {
          partitions = 0;
        }
      }
    }
    if (md != nullptr) {
      rd_kafka_metadata_destroy(md);
    }
    if (partitions > 0) {
      return partitions;
    }
    const bool retriable = terr == RD_KAFKA_RESP_ERR_NO_ERROR || terr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                           terr == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE || terr == RD_KAFKA_RESP_ERR__TRANSPORT;
    if (!retriable || Clock::now() >= deadline) {
      const std::string why = terr != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(terr) : "no leader for a partition";
      throw ConnectException("Cannot read metadata of topic " + topic + ": " + why);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

rd_kafka_conf_t* makeConf(const std::map<std::string, std::string>& settings) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw ConnectException("Invalid Kafka client setting " + k + ": " + err);
    }
  }
  return conf;
}

rd_kafka_t* makeClient(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw ConnectException(std::string("Cannot create Kafka client: ") + err);
  }
  return rk;
}

void deliveryCallback(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* opaque) {
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    static_cast<KafkaRecordLog*>(opaque)->onDelivery(msg->err, rd_kafka_err2str(msg->err));
  }
}

int remainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

KafkaRecordLog::KafkaRecordLog(KafkaLogOptions options) : options_(std::move(options)) {}

KafkaRecordLog::~KafkaRecordLog() {
  stop();
}

void KafkaRecordLog::onDelivery(int error_code, const char* error_text) {
  std::lock_guard lock(error_mutex_);
  if (first_error_.empty()) {
    first_error_ = std::string(error_text) + " (" + std::to_string(error_code) + ")";
  }
}

void KafkaRecordLog::ensureTopic(std::chrono::milliseconds timeout) {
  auto settings = options_.client_configs;
  settings["client.id"] = options_.client_id + "-admin";
  rd_kafka_t* admin = makeClient(RD_KAFKA_PRODUCER, makeConf(settings));
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> guard(admin, &rd_kafka_destroy);

  char err[512];
  rd_kafka_NewTopic_t* topic =
      rd_kafka_NewTopic_new(options_.topic.c_str(), options_.partitions, options_.replication_factor, err, sizeof(err));
  if (topic == nullptr) {
    throw ConnectException("Cannot describe topic " + options_.topic + ": " + err);
  }
  auto configs = options_.topic_configs;
  configs["cleanup.policy"] = "compact";
  for (const auto& [k, v] : configs) {
    rd_kafka_NewTopic_set_config(topic, k.c_str(), v.c_str());
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin);
  rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(admin, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(opts, static_cast<int>(timeout.count()), err, sizeof(err));
  rd_kafka_CreateTopics(admin, &topic, 1, opts, queue);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, static_cast<int>(timeout.count()) + 1000);
  std::string failure;
  if (ev == nullptr) {
    failure = "no answer from the brokers";
  } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    failure = rd_kafka_event_error_string(ev);
  } else {
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    for (size_t i = 0; i < n; ++i) {
      const auto code = rd_kafka_topic_result_error(results[i]);
      if (code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        failure = rd_kafka_topic_result_error_string(results[i]);
      } else if (code == RD_KAFKA_RESP_ERR_NO_ERROR) {
        logger("org.apache.kafka.connect.util.TopicAdmin")
            ->info("Created topic {} with {} partition(s), compacted", options_.topic, options_.partitions);
      }
    }
  }
  if (ev != nullptr) {
    rd_kafka_event_destroy(ev);
  }
  rd_kafka_AdminOptions_destroy(opts);
  rd_kafka_NewTopic_destroy(topic);
  rd_kafka_queue_destroy(queue);
  if (!failure.empty()) {
    throw ConnectException("Cannot create topic " + options_.topic + ": " + failure);
  }
}

void KafkaRecordLog::start(Consumer consumer) {
  consumer_ = std::move(consumer);
  ensureTopic(std::chrono::seconds(30));

  auto producer_settings = options_.client_configs;
  producer_settings["client.id"] = options_.client_id + "-producer";
  producer_settings["acks"] = "all";
  producer_settings["enable.idempotence"] = "true";
  producer_settings["partitioner"] = "murmur2_random";
  producer_settings["linger.ms"] = "1";
  rd_kafka_conf_t* pconf = makeConf(producer_settings);
  rd_kafka_conf_set_dr_msg_cb(pconf, &deliveryCallback);
  rd_kafka_conf_set_opaque(pconf, this);
  producer_ = makeClient(RD_KAFKA_PRODUCER, pconf);

  auto reader_settings = options_.client_configs;
  reader_settings["client.id"] = options_.client_id + "-reader";
  reader_settings["enable.auto.commit"] = "false";
  reader_settings["enable.auto.offset.store"] = "false";
  reader_settings["enable.partition.eof"] = "false";
  reader_ = makeClient(RD_KAFKA_CONSUMER, makeConf(reader_settings));

  // Both clients learn the topic now: the reader its partitions, the producer its leaders (librdkafka 2.0
  // would otherwise ask again only on its one-second topic scan, holding the first write a second).
  partition_count_ = awaitTopicPartitions(reader_, options_.topic);
  awaitTopicPartitions(producer_, options_.topic);

  // The simple (group-less) consumer: no group coordinator is involved, as with Kafka's KafkaBasedLog.
  reader_topic_ = rd_kafka_topic_new(reader_, options_.topic.c_str(), nullptr);
  reader_queue_ = rd_kafka_queue_new(reader_);
  for (int p = 0; p < partition_count_; ++p) {
    if (rd_kafka_consume_start_queue(reader_topic_, p, RD_KAFKA_OFFSET_BEGINNING, reader_queue_) != 0) {
      throw ConnectException("Cannot read topic " + options_.topic + ": " + rd_kafka_err2str(rd_kafka_last_error()));
    }
  }
  positions_.assign(static_cast<std::size_t>(partition_count_), 0);
  readToEnd(std::chrono::seconds(60));
}

void KafkaRecordLog::send(const std::string& key, const std::optional<std::string>& value) {
  std::vector<rd_kafka_vu_t> vus(4);
  vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vus[0].u.cstr = options_.topic.c_str();
  vus[1].vtype = RD_KAFKA_VTYPE_KEY;
  vus[1].u.mem = {const_cast<char*>(key.data()), key.size()};
  vus[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[2].u.mem = {value ? const_cast<char*>(value->data()) : nullptr, value ? value->size() : 0};
  vus[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[3].u.i = RD_KAFKA_MSG_F_COPY;
  while (true) {
    rd_kafka_error_t* error = rd_kafka_produceva(producer_, vus.data(), vus.size());
    if (error == nullptr) {
      return;
    }
    const auto code = rd_kafka_error_code(error);
    const std::string text = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      throw ConnectException("Cannot write to topic " + options_.topic + ": " + text);
    }
    rd_kafka_poll(producer_, 100);
  }
}

void KafkaRecordLog::waitAtMostUntil(Clock::time_point deadline) {
  deadline_.store(deadline.time_since_epoch().count());
}

Clock::time_point KafkaRecordLog::deadlineFor(std::chrono::milliseconds timeout) const {
  const auto shutdown = Clock::time_point(Clock::duration(deadline_.load()));
  const auto now = Clock::now();
  return timeout >= shutdown - now ? shutdown : now + timeout;
}

void KafkaRecordLog::flush(std::chrono::milliseconds timeout) {
  // In slices, so that a shutdown deadline set meanwhile cuts the wait short.
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  do {
    err = rd_kafka_flush(producer_, std::min(100, remainingMs(deadlineFor(timeout))));
  } while (err != RD_KAFKA_RESP_ERR_NO_ERROR && remainingMs(deadlineFor(timeout)) > 0);
  std::string failure;
  {
    std::lock_guard lock(error_mutex_);
    failure.swap(first_error_);
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (deadline_.load() != std::numeric_limits<std::int64_t>::max()) {
      throw ConnectException("Timed out writing to topic " + options_.topic +
                             ": the worker is shutting down and Kafka did not acknowledge the records in time");
    }
    throw ConnectException("Timed out writing to topic " + options_.topic + " after " +
                           std::to_string(timeout.count()) + " ms");
  }
  if (!failure.empty()) {
    throw ConnectException("Failed to write to topic " + options_.topic + ": " + failure);
  }
}

void KafkaRecordLog::readToEnd(std::chrono::milliseconds timeout) {
  const auto started = Clock::now();
  const auto deadline_now = [&] {
    return deadlineFor(std::chrono::duration_cast<std::chrono::milliseconds>(started + timeout - Clock::now()));
  };
  auto deadline = deadline_now();
  std::vector<std::int64_t> ends(static_cast<std::size_t>(partition_count_), 0);
  // One ListOffsets round for every partition (timestamp -1 asks for the end offsets).
  while (true) {
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partition_count_);
    for (int p = 0; p < partition_count_; ++p) {
      rd_kafka_topic_partition_list_add(parts, options_.topic.c_str(), p)->offset = RD_KAFKA_OFFSET_END;
    }
    // At most a second per round, so that a shutdown deadline is noticed; timeouts are retried.
    auto err = rd_kafka_offsets_for_times(reader_, parts, std::clamp(remainingMs(deadline), 100, 1000));
    for (int i = 0; err == RD_KAFKA_RESP_ERR_NO_ERROR && i < parts->cnt; ++i) {
      if (parts->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        err = parts->elems[i].err;
      } else {
        ends[static_cast<std::size_t>(parts->elems[i].partition)] = parts->elems[i].offset;
      }
    }
    rd_kafka_topic_partition_list_destroy(parts);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      break;
    }
    // A new topic's leaders take a moment to be elected; anything else, or running out of time, is fatal.
    const bool transient = err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION ||
                           err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
                           err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR__TIMED_OUT ||
                           err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
    deadline = deadline_now();
    if (!transient || Clock::now() >= deadline) {
      throw ConnectException("Cannot read the end of topic " + options_.topic + ": " + rd_kafka_err2str(err));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto caught_up = [&] {
    for (std::size_t p = 0; p < ends.size(); ++p) {
      if (positions_[p] < ends[p]) {
        return false;
      }
    }
    return true;
  };
  while (!caught_up()) {
    deadline = deadline_now();
    if (Clock::now() >= deadline) {
      throw ConnectException("Timed out reading topic " + options_.topic + " to its end");
    }
    rd_kafka_message_t* msg = rd_kafka_consume_queue(reader_queue_, std::min(200, std::max(1, remainingMs(deadline))));
    if (msg == nullptr) {
      continue;
    }
    std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)> guard(msg, &rd_kafka_message_destroy);
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        continue;
      }
      logger("org.apache.kafka.connect.util.KafkaBasedLog")
          ->warn("Error reading topic {}: {}", options_.topic, rd_kafka_message_errstr(msg));
      continue;
    }
    LogRecord record;
    record.key = msg->key != nullptr ? std::string(static_cast<const char*>(msg->key), msg->key_len) : std::string();
    if (msg->payload != nullptr) {
      record.value = std::string(static_cast<const char*>(msg->payload), msg->len);
    }
    record.partition = msg->partition;
    record.offset = msg->offset;
    positions_[static_cast<std::size_t>(msg->partition)] = msg->offset + 1;
    consumer_(record);
  }
}

void KafkaRecordLog::stop() {
  if (producer_ != nullptr) {
    const auto timeout = std::chrono::milliseconds(10000);
    while (rd_kafka_outq_len(producer_) > 0 && remainingMs(deadlineFor(timeout)) > 0) {
      rd_kafka_flush(producer_, std::min(100, remainingMs(deadlineFor(timeout))));
    }
    // What the broker never acknowledged is lost: say so, since status or offsets may now be stale.
    if (const int pending = rd_kafka_outq_len(producer_); pending > 0) {
      logger("org.apache.kafka.connect.util.KafkaBasedLog")
          ->warn("{} record(s) for topic {} not flushed before shutdown: Kafka did not acknowledge them", pending,
                 options_.topic);
    }
    rd_kafka_destroy(producer_);
    producer_ = nullptr;
  }
  if (reader_topic_ != nullptr) {
    for (int p = 0; p < partition_count_; ++p) {
      rd_kafka_consume_stop(reader_topic_, p);
    }
    rd_kafka_topic_destroy(reader_topic_);
    reader_topic_ = nullptr;
  }
  if (reader_queue_ != nullptr) {
    rd_kafka_queue_destroy(reader_queue_);
    reader_queue_ = nullptr;
  }
  if (reader_ != nullptr) {
    rd_kafka_destroy(reader_);
    reader_ = nullptr;
  }
}

}  // namespace connectd::runtime
