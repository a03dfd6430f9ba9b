// The REST contract against the real connectd binary over HTTP (spec §1.2–§1.5, checked against the
// reference worker's recorded answers in tests/conformance/rest/debezium-responses.json): status codes,
// bodies and messages of every connector endpoint, using Kafka's own test source
// (org.apache.kafka.connect.tools.VerifiableSourceConnector) so that tasks really run and produce.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "rig.hpp"

using namespace connectd::test;
using json = nlohmann::json;

namespace {

std::string verifiableConfig(const std::string& topic, int tasks = 1, int throughput = 100) {
  return json{{"connector.class", "VerifiableSource"},
              {"topic", topic},
              {"throughput", std::to_string(throughput)},
              {"tasks.max", std::to_string(tasks)},
              {"key.converter", "org.apache.kafka.connect.storage.StringConverter"},
              {"value.converter", "StringConverter"},
              {"header.converter", "StringConverter"}}
      .dump();
}

json body(const HttpResult& r) {
  return json::parse(r.body, nullptr, false);
}

bool stateIs(unsigned short port, const std::string& c, const std::string& state, std::size_t tasks) {
  auto r = httpRequest(port, "GET", "/connectors/" + c + "/status");
  if (r.status != 200) {
    return false;
  }
  auto j = body(r);
  if (j["connector"]["state"] != state || j["tasks"].size() != tasks) {
    return false;
  }
  for (const auto& t : j["tasks"]) {
    if (t["state"] != state) {
      return false;
    }
  }
  return true;
}

void expectError(const HttpResult& r, int status, const std::string& message) {
  INFO(r.body);
  CHECK(r.status == status);
  auto j = body(r);
  CHECK(j["error_code"] == status);
  CHECK(j["message"] == message);
}

struct Connectd {
  TempDir data;
  unsigned short port = freePort();
  std::unique_ptr<ConnectdProcess> proc;
  std::vector<std::string> env;

  explicit Connectd(std::vector<std::string> extra = {}) : env(std::move(extra)) { start(); }
  void start() {
    std::vector<std::string> e = {"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"),
                                  "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port),
                                  "CONNECT_CONNECTD_DATA_DIR=" + data.path.string(), "OFFSET_FLUSH_INTERVAL_MS=500"};
    e.insert(e.end(), env.begin(), env.end());
    proc = std::make_unique<ConnectdProcess>(e, (data.path.parent_path() / "connectd-test.log").string());
    REQUIRE(waitForRest(port, std::chrono::seconds(30)));
  }
};

}  // namespace

