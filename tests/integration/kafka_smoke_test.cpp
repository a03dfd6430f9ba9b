// Proves the rig's Kafka is a real Apache Kafka 4.3 broker: a record produced with librdkafka comes back
// from a consumer with the same key, headers (in order) and value.
#include <catch2/catch.hpp>

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "rig.hpp"

using namespace connectd::test;

namespace {

using Handle = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;

Handle makeClient(rd_kafka_type_t type, const std::vector<std::pair<std::string, std::string>>& settings) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      FAIL("config " << k << ": " << err);
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    FAIL("rd_kafka_new: " << err);
  }
  return Handle(rk, &rd_kafka_destroy);
}

std::string randomSuffix() {
  std::random_device rd;
  return std::to_string(rd() % 1000000);
}

}  // namespace

TEST_CASE("the rig's broker is Apache Kafka 4.3 in KRaft mode", "[integration][kafka]") {
  std::cout << "Kafka broker: Apache Kafka " << rig("KAFKA_VERSION") << " at " << rig("KAFKA_BOOTSTRAP")
            << ", cluster id " << rig("KAFKA_CLUSTER_ID") << "\n";
  // The broker's own log names its version and its KRaft role.
  std::ifstream log(rig("KAFKA_SERVER_LOG"));
  std::stringstream text;
  text << log.rdbuf();
  CHECK(text.str().find("Kafka version: " + rig("KAFKA_VERSION")) != std::string::npos);
  CHECK(rig("KAFKA_VERSION").rfind("4.", 0) == 0);

  auto producer = makeClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")}});
  const rd_kafka_metadata_t* md = nullptr;
  REQUIRE(rd_kafka_metadata(producer.get(), 1, nullptr, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR);
  CHECK(md->broker_cnt == 1);
  rd_kafka_metadata_destroy(md);
  char* cluster_id = rd_kafka_clusterid(producer.get(), 10000);
  REQUIRE(cluster_id != nullptr);
  CHECK(std::string(cluster_id) == rig("KAFKA_CLUSTER_ID"));
  rd_kafka_mem_free(producer.get(), cluster_id);
}

TEST_CASE("a record produced with librdkafka is consumed back with key, headers and value", "[integration][kafka]") {
  const std::string topic = "smoke.roundtrip." + randomSuffix();
  const std::string key = "u-123";
  const std::vector<unsigned char> value = {0xDE, 0xAD, 0xBE, 0xEF};

  auto producer =
      makeClient(RD_KAFKA_PRODUCER,
                 {{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")}, {"acks", "all"}, {"enable.idempotence", "true"}});
  rd_kafka_headers_t* headers = rd_kafka_headers_new(3);
  rd_kafka_header_add(headers, "id", -1, "5d2b", -1);
  rd_kafka_header_add(headers, "eventType", -1, "UserCreated", -1);
  rd_kafka_header_add(headers, "id", -1, "dup", -1);  // duplicates are kept, in order
  std::vector<rd_kafka_vu_t> vus(5);
  vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vus[0].u.cstr = topic.c_str();
  vus[1].vtype = RD_KAFKA_VTYPE_KEY;
  vus[1].u.mem = {const_cast<char*>(key.data()), key.size()};
  vus[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[2].u.mem = {const_cast<unsigned char*>(value.data()), value.size()};
  vus[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[3].u.i = RD_KAFKA_MSG_F_COPY;
  vus[4].vtype = RD_KAFKA_VTYPE_HEADERS;
  vus[4].u.headers = headers;
  rd_kafka_error_t* error = rd_kafka_produceva(producer.get(), vus.data(), vus.size());
  const rd_kafka_resp_err_t perr = error == nullptr ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_error_code(error);
  if (error != nullptr) {
    rd_kafka_error_destroy(error);
  }
  if (perr != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(headers);
  }
  REQUIRE(perr == RD_KAFKA_RESP_ERR_NO_ERROR);
  REQUIRE(rd_kafka_flush(producer.get(), 30000) == RD_KAFKA_RESP_ERR_NO_ERROR);

  auto consumer = makeClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", rig("KAFKA_BOOTSTRAP")},
                                                 {"group.id", "smoke-" + randomSuffix()},
                                                 {"enable.auto.commit", "false"}});
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  REQUIRE(rd_kafka_assign(consumer.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(parts);

  rd_kafka_message_t* msg = nullptr;
  const bool got = waitFor(
      [&] {
        msg = rd_kafka_consumer_poll(consumer.get(), 500);
        if (msg != nullptr && msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
          rd_kafka_message_destroy(msg);
          msg = nullptr;
        }
        return msg != nullptr;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(0));
  REQUIRE(got);
  std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)> guard(msg, &rd_kafka_message_destroy);

  CHECK(std::string(static_cast<const char*>(msg->key), msg->key_len) == key);
  const auto* payload = static_cast<const unsigned char*>(msg->payload);
  CHECK(std::vector<unsigned char>(payload, payload + msg->len) == value);
  rd_kafka_headers_t* got_headers = nullptr;
  REQUIRE(rd_kafka_message_headers(msg, &got_headers) == RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<std::pair<std::string, std::string>> seen;
  const char* name = nullptr;
  const void* hv = nullptr;
  size_t hlen = 0;
  for (size_t i = 0; rd_kafka_header_get_all(got_headers, i, &name, &hv, &hlen) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
    seen.emplace_back(name, std::string(static_cast<const char*>(hv), hlen));
  }
  CHECK(seen ==
        std::vector<std::pair<std::string, std::string>>{{"id", "5d2b"}, {"eventType", "UserCreated"}, {"id", "dup"}});
  rd_kafka_consumer_close(consumer.get());
}
