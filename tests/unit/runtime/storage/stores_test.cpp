// The config, status and offset stores over the data-directory log: Kafka Connect's record formats,
// and everything back after a restart.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectd/api/errors.hpp"
#include "runtime/storage/config_store.hpp"
#include "runtime/storage/file_record_log.hpp"
#include "runtime/storage/offset_store.hpp"
#include "runtime/storage/status_store.hpp"

using namespace connectd;
using namespace connectd::runtime;
namespace fs = std::filesystem;

namespace {

using connectd::test::TempDir;

std::unique_ptr<RecordLog> fileLog(const TempDir& dir, const std::string& name) {
  return std::make_unique<FileRecordLog>(dir.path / name);
}

}  // namespace

TEST_CASE("config records are written in Kafka Connect's formats", "[runtime][storage]") {
  CHECK(connectorConfigValue({{"connector.class", "X"}, {"tasks.max", "1"}}) ==
        R"({"properties":{"connector.class":"X","tasks.max":"1"}})");
  CHECK(targetStateValue(TargetState::kStopped) == R"({"state":"PAUSED","state.v2":"STOPPED"})");
  CHECK(targetStateValue(TargetState::kStarted) == R"({"state":"STARTED","state.v2":"STARTED"})");
  CHECK(commitValue(2) == R"({"tasks":2})");
  CHECK(restartValue(true, false) == R"({"include-tasks":true,"only-failed":false})");
  Status s{State::kFailed, std::string("boom"), "10.0.0.1:8083", 3, "3.6.1.Final"};
  CHECK(statusValue(s) ==
        R"({"state":"FAILED","trace":"boom","worker_id":"10.0.0.1:8083","generation":3,"version":"3.6.1.Final"})");
  CHECK(statusValue(Status{State::kRunning, std::nullopt, "w:8083", 0, ""}) ==
        R"({"state":"RUNNING","trace":null,"worker_id":"w:8083","generation":0})");
  CHECK(offsetKey("pg-outbox", OffsetMap{{"server", "pg"}}) == R"(["pg-outbox",{"server":"pg"}])");
}