TEST_CASE("connector lifecycle over REST: codes, bodies and messages", "[integration][rest]") {
  Connectd w;
  const auto port = w.port;
  CHECK(body(httpRequest(port, "GET", "/connectors")) == json::array());
  CHECK(httpRequest(port, "GET", "/health").status == 200);

  // The test source is hidden from the list, as Kafka hides it; converters appear with connectorsOnly=false.
  CHECK(
      body(httpRequest(port, "GET", "/connector-plugins")) ==
      json::parse(
          R"([{"class":"io.debezium.connector.postgresql.PostgresConnector","type":"source","version":"3.6.1.Final"}])"));
  auto all = body(httpRequest(port, "GET", "/connector-plugins?connectorsOnly=false"));
  CHECK(
      all.dump().find(
          R"({"class":"org.apache.kafka.connect.storage.StringConverter","type":"header_converter","version":"4.3.0"})") !=
      std::string::npos);

  // Create (201 + Location), then update (200).
  auto created = httpRequest(port, "PUT", "/connectors/v1/config", verifiableConfig("rest.v1", 2));
  REQUIRE(created.status == 201);
  auto info = json::parse(created.body);
  std::vector<std::string> keys;
  const auto ordered = nlohmann::ordered_json::parse(created.body);
  for (auto it = ordered.begin(); it != ordered.end(); ++it) {
    keys.push_back(it.key());
  }
  CHECK(keys == std::vector<std::string>{"name", "config", "tasks", "type"});
  CHECK(info["config"]["name"] == "v1");
  CHECK(info["type"] == "source");
  CHECK(httpRequest(port, "PUT", "/connectors/v1/config", verifiableConfig("rest.v1", 2)).status == 200);

  REQUIRE(waitFor([&] { return stateIs(port, "v1", "RUNNING", 2); }, std::chrono::seconds(30)));
  auto status = body(httpRequest(port, "GET", "/connectors/v1/status"));
  CHECK(status["connector"]["worker_id"] == "127.0.0.1:" + std::to_string(port));
  CHECK(status["connector"]["version"] == "4.3.0");
  CHECK(status["type"] == "source");
  auto tasks = body(httpRequest(port, "GET", "/connectors/v1/tasks"));
  REQUIRE(tasks.size() == 2);
  CHECK(tasks[1]["id"] == json{{"connector", "v1"}, {"task", 1}});
  CHECK(tasks[1]["config"]["id"] == "1");
  CHECK(body(httpRequest(port, "GET", "/connectors/v1/tasks/0/status"))["state"] == "RUNNING");
  expectError(httpRequest(port, "GET", "/connectors/v1/tasks/5/status"), 404, "No status found for task v1-5");

  auto expanded = body(httpRequest(port, "GET", "/connectors?expand=status&expand=info"));
  CHECK(expanded["v1"]["status"]["connector"]["state"] == "RUNNING");
  CHECK(expanded["v1"]["info"]["name"] == "v1");

  expectError(httpRequest(port, "POST", "/connectors",
                          json{{"name", "v1"}, {"config", json::parse(verifiableConfig("rest.v1"))}}.dump()),
              409, "Connector v1 already exists");
  auto mismatch = json::parse(verifiableConfig("x"));
  mismatch["name"] = "other";
  expectError(httpRequest(port, "PUT", "/connectors/v2/config", mismatch.dump()), 400,
              "Connector name configuration (other) doesn't match connector name in the URL (v2)");

  // Pause and resume: 202, and the status follows.
  CHECK(httpRequest(port, "PUT", "/connectors/v1/pause").status == 202);
  CHECK(waitFor([&] { return stateIs(port, "v1", "PAUSED", 2); }, std::chrono::seconds(20)));
  CHECK(httpRequest(port, "PUT", "/connectors/v1/resume").status == 202);
  CHECK(waitFor([&] { return stateIs(port, "v1", "RUNNING", 2); }, std::chrono::seconds(20)));

  // Offsets can only change while STOPPED.
  const std::string patch = R"({"offsets":[{"partition":{"id":0},"offset":{"seqno":1000}}]})";
  expectError(httpRequest(port, "PATCH", "/connectors/v1/offsets", patch), 400,
              "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the "
              "specified connector by issuing a 'PUT' request to the '/connectors/v1/stop' endpoint");
  CHECK(httpRequest(port, "PUT", "/connectors/v1/stop").status == 204);
  REQUIRE(waitFor([&] { return stateIs(port, "v1", "STOPPED", 0); }, std::chrono::seconds(20)));
  CHECK(body(httpRequest(port, "GET", "/connectors/v1/tasks")) == json::array());
  auto offsets = body(httpRequest(port, "GET", "/connectors/v1/offsets"))["offsets"];
  REQUIRE(offsets.size() == 2);
  CHECK(offsets[0]["partition"].contains("id"));
  CHECK(offsets[0]["offset"]["seqno"].is_number_integer());
  auto altered = httpRequest(port, "PATCH", "/connectors/v1/offsets", patch);
  CHECK(altered.status == 200);
  CHECK(body(altered)["message"].get<std::string>().rfind(
            "The Connect framework-managed offsets for this connector have been altered successfully", 0) == 0);
  bool found = false;
  const auto after = body(httpRequest(port, "GET", "/connectors/v1/offsets"));
  for (const auto& o : after["offsets"]) {
    found = found || (o["partition"] == json{{"id", 0}} && o["offset"] == json{{"seqno", 1000}});
  }
  CHECK(found);
  expectError(httpRequest(port, "PATCH", "/connectors/v1/offsets", R"({"offsets":[]})"), 400,
              "Partitions / offsets need to be provided for an alter offsets request");
  CHECK(httpRequest(port, "DELETE", "/connectors/v1/offsets").status == 200);
  CHECK(body(httpRequest(port, "GET", "/connectors/v1/offsets"))["offsets"] == json::array());

  // Resume un-stops; restarts.
  CHECK(httpRequest(port, "PUT", "/connectors/v1/resume").status == 202);
  REQUIRE(waitFor([&] { return stateIs(port, "v1", "RUNNING", 2); }, std::chrono::seconds(30)));
  CHECK(httpRequest(port, "POST", "/connectors/v1/restart").status == 204);
  auto plan = httpRequest(port, "POST", "/connectors/v1/restart?includeTasks=true");
  CHECK(plan.status == 202);
  CHECK(body(plan)["connector"]["state"] == "RESTARTING");
  CHECK(body(plan)["tasks"][0]["state"] == "RESTARTING");
  auto only_failed = httpRequest(port, "POST", "/connectors/v1/restart?includeTasks=true&onlyFailed=true");
  CHECK(only_failed.status == 202);
  CHECK(httpRequest(port, "POST", "/connectors/v1/tasks/0/restart").status == 204);
  expectError(httpRequest(port, "POST", "/connectors/v1/tasks/7/restart"), 404, "Unknown task: v1-7");
  REQUIRE(waitFor([&] { return stateIs(port, "v1", "RUNNING", 2); }, std::chrono::seconds(30)));

  // PATCH merges; null removes.
  auto patched = httpRequest(port, "PATCH", "/connectors/v1/config", R"({"throughput":"50","tasks.max":null})");
  CHECK(patched.status == 200);
  CHECK(body(patched)["config"]["throughput"] == "50");
  CHECK_FALSE(body(patched)["config"].contains("tasks.max"));
  CHECK(waitFor([&] { return stateIs(port, "v1", "RUNNING", 1); }, std::chrono::seconds(30)));

  CHECK(httpRequest(port, "DELETE", "/connectors/v1").status == 204);
  expectError(httpRequest(port, "GET", "/connectors/v1"), 404, "Connector v1 not found");
  CHECK(waitFor([&] { return httpRequest(port, "GET", "/connectors/v1/status").status == 404; },
                std::chrono::seconds(20)));
  CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
}

