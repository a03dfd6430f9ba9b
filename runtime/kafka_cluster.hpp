// What the worker needs to know about its Kafka cluster before anything else: the cluster id that
// GET / reports. librdkafka does the protocol.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace connectd::runtime {

// Asks the cluster for its id (Metadata). nullopt when no broker answered within the timeout; the
// reason goes to `error` when given.
std::optional<std::string> lookupKafkaClusterId(const std::string& bootstrap_servers, std::chrono::milliseconds timeout,
                                                std::string* error = nullptr);

}  // namespace connectd::runtime
