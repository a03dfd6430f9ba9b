// The Beast HTTP server; see http_server.hpp. Shaped after Beast's advanced_server example: one
// session per connection, reads with a body limit, timeouts through tcp_stream, keep-alive. A request held
// during start-up parks its session on a timer (the hold timeout) that setReady() cancels.
#include "rest/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "rest/http_request.hpp"
#include "runtime/logging.hpp"

namespace connectd::rest {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

http::response<http::string_body> toBeast(const Response& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "connectd");
  if (r.body) {
    if (!r.omit_content_type) {
      res.set(http::field::content_type, "application/json");
    }
    res.body() = r.body->dump();
  }
  for (const auto& [k, v] : r.headers) {
    res.set(k, v);
  }
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

Response dispatch(const Router& router, const http::request<http::string_body>& req) {
  const Request r = toRequest(req);
  try {
    return router.handle(r);
  } catch (const std::exception& e) {
    // A handler bug must not take the worker down: answer 500 like Kafka Connect's exception mapper.
    runtime::logger("org.apache.kafka.connect.runtime.rest.RestServer")
        ->error("Uncaught error for {} {}: {}", r.method, r.target, e.what());
    return errorResponse(500, e.what());
  }
}

}  // namespace

Request toRequest(const http::request<http::string_body>& req) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.content_type = std::string(req[http::field::content_type]);
  r.body = req.body();
  r.host = std::string(req[http::field::host]);
  r.accept = std::string(req[http::field::accept]);
  return r;
}

class HttpServer::Impl : public std::enable_shared_from_this<HttpServer::Impl> {
 public:
  Impl(Router router, HttpServerOptions options)
      : router_(std::move(router)),
        options_(std::move(options)),
        ready_(options_.start_ready),
        acceptor_(net::make_strand(ioc_)) {}

  class Session : public std::enable_shared_from_this<Session> {
   public:
    Session(tcp::socket socket, Impl& server)
        : stream_(std::move(socket)), hold_timer_(stream_.get_executor()), server_(server) {}

    void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this())); }

    void close() {
      net::post(stream_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->hold_timer_.cancel();
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      });
    }

    // Ends a hold early (the worker is ready, or the server stops).
    void wake() {
      net::post(stream_.get_executor(), [self = shared_from_this()] { self->hold_timer_.cancel(); });
    }

   private:
    void read() {
      parser_.emplace();
      parser_->body_limit(server_.options_.body_limit);
      stream_.expires_after(server_.options_.idle_timeout);
      http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::onRead, shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t /*bytes*/) {
      if (ec == http::error::body_limit) {
        const auto res = errorResponse(
            413, "Request body is larger than the limit of " + std::to_string(server_.options_.body_limit) + " bytes");
        write(toBeast(res, 11, false));
        return;
      }
      if (ec) {
        // A request that does not parse gets a 400 before the connection closes; end of stream, timeouts
        // and resets just end the session.
        if (ec.category() == beast::error_code(http::error::end_of_stream).category() &&
            ec != http::error::end_of_stream && ec != http::error::partial_message) {
          write(toBeast(errorResponse(400, "Malformed HTTP request: " + ec.message()), 11, false));
          return;
        }
        finish();
        return;
      }
      auto req = parser_->release();
      if (!server_.ready_.load() && server_.router_.needsWorker(toRequest(req))) {
        hold(std::move(req));
        return;
      }
      respond(req);
    }

    void respond(const http::request<http::string_body>& req) {
      const Response res = dispatch(server_.router_, req);
      write(toBeast(res, req.version(), req.keep_alive()));
    }

    // Parks the request until the worker is ready or the hold timeout passes; no read is pending
    // meanwhile, so the idle timeout does not apply.
    void hold(http::request<http::string_body> req) {
      runtime::logger("org.apache.kafka.connect.runtime.rest.RestServer")
          ->info("Holding {} {} until the worker has read its stores", std::string(req.method_string()),
                 std::string(req.target()));
      held_ = std::move(req);
      hold_timer_.expires_after(server_.options_.hold_timeout);
      hold_timer_.async_wait([self = shared_from_this()](beast::error_code) { self->endHold(); });
      server_.addHeld(shared_from_this());
    }

    void endHold() {
      if (!held_) {
        return;
      }
      auto req = std::move(*held_);
      held_.reset();
      if (server_.ready_.load()) {
        respond(req);
        return;
      }
      const Response res = server_.options_.hold_timeout_response
                               ? server_.options_.hold_timeout_response()
                               : errorResponse(503, "The worker is still starting up");
      write(toBeast(res, req.version(), req.keep_alive()));
    }

    void write(http::response<http::string_body> res) {
      auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
      stream_.expires_after(server_.options_.idle_timeout);
      http::async_write(stream_, *sp, [self = shared_from_this(), sp](beast::error_code ec, std::size_t) {
        if (ec || !sp->keep_alive()) {
          self->finish();
          return;
        }
        self->read();
      });
    }

    void finish() {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      server_.forget(this);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    net::steady_timer hold_timer_;
    std::optional<http::request<http::string_body>> held_;
    Impl& server_;
  };

  void addHeld(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mutex_);
    if (ready_.load()) {
      s->wake();  // setReady() ran between the check in onRead and here
      return;
    }
    held_.push_back(s);
  }

  void setReady() {
    std::vector<std::weak_ptr<Session>> held;
    {
      std::lock_guard lock(sessions_mutex_);
      ready_.store(true);
      held.swap(held_);
    }
    for (auto& weak : held) {
      if (auto s = weak.lock()) {
        s->wake();
      }
    }
  }

  void listen() {
    const auto address =
        options_.host.empty() ? net::ip::address(net::ip::address_v4::any()) : net::ip::make_address(options_.host);
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    accept();
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec) {
        if (ec == net::error::operation_aborted) {
          return;
        }
      } else {
        auto session = std::make_shared<Session>(std::move(s), *self);
        {
          std::lock_guard lock(self->sessions_mutex_);
          self->sessions_.emplace(session.get(), session);
        }
        session->run();
      }
      self->accept();
    });
  }

  void forget(Session* s) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(s);
  }

  void shutdown() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      std::map<Session*, std::weak_ptr<Session>> sessions;
      {
        std::lock_guard lock(self->sessions_mutex_);
        for (auto& [k, v] : self->sessions_) {
          sessions.emplace(k, v);
        }
        self->sessions_.clear();
      }
      for (auto& [k, weak] : sessions) {
        if (auto s = weak.lock()) {
          s->close();
        }
      }
    });
  }

  Router router_;
  HttpServerOptions options_;
  std::atomic<bool> ready_;
  std::vector<std::weak_ptr<Session>> held_;  // guarded by sessions_mutex_
  net::io_context ioc_{1};
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::mutex sessions_mutex_;
  std::map<Session*, std::shared_ptr<Session>> sessions_;
  std::thread thread_;
};

HttpServer::HttpServer(Router router, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(router), std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  impl_->listen();
  bound_port_ = impl_->port_;
  impl_->thread_ = std::thread([impl = impl_.get()] { impl->ioc_.run(); });
}

void HttpServer::setReady() {
  impl_->setReady();
}

void HttpServer::stop() {
  if (!impl_ || !impl_->thread_.joinable()) {
    return;
  }
  // Closing the acceptor and every socket completes all pending operations, so run() returns on its own
  // and every handler (and the references to Impl they hold) is released.
  impl_->shutdown();
  impl_->thread_.join();
}

}  // namespace connectd::rest