TEST_CASE("REST errors: unknown connectors, bad bodies and validation", "[integration][rest]") {
  Connectd w;
  const auto port = w.port;
  expectError(httpRequest(port, "GET", "/connectors/nope"), 404, "Connector nope not found");
  expectError(httpRequest(port, "GET", "/connectors/nope/config"), 404, "Connector nope not found");
  expectError(httpRequest(port, "GET", "/connectors/nope/status"), 404, "No status found for connector nope");
  expectError(httpRequest(port, "GET", "/connectors/nope/tasks"), 404, "Connector nope not found");
  expectError(httpRequest(port, "GET", "/connectors/nope/offsets"), 404, "Connector nope not found");
  expectError(httpRequest(port, "PUT", "/connectors/nope/pause"), 404, "Unknown connector nope");
  expectError(httpRequest(port, "PUT", "/connectors/nope/resume"), 404, "Unknown connector nope");
  expectError(httpRequest(port, "PUT", "/connectors/nope/stop"), 404, "Unknown connector nope");
  expectError(httpRequest(port, "POST", "/connectors/nope/restart"), 404, "Unknown connector: nope");
  expectError(httpRequest(port, "POST", "/connectors/nope/tasks/0/restart"), 404, "Unknown connector: nope");
  expectError(httpRequest(port, "DELETE", "/connectors/nope"), 404, "Connector nope not found");
  expectError(httpRequest(port, "PATCH", "/connectors/nope/config", "{}"), 404, "Connector nope not found");
  expectError(httpRequest(port, "GET", "/connector-plugins/NoSuchPlugin/config"), 404, "Unknown plugin NoSuchPlugin.");
  expectError(httpRequest(port, "GET", "/no/such/path"), 404, "HTTP 404 Not Found");
  expectError(httpRequest(port, "DELETE", "/connectors"), 405, "HTTP 405 Method Not Allowed");

  // Bodies: wrong content type, malformed JSON, nested values, nulls.
  expectError(httpRequest(port, "PUT", "/connectors/x/config", "a=b", "application/x-www-form-urlencoded"), 415,
              "HTTP 415 Unsupported Media Type");
  auto malformed = httpRequest(port, "PUT", "/connectors/x/config", "{nope");
  CHECK(malformed.status == 400);
  CHECK(body(malformed)["error_code"] == 400);
  CHECK(httpRequest(port, "PUT", "/connectors/x/config", R"({"a":{"b":1}})").status == 400);
  expectError(
      httpRequest(port, "PUT", "/connectors/x/config", R"({"connector.class":"VerifiableSource","topic":null})"), 400,
      "Null value can not be supplied as the configuration value.");
  // An unknown class: 400, and the message names what exists instead of a wall of plugin descriptors.
  expectError(httpRequest(port, "PUT", "/connectors/x/config", R"({"connector.class":"com.example.NoSuchConnector"})"),
              400,
              "No SourceConnector named com.example.NoSuchConnector. Available: "
              "io.debezium.connector.postgresql.PostgresConnector, "
              "org.apache.kafka.connect.tools.VerifiableSourceConnector");
  // A JSON number is stored as a string, as Jackson coerces it.
  auto num = json::parse(verifiableConfig("rest.num"));
  num["tasks.max"] = 1;
  CHECK(httpRequest(port, "PUT", "/connectors/num/config", num.dump()).status == 201);
  CHECK(body(httpRequest(port, "GET", "/connectors/num/config"))["tasks.max"] == "1");

  // Validation reports every error at once, with each definition.
  auto bad = json::parse(verifiableConfig("t"));
  bad["tasks.max"] = "0";
  bad["errors.tolerance"] = "sometimes";
  bad["transforms"] = "a";
  bad["transforms.a.type"] = "NoSuchTransform";
  auto v = httpRequest(port, "PUT", "/connector-plugins/VerifiableSource/config/validate", bad.dump());
  REQUIRE(v.status == 200);
  auto vj = body(v);
  CHECK(vj["name"] == "VerifiableSource");
  CHECK(vj["error_count"] == 4);  // the body has no name, which is required as in Kafka
  CHECK(vj["groups"] == json{"Common", "Transforms", "Predicates", "Error Handling", "Transforms: a"});
  std::vector<std::string> errors;
  for (const auto& c : vj["configs"]) {
    for (const auto& e : c["value"]["errors"]) {
      errors.push_back(e.get<std::string>());
    }
    CHECK(c["definition"].contains("order_in_group"));
  }
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "Missing required configuration \"name\" which has no default value.");
  CHECK(errors[1] == "Invalid value 0 for configuration tasks.max: Value must be at least 1");
  CHECK(errors[2] ==
        "Invalid value sometimes for configuration errors.tolerance: String must be one of (case insensitive): none, "
        "all");
  // The message lists the transformations that exist, in class-name order.
  CHECK(
      errors[3].starts_with("Invalid value NoSuchTransform for configuration transforms.a.type: No Transformation "
                            "named NoSuchTransform. Available: io.debezium.transforms.ByLogicalTableRouter, "));
  CHECK(errors[3].find("io.debezium.transforms.outbox.EventRouter") != std::string::npos);
  expectError(httpRequest(port, "PUT", "/connector-plugins/FileStreamSink/config/validate", verifiableConfig("t")), 400,
              "Included connector type VerifiableSource does not match request type FileStreamSink");
  CHECK(
      httpRequest(port, "PUT", "/connector-plugins/VerifiableSource/config/validate", R"({"tasks.max":"1"})").status ==
      500);
  // Creating with an invalid config: 400 and the whole list.
  auto rejected = httpRequest(port, "PUT", "/connectors/bad/config", bad.dump());
  CHECK(rejected.status == 400);
  CHECK(body(rejected)["message"].get<std::string>().rfind(
            "Connector configuration is invalid and contains the following 3 error(s):\n", 0) == 0);
  CHECK(httpRequest(port, "GET", "/connectors/bad").status == 404);

  // Loggers.
  CHECK(body(httpRequest(port, "GET", "/admin/loggers")).contains("org.apache.kafka.connect.runtime.Worker"));
  expectError(httpRequest(port, "GET", "/admin/loggers/no.such.logger"), 404, "Logger no.such.logger not found.");
  auto set = httpRequest(port, "PUT", "/admin/loggers/org.apache.kafka.connect.runtime.Worker", R"({"level":"DEBUG"})");
  CHECK(set.status == 200);
  CHECK(body(set) == json{"org.apache.kafka.connect.runtime.Worker"});
  CHECK(body(httpRequest(port, "GET", "/admin/loggers/org.apache.kafka.connect.runtime.Worker"))["level"] == "DEBUG");
  expectError(httpRequest(port, "PUT", "/admin/loggers/root", R"({"level":"LOUD"})"), 404, "invalid log level 'LOUD'.");
  expectError(httpRequest(port, "PUT", "/admin/loggers/root", "{}"), 400,
              "Desired 'level' parameter was not specified in request.");
  // A logger nobody has used yet is created, as log4j does (the reference answers with its name).
  auto fresh = httpRequest(port, "PUT", "/admin/loggers/com.example.not.yet.used", R"({"level":"TRACE"})");
  CHECK(fresh.status == 200);
  CHECK(body(fresh) == json{"com.example.not.yet.used"});
  CHECK(body(httpRequest(port, "GET", "/admin/loggers/com.example.not.yet.used"))["level"] == "TRACE");
}

