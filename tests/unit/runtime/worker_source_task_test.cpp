// The source task's producer path under broker faults, against librdkafka's mock cluster: retriable produce
// errors are retried until every record lands once and in order; a record that cannot be sent fails the task
// under errors.tolerance=none (or is skipped under errors.tolerance=all, as Kafka Connect does); and the
// committed source offset never passes a record Kafka did not acknowledge. Every offset write is journaled,
// so each flush is checked, not only the last. The mock only injects faults: tests/integration/producer_test.cpp
// proves the same path against a real broker.
#include <catch2/catch.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "connectd/api/plugin_registry.hpp"
#include "converters/simple_header_converter.hpp"
#include "converters/string_converter.hpp"
#include "runtime/storage/offset_store.hpp"
#include "runtime/worker_config.hpp"
#include "runtime/worker_source_task.hpp"

using namespace connectd;
using namespace connectd::runtime;

namespace {

constexpr std::int16_t kProduceApi = 0;  // Kafka's ApiKey of Produce (RD_KAFKAP_Produce, not in the public headers)
constexpr const char* kTopic = "faults";
constexpr std::int32_t kLeader = 1;

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return condition();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// The offsets log in memory: every write the offset store makes, in order (a write is one flush's commit).
class JournalLog : public RecordLog {
 public:
  void start(Consumer consumer) override { consumer_ = std::move(consumer); }
  void send(const std::string& key, const std::optional<std::string>& value) override {
    std::lock_guard lock(mutex_);
    writes_.push_back(value.value_or("null"));
    if (consumer_) {
      consumer_(LogRecord{key, value, 0, static_cast<std::int64_t>(writes_.size() - 1)});
    }
  }
  void flush(std::chrono::milliseconds /*timeout*/) override {}
  void readToEnd(std::chrono::milliseconds /*timeout*/) override {}
  void stop() override {}
  std::string describe() const override { return "journal"; }

  // The record numbers committed, flush by flush.
  std::vector<std::int64_t> committed() const {
    std::lock_guard lock(mutex_);
    std::vector<std::int64_t> out;
    for (const auto& v : writes_) {
      out.push_back(nlohmann::json::parse(v).at("n").get<std::int64_t>());
    }
    return out;
  }
  std::optional<std::int64_t> last() const {
    const auto all = committed();
    return all.empty() ? std::nullopt : std::optional<std::int64_t>(all.back());
  }

 private:
  mutable std::mutex mutex_;
  Consumer consumer_;
  std::vector<std::string> writes_;
};

// A source task handing out the numbered records the test gives it: key "k<n>", value "<n>", offset {"n": n}.
class NumberedTask : public SourceTask {
 public:
  void send(int from, int to) {
    std::lock_guard lock(mutex_);
    std::vector<SourceRecord> batch;
    for (int n = from; n < to; ++n) {
      batch.emplace_back(partition_, std::make_shared<const OffsetMap>(OffsetMap{{"n", n}}), kTopic, std::nullopt,
                         Schema::string(), Value::string("k" + std::to_string(n)), Schema::string(),
                         Value::string(std::to_string(n)));
    }
    batches_.push_back(std::move(batch));
    cv_.notify_all();
  }
  std::string version() const override { return "test"; }
  void start(const ConfigMap& /*props*/) override {}
  std::vector<SourceRecord> poll() override {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(20), [&] { return stopped_ || !batches_.empty(); });
    if (batches_.empty()) {
      return {};
    }
    auto batch = std::move(batches_.front());
    batches_.pop_front();
    return batch;
  }
  void stop() override {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::vector<SourceRecord>> batches_;
  bool stopped_ = false;
  const OffsetMapPtr partition_ = std::make_shared<const OffsetMap>(OffsetMap{{"p", "faults"}});
};

using Handle = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;

Handle client(rd_kafka_type_t type, const std::map<std::string, std::string>& settings) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : settings) {
    REQUIRE(rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) == RD_KAFKA_CONF_OK);
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  REQUIRE(rk != nullptr);
  return Handle(rk, &rd_kafka_destroy);
}

