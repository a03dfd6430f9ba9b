// RecordLog on a compacted Kafka topic (Kafka Connect's KafkaBasedLog): the topic is created compacted if
// absent, every partition is read from the beginning, and writes go through an idempotent producer
// with acks=all and the Java client's partitioner (murmur2 over the key bytes).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/storage/record_log.hpp"

struct rd_kafka_s;
struct rd_kafka_topic_s;
struct rd_kafka_queue_s;

namespace connectd::runtime {

struct KafkaLogOptions {
  std::string topic;
  int partitions = 1;
  int replication_factor = -1;                        // -1: the broker's default
  std::map<std::string, std::string> topic_configs;   // cleanup.policy=compact is always set
  std::map<std::string, std::string> client_configs;  // bootstrap.servers, security settings, …
  std::string client_id;
};

class KafkaRecordLog : public RecordLog {
 public:
  explicit KafkaRecordLog(KafkaLogOptions options);
  ~KafkaRecordLog() override;

  void start(Consumer consumer) override;
  void send(const std::string& key, const std::optional<std::string>& value) override;
  void flush(std::chrono::milliseconds timeout) override;
  void readToEnd(std::chrono::milliseconds timeout) override;
  void waitAtMostUntil(std::chrono::steady_clock::time_point deadline) override;
  void stop() override;
  std::string describe() const override { return "topic " + options_.topic; }

  // Creates the topic compacted when it does not exist. Throws ConnectException.
  void ensureTopic(std::chrono::milliseconds timeout);

  // Called from librdkafka's delivery callback.
  void onDelivery(int error_code, const char* error_text);

 private:
  KafkaLogOptions options_;
  Consumer consumer_;
  rd_kafka_s* producer_ = nullptr;
  rd_kafka_s* reader_ = nullptr;
  rd_kafka_topic_s* reader_topic_ = nullptr;
  rd_kafka_queue_s* reader_queue_ = nullptr;
  int partition_count_ = 0;
  std::vector<std::int64_t> positions_;  // next offset to read, per partition
  std::mutex error_mutex_;
  std::string first_error_;
  // steady_clock ticks; max() until waitAtMostUntil. Read by waits on other threads.
  std::atomic<std::int64_t> deadline_{std::numeric_limits<std::int64_t>::max()};

  // The earlier of now + timeout and the shutdown deadline.
  std::chrono::steady_clock::time_point deadlineFor(std::chrono::milliseconds timeout) const;
};

}  // namespace connectd::runtime