namespace {

json activeTopics(unsigned short port, const std::string& c) {
  return body(httpRequest(port, "GET", "/connectors/" + c + "/topics"));
}

}  // namespace

TEST_CASE("active topics (KIP-558): recorded on the first record, reset, kept across a restart, cleared on deletion",
          "[integration][rest]") {
  Connectd w;
  const auto port = w.port;
  auto stopped =
      json{{"name", "t1"}, {"config", json::parse(verifiableConfig("rest.t1"))}, {"initial_state", "STOPPED"}};
  REQUIRE(httpRequest(port, "POST", "/connectors", stopped.dump()).status == 201);
  REQUIRE(waitFor([&] { return stateIs(port, "t1", "STOPPED", 0); }, std::chrono::seconds(20)));
  auto none = httpRequest(port, "GET", "/connectors/t1/topics");
  CHECK(none.status == 200);
  CHECK(body(none) == json::parse(R"({"t1":{"topics":[]}})"));
  // As Kafka: an unknown connector has no active topics (200, not 404), and resetting them is accepted.
  auto unknown = httpRequest(port, "GET", "/connectors/nope/topics");
  CHECK(unknown.status == 200);
  CHECK(body(unknown) == json::parse(R"({"nope":{"topics":[]}})"));
  CHECK(httpRequest(port, "PUT", "/connectors/nope/topics/reset").status == 202);

  // Running, the task produces: its topic becomes active.
  REQUIRE(httpRequest(port, "PUT", "/connectors/t1/resume").status == 202);
  const json recorded = json::parse(R"({"t1":{"topics":["rest.t1"]}})");
  CHECK(waitFor([&] { return activeTopics(port, "t1") == recorded; }, std::chrono::seconds(30)));

  // Reset while stopped (nothing produces): 202 with an empty body, then no topic.
  REQUIRE(httpRequest(port, "PUT", "/connectors/t1/stop").status == 204);
  REQUIRE(waitFor([&] { return stateIs(port, "t1", "STOPPED", 0); }, std::chrono::seconds(20)));
  auto reset = httpRequest(port, "PUT", "/connectors/t1/topics/reset");
  CHECK(reset.status == 202);
  CHECK(reset.body.empty());
  CHECK(activeTopics(port, "t1") == json::parse(R"({"t1":{"topics":[]}})"));

  // The next record records the topic again; it survives a restart of the worker.
  REQUIRE(httpRequest(port, "PUT", "/connectors/t1/resume").status == 202);
  CHECK(waitFor([&] { return activeTopics(port, "t1") == recorded; }, std::chrono::seconds(30)));
  w.proc->kill9();
  w.start();
  CHECK(activeTopics(port, "t1") == recorded);

  // Deleting the connector clears its active topics, as Kafka's herder does.
  REQUIRE(httpRequest(port, "DELETE", "/connectors/t1").status == 204);
  CHECK(waitFor([&] { return activeTopics(port, "t1") == json::parse(R"({"t1":{"topics":[]}})"); },
                std::chrono::seconds(20)));
  CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
}

