// Starts the real connectd binary against the rig's broker and talks to it over HTTP: GET / answers with
// Kafka Connect's ServerInfo shape, unknown paths get the JSON error body, and SIGTERM stops it cleanly.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "rig.hpp"

using namespace connectd::test;

TEST_CASE("connectd serves Kafka Connect's ServerInfo on GET / and stops on SIGTERM", "[integration][connectd]") {
  const unsigned short port = freePort();
  ConnectdProcess proc(
      {"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"), "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port)});

  HttpResult root;
  REQUIRE(waitFor(
      [&] {
        root = httpRequest(port, "GET", "/");
        return root.status == 200;
      },
      std::chrono::seconds(20)));
  auto info = nlohmann::ordered_json::parse(root.body);
  // Exactly Kafka Connect's fields, in its order.
  std::vector<std::string> keys;
  for (auto it = info.begin(); it != info.end(); ++it) {
    keys.push_back(it.key());
  }
  CHECK(keys == std::vector<std::string>{"version", "commit", "kafka_cluster_id"});
  CHECK(info["version"].get<std::string>() == "4.3.0");
  CHECK_FALSE(info["commit"].get<std::string>().empty());

  // Once the broker has answered, the cluster id is the rig's.
  REQUIRE(waitFor(
      [&] {
        auto r = httpRequest(port, "GET", "/");
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        return r.status == 200 && j.is_object() && j["kafka_cluster_id"].is_string() &&
               j["kafka_cluster_id"].get<std::string>() == rig("KAFKA_CLUSTER_ID");
      },
      std::chrono::seconds(20)));

  auto missing = httpRequest(port, "GET", "/no/such/path");
  CHECK(missing.status == 404);
  CHECK(nlohmann::json::parse(missing.body) == nlohmann::json{{"error_code", 404}, {"message", "HTTP 404 Not Found"}});
  auto wrong_method = httpRequest(port, "DELETE", "/");
  CHECK(wrong_method.status == 405);
  CHECK(nlohmann::json::parse(wrong_method.body)["error_code"] == 405);

  CHECK(proc.terminate(std::chrono::seconds(15)) == 0);
}
