// Rig access for integration tests; see rig.hpp.
#include "rig.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX global

namespace connectd::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

const std::map<std::string, std::string>& rigEnv() {
  static const std::map<std::string, std::string> env = [] {
    const char* path = std::getenv("CONNECTD_RIG_ENV");
    const std::string file = path != nullptr ? path : CONNECTD_RIG_ENV_DEFAULT;
    std::ifstream in(file);
    if (!in) {
      throw std::runtime_error("no test rig: cannot read " + file +
                               " (run the tests through ctest, which starts the rig, or set CONNECTD_RIG_ENV)");
    }
    std::map<std::string, std::string> out;
    std::string line;
    while (std::getline(in, line)) {
      const auto eq = line.find('=');
      if (eq != std::string::npos && line[0] != '#') {
        out[line.substr(0, eq)] = line.substr(eq + 1);
      }
    }
    return out;
  }();
  return env;
}

const std::string& rig(const std::string& key) {
  const auto& env = rigEnv();
  auto it = env.find(key);
  if (it == env.end()) {
    throw std::runtime_error("rig.env has no " + key);
  }
  return it->second;
}

std::string pgConnString(const std::string& user, const std::string& password, const std::string& dbname,
                         const std::string& extra) {
  std::string s = "host=" + rig("PGHOST") + " port=" + rig("PGPORT") + " dbname=" + dbname + " user=" + user +
                  " password=" + password + " connect_timeout=10";
  if (!extra.empty()) {
    s += " " + extra;
  }
  return s;
}

std::string pgSuperuserConnString(const std::string& dbname) {
  return pgConnString(rig("PG_SUPERUSER"), rig("PG_SUPERUSER_PASSWORD"), dbname);
}

unsigned short freePort() {
  net::io_context ioc;
  net::ip::tcp::acceptor acceptor(ioc, net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
             std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(interval);
  }
}

HttpResult httpRequest(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body, const std::string& content_type, std::chrono::milliseconds timeout) {
  try {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty()) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    return HttpResult{static_cast<int>(res.result_int()), res.body()};
  } catch (const std::exception&) {
    return HttpResult{};
  }
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "connectd-test-XXXXXX").string();
  path = ::mkdtemp(tmpl.data());
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

ConnectdProcess::ConnectdProcess(const std::vector<std::string>& extra_env, const std::string& log_file) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    env.emplace_back(*e);
  }
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& s : env) {
    envp.push_back(s.data());
  }
  envp.push_back(nullptr);
  std::string binary = CONNECTD_BINARY_PATH;
  char* argv[] = {binary.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!log_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, 2, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  }
  const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + binary);
  }
}

ConnectdProcess::~ConnectdProcess() {
  if (pid_ > 0) {
    kill9();
  }
}

int ConnectdProcess::terminate(std::chrono::milliseconds timeout) {
  ::kill(pid_, SIGTERM);
  int status = 0;
  const bool exited = waitFor([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, timeout);
  if (!exited) {
    return -1;
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ConnectdProcess::kill9() {
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

bool waitForRest(unsigned short port, std::chrono::milliseconds timeout) {
  return waitFor([&] { return httpRequest(port, "GET", "/health").status == 200; }, timeout);
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace connectd::test