TEST_CASE("active topics: 403 when topic.tracking.enable or topic.tracking.allow.reset is false",
          "[integration][rest]") {
  {
    Connectd w({"CONNECT_TOPIC_TRACKING_ALLOW_RESET=false"});
    CHECK(body(httpRequest(w.port, "GET", "/connectors/c/topics")) == json::parse(R"({"c":{"topics":[]}})"));
    expectError(httpRequest(w.port, "PUT", "/connectors/c/topics/reset"), 403, "Topic tracking reset is disabled.");
    CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
  }
  Connectd w({"CONNECT_TOPIC_TRACKING_ENABLE=false"});
  expectError(httpRequest(w.port, "GET", "/connectors/c/topics"), 403, "Topic tracking is disabled.");
  expectError(httpRequest(w.port, "PUT", "/connectors/c/topics/reset"), 403, "Topic tracking is disabled.");
  CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
}

TEST_CASE("connector.client.config.override.policy refuses producer.override.* keys as Kafka does",
          "[integration][rest]") {
  auto with_override = [](const std::string& key, const std::string& value) {
    auto c = json::parse(verifiableConfig("rest.policy"));
    c["producer.override." + key] = value;
    return c;
  };
  const std::string refused =
      "The 'None' policy does not allow 'linger.ms' to be overridden in the connector configuration.";
  {
    Connectd w({"CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY=None"});
    auto c = with_override("linger.ms", "5");
    expectError(httpRequest(w.port, "PUT", "/connectors/p/config", c.dump()), 400,
                "Connector configuration is invalid and contains the following 1 error(s):\n" + refused +
                    "\nYou can also find the above list of errors at the endpoint "
                    "`/connector-plugins/VerifiableSource/config/validate`");
    c["name"] = "p";
    auto v = httpRequest(w.port, "PUT", "/connector-plugins/VerifiableSource/config/validate", c.dump());
    REQUIRE(v.status == 200);
    auto vj = body(v);
    CHECK(vj["error_count"] == 1);
    std::vector<json> errors;
    for (const auto& ci : vj["configs"]) {
      if (ci["value"]["name"] == "producer.override.linger.ms") {
        errors.push_back(ci["value"]["errors"]);
      }
    }
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == json{refused});
    auto posted = httpRequest(w.port, "POST", "/connectors", json{{"name", "p"}, {"config", c}}.dump());
    CHECK(posted.status == 400);
    CHECK(body(posted)["message"].get<std::string>().find(refused) != std::string::npos);
    CHECK(httpRequest(w.port, "GET", "/connectors/p").status == 404);
    CHECK(httpRequest(w.port, "PUT", "/connectors/q/config", verifiableConfig("rest.policy")).status == 201);
    CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
  }
  Connectd w({"CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY=Principal"});
  CHECK(httpRequest(w.port, "PUT", "/connectors/p/config", with_override("security.protocol", "PLAINTEXT").dump())
            .status == 201);
  auto rejected = httpRequest(w.port, "PUT", "/connectors/r/config", with_override("linger.ms", "5").dump());
  CHECK(rejected.status == 400);
  CHECK(body(rejected)["message"].get<std::string>().find(
            "The 'Principal' policy does not allow 'linger.ms' to be overridden in the connector configuration.") !=
        std::string::npos);
  CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
}

