// Decoding of untrusted REST input: request bodies as JSON, connector config maps, query flags and task
// numbers. Kept apart from the resources so the HTTP fuzz target exercises exactly this code.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "connectd/api/config_def.hpp"
#include "rest/router.hpp"

namespace connectd::rest {

// An HTTP-level failure with the status to answer.
struct HttpError : std::runtime_error {
  HttpError(int s, const std::string& m, bool framework = false)
      : std::runtime_error(m), status(s), framework_level(framework) {}
  int status;
  bool framework_level;  // answered like Jersey's own errors (no Content-Type)
};

bool isJsonContentType(const std::string& content_type);

// The body as JSON. Throws HttpError 415 for another content type and 400 for malformed JSON.
nlohmann::json parseJsonBody(const Request& req);

// A config map: strings as they are, numbers and booleans as their text (as Jackson coerces them),
// null kept as "absent" for the caller to judge. Throws HttpError 400 for nested objects and arrays.
std::map<std::string, std::optional<std::string>> configMapOf(const nlohmann::json& obj);

// Throws HttpError 400 "Null value can not be supplied as the configuration value." on a null.
ConfigMap requireNoNulls(const std::map<std::string, std::optional<std::string>>& m);

// A query flag (last value wins, case-insensitive "true"); nullopt when absent.
std::optional<bool> boolParam(const ParsedTarget& t, const std::string& name);

// A task number path segment; throws HttpError 404 when it is not an integer.
int taskNumber(const std::string& segment);

}  // namespace connectd::rest
