// Kafka Connect's LogReporter for source tasks; see error_reporter.hpp.
#include "runtime/error_reporter.hpp"

#include <algorithm>
#include <cctype>

#include "runtime/connector_config.hpp"

namespace connectd::runtime {
namespace {

bool isTrue(const ConfigMap& config, const char* key) {
  const auto it = config.find(key);
  if (it == config.end()) {
    return false;
  }
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v == "true";
}

std::string cut(std::string s) {
  if (s.size() > ErrorLogReporter::kMaxValueChars) {
    const std::size_t more = s.size() - ErrorLogReporter::kMaxValueChars;
    s.resize(ErrorLogReporter::kMaxValueChars);
    s += "...(" + std::to_string(more) + " more characters)";
  }
  return s;
}

std::string schemaText(const SchemaPtr& s) {
  return s ? s->toString() : "null";
}

std::string mapText(const OffsetMapPtr& m) {
  return m ? m->dump() : "null";
}

}  // namespace

ErrorLogReporter::ErrorLogReporter(const ConfigMap& connector_config)
    : enabled_(isTrue(connector_config, connector_keys::kErrorsLogEnable)),
      include_messages_(isTrue(connector_config, connector_keys::kErrorsLogIncludeMessages)) {}

std::optional<std::string> ErrorLogReporter::message(const std::string& task, const std::string& stage,
                                                     const std::string& executing_class, const SourceRecord* record,
                                                     const std::string& error) const {
  if (!enabled_) {
    return std::nullopt;
  }
  std::string out =
      "Error encountered in task " + task + ". Executing stage '" + stage + "' with class '" + executing_class + "'";
  if (include_messages_ && record != nullptr) {
    out += ", where source record is = " + describe(*record);
  }
  return out + ". " + error;
}

std::string ErrorLogReporter::describe(const SourceRecord& r) {
  std::string headers;
  for (const auto& h : r.headers()) {
    headers += (headers.empty() ? "" : ", ") + std::string("ConnectHeader(key=") + h.key +
               ", value=" + cut(h.value.toString()) + ", schema=" + schemaText(h.schema) + ")";
  }
  return "SourceRecord{sourcePartition=" + mapText(r.sourcePartition()) +
         ", sourceOffset=" + mapText(r.sourceOffset()) + "} ConnectRecord{topic='" + r.topic() +
         "', kafkaPartition=" + (r.kafkaPartition() ? std::to_string(*r.kafkaPartition()) : "null") +
         ", key=" + cut(r.key().toString()) + ", keySchema=" + schemaText(r.keySchema()) +
         ", value=" + cut(r.value().toString()) + ", valueSchema=" + schemaText(r.valueSchema()) +
         ", timestamp=" + (r.timestamp() ? std::to_string(*r.timestamp()) : "null") +
         ", headers=ConnectHeaders(headers=" + headers + ")}";
}

}  // namespace connectd::runtime