TEST_CASE("kill -9 and restart: connectors, target states and offsets come back from the data directory",
          "[integration][rest]") {
  Connectd w;
  const auto port = w.port;
  REQUIRE(httpRequest(port, "PUT", "/connectors/keep/config", verifiableConfig("rest.keep", 1, 200)).status == 201);
  auto paused =
      json{{"name", "paused"}, {"config", json::parse(verifiableConfig("rest.paused"))}, {"initial_state", "PAUSED"}};
  REQUIRE(httpRequest(port, "POST", "/connectors", paused.dump()).status == 201);
  auto stopped = json{
      {"name", "stopped"}, {"config", json::parse(verifiableConfig("rest.stopped"))}, {"initial_state", "STOPPED"}};
  REQUIRE(httpRequest(port, "POST", "/connectors", stopped.dump()).status == 201);
  REQUIRE(waitFor([&] { return stateIs(port, "keep", "RUNNING", 1); }, std::chrono::seconds(30)));
  // Let some offsets be committed (flush every 500 ms).
  std::int64_t committed = -1;
  REQUIRE(waitFor(
      [&] {
        auto o = body(httpRequest(port, "GET", "/connectors/keep/offsets"))["offsets"];
        if (o.empty()) return false;
        committed = o[0]["offset"]["seqno"].get<std::int64_t>();
        return committed > 10;
      },
      std::chrono::seconds(30)));

  w.proc->kill9();
  w.start();  // same data directory, new process
  CHECK(body(httpRequest(port, "GET", "/connectors")) == json{"keep", "paused", "stopped"});
  CHECK(waitFor([&] { return stateIs(port, "keep", "RUNNING", 1); }, std::chrono::seconds(30)));
  CHECK(waitFor([&] { return stateIs(port, "paused", "PAUSED", 1); }, std::chrono::seconds(30)));
  CHECK(waitFor([&] { return stateIs(port, "stopped", "STOPPED", 0); }, std::chrono::seconds(30)));
  // The task resumes after its committed offset: the committed seqno only grows.
  CHECK(waitFor(
      [&] {
        auto o = body(httpRequest(port, "GET", "/connectors/keep/offsets"))["offsets"];
        return !o.empty() && o[0]["offset"]["seqno"].get<std::int64_t>() > committed;
      },
      std::chrono::seconds(30)));
  CHECK(w.proc->terminate(std::chrono::seconds(20)) == 0);
}

