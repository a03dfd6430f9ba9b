// FileRecordLog; see file_record_log.hpp. File format: a JSON array of [key, value] pairs in log order.
#include "runtime/storage/file_record_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "connectd/api/errors.hpp"

namespace connectd::runtime {
namespace {

void writeFileDurably(const std::filesystem::path& path, const std::string& content) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw ConnectException("Cannot write " + tmp.string() + ": " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const std::string err = std::strerror(errno);
      ::close(fd);
      throw ConnectException("Cannot write " + tmp.string() + ": " + err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    throw ConnectException("Cannot sync " + tmp.string() + ": " + std::strerror(errno));
  }
  std::filesystem::rename(tmp, path);
  // Make the rename itself durable.
  const int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

FileRecordLog::FileRecordLog(std::filesystem::path file) : file_(std::move(file)) {}

void FileRecordLog::start(Consumer consumer) {
  std::vector<LogRecord> replay;
  {
    std::lock_guard lock(mutex_);
    consumer_ = std::move(consumer);
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    if (ec) {
      throw ConnectException("Cannot create data directory " + file_.parent_path().string() + ": " + ec.message());
    }
    std::ifstream in(file_, std::ios::binary);
    if (in) {
      std::stringstream buf;
      buf << in.rdbuf();
      nlohmann::json doc = nlohmann::json::parse(buf.str(), nullptr, false);
      if (!doc.is_array()) {
        throw ConnectException("Data file " + file_.string() +
                               " is not a JSON array of records; refusing to overwrite it");
      }
      for (const auto& entry : doc) {
        if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() || !entry[1].is_string()) {
          throw ConnectException("Data file " + file_.string() + " holds a malformed record");
        }
        const std::int64_t offset = next_offset_++;
        records_[entry[0].get<std::string>()] = {offset, entry[1].get<std::string>()};
        replay.push_back(LogRecord{entry[0].get<std::string>(), entry[1].get<std::string>(), 0, offset});
      }
    }
  }
  for (const auto& r : replay) {
    consumer_(r);
  }
}

void FileRecordLog::send(const std::string& key, const std::optional<std::string>& value) {
  std::lock_guard lock(mutex_);
  const std::int64_t offset = next_offset_++;
  if (value) {
    records_[key] = {offset, *value};
  } else {
    records_.erase(key);
  }
  pending_.push_back(LogRecord{key, value, 0, offset});
  dirty_ = true;
}

void FileRecordLog::persistLocked() {
  std::vector<std::pair<std::int64_t, const std::string*>> order;
  order.reserve(records_.size());
  for (const auto& [key, entry] : records_) {
    order.emplace_back(entry.first, &key);
  }
  std::sort(order.begin(), order.end());
  nlohmann::json doc = nlohmann::json::array();
  for (const auto& [offset, key] : order) {
    doc.push_back(nlohmann::json::array({*key, records_.at(*key).second}));
  }
  writeFileDurably(file_, doc.dump());
  dirty_ = false;
}

void FileRecordLog::flush(std::chrono::milliseconds /*timeout*/) {
  std::lock_guard lock(mutex_);
  if (dirty_) {
    persistLocked();
  }
}

void FileRecordLog::readToEnd(std::chrono::milliseconds /*timeout*/) {
  std::vector<LogRecord> deliver;
  {
    std::lock_guard lock(mutex_);
    deliver.swap(pending_);
  }
  for (const auto& r : deliver) {
    consumer_(r);
  }
}

}  // namespace connectd::runtime