// Three mock brokers with a one-partition topic led by broker 1.
struct MockCluster {
  MockCluster() : host(client(RD_KAFKA_PRODUCER, {})) {
    cluster = rd_kafka_mock_cluster_new(host.get(), 3);
    REQUIRE(cluster != nullptr);
    REQUIRE(rd_kafka_mock_topic_create(cluster, kTopic, 1, 3) == RD_KAFKA_RESP_ERR_NO_ERROR);
    REQUIRE(rd_kafka_mock_partition_set_leader(cluster, kTopic, 0, kLeader) == RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  ~MockCluster() { rd_kafka_mock_cluster_destroy(cluster); }
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  std::string bootstrap() const { return rd_kafka_mock_cluster_bootstraps(cluster); }

  // The values in the partition's log, in order.
  std::vector<std::string> values() const {
    auto consumer =
        client(RD_KAFKA_CONSUMER,
               {{"bootstrap.servers", bootstrap()}, {"group.id", "reader"}, {"enable.auto.commit", "false"}});
    std::int64_t low = 0;
    std::int64_t high = 0;
    REQUIRE(rd_kafka_query_watermark_offsets(consumer.get(), kTopic, 0, &low, &high, 10000) ==
            RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, kTopic, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    REQUIRE(rd_kafka_assign(consumer.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(parts);
    std::vector<std::string> out;
    waitFor([&] {
      rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 100);
      if (msg != nullptr) {
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          out.emplace_back(static_cast<const char*>(msg->payload), msg->len);
        }
        rd_kafka_message_destroy(msg);
      }
      return static_cast<std::int64_t>(out.size()) >= high - low;
    });
    rd_kafka_consumer_close(consumer.get());
    REQUIRE(static_cast<std::int64_t>(out.size()) == high - low);
    return out;
  }

  Handle host;
  rd_kafka_mock_cluster_t* cluster = nullptr;
};

std::vector<std::string> numbers(int from, int to) {
  std::vector<std::string> out;
  for (int n = from; n < to; ++n) {
    out.push_back(std::to_string(n));
  }
  return out;
}

// One WorkerSourceTask on the mock cluster, with its status changes recorded.
struct Harness {
  explicit Harness(const std::string& tolerance, ConfigMap producer = {}) {
    plugins.add<converters::StringConverter>(converters::StringConverter::kClassName);
    plugins.add<converters::SimpleHeaderConverter>(converters::SimpleHeaderConverter::kClassName);
    ConfigMap props = {{"bootstrap.servers", mock.bootstrap()},
                       {"key.converter", converters::StringConverter::kClassName},
                       {"value.converter", converters::StringConverter::kClassName},
                       {"offset.flush.interval.ms", "50"},
                       {"offset.flush.timeout.ms", "2000"},
                       {"producer.retry.backoff.ms", "20"}};
    for (auto& [k, v] : producer) {
      props["producer." + k] = v;
    }
    worker.emplace(WorkerConfig::load(props, {}));
    auto log = std::make_unique<JournalLog>();
    journal = log.get();
    offsets.emplace(std::move(log));
    offsets->start();
    auto owned = std::make_unique<NumberedTask>();
    source = owned.get();
    task.emplace(TaskId{"faults", 0}, std::move(owned),
                 ConfigMap{{"name", "faults"}, {"connector.class", "test"}, {"errors.tolerance", tolerance}},
                 ConfigMap{}, *worker, plugins, *offsets, [this](State state, const std::optional<std::string>& trace) {
                   std::lock_guard lock(mutex);
                   states.push_back(state);
                   if (state == State::kFailed) {
                     failure = trace.value_or("");
                   }
                 });
    task->start();
  }
  ~Harness() {
    task.reset();
    offsets->stop();
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  std::optional<std::string> failed() {
    std::lock_guard lock(mutex);
    return failure;
  }
  bool committed(std::int64_t n) {
    return waitFor([&] { return journal->last() == n; });
  }
  // No flush ever committed a record that is not in the partition's log (the log only grows, so what is
  // missing from it now was missing at every earlier flush) nor went backwards.
  void checkEveryFlush(const std::vector<std::string>& log) {
    const auto commits = journal->committed();
    std::int64_t previous = -1;
    for (const auto n : commits) {
      INFO("committed offset " << n);
      CHECK(n >= previous);
      previous = n;
      for (std::int64_t i = 0; i <= n; ++i) {
        if (std::find(log.begin(), log.end(), std::to_string(i)) == log.end()) {
          FAIL_CHECK("record " << i << " was never acknowledged, yet a flush committed " << n);
          break;
        }
      }
    }
  }

  MockCluster mock;
  PluginRegistry plugins;
  std::optional<WorkerConfig> worker;
  JournalLog* journal = nullptr;
  std::optional<OffsetStore> offsets;
  NumberedTask* source = nullptr;
  std::optional<WorkerSourceTask> task;
  std::mutex mutex;
  std::vector<State> states;
  std::optional<std::string> failure;
};

}  // namespace

TEST_CASE("retriable produce errors and a leader change are retried: every record lands once, in order",
          "[runtime][producer][faults]") {
  Harness h("none");
  // Errors the broker answers Produce with while it is unwell, some after a slow response; each is retriable
  // (and none appended the batch, so a retry that lands is the record's only copy).
  rd_kafka_mock_broker_push_request_error_rtts(
      h.mock.cluster, kLeader, kProduceApi, 5, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0,
      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 300, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0,
      RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, 0, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 100);
  h.source->send(0, 50);
  REQUIRE(h.committed(49));
  std::size_t left = 99;
  REQUIRE(rd_kafka_mock_broker_error_stack_cnt(h.mock.cluster, kLeader, kProduceApi, &left) ==
          RD_KAFKA_RESP_ERR_NO_ERROR);
  CHECK(left == 0);  // every injected error was answered, and retried past

  // The partition moves to broker 2, which times out twice before it takes the rest.
  REQUIRE(rd_kafka_mock_partition_set_leader(h.mock.cluster, kTopic, 0, 2) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_mock_broker_push_request_error_rtts(h.mock.cluster, 2, kProduceApi, 2, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                                               200, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0);
  h.source->send(50, 100);
  REQUIRE(h.committed(99));
  REQUIRE(rd_kafka_mock_broker_error_stack_cnt(h.mock.cluster, 2, kProduceApi, &left) == RD_KAFKA_RESP_ERR_NO_ERROR);
  CHECK(left == 0);

  h.task->stop(std::chrono::seconds(10));
  INFO("failure: " << h.failed().value_or("none"));
  CHECK_FALSE(h.failed().has_value());
  const auto log = h.mock.values();
  CHECK(log == numbers(0, 100));
  h.checkEveryFlush(log);
}

TEST_CASE("a record the broker refuses fails the task under errors.tolerance=none, its offset uncommitted",
          "[runtime][producer][faults]") {
  Harness h("none");
  h.source->send(0, 10);
  REQUIRE(h.committed(9));
  // Not retriable: the next records fail for good.
  rd_kafka_mock_push_request_errors(
      h.mock.cluster, kProduceApi, 10, RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD,
      RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD,
      RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD,
      RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD);
  h.source->send(10, 20);
  REQUIRE(waitFor([&] { return h.failed().has_value(); }));
  const std::string message = *h.failed();
  INFO(message);
  CHECK(message.find("Unrecoverable exception from producer send callback") != std::string::npos);
  CHECK(message.find("topic faults") != std::string::npos);
  CHECK(message.find("Broker: Broker failed to validate record") != std::string::npos);
  h.task->stop(std::chrono::seconds(10));
  const auto log = h.mock.values();
  CHECK(log == numbers(0, 10));
  CHECK(h.journal->last() == 9);  // the acknowledged prefix, committed; nothing after it
  h.checkEveryFlush(log);
}

TEST_CASE("records that time out on an unreachable leader fail the task, the offsets stop before them",
          "[runtime][producer][faults]") {
  Harness h("none", {{"delivery.timeout.ms", "1500"}, {"request.timeout.ms", "500"}});
  h.source->send(0, 10);
  REQUIRE(h.committed(9));
  REQUIRE(rd_kafka_mock_broker_set_down(h.mock.cluster, kLeader) == RD_KAFKA_RESP_ERR_NO_ERROR);
  h.source->send(10, 20);
  REQUIRE(waitFor([&] { return h.failed().has_value(); }));
  const std::string message = *h.failed();
  INFO(message);
  CHECK(message.find("Unrecoverable exception from producer send callback") != std::string::npos);
  CHECK(message.find("Message timed out") != std::string::npos);
  CHECK(h.journal->last() == 9);
  h.task->stop(std::chrono::seconds(10));
  REQUIRE(rd_kafka_mock_broker_set_up(h.mock.cluster, kLeader) == RD_KAFKA_RESP_ERR_NO_ERROR);
  const auto log = h.mock.values();
  CHECK(log == numbers(0, 10));
  h.checkEveryFlush(log);
}

TEST_CASE("under errors.tolerance=all a record that cannot be sent is skipped and the task goes on, as in Kafka",
          "[runtime][producer][faults]") {
  Harness h("all");
  h.source->send(0, 10);
  REQUIRE(h.committed(9));
  rd_kafka_mock_push_request_errors(h.mock.cluster, kProduceApi, 3, RD_KAFKA_RESP_ERR_INVALID_RECORD,
                                    RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_RECORD);
  h.source->send(10, 20);
  // Kafka's WorkerSourceTask acknowledges a record whose send failed under tolerance=all: the offsets
  // move past it.
  REQUIRE(h.committed(19));
  rd_kafka_mock_clear_request_errors(h.mock.cluster, kProduceApi);
  h.source->send(20, 30);
  REQUIRE(h.committed(29));
  h.task->stop(std::chrono::seconds(10));
  INFO("failure: " << h.failed().value_or("none"));
  CHECK_FALSE(h.failed().has_value());
  const auto log = h.mock.values();
  // Some of 10..19 may have landed in a request after the injected errors ran out; 20..29 all did.
  REQUIRE(log.size() >= 20);
  CHECK(std::vector<std::string>(log.begin(), log.begin() + 10) == numbers(0, 10));
  CHECK(std::vector<std::string>(log.end() - 10, log.end()) == numbers(20, 30));
  CHECK(log.size() < 30);  // at least one record was refused and skipped
}

TEST_CASE("the producer settings: Kafka Connect's forced values, then producer.*, then producer.override.*",
          "[runtime][producer]") {
  const TaskId id{"pg-outbox", 2};
  const auto worker = [](ConfigMap extra) {
    extra["bootstrap.servers"] = "broker:9092";
    return WorkerConfig::load(extra, {});
  };

  SECTION("defaults") {
    std::vector<std::string> ignored;
    const auto s = producerSettings(id, worker({}), {}, &ignored);
    CHECK(s.at("bootstrap.servers") == "broker:9092");
    CHECK(s.at("client.id") == "connector-producer-pg-outbox-2");
    CHECK(s.at("acks") == "all");
    CHECK(s.at("enable.idempotence") == "true");
    CHECK(s.at("partitioner") == "murmur2_random");
    CHECK(s.at("delivery.timeout.ms") == "2147483647");    // Kafka Connect's Integer.MAX_VALUE
    CHECK(s.at("queue.buffering.max.kbytes") == "32768");  // buffer.memory's 32 MiB
    CHECK(s.at("queue.buffering.max.messages") == "16384");
    CHECK(s.at("batch.size") == "16384");  // Java's default
    CHECK(ignored.empty());
  }
  SECTION("buffer.memory is bytes, librdkafka's queue.buffering.max.kbytes KiB") {
    CHECK(producerSettings(id, worker({{"producer.buffer.memory", "1048576"}}), {}).at("queue.buffering.max.kbytes") ==
          "1024");
    CHECK(producerSettings(id, worker({{"producer.buffer.memory", "1048576"}}),
                           {{"producer.override.buffer.memory", "67108864"}})
              .at("queue.buffering.max.kbytes") == "65536");
    CHECK_THROWS_WITH(producerSettings(id, worker({}), {{"producer.override.buffer.memory", "512"}}),
                      Catch::Contains("producer.override.buffer.memory") && Catch::Contains("at least 1024"));
    CHECK_THROWS_WITH(producerSettings(id, worker({{"producer.buffer.memory", "lots"}}), {}),
                      Catch::Contains("producer.buffer.memory"));
  }
  SECTION("the worker's producer.* keys, the connector's producer.override.* keys on top, mapped") {
    std::vector<std::string> ignored;
    const auto s = producerSettings(id,
                                    worker({{"producer.compression.type", "lz4"},
                                            {"producer.delivery.timeout.ms", "120000"},
                                            {"producer.linger.ms", "20"},
                                            {"producer.max.request.size", "2097152"},
                                            {"producer.interceptor.classes", "com.example.Interceptor"}}),
                                    {{"producer.override.compression.type", "zstd"},
                                     {"producer.override.batch.size", "65536"},
                                     {"producer.override.metric.reporters", "com.example.Reporter"},
                                     {"compression.type", "gzip"}},  // not an override: ignored
                                    &ignored);
    CHECK(s.at("compression.type") == "zstd");
    CHECK(s.at("delivery.timeout.ms") == "120000");
    CHECK(s.at("linger.ms") == "20");
    CHECK(s.at("batch.size") == "65536");
    CHECK(s.at("message.max.bytes") == "2097152");
    CHECK(s.count("max.request.size") == 0);
    CHECK(s.at("acks") == "all");
    CHECK(ignored == std::vector<std::string>{"producer.interceptor.classes", "producer.override.metric.reporters"});
  }
}
