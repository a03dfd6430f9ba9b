// Fuzz target for the REST request path's untrusted input: raw bytes through Beast's request parser
// (with the server's body limit), then the router's target parsing and the JSON body and config-map
// decoding the connector resources use.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>

#include "rest/http_request.hpp"
#include "rest/http_server.hpp"
#include "rest/request_decoding.hpp"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(connectd::rest::HttpServerOptions{}.body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) {
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) {
    return 0;
  }
  const connectd::rest::Request req = connectd::rest::toRequest(parser.get());
  const auto target = connectd::rest::parseTarget(req.target);
  if (target) {
    (void)connectd::rest::boolParam(*target, "includeTasks");
    if (!target->segments.empty()) {
      try {
        (void)connectd::rest::taskNumber(target->segments.back());
      } catch (const connectd::rest::HttpError&) {
      }
    }
  }
  (void)connectd::rest::acceptsJson(req.accept);
  try {
    const auto body = connectd::rest::parseJsonBody(req);
    auto config = connectd::rest::configMapOf(body.is_object() && body.contains("config") ? body["config"] : body);
    (void)connectd::rest::requireNoNulls(config);
  } catch (const connectd::rest::HttpError&) {
  }
  return 0;
}