TEST_CASE("in Kafka mode everything comes back from the topics, with an empty local directory", "[integration][rest]") {
  const std::string suffix = std::to_string(freePort());
  const std::vector<std::string> kafka_env = {"GROUP_ID=connectd-" + suffix,
                                              "CONFIG_STORAGE_TOPIC=cd-configs-" + suffix,
                                              "OFFSET_STORAGE_TOPIC=cd-offsets-" + suffix,
                                              "STATUS_STORAGE_TOPIC=cd-status-" + suffix,
                                              "CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR=1",
                                              "CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR=1",
                                              "CONNECT_STATUS_STORAGE_REPLICATION_FACTOR=1"};
  unsigned short port = 0;
  {
    Connectd w(kafka_env);
    port = w.port;
    REQUIRE(httpRequest(port, "PUT", "/connectors/k1/config", verifiableConfig("rest.k1")).status == 201);
    REQUIRE(waitFor([&] { return stateIs(port, "k1", "RUNNING", 1); }, std::chrono::seconds(30)));
    REQUIRE(httpRequest(port, "PUT", "/connectors/k1/pause").status == 202);
    REQUIRE(waitFor([&] { return stateIs(port, "k1", "PAUSED", 1); }, std::chrono::seconds(30)));
    REQUIRE(waitFor([&] { return !body(httpRequest(port, "GET", "/connectors/k1/offsets"))["offsets"].empty(); },
                    std::chrono::seconds(30)));
    w.proc->kill9();
  }
  Connectd fresh(kafka_env);  // another, empty data directory
  CHECK(body(httpRequest(fresh.port, "GET", "/connectors")) == json{"k1"});
  CHECK(waitFor([&] { return stateIs(fresh.port, "k1", "PAUSED", 1); }, std::chrono::seconds(30)));
  CHECK_FALSE(body(httpRequest(fresh.port, "GET", "/connectors/k1/offsets"))["offsets"].empty());
  // Active topics are read back from the status topic too.
  CHECK(activeTopics(fresh.port, "k1") == json::parse(R"({"k1":{"topics":["rest.k1"]}})"));
  CHECK(fresh.proc->terminate(std::chrono::seconds(20)) == 0);
}

TEST_CASE("100 concurrent PUTs of distinct connectors all get correct codes", "[integration][rest]") {
  Connectd w;
  const auto port = w.port;
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  std::atomic<int> wrong{0};
  for (int i = 0; i < 100; ++i) {
    threads.emplace_back([&, i] {
      auto cfg = json::parse(verifiableConfig("rest.many", 1, 1));
      auto r = httpRequest(port, "PUT", "/connectors/c" + std::to_string(i) + "/config", cfg.dump());
      (r.status == 201 ? created : wrong)++;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  CHECK(created == 100);
  CHECK(wrong == 0);
  CHECK(body(httpRequest(port, "GET", "/connectors")).size() == 100);
  CHECK(w.proc->terminate(std::chrono::seconds(60)) == 0);
}
