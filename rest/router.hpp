// Request routing for the REST API: a request (method, target, content type, body) in, a response
// (status, JSON body) out. Kept free of sockets so that it can be tested and fuzzed directly.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace connectd::rest {

struct Request {
  std::string method;  // "GET", "PUT", …
  std::string target;  // path and query, as sent
  std::string content_type;
  std::string body;
  std::string host;    // the Host header, for absolute Location URLs
  std::string accept;  // the Accept header
};

struct Response {
  int status = 200;
  std::optional<nlohmann::ordered_json> body;  // none for 204 and for empty 202s
  std::vector<std::pair<std::string, std::string>> headers;
  // Kafka Connect's framework-level errors (404/405 of unknown routes, 406, 415) carry no Content-Type.
  bool omit_content_type = false;
};

// A framework-level error: the JSON error body without a Content-Type header, as the reference sends it.
Response frameworkError(int status, const std::string& message);

// Whether an Accept header admits application/json (absent or empty admits everything).
bool acceptsJson(std::string_view accept);

// Kafka Connect's error body {"error_code":N,"message":"…"}.
Response errorResponse(int status, const std::string& message);

// The decoded path segments and query parameters of a target. nullopt when the target is malformed
// (bad percent-encoding).
struct ParsedTarget {
  std::vector<std::string> segments;
  std::map<std::string, std::vector<std::string>> query;
};
std::optional<ParsedTarget> parseTarget(std::string_view target);

// Routes by method and path pattern; "{name}" segments match any one segment and are passed to the
// handler in order. Unknown paths answer 404 and known paths with another method 405, with Kafka
// Connect's error body.
class Router {
 public:
  using Handler = std::function<Response(const Request&, const ParsedTarget&, const std::vector<std::string>& params)>;

  // `needs_worker`: the route reads or writes the worker's stores, so the server holds it while the worker
  // is still starting (see HttpServer::setReady).
  void add(std::string method, const std::string& pattern, Handler handler, bool needs_worker = false);
  Response handle(const Request& request) const;
  // Whether the route this request would reach needs the started worker (false for unknown routes, which
  // answer 404/405 at once).
  bool needsWorker(const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> pattern;
    Handler handler;
    bool needs_worker = false;
  };
  std::vector<Route> routes_;
};

}  // namespace connectd::rest
