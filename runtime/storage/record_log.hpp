// A compacted log of key/value records: the one mechanism under the config, offset and status stores.
// Two backends hold the same records in Kafka Connect's formats: Kafka topics (distributed mode, the
// topics Kafka Connect itself uses) and a data directory (standalone mode).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace connectd::runtime {

struct LogRecord {
  std::string key;
  std::optional<std::string> value;  // nullopt is a tombstone
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};

class RecordLog {
 public:
  using Consumer = std::function<void(const LogRecord&)>;

  virtual ~RecordLog() = default;

  // Opens the log (creating it if absent) and replays every record to `consumer`, in order within each
  // partition. Returns once caught up. Throws ConnectException when the log cannot be opened.
  virtual void start(Consumer consumer) = 0;
  // Appends a record. partition: as the producer's partitioner chooses unless given.
  virtual void send(const std::string& key, const std::optional<std::string>& value) = 0;
  // Waits until every record sent so far is durable. Throws ConnectException on failure or timeout.
  virtual void flush(std::chrono::milliseconds timeout) = 0;
  // Delivers to the consumer every record written (by anyone) up to now. Throws on timeout.
  virtual void readToEnd(std::chrono::milliseconds timeout) = 0;
  // From now on no wait (flush, readToEnd, the flush in stop) lasts past `deadline`, including one already
  // under way: the worker is shutting down and must exit even when the broker is gone. A log whose
  // writes never wait (a file) ignores it.
  virtual void waitAtMostUntil(std::chrono::steady_clock::time_point /*deadline*/) {}
  // Writes what is pending (within the deadline, if any) and closes; logs what could not be written.
  virtual void stop() = 0;
  // A name for messages: the topic or the file.
  virtual std::string describe() const = 0;
};

}  // namespace connectd::runtime
