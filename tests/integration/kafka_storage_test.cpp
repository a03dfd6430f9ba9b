// The stores on Kafka topics against the real broker: topics created compacted with Kafka Connect's
// partition counts, records in Kafka Connect's formats, and everything back from the topics alone.
#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <random>
#include <string>

#include "rig.hpp"
#include "runtime/storage/config_store.hpp"
#include "runtime/storage/kafka_record_log.hpp"
#include "runtime/storage/offset_store.hpp"
#include "runtime/storage/status_store.hpp"

using namespace connectd;
using namespace connectd::runtime;
using namespace connectd::test;

namespace {

std::unique_ptr<RecordLog> topicLog(const std::string& topic, int partitions) {
  KafkaLogOptions o;
  o.topic = topic;
  o.partitions = partitions;
  o.replication_factor = 1;
  o.client_configs = {{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")}};
  o.client_id = "connectd-test";
  return std::make_unique<KafkaRecordLog>(std::move(o));
}

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
  REQUIRE(pipe);
  char buf[4096];
  while (fgets(buf, sizeof(buf), pipe.get()) != nullptr) {
    out += buf;
  }
  return out;
}

std::string suffix() {
  std::random_device rd;
  return std::to_string(rd() % 1000000);
}

}  // namespace

TEST_CASE("the stores on Kafka topics come back from the topics alone", "[integration][storage]") {
  const std::string s = suffix();
  const std::string config_topic = "connect-configs-" + s;
  const std::string offset_topic = "connect-offsets-" + s;
  const std::string status_topic = "connect-status-" + s;
  {
    ConfigStore config(topicLog(config_topic, 1));
    config.start([](const std::string&) {});
    config.putConnectorConfig("pg-outbox",
                              {{"connector.class", "io.debezium.connector.postgresql.PostgresConnector"},
                               {"database.password", "${file:/secrets/db.properties:database.password}"}},
                              TargetState::kStopped);
    config.putTaskConfigs("pg-outbox", {{{"task", "0"}}});
    StatusStore status(topicLog(status_topic, 5));
    status.start();
    status.putConnector("pg-outbox", Status{State::kStopped, std::nullopt, "127.0.0.1:8083", 0, ""});
    OffsetStore offsets(topicLog(offset_topic, 25));
    offsets.start();
    offsets.set("pg-outbox", {{OffsetMap{{"server", "pg"}}, OffsetMap{{"lsn", 123}}}});
  }
  // New instances, no local state: everything is read back from Kafka.
  ConfigStore config(topicLog(config_topic, 1));
  config.start([](const std::string&) {});
  auto snap = config.snapshot();
  REQUIRE(snap.contains("pg-outbox"));
  CHECK(snap.connector_configs.at("pg-outbox").at("database.password") ==
        "${file:/secrets/db.properties:database.password}");
  CHECK(snap.targetState("pg-outbox") == TargetState::kStopped);
  CHECK(snap.task_configs.at("pg-outbox").size() == 1);
  StatusStore status(topicLog(status_topic, 5));
  status.start();
  REQUIRE(status.connector("pg-outbox"));
  CHECK(status.connector("pg-outbox")->state == State::kStopped);
  OffsetStore offsets(topicLog(offset_topic, 25));
  offsets.start();
  REQUIRE(offsets.get("pg-outbox", OffsetMap{{"server", "pg"}}));
  CHECK((*offsets.get("pg-outbox", OffsetMap{{"server", "pg"}}))["lsn"] == 123);

  // Kafka's own tools see compacted topics with Kafka Connect's partition counts and record formats.
  const std::string tools = std::string(CONNECTD_SOURCE_DIR) + "/scripts/kafka/";
  const std::string described = run(tools + "topics --bootstrap-server " + rig("KAFKA_BOOTSTRAP") +
                                    " --describe --topic " + config_topic + "," + offset_topic + " 2>&1");
  CHECK(described.find("cleanup.policy=compact") != std::string::npos);
  CHECK(described.find("Topic: " + config_topic + "\tTopicId") != std::string::npos);
  CHECK(described.find("PartitionCount: 1\t") != std::string::npos);
  CHECK(described.find("PartitionCount: 25\t") != std::string::npos);
  const std::string records =
      run(tools + "console-consumer --bootstrap-server " + rig("KAFKA_BOOTSTRAP") + " --topic " + config_topic +
          " --from-beginning --max-messages 4 --timeout-ms 20000 --property print.key=true 2>/dev/null");
  CHECK(records.find("target-state-pg-outbox\t{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}") != std::string::npos);
  CHECK(records.find("commit-pg-outbox\t{\"tasks\":1}") != std::string::npos);
  const std::string offset_records =
      run(tools + "console-consumer --bootstrap-server " + rig("KAFKA_BOOTSTRAP") + " --topic " + offset_topic +
          " --from-beginning --max-messages 1 --timeout-ms 20000 --property print.key=true 2>/dev/null");
  CHECK(offset_records.find("[\"pg-outbox\",{\"server\":\"pg\"}]\t{\"lsn\":123}") != std::string::npos);
}
