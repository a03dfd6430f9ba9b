// How far the initial snapshot has got, for GET /connectors/{c}/tasks/{n}/metrics: Debezium's snapshot
// metrics (SnapshotRunning/Completed/Aborted, TotalTableCount, RemainingTableCount, RowsScanned) plus the
// planner's row estimate per table (pg_class.reltuples). Pure: the task owns one and locks around it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace connectd::postgres {

class SnapshotProgress {
 public:
  enum class State { kNone, kRunning, kCompleted, kAborted };

  // A snapshot of these tables ("<schema>.<table>", in snapshot order) starts; an estimate is nullopt when
  // PostgreSQL has none (reltuples < 0: never vacuumed or analysed).
  void start(const std::vector<std::pair<std::string, std::optional<std::int64_t>>>& tables,
             std::int64_t started_at_ms);
  // Rows read from the table at `index` (the order given to start()).
  void rowsScanned(std::size_t index, std::int64_t rows);
  void tableCompleted(std::size_t index);
  void completed(std::int64_t now_ms);
  // The task stopped before the snapshot completed.
  void aborted(std::int64_t now_ms);

  State state() const { return state_; }
  // {"state", "total_table_count", "remaining_table_count", "rows_scanned", "duration_ms", "tables":[…]}.
  // `now_ms` gives a running snapshot's duration so far.
  nlohmann::ordered_json toJson(std::int64_t now_ms) const;

 private:
  struct Table {
    std::string name;
    std::optional<std::int64_t> rows_estimated;
    std::int64_t rows_scanned = 0;
    enum class State { kPending, kRunning, kCompleted } state = State::kPending;
  };
  State state_ = State::kNone;
  std::vector<Table> tables_;
  std::int64_t started_at_ms_ = 0;
  std::optional<std::int64_t> ended_at_ms_;
};

}  // namespace connectd::postgres
