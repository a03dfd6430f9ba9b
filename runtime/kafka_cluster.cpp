// Cluster id lookup; see kafka_cluster.hpp.
#include "runtime/kafka_cluster.hpp"

#include <librdkafka/rdkafka.h>

#include <memory>

namespace connectd::runtime {

std::optional<std::string> lookupKafkaClusterId(const std::string& bootstrap_servers, std::chrono::milliseconds timeout,
                                                std::string* error) {
  char errstr[512] = {};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_servers.c_str(), errstr, sizeof(errstr)) !=
          RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "client.id", "connectd-cluster-id", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    if (error != nullptr) {
      *error = errstr;
    }
    return std::nullopt;
  }
  // rd_kafka_new takes ownership of conf on success only.
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> rk(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr)), &rd_kafka_destroy);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    if (error != nullptr) {
      *error = errstr;
    }
    return std::nullopt;
  }
  char* id = rd_kafka_clusterid(rk.get(), static_cast<int>(timeout.count()));
  if (id == nullptr) {
    if (error != nullptr) {
      *error = "no broker at " + bootstrap_servers + " answered within " + std::to_string(timeout.count()) + " ms";
    }
    return std::nullopt;
  }
  std::string out(id);
  rd_kafka_mem_free(rk.get(), id);
  return out;
}

}  // namespace connectd::runtime
