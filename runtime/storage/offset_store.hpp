// Source offsets, stored as Kafka Connect stores them in its offsets topic (spec §5.3): key
// ["<connector>",{<source partition>}] and value {<source offset>} as compact JSON, null to reset.
// Lookups compare the exact key bytes, as Kafka Connect's store does; a key read from the topic is
// reused byte for byte when that partition is written again.
#pragma once

#include <chrono>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectd/api/source_record.hpp"
#include "runtime/storage/record_log.hpp"

namespace connectd::runtime {

// The key bytes Kafka Connect writes for a connector's source partition.
std::string offsetKey(const std::string& connector, const OffsetMap& partition);

struct PartitionOffset {
  OffsetMap partition;
  std::optional<OffsetMap> offset;
};

class OffsetStore {
 public:
  explicit OffsetStore(std::unique_ptr<RecordLog> log);

  void start();
  // See RecordLog::waitAtMostUntil.
  void waitAtMostUntil(std::chrono::steady_clock::time_point deadline);
  void stop();

  std::optional<OffsetMap> get(const std::string& connector, const OffsetMap& partition) const;
  // Writes offsets (nullopt resets a partition) and waits until they are durable.
  void set(const std::string& connector, const std::vector<PartitionOffset>& offsets);
  // Every partition this connector has an offset for.
  std::vector<PartitionOffset> list(const std::string& connector) const;

 private:
  void apply(const LogRecord& record);
  // The stored key bytes equal to this connector/partition, if any (by parsed value).
  std::string keyFor(const std::string& connector, const OffsetMap& partition) const;

  std::unique_ptr<RecordLog> log_;
  std::mutex io_mutex_;  // one writer at a time on the log (send, flush, read back)
  mutable std::mutex mutex_;
  std::map<std::string, std::string> offsets_;  // key bytes -> value bytes
};

}  // namespace connectd::runtime
