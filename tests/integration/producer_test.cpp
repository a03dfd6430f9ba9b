// The producer path end to end against the rig's real broker: records from a source task go through the
// real WorkerSourceTask (converters, librdkafka producer with the connector's producer.override.* keys)
// and land with the bytes the converters made, zstd-compressed when the connector asks for it (checked
// with Kafka's own DumpLogSegments on the broker's files), on the partitions Java's murmur2 partitioner picks
// (the same partitions Kafka's console producer, the Java client, puts the same keys on).
#include <catch2/catch.hpp>

#include <librdkafka/rdkafka.h>

#include <array>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "connectd/api/plugin_registry.hpp"
#include "converters/binary_data_converter.hpp"
#include "converters/byte_array_converter.hpp"
#include "converters/simple_header_converter.hpp"
#include "converters/string_converter.hpp"
#include "rig.hpp"
#include "runtime/storage/file_record_log.hpp"
#include "runtime/storage/offset_store.hpp"
#include "runtime/worker_config.hpp"
#include "runtime/worker_source_task.hpp"

using namespace connectd;
using namespace connectd::test;

namespace {

// Kafka's Utils.murmur2 (the Java producer's default partitioner for keyed records).
std::int32_t murmur2(const std::string& data) {
  const auto length = static_cast<std::uint32_t>(data.size());
  const std::uint32_t m = 0x5bd1e995;
  std::uint32_t h = 0x9747b28c ^ length;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])); };
  for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
    std::uint32_t k = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
    k *= m;
    k ^= k >> 24;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::size_t tail = data.size() & ~std::size_t{3};
  switch (data.size() % 4) {
    case 3: h ^= byte(tail + 2) << 16; [[fallthrough]];
    case 2: h ^= byte(tail + 1) << 8; [[fallthrough]];
    case 1:
      h ^= byte(tail);
      h *= m;
      break;
    default: break;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

int javaPartition(const std::string& key, int partitions) {
  return static_cast<int>((static_cast<std::uint32_t>(murmur2(key)) & 0x7fffffffu) %
                          static_cast<std::uint32_t>(partitions));
}

// Hands out a fixed list of records, then waits (bounded) for more until stopped.
class ScriptedTask : public SourceTask {
 public:
  explicit ScriptedTask(std::vector<SourceRecord> records) : records_(std::move(records)) {}
  std::string version() const override { return "test"; }
  void start(const ConfigMap& /*props*/) override {}
  std::vector<SourceRecord> poll() override {
    std::unique_lock lock(mutex_);
    if (!handed_out_) {
      handed_out_ = true;
      return std::move(records_);
    }
    cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return stopped_; });
    return {};
  }
  void stop() override {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<SourceRecord> records_;
  bool handed_out_ = false;
  bool stopped_ = false;
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

void createTopic(const std::string& topic, int partitions) {
  auto admin = client(RD_KAFKA_PRODUCER, {{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")}});
  char err[512];
  rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, err, sizeof(err));
  REQUIRE(nt != nullptr);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin.get());
  rd_kafka_CreateTopics(admin.get(), &nt, 1, nullptr, queue);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, 30000);
  REQUIRE(ev != nullptr);
  const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
  REQUIRE(res != nullptr);
  std::size_t n = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
  REQUIRE(n == 1);
  INFO(rd_kafka_topic_result_error_string(results[0]));
  CHECK(rd_kafka_topic_result_error(results[0]) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(nt);
}

struct Consumed {
  int partition = -1;
  std::string key;
  std::vector<unsigned char> value;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Reads every partition of the topic from the beginning until `count` records arrived or the deadline.
std::vector<Consumed> consumeAll(const std::string& topic, int partitions, std::size_t count) {
  auto consumer = client(RD_KAFKA_CONSUMER, {{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")},
                                             {"group.id", "producer-test-" + topic},
                                             {"enable.auto.commit", "false"}});
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  REQUIRE(rd_kafka_assign(consumer.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(parts);
  std::vector<Consumed> out;
  waitFor(
      [&] {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 200);
        if (msg == nullptr) {
          return out.size() >= count;
        }
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          Consumed c;
          c.partition = msg->partition;
          c.key.assign(static_cast<const char*>(msg->key), msg->key_len);
          const auto* v = static_cast<const unsigned char*>(msg->payload);
          c.value.assign(v, v + msg->len);
          rd_kafka_headers_t* hdrs = nullptr;
          if (rd_kafka_message_headers(msg, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const char* name = nullptr;
            const void* val = nullptr;
            std::size_t size = 0;
            for (std::size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
                 ++i) {
              c.headers.emplace_back(name, std::string(static_cast<const char*>(val), size));
            }
          }
          out.push_back(std::move(c));
        }
        rd_kafka_message_destroy(msg);
        return out.size() >= count;
      },
      std::chrono::seconds(60), std::chrono::milliseconds(1));
  rd_kafka_consumer_close(consumer.get());
  return out;
}

std::string runCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    out.append(buf.data(), n);
  }
  pclose(pipe);
  return out;
}

}  // namespace

TEST_CASE("the test's murmur2 is Kafka's (vectors computed with Utils.murmur2 of kafka-clients 4.3.0)",
          "[integration][producer]") {
  CHECK(murmur2("21") == -973932308);
  CHECK(murmur2("foobar") == -790332482);
  CHECK(murmur2("abc") == 479470107);
  CHECK(murmur2("u-123") == -1666902591);
  CHECK(murmur2("a-little-bit-longer-string") == -1486304829);
}

TEST_CASE("records produced through the source task land with their bytes, zstd batches and murmur2 partitions",
          "[integration][producer]") {
  std::random_device rd;
  const std::string topic = "producer.article." + std::to_string(rd() % 1000000);
  constexpr int kPartitions = 6;
  constexpr int kKeys = 1000;
  createTopic(topic, kPartitions);

  PluginRegistry plugins;
  plugins.add<converters::StringConverter>(converters::StringConverter::kClassName);
  plugins.add<converters::ByteArrayConverter>(converters::ByteArrayConverter::kClassName);
  plugins.add<converters::BinaryDataConverter>(converters::BinaryDataConverter::kClassName);
  plugins.add<converters::SimpleHeaderConverter>(converters::SimpleHeaderConverter::kClassName);
  const auto worker = runtime::WorkerConfig::load({{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")},
                                                   {"key.converter", converters::ByteArrayConverter::kClassName},
                                                   {"value.converter", converters::ByteArrayConverter::kClassName}},
                                                  {});
  TempDir dir;
  runtime::OffsetStore offsets(std::make_unique<runtime::FileRecordLog>(dir.path / "offsets.json"));
  offsets.start();

  // The article's converters, set on the connector (its class keys set, so they win over the worker's).
  const ConfigMap connector_config = {
      {"name", "producer-test"},
      {"connector.class", "test"},
      {"key.converter", converters::StringConverter::kClassName},
      {"value.converter", converters::BinaryDataConverter::kClassName},
      {"producer.override.compression.type", "zstd"},
  };
  std::vector<SourceRecord> records;
  const auto partition = std::make_shared<const OffsetMap>(OffsetMap{{"p", "x"}});
  Headers headers;
  headers.addString("id", "4d47e190-0402-4048-bc2c-89dd54343cdc");
  headers.addString("eventType", "UserCreated");
  records.emplace_back(partition, std::make_shared<const OffsetMap>(OffsetMap{{"n", 0}}), topic, std::nullopt,
                       Schema::string(), Value::string("u-123"), Schema::bytes(),
                       Value::bytes({0xDE, 0xAD, 0xBE, 0xEF}), std::nullopt, headers);
  for (int i = 0; i < kKeys; ++i) {
    records.emplace_back(partition, std::make_shared<const OffsetMap>(OffsetMap{{"n", i + 1}}), topic, std::nullopt,
                         Schema::string(), Value::string("key-" + std::to_string(i)), Schema::bytes(),
                         Value::bytes({static_cast<std::uint8_t>(i & 0xff)}));
  }

  std::mutex status_mutex;
  std::optional<std::string> failure;
  runtime::WorkerSourceTask task(runtime::TaskId{"producer-test", 0},
                                 std::make_unique<ScriptedTask>(std::move(records)), connector_config, {}, worker,
                                 plugins, offsets, [&](runtime::State state, const std::optional<std::string>& trace) {
                                   if (state == runtime::State::kFailed) {
                                     std::lock_guard lock(status_mutex);
                                     failure = trace.value_or("failed");
                                   }
                                 });
  task.start();
  const auto consumed = consumeAll(topic, kPartitions, kKeys + 1);
  task.stop(std::chrono::seconds(10));
  {
    std::lock_guard lock(status_mutex);
    INFO("task failure: " << failure.value_or("none"));
    CHECK_FALSE(failure.has_value());
  }
  REQUIRE(consumed.size() == kKeys + 1);

  // The article's record: key and value bytes as the converters made them, headers in order.
  const Consumed* article = nullptr;
  for (const auto& c : consumed) {
    if (c.key == "u-123") {
      article = &c;
    }
  }
  REQUIRE(article != nullptr);
  CHECK(article->value == std::vector<unsigned char>{0xDE, 0xAD, 0xBE, 0xEF});
  CHECK(article->partition == javaPartition("u-123", kPartitions));
  REQUIRE(article->headers.size() == 2);
  CHECK(article->headers[0] == std::pair<std::string, std::string>{"id", "4d47e190-0402-4048-bc2c-89dd54343cdc"});
  CHECK(article->headers[1] == std::pair<std::string, std::string>{"eventType", "UserCreated"});

  // Every keyed record on the partition Java's producer would choose.
  int mismatched = 0;
  std::map<int, int> per_partition;
  for (const auto& c : consumed) {
    ++per_partition[c.partition];
    if (c.partition != javaPartition(c.key, kPartitions)) {
      ++mismatched;
    }
  }
  CHECK(mismatched == 0);
  CHECK(per_partition.size() == kPartitions);

  // The Java client's own choice: Kafka's console producer (kafka-clients 4.3.0 and its default partitioner)
  // sends the same keys to a second 6-partition topic, and every key sits on the same partition in both.
  const std::string java_topic = topic + ".java";
  createTopic(java_topic, kPartitions);
  {
    std::ofstream keys(dir.path / "keys.txt");
    for (const auto& c : consumed) {
      keys << c.key << ":v\n";
    }
  }
  const std::string produced = runCommand(
      std::string(CONNECTD_SOURCE_DIR) + "/scripts/kafka/console-producer --bootstrap-server " +
      rig("KAFKA_BOOTSTRAP") + " --topic '" + java_topic +
      "' --property parse.key=true --property key.separator=: < '" + (dir.path / "keys.txt").string() + "' 2>&1");
  INFO(produced);
  const auto by_java = consumeAll(java_topic, kPartitions, kKeys + 1);
  REQUIRE(by_java.size() == kKeys + 1);
  std::map<std::string, int> java_partition;
  for (const auto& c : by_java) {
    java_partition[c.key] = c.partition;
  }
  int differ = 0;
  for (const auto& c : consumed) {
    const auto it = java_partition.find(c.key);
    if (it == java_partition.end() || it->second != c.partition) {
      ++differ;
    }
  }
  CHECK(differ == 0);

  // The broker stored the batches zstd-compressed: Kafka's DumpLogSegments on the article's partition.
  const std::string segment =
      rig("KAFKA_LOG_DIR") + "/" + topic + "-" + std::to_string(article->partition) + "/00000000000000000000.log";
  const std::string dump =
      runCommand(std::string(CONNECTD_SOURCE_DIR) + "/scripts/kafka/dump-log --files '" + segment + "' 2>&1");
  INFO(dump);
  CHECK(dump.find("compresscodec: zstd") != std::string::npos);
  CHECK(dump.find("compresscodec: none") == std::string::npos);
  offsets.stop();
}

TEST_CASE("a connector's converter applies only when it sets the class key, with its prefixed properties",
          "[integration][producer]") {
  std::random_device rd;
  const std::string topic = "producer.resolution." + std::to_string(rd() % 1000000);
  createTopic(topic, 1);
  PluginRegistry plugins;
  plugins.add<converters::StringConverter>(converters::StringConverter::kClassName);
  plugins.add<converters::ByteArrayConverter>(converters::ByteArrayConverter::kClassName);
  plugins.add<converters::BinaryDataConverter>(converters::BinaryDataConverter::kClassName);
  plugins.add<converters::SimpleHeaderConverter>(converters::SimpleHeaderConverter::kClassName);
  const auto worker = runtime::WorkerConfig::load({{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")},
                                                   {"key.converter", converters::ByteArrayConverter::kClassName},
                                                   {"value.converter", converters::ByteArrayConverter::kClassName}},
                                                  {});
  TempDir dir;
  runtime::OffsetStore offsets(std::make_unique<runtime::FileRecordLog>(dir.path / "offsets.json"));
  offsets.start();
  // key.converter is set: BinaryDataConverter, whose delegate comes from the connector's key.converter.*
  // keys (without it the string key fails). value.converter is not set: the worker's ByteArrayConverter
  // applies and the connector's value.converter.* key (naming a class that does not exist) is ignored.
  const ConfigMap connector_config = {
      {"name", "resolution-test"},
      {"connector.class", "test"},
      {"key.converter", converters::BinaryDataConverter::kClassName},
      {"key.converter.delegate.converter.type", converters::StringConverter::kClassName},
      {"value.converter.delegate.converter.type", "com.example.Ignored"},
  };
  const auto partition = std::make_shared<const OffsetMap>(OffsetMap{{"p", "y"}});
  std::vector<SourceRecord> records;
  records.emplace_back(partition, std::make_shared<const OffsetMap>(OffsetMap{{"n", 0}}), topic, std::nullopt,
                       Schema::string(), Value::string("k1"), Schema::bytes(), Value::bytes({0x01, 0x02}));
  std::mutex status_mutex;
  std::optional<std::string> failure;
  runtime::WorkerSourceTask task(runtime::TaskId{"resolution-test", 0},
                                 std::make_unique<ScriptedTask>(std::move(records)), connector_config, {}, worker,
                                 plugins, offsets, [&](runtime::State state, const std::optional<std::string>& trace) {
                                   if (state == runtime::State::kFailed) {
                                     std::lock_guard lock(status_mutex);
                                     failure = trace.value_or("failed");
                                   }
                                 });
  task.start();
  const auto consumed = consumeAll(topic, 1, 1);
  task.stop(std::chrono::seconds(10));
  {
    std::lock_guard lock(status_mutex);
    INFO("task failure: " << failure.value_or("none"));
    CHECK_FALSE(failure.has_value());
  }
  REQUIRE(consumed.size() == 1);
  CHECK(consumed[0].key == "k1");
  CHECK(consumed[0].value == std::vector<unsigned char>{0x01, 0x02});
  offsets.stop();
}
