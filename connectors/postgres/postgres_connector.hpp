// io.debezium.connector.postgresql.PostgresConnector: validates the configuration and hands it to its single
// task (a replication slot has one reader, so Debezium's connector always runs one task).
#pragma once

#include "connectd/api/plugin.hpp"

namespace connectd::postgres {

class PostgresConnector : public SourceConnector {
 public:
  static constexpr const char* kClassName = "io.debezium.connector.postgresql.PostgresConnector";

  std::string version() const override;
  const ConfigDef& config() const override;
  void start(const ConfigMap& props) override;
  std::vector<ConfigMap> taskConfigs(int max_tasks) override;
  void stop() override {}
  std::unique_ptr<SourceTask> createTask() const override;
  std::string taskClass() const override;
  std::vector<ConfigValue> validate(const ConfigMap& props) const override;

 private:
  ConfigMap props_;
};

}  // namespace connectd::postgres
