// The HTTP server under the REST API: Boost.Beast over one io_context, keep-alive, a body size limit
// (413), per-request and idle timeouts, and a graceful stop. Handlers run on the I/O thread and must not
// block; the router answers from in-memory state.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "rest/router.hpp"

namespace connectd::rest {

struct HttpServerOptions {
  std::string host;  // empty: all interfaces
  unsigned short port = 8083;
  std::size_t body_limit = 4 * 1024 * 1024;
  std::chrono::seconds idle_timeout{30};
};

class HttpServer {
 public:
  HttpServer(Router router, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on a background thread. Throws std::runtime_error when the port cannot
  // be bound.
  void start();
  // The bound port (useful with port 0).
  unsigned short port() const { return bound_port_; }
  // Stops accepting, closes connections and joins the thread. Safe to call twice.
  void stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared with the I/O handlers that are still pending
  unsigned short bound_port_ = 0;
};

}  // namespace connectd::rest
