// OffsetStore; see offset_store.hpp.
#include "runtime/storage/offset_store.hpp"

#include "runtime/logging.hpp"

namespace connectd::runtime {
namespace {
constexpr std::chrono::milliseconds kTimeout{30000};
}  // namespace

std::string offsetKey(const std::string& connector, const OffsetMap& partition) {
  OffsetMap key = OffsetMap::array();
  key.push_back(connector);
  key.push_back(partition);
  return key.dump();
}

OffsetStore::OffsetStore(std::unique_ptr<RecordLog> log) : log_(std::move(log)) {}

void OffsetStore::start() {
  log_->start([this](const LogRecord& r) { apply(r); });
}
void OffsetStore::waitAtMostUntil(std::chrono::steady_clock::time_point deadline) {
  log_->waitAtMostUntil(deadline);
}

void OffsetStore::stop() {
  log_->stop();
}

void OffsetStore::apply(const LogRecord& record) {
  std::lock_guard lock(mutex_);
  if (record.value) {
    offsets_[record.key] = *record.value;
  } else {
    offsets_.erase(record.key);
  }
}

std::string OffsetStore::keyFor(const std::string& connector, const OffsetMap& partition) const {
  std::string exact = offsetKey(connector, partition);
  if (offsets_.count(exact) != 0) {
    return exact;
  }
  // Another writer (Kafka Connect) may have ordered the partition map's keys differently: match by value
  // and keep its bytes, so compaction and partitioning treat it as the same key.
  const auto wanted = nlohmann::json::array({connector, nlohmann::json::parse(partition.dump())});
  for (const auto& [key, value] : offsets_) {
    auto parsed = nlohmann::json::parse(key, nullptr, false);
    if (parsed == wanted) {
      return key;
    }
  }
  return exact;
}

std::optional<OffsetMap> OffsetStore::get(const std::string& connector, const OffsetMap& partition) const {
  std::lock_guard lock(mutex_);
  auto it = offsets_.find(keyFor(connector, partition));
  if (it == offsets_.end()) {
    return std::nullopt;
  }
  auto parsed = OffsetMap::parse(it->second, nullptr, false);
  if (parsed.is_discarded()) {
    return std::nullopt;
  }
  return parsed;
}

void OffsetStore::set(const std::string& connector, const std::vector<PartitionOffset>& offsets) {
  std::lock_guard io(io_mutex_);
  for (const auto& po : offsets) {
    std::string key;
    {
      std::lock_guard lock(mutex_);
      key = keyFor(connector, po.partition);
    }
    log_->send(key, po.offset ? std::optional<std::string>(po.offset->dump()) : std::nullopt);
  }
  log_->flush(kTimeout);
  log_->readToEnd(kTimeout);
}

std::vector<PartitionOffset> OffsetStore::list(const std::string& connector) const {
  std::lock_guard lock(mutex_);
  std::vector<PartitionOffset> out;
  for (const auto& [key, value] : offsets_) {
    auto k = OffsetMap::parse(key, nullptr, false);
    if (!k.is_array() || k.size() != 2 || !k[0].is_string() || k[0].get<std::string>() != connector) {
      continue;
    }
    auto v = OffsetMap::parse(value, nullptr, false);
    out.push_back(PartitionOffset{k[1], v.is_discarded() ? std::nullopt : std::optional<OffsetMap>(v)});
  }
  return out;
}

}  // namespace connectd::runtime
