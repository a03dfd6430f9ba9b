// org.apache.kafka.connect.tools.VerifiableSourceConnector: Kafka's own test source (the
// connect-test-plugins module in 4.x; hidden from GET /connector-plugins, as in Kafka). Each task emits a counter: key
// the task id (INT32), value the sequence number (INT64), source partition {"id":<task>}, offset
// {"seqno":<n>}, at `throughput` records per second, resuming after the committed seqno.
#pragma once

#include <condition_variable>
#include <mutex>

#include "connectd/api/plugin.hpp"

namespace connectd::connectors {

class VerifiableSourceConnector : public SourceConnector {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.tools.VerifiableSourceConnector";

  std::string version() const override;
  const ConfigDef& config() const override;
  void start(const ConfigMap& props) override { props_ = props; }
  std::vector<ConfigMap> taskConfigs(int max_tasks) override;
  void stop() override {}
  std::unique_ptr<SourceTask> createTask() const override;
  std::string taskClass() const override { return "org.apache.kafka.connect.tools.VerifiableSourceTask"; }

 private:
  ConfigMap props_;
};

class VerifiableSourceTask : public SourceTask {
 public:
  std::string version() const override;
  void start(const ConfigMap& props) override;
  std::vector<SourceRecord> poll() override;
  void stop() override;

 private:
  std::string topic_;
  std::int32_t id_ = 0;
  std::int64_t throughput_ = -1;
  std::int64_t seqno_ = 0;
  OffsetMapPtr partition_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace connectd::connectors
