// Logging set-up; see logging.hpp.
#include "runtime/logging.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace connectd::runtime {
namespace {

// "%L"-style flag that prints Kafka's upper-case level names (INFO, WARN, ERROR, DEBUG, TRACE).
class UpperLevelFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/, spdlog::memory_buf_t& dest) override {
    std::string_view name;
    switch (msg.level) {
      case spdlog::level::trace: name = "TRACE"; break;
      case spdlog::level::debug: name = "DEBUG"; break;
      case spdlog::level::info: name = "INFO"; break;
      case spdlog::level::warn: name = "WARN"; break;
      case spdlog::level::err: name = "ERROR"; break;
      case spdlog::level::critical: name = "FATAL"; break;
      default: name = "OFF"; break;
    }
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<spdlog::custom_flag_formatter> clone() const override { return std::make_unique<UpperLevelFlag>(); }
};

std::mutex g_mutex;
spdlog::sink_ptr g_sink;

spdlog::sink_ptr sharedSink() {
  if (!g_sink) {
    g_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<UpperLevelFlag>('*').set_pattern("[%Y-%m-%d %H:%M:%S,%e] %* %v (%n)");
    g_sink->set_formatter(std::move(formatter));
  }
  return g_sink;
}

}  // namespace

void initLogging(spdlog::level::level_enum level) {
  std::lock_guard lock(g_mutex);
  auto root = std::make_shared<spdlog::logger>("root", sharedSink());
  root->set_level(level);
  spdlog::set_default_logger(root);
  spdlog::set_level(level);
}

std::shared_ptr<spdlog::logger> logger(const std::string& name) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(name)) {
    return existing;
  }
  auto l = std::make_shared<spdlog::logger>(name, sharedSink());
  l->set_level(spdlog::default_logger_raw()->level());
  spdlog::register_logger(l);
  return l;
}

}  // namespace connectd::runtime
