// PostgresConnector; see postgres_connector.hpp.
#include "postgres_connector.hpp"

#include "connectd/api/errors.hpp"
#include "connectd/api/versions.hpp"
#include "postgres_connector_config.hpp"
#include "postgres_source_task.hpp"

namespace connectd::postgres {

std::string PostgresConnector::version() const {
  return versions::kDebezium;
}

const ConfigDef& PostgresConnector::config() const {
  return postgresConnectorConfigDef();
}

void PostgresConnector::start(const ConfigMap& props) {
  PostgresConnectorConfig::parse(props);  // fails the connector early on a bad configuration
  props_ = props;
}

std::vector<ConfigMap> PostgresConnector::taskConfigs(int max_tasks) {
  if (max_tasks < 1) {
    return {};
  }
  return {props_};
}

std::unique_ptr<SourceTask> PostgresConnector::createTask() const {
  return std::make_unique<PostgresSourceTask>();
}

std::string PostgresConnector::taskClass() const {
  return PostgresSourceTask::kClassName;
}

std::vector<ConfigValue> PostgresConnector::validate(const ConfigMap& props) const {
  auto values = config().validate(props);
  // The keys Debezium requires have no default; report them where ConfigDef alone does not.
  for (auto& v : values) {
    const bool required = v.name == "topic.prefix" || v.name == "database.hostname" || v.name == "database.user" ||
                          v.name == "database.dbname";
    if (required && v.error_messages.empty() && (props.count(v.name) == 0 || props.at(v.name).empty())) {
      v.error_messages.push_back("The '" + v.name + "' value is invalid: A value is required");
    }
  }
  return values;
}

}  // namespace connectd::postgres