TEST_CASE("the config store survives a restart of its data directory", "[runtime][storage]") {
  TempDir dir;
  {
    ConfigStore store(fileLog(dir, "config.json"));
    std::vector<std::string> changes;
    store.start([&](const std::string& c) { changes.push_back(c); });
    store.putConnectorConfig("pg-outbox", {{"connector.class", "PostgresConnector"}, {"tasks.max", "1"}},
                             TargetState::kPaused);
    store.putTaskConfigs("pg-outbox", {{{"task.id", "0"}}});
    store.putConnectorConfig("other", {{"connector.class", "X"}});
    store.putTargetState("other", TargetState::kStopped);
    store.putConnectorConfig("gone", {{"connector.class", "X"}});
    store.removeConnectorConfig("gone");
    CHECK(changes.size() >= 5);
    auto s = store.snapshot();
    CHECK(s.targetState("pg-outbox") == TargetState::kPaused);
    CHECK(s.task_configs.at("pg-outbox").size() == 1);
    CHECK_FALSE(s.contains("gone"));
  }
  ConfigStore reopened(fileLog(dir, "config.json"));
  reopened.start([](const std::string&) {});
  auto s = reopened.snapshot();
  REQUIRE(s.contains("pg-outbox"));
  CHECK(s.connector_configs.at("pg-outbox").at("connector.class") == "PostgresConnector");
  CHECK(s.targetState("pg-outbox") == TargetState::kPaused);
  CHECK(s.targetState("other") == TargetState::kStopped);
  REQUIRE(s.task_configs.count("pg-outbox") == 1);
  CHECK(s.task_configs.at("pg-outbox")[0].at("task.id") == "0");
  CHECK_FALSE(s.contains("gone"));
  // The file holds the same key/value records the config topic would.
  const std::string file = dir.read("config.json");
  CHECK(file.find(R"("target-state-pg-outbox")") != std::string::npos);
  CHECK(file.find(R"("commit-pg-outbox","{\"tasks\":1}")") != std::string::npos);
}

TEST_CASE("task configs take effect only with a commit that covers them all", "[runtime][storage]") {
  TempDir dir;
  {
    // A log as a crashed leader could leave it: tasks 0 and 1 for a commit of 3.
    FileRecordLog log(dir.path / "config.json");
    log.start([](const LogRecord&) {});
    log.send("connector-c", connectorConfigValue({{"connector.class", "X"}}));
    log.send("task-c-0", connectorConfigValue({{"n", "0"}}));
    log.send("task-c-1", connectorConfigValue({{"n", "1"}}));
    log.send("commit-c", commitValue(3));
    log.send("connector-my-dashed-name", connectorConfigValue({{"connector.class", "X"}}));
    log.send("task-my-dashed-name-0", connectorConfigValue({{"n", "0"}}));
    log.send("commit-my-dashed-name", commitValue(1));
    log.flush(std::chrono::seconds(1));
  }
  ConfigStore store(fileLog(dir, "config.json"));
  store.start([](const std::string&) {});
  auto s = store.snapshot();
  CHECK(s.inconsistent.count("c") == 1);
  CHECK(s.task_configs.count("c") == 0);
  REQUIRE(s.task_configs.count("my-dashed-name") == 1);
  CHECK(s.task_configs.at("my-dashed-name").size() == 1);
}

TEST_CASE("status and offsets come back after a restart", "[runtime][storage]") {
  TempDir dir;
  {
    StatusStore status(fileLog(dir, "status.json"));
    status.start();
    status.putConnector("c", Status{State::kRunning, std::nullopt, "w:8083", 0, ""});
    status.putTask("c", 0, Status{State::kFailed, std::string("trace"), "w:8083", 0, ""});
    status.putTask("c", 1, Status{State::kRunning, std::nullopt, "w:8083", 0, ""});
    status.deleteTask("c", 1);
    OffsetStore offsets(fileLog(dir, "offsets.json"));
    offsets.start();
    offsets.set("c", {{OffsetMap{{"server", "pg"}}, OffsetMap{{"lsn", 42}, {"txId", 7}}},
                      {OffsetMap{{"server", "other"}}, OffsetMap{{"lsn", 1}}}});
    offsets.set("c", {{OffsetMap{{"server", "other"}}, std::nullopt}});
  }
  StatusStore status(fileLog(dir, "status.json"));
  status.start();
  REQUIRE(status.connector("c"));
  CHECK(status.connector("c")->state == State::kRunning);
  auto tasks = status.tasks("c");
  REQUIRE(tasks.size() == 1);
  CHECK(tasks.at(0).state == State::kFailed);
  CHECK(tasks.at(0).trace == "trace");

  OffsetStore offsets(fileLog(dir, "offsets.json"));
  offsets.start();
  auto got = offsets.get("c", OffsetMap{{"server", "pg"}});
  REQUIRE(got);
  CHECK(got->dump() == R"({"lsn":42,"txId":7})");
  CHECK_FALSE(offsets.get("c", OffsetMap{{"server", "other"}}));
  CHECK(offsets.list("c").size() == 1);
  CHECK(offsets.list("someone-else").empty());
}

TEST_CASE("active topics are stored as Kafka's KafkaStatusBackingStore stores them", "[runtime][storage]") {
  CHECK(topicStatusKey("outbox.event.order", "pg-outbox") == "status-topic-outbox.event.order:connector-pg-outbox");
  CHECK(
      topicStatusValue(TopicStatus{"outbox.event.order", "pg-outbox", 2, 1700000000123}) ==
      R"({"topic":{"name":"outbox.event.order","connector":"pg-outbox","task":2,"discoverTimestamp":1700000000123}})");

  TempDir dir;
  {
    StatusStore status(fileLog(dir, "status.json"));
    status.start();
    const auto before = status.topicRemovals();
    status.putTopic(TopicStatus{"b-topic", "c", 0, 2});
    status.putTopic(TopicStatus{"a-topic", "c", 1, 1});
    status.putTopic(TopicStatus{"gone", "c", 0, 3});
    status.putTopic(TopicStatus{"a-topic", "other-connector", 0, 4});
    status.deleteTopic("c", "gone");
    CHECK(status.topicRemovals() != before);
    CHECK_FALSE(status.topic("c", "gone"));
    // Connector status records are not disturbed by topic records for the same connector.
    status.putConnector("c", Status{State::kRunning, std::nullopt, "w:8083", 0, ""});
  }
  // The records on disk are Kafka's key and value bytes, the deletion a tombstone.
  std::ifstream in(dir.path / "status.json");
  std::stringstream file;
  file << in.rdbuf();
  CHECK(file.str().find("status-topic-a-topic:connector-c") != std::string::npos);

  StatusStore status(fileLog(dir, "status.json"));
  status.start();
  auto topics = status.topics("c");
  REQUIRE(topics.size() == 2);
  CHECK(topics[0].topic == "a-topic");
  CHECK(topics[0].connector == "c");
  CHECK(topics[0].task == 1);
  CHECK(topics[0].discover_timestamp == 1);
  CHECK(topics[1].topic == "b-topic");
  CHECK(status.topics("other-connector").size() == 1);
  CHECK(status.topics("unknown").empty());
  REQUIRE(status.connector("c"));
  CHECK(status.tasks("c").empty());
}

TEST_CASE("offset keys written by another writer are matched by value and reused byte for byte", "[runtime][storage]") {
  TempDir dir;
  {
    FileRecordLog log(dir.path / "offsets.json");
    log.start([](const LogRecord&) {});
    // Kafka Connect wrote the partition map with its keys in another order.
    log.send(R"(["c",{"b":2,"a":1}])", R"({"pos":5})");
    log.flush(std::chrono::seconds(1));
  }
  OffsetStore offsets(fileLog(dir, "offsets.json"));
  offsets.start();
  auto got = offsets.get("c", OffsetMap{{"a", 1}, {"b", 2}});
  REQUIRE(got);
  CHECK((*got)["pos"] == 5);
  offsets.set("c", {{OffsetMap{{"a", 1}, {"b", 2}}, OffsetMap{{"pos", 6}}}});
  const std::string file = dir.read("offsets.json");
  CHECK(file.find(R"([\"c\",{\"b\":2,\"a\":1}])") != std::string::npos);
  CHECK(file.find(R"({\"a\":1)") == std::string::npos);
}

TEST_CASE("a corrupt data file is refused, not overwritten", "[runtime][storage]") {
  TempDir dir;
  std::ofstream(dir.path / "config.json") << "{not json";
  ConfigStore store(fileLog(dir, "config.json"));
  CHECK_THROWS_AS(store.start([](const std::string&) {}), ConnectException);
  CHECK(dir.read("config.json") == "{not json");
}
