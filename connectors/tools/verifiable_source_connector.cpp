// VerifiableSourceConnector; see verifiable_source_connector.hpp.
#include "verifiable_source_connector.hpp"

#include <chrono>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"
#include "connectd/api/versions.hpp"

namespace connectd::connectors {

std::string VerifiableSourceConnector::version() const {
  return versions::kKafka;
}

const ConfigDef& VerifiableSourceConnector::config() const {
  // Kafka declares no keys for it; the task reads topic, throughput and id directly.
  static const ConfigDef def;
  return def;
}

std::vector<ConfigMap> VerifiableSourceConnector::taskConfigs(int max_tasks) {
  std::vector<ConfigMap> out;
  for (int i = 0; i < max_tasks; ++i) {
    ConfigMap c = props_;
    c["id"] = std::to_string(i);
    out.push_back(std::move(c));
  }
  return out;
}

std::unique_ptr<SourceTask> VerifiableSourceConnector::createTask() const {
  return std::make_unique<VerifiableSourceTask>();
}

std::string VerifiableSourceTask::version() const {
  return versions::kKafka;
}

void VerifiableSourceTask::start(const ConfigMap& props) {
  const auto get = [&](const char* key) -> const std::string& {
    auto it = props.find(key);
    if (it == props.end()) {
      throw ConfigException(std::string("VerifiableSourceTask needs '") + key + "'");
    }
    return it->second;
  };
  topic_ = get("topic");
  const auto id = java::parseInt(get("id"));
  const auto throughput = java::parseLong(get("throughput"));
  if (!id || !throughput) {
    throw ConfigException("VerifiableSourceTask needs a numeric id and throughput");
  }
  id_ = *id;
  throughput_ = *throughput;
  partition_ = std::make_shared<const OffsetMap>(OffsetMap{{"id", id_}});
  seqno_ = 0;
  if (context_ != nullptr) {
    if (auto previous = context_->offsetStorageReader().offset(*partition_);
        previous && previous->contains("seqno") && (*previous)["seqno"].is_number_integer()) {
      seqno_ = (*previous)["seqno"].get<std::int64_t>() + 1;
    }
  }
}

std::vector<SourceRecord> VerifiableSourceTask::poll() {
  if (throughput_ > 0) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::microseconds(1000000 / throughput_), [this] { return stopping_; });
    if (stopping_) {
      return {};
    }
  }
  auto offset = std::make_shared<const OffsetMap>(OffsetMap{{"seqno", seqno_}});
  std::vector<SourceRecord> out;
  out.emplace_back(partition_, std::move(offset), topic_, std::nullopt, Schema::int32(), Value::int32(id_),
                   Schema::int64(), Value::int64(seqno_));
  ++seqno_;
  return out;
}

void VerifiableSourceTask::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
}

}  // namespace connectd::connectors
