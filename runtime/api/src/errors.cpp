// Exception types; see errors.hpp.
#include "connectd/api/errors.hpp"

#include <utility>

namespace connectd {
namespace {

std::string joinErrors(const std::vector<std::string>& errors) {
  if (errors.size() == 1) {
    return errors.front();
  }
  std::string out = std::to_string(errors.size()) + " configuration errors:";
  for (const auto& e : errors) {
    out += "\n";
    out += e;
  }
  return out;
}

}  // namespace

ConfigException::ConfigException(const std::string& message) : ConnectException(message), errors_{message} {}

ConfigException::ConfigException(std::vector<std::string> errors)
    : ConnectException(joinErrors(errors)), errors_(std::move(errors)) {}

ConfigException::ConfigException(const std::string& name, const std::string& value, const std::string& message)
    : ConfigException("Invalid value " + value + " for configuration " + name +
                      (message.empty() ? std::string() : ": " + message)) {}

}  // namespace connectd
