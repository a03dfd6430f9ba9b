// REST routing; see router.hpp.
#include "rest/router.hpp"

namespace connectd::rest {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) {
        return std::nullopt;
      }
      const int hi = hexValue(s[i + 1]);
      const int lo = hexValue(s[i + 2]);
      if (hi < 0 || lo < 0) {
        return std::nullopt;
      }
      out += static_cast<char>((hi << 4) | lo);
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> splitPattern(std::string_view pattern) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < pattern.size()) {
    if (pattern[start] == '/') {
      ++start;
      continue;
    }
    auto end = pattern.find('/', start);
    if (end == std::string_view::npos) {
      end = pattern.size();
    }
    out.emplace_back(pattern.substr(start, end - start));
    start = end;
  }
  return out;
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
             std::vector<std::string>& params) {
  if (pattern.size() != segments.size()) {
    return false;
  }
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
      params.push_back(segments[i]);
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

Response errorResponse(int status, const std::string& message) {
  Response r;
  r.status = status;
  nlohmann::ordered_json body;
  body["error_code"] = status;
  body["message"] = message;
  r.body = std::move(body);
  return r;
}

Response frameworkError(int status, const std::string& message) {
  Response r = errorResponse(status, message);
  r.omit_content_type = true;
  return r;
}

bool acceptsJson(std::string_view accept) {
  if (accept.empty()) {
    return true;
  }
  std::size_t start = 0;
  while (start <= accept.size()) {
    auto end = accept.find(',', start);
    if (end == std::string_view::npos) {
      end = accept.size();
    }
    std::string_view range = accept.substr(start, end - start);
    range = range.substr(0, range.find(';'));
    while (!range.empty() && range.front() == ' ') range.remove_prefix(1);
    while (!range.empty() && range.back() == ' ') range.remove_suffix(1);
    if (range == "*/*" || range == "application/*" || range == "application/json") {
      return true;
    }
    start = end + 1;
  }
  return false;
}

std::optional<ParsedTarget> parseTarget(std::string_view target) {
  ParsedTarget out;
  const auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    auto end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    auto seg = percentDecode(path.substr(start, end - start), false);
    if (!seg) {
      return std::nullopt;
    }
    out.segments.push_back(std::move(*seg));
    start = end;
  }
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) {
        continue;
      }
      const auto eq = pair.find('=');
      auto key = percentDecode(pair.substr(0, eq), true);
      auto value = percentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!key || !value) {
        return std::nullopt;
      }
      out.query[*key].push_back(std::move(*value));
    }
  }
  return out;
}

void Router::add(std::string method, const std::string& pattern, Handler handler, bool needs_worker) {
  routes_.push_back(Route{std::move(method), splitPattern(pattern), std::move(handler), needs_worker});
}

bool Router::needsWorker(const Request& request) const {
  auto target = parseTarget(request.target);
  if (!target) {
    return false;
  }
  std::vector<std::string> params;
  for (const auto& route : routes_) {
    if (route.method == request.method && matches(route.pattern, target->segments, params)) {
      return route.needs_worker;
    }
  }
  return false;
}

Response Router::handle(const Request& request) const {
  auto target = parseTarget(request.target);
  if (!target) {
    return errorResponse(400, "Malformed request target: invalid percent-encoding");
  }
  std::vector<std::string> params;
  bool path_known = false;
  for (const auto& route : routes_) {
    if (!matches(route.pattern, target->segments, params)) {
      continue;
    }
    path_known = true;
    if (route.method == request.method) {
      if (!acceptsJson(request.accept)) {
        return frameworkError(406, "HTTP 406 Not Acceptable");
      }
      return route.handler(request, *target, params);
    }
  }
  if (path_known) {
    return frameworkError(405, "HTTP 405 Method Not Allowed");
  }
  return frameworkError(404, "HTTP 404 Not Found");
}

}  // namespace connectd::rest
