// Snapshot progress; see snapshot_progress.hpp.
#include "snapshot_progress.hpp"

namespace connectd::postgres {

void SnapshotProgress::start(const std::vector<std::pair<std::string, std::optional<std::int64_t>>>& tables,
                             std::int64_t started_at_ms) {
  tables_.clear();
  for (const auto& [name, estimate] : tables) {
    tables_.push_back(Table{name, estimate});
  }
  state_ = State::kRunning;
  started_at_ms_ = started_at_ms;
  ended_at_ms_.reset();
}

void SnapshotProgress::rowsScanned(std::size_t index, std::int64_t rows) {
  if (index < tables_.size()) {
    tables_[index].rows_scanned += rows;
    tables_[index].state = Table::State::kRunning;
  }
}

void SnapshotProgress::tableCompleted(std::size_t index) {
  if (index < tables_.size()) {
    tables_[index].state = Table::State::kCompleted;
  }
}

void SnapshotProgress::completed(std::int64_t now_ms) {
  for (auto& t : tables_) {
    t.state = Table::State::kCompleted;
  }
  state_ = State::kCompleted;
  ended_at_ms_ = now_ms;
}

void SnapshotProgress::aborted(std::int64_t now_ms) {
  if (state_ == State::kRunning) {
    state_ = State::kAborted;
    ended_at_ms_ = now_ms;
  }
}

nlohmann::ordered_json SnapshotProgress::toJson(std::int64_t now_ms) const {
  static constexpr const char* kStates[] = {"none", "running", "completed", "aborted"};
  static constexpr const char* kTableStates[] = {"pending", "running", "completed"};
  nlohmann::ordered_json out;
  out["state"] = kStates[static_cast<int>(state_)];
  if (state_ == State::kNone) {
    return out;  // no snapshot in this task's run: it streams from a stored offset
  }
  std::int64_t remaining = 0;
  std::int64_t rows = 0;
  auto tables = nlohmann::ordered_json::array();
  for (const auto& t : tables_) {
    remaining += t.state == Table::State::kCompleted ? 0 : 1;
    rows += t.rows_scanned;
    nlohmann::ordered_json entry;
    entry["table"] = t.name;
    entry["state"] = kTableStates[static_cast<int>(t.state)];
    entry["rows_scanned"] = t.rows_scanned;
    entry["rows_estimated"] = t.rows_estimated ? nlohmann::ordered_json(*t.rows_estimated) : nullptr;
    tables.push_back(std::move(entry));
  }
  out["total_table_count"] = static_cast<std::int64_t>(tables_.size());
  out["remaining_table_count"] = remaining;
  out["rows_scanned"] = rows;
  out["duration_ms"] = ended_at_ms_.value_or(now_ms) - started_at_ms_;
  out["tables"] = std::move(tables);
  return out;
}

}  // namespace connectd::postgres
