// RecordLog in a data directory file: the compacted set of records (latest value per key, in the order
// of their last write), rewritten atomically (write to a temporary file, fsync, rename) on every flush.
// Tombstones remove the key.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#include "runtime/storage/record_log.hpp"

namespace connectd::runtime {

class FileRecordLog : public RecordLog {
 public:
  explicit FileRecordLog(std::filesystem::path file);

  void start(Consumer consumer) override;
  void send(const std::string& key, const std::optional<std::string>& value) override;
  void flush(std::chrono::milliseconds timeout) override;
  void readToEnd(std::chrono::milliseconds timeout) override;
  void stop() override {}
  std::string describe() const override { return file_.string(); }

 private:
  void persistLocked();

  std::filesystem::path file_;
  std::mutex mutex_;
  Consumer consumer_;
  std::int64_t next_offset_ = 0;
  std::map<std::string, std::pair<std::int64_t, std::string>> records_;  // key -> (offset, value)
  std::vector<LogRecord> pending_;                                       // sent, not yet delivered to the consumer
  bool dirty_ = false;
};

}  // namespace connectd::runtime
