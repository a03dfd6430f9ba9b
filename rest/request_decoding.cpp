// REST input decoding; see request_decoding.hpp.
#include "rest/request_decoding.hpp"

#include <algorithm>
#include <cctype>

namespace connectd::rest {

bool isJsonContentType(const std::string& content_type) {
  std::string ct = content_type;
  std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ct.rfind("application/json", 0) == 0;
}

nlohmann::json parseJsonBody(const Request& req) {
  if (!isJsonContentType(req.content_type)) {
    throw HttpError(415, "HTTP 415 Unsupported Media Type", true);
  }
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, but also out_of_range for numbers like 3e3333 (found by the HTTP fuzz target).
    throw HttpError(400, std::string("Malformed JSON body: ") + e.what());
  }
}

std::map<std::string, std::optional<std::string>> configMapOf(const nlohmann::json& obj) {
  if (!obj.is_object()) {
    throw HttpError(400, "The connector configuration must be a JSON object of strings");
  }
  std::map<std::string, std::optional<std::string>> out;
  for (const auto& [k, v] : obj.items()) {
    if (v.is_string()) {
      out[k] = v.get<std::string>();
    } else if (v.is_number() || v.is_boolean()) {
      out[k] = v.dump();
    } else if (v.is_null()) {
      out[k] = std::nullopt;
    } else {
      throw HttpError(400, "Configuration value for '" + k + "' must be a string, not a JSON " +
                               std::string(v.is_object() ? "object" : "array"));
    }
  }
  return out;
}

ConfigMap requireNoNulls(const std::map<std::string, std::optional<std::string>>& m) {
  ConfigMap out;
  for (const auto& [k, v] : m) {
    if (!v) {
      throw HttpError(400, "Null value can not be supplied as the configuration value.");
    }
    out[k] = *v;
  }
  return out;
}

std::optional<bool> boolParam(const ParsedTarget& t, const std::string& name) {
  auto it = t.query.find(name);
  if (it == t.query.end() || it->second.empty()) {
    return std::nullopt;
  }
  std::string v = it->second.back();
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return v == "true";
}

int taskNumber(const std::string& segment) {
  try {
    std::size_t used = 0;
    const int n = std::stoi(segment, &used);
    if (used == segment.size()) {
      return n;
    }
  } catch (const std::exception&) {
  }
  throw HttpError(404, "HTTP 404 Not Found", true);
}

}  // namespace connectd::rest
