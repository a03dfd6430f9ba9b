// What Kafka Connect's LogReporter writes when a record fails in a stage of the task (errors.log.enable):
// the task, the stage and the class executing it, and — only with errors.log.include.messages=true — the
// record itself, in SourceRecord.toString()'s shape with each key, value and header value cut short.
#pragma once

#include <optional>
#include <string>

#include "connectd/api/config_def.hpp"
#include "connectd/api/source_record.hpp"

namespace connectd::runtime {

class ErrorLogReporter {
 public:
  // Longest rendering of a key, value or header value in a logged record; longer ones end in "...".
  static constexpr std::size_t kMaxValueChars = 256;

  // Reads errors.log.enable and errors.log.include.messages from a (validated) connector configuration.
  explicit ErrorLogReporter(const ConfigMap& connector_config);

  bool enabled() const { return enabled_; }
  // Whether report() wants the record: the caller keeps a copy of it only then.
  bool includesRecords() const { return enabled_ && include_messages_; }

  // The line Kafka's LogReporter logs for a failure in `stage` (TRANSFORMATION, KEY_CONVERTER, …) of
  // `executing_class`; nullopt when errors.log.enable is false. `record` is ignored unless
  // errors.log.include.messages is true.
  std::optional<std::string> message(const std::string& task, const std::string& stage,
                                     const std::string& executing_class, const SourceRecord* record,
                                     const std::string& error) const;

  // Kafka's SourceRecord.toString() with key, value and header values cut to kMaxValueChars.
  static std::string describe(const SourceRecord& record);

 private:
  bool enabled_ = false;
  bool include_messages_ = false;
};

}  // namespace connectd::runtime
