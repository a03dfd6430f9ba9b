// The HTTP server under the REST API: Boost.Beast over one io_context, keep-alive, a body size limit
// (413), per-request and idle timeouts, and a graceful stop. Handlers run on the I/O thread and must not
// block; the router answers from in-memory state. The port can open before the worker has read its
// stores: requests for routes that need the worker are then held (without blocking the I/O thread) until
// setReady() or the hold timeout.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
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
  // How long a connection may take to deliver a whole request, and how long a keep-alive connection may sit
  // idle between requests, before it is closed (Jetty's default idle timeout is 30 s too).
  std::chrono::milliseconds idle_timeout{30000};
  // false: requests whose route needs the worker (Router::needsWorker) wait for setReady().
  bool start_ready = true;
  // How long such a request waits before it gets hold_timeout_response instead.
  std::chrono::milliseconds hold_timeout{90000};
  std::function<Response()> hold_timeout_response;
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
  // The worker can serve every route now: held requests proceed and no more are held.
  void setReady();
  // Stops accepting, closes connections and joins the thread. Safe to call twice.
  void stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared with the I/O handlers that are still pending
  unsigned short bound_port_ = 0;
};

}  // namespace connectd::rest
