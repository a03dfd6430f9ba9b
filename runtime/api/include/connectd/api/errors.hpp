// The exception hierarchy plugins and the runtime share, shaped like Kafka Connect's
// (ConnectException, ConfigException, DataException, RetriableException, NotFoundException).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace connectd {

// Base of every control-plane, configuration and plugin-boundary failure.
class ConnectException : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A configuration is invalid. May carry several messages: ConfigDef reports every error at once.
class ConfigException : public ConnectException {
 public:
  explicit ConfigException(const std::string& message);
  explicit ConfigException(std::vector<std::string> errors);
  // Kafka's ConfigException(name, value, message): "Invalid value <value> for configuration <name>: <message>".
  ConfigException(const std::string& name, const std::string& value, const std::string& message);

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

// A value does not fit its schema, or bytes cannot be converted.
class DataException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// A transient failure: the operation may succeed if retried (broker unavailable, connection reset).
class RetriableException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// Something named does not exist: a plugin class, a connector, a task.
class NotFoundException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// A request is malformed or its content is invalid (HTTP 400 at the REST layer).
class BadRequestException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// Something to be created exists already.
class AlreadyExistsException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

}  // namespace connectd
