// Starts the real connectd binary against the rig's broker and talks to it over HTTP: GET / answers with
// Kafka Connect's ServerInfo shape, unknown paths get the JSON error body, and SIGTERM stops it cleanly.
// Also the process's edges: the REST port opens before the stores are read (GET / at once, /connectors
// requests held until ready), idle and stalled clients are closed after the idle timeout, and SIGTERM
// with the broker gone exits within the graceful timeout, saying what was not flushed.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rig.hpp"

using namespace connectd::test;

namespace {

int connectLoopback(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the peer closed `fd` (read returns end of stream or a reset) within `timeout`. Data that arrives
// first is returned in `received`.
bool closedByPeer(int fd, std::chrono::milliseconds timeout, std::string& received) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) {
      continue;
    }
    char buf[4096];
    const auto n = ::read(fd, buf, sizeof(buf));
    if (n <= 0) {
      return true;
    }
    received.append(buf, static_cast<std::size_t>(n));
  }
  return false;
}

// A loopback port that refuses connections until open() (bound, not listening), then forwards every
// connection to a target port: a broker that "comes up" when the test says so.
class TcpGate {
 public:
  TcpGate() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
    socklen_t len = sizeof(addr);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~TcpGate() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    if (acceptor_.joinable()) acceptor_.join();
    {
      std::lock_guard lock(mutex_);
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : pumps_) t.join();
    for (int fd : fds_) ::close(fd);
  }
  TcpGate(const TcpGate&) = delete;
  TcpGate& operator=(const TcpGate&) = delete;

  unsigned short port() const { return port_; }

  void open(unsigned short target) {
    REQUIRE(::listen(listener_, 16) == 0);
    acceptor_ = std::thread([this, target] {
      while (!stopping_) {
        const int client = ::accept(listener_, nullptr, nullptr);
        if (client < 0) {
          return;
        }
        const int upstream = connectLoopback(target);
        std::lock_guard lock(mutex_);
        fds_.push_back(client);
        if (upstream < 0) {
          ::shutdown(client, SHUT_RDWR);
          continue;
        }
        fds_.push_back(upstream);
        pumps_.emplace_back([client, upstream] { pump(client, upstream); });
        pumps_.emplace_back([client, upstream] { pump(upstream, client); });
      }
    });
  }

 private:
  static void pump(int from, int to) {
    char buf[16384];
    while (true) {
      const auto n = ::read(from, buf, sizeof(buf));
      if (n <= 0) break;
      if (::send(to, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
    }
    ::shutdown(to, SHUT_RDWR);
    ::shutdown(from, SHUT_RDWR);
  }

  int listener_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> pumps_;
};

unsigned short portOf(const std::string& host_port) {
  return static_cast<unsigned short>(std::stoi(host_port.substr(host_port.rfind(':') + 1)));
}

// A Kafka broker of the test's own (scripts/rig/kafka-start.sh), which the test may stop.
class OwnKafka {
 public:
  OwnKafka() {
    const std::string script = std::string(CONNECTD_SOURCE_DIR) + "/scripts/rig/kafka-start.sh";
    started_ =
        std::system(
            (script + " " + dir_.path.string() + " >" + (dir_.path / "start.log").string() + " 2>&1").c_str()) == 0;
    std::ifstream env(dir_.path / "rig.env");
    std::string line;
    while (std::getline(env, line)) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) keys_[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  ~OwnKafka() { stop(); }
  OwnKafka(const OwnKafka&) = delete;
  OwnKafka& operator=(const OwnKafka&) = delete;

  bool started() const { return started_ && keys_.count("KAFKA_BOOTSTRAP") != 0; }
  std::string bootstrap() const { return keys_.at("KAFKA_BOOTSTRAP"); }
  std::string startLog() const { return readFile(dir_.path / "start.log"); }
  bool stop() {
    if (!started_) return true;
    started_ = false;
    const std::string script = std::string(CONNECTD_SOURCE_DIR) + "/scripts/rig/kafka-stop.sh";
    return std::system((script + " " + dir_.path.string() + " >/dev/null 2>&1").c_str()) == 0;
  }

 private:
  TempDir dir_;
  bool started_ = false;
  std::map<std::string, std::string> keys_;
};

std::vector<std::string> kafkaStorageEnv(const std::string& suffix) {
  return {"GROUP_ID=connectd-" + suffix,
          "CONFIG_STORAGE_TOPIC=cd-configs-" + suffix,
          "OFFSET_STORAGE_TOPIC=cd-offsets-" + suffix,
          "STATUS_STORAGE_TOPIC=cd-status-" + suffix,
          "CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR=1",
          "CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR=1",
          "CONNECT_STATUS_STORAGE_REPLICATION_FACTOR=1"};
}

std::string verifiableConfig(const std::string& topic, int throughput) {
  return nlohmann::json{{"connector.class", "VerifiableSource"},
                        {"topic", topic},
                        {"throughput", std::to_string(throughput)},
                        {"tasks.max", "1"},
                        {"key.converter", "org.apache.kafka.connect.storage.StringConverter"},
                        {"value.converter", "StringConverter"}}
      .dump();
}

}  // namespace

TEST_CASE("connectd serves Kafka Connect's ServerInfo on GET / and stops on SIGTERM", "[integration][connectd]") {
  const unsigned short port = freePort();
  ConnectdProcess proc(
      {"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"), "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port)});

  HttpResult root;
  REQUIRE(waitFor(
      [&] {
        root = httpRequest(port, "GET", "/");
        return root.status == 200;
      },
      std::chrono::seconds(20)));
  auto info = nlohmann::ordered_json::parse(root.body);
  // Exactly Kafka Connect's fields, in its order.
  std::vector<std::string> keys;
  for (auto it = info.begin(); it != info.end(); ++it) {
    keys.push_back(it.key());
  }
  CHECK(keys == std::vector<std::string>{"version", "commit", "kafka_cluster_id"});
  CHECK(info["version"].get<std::string>() == "4.3.0");
  CHECK_FALSE(info["commit"].get<std::string>().empty());

  // Once the broker has answered, the cluster id is the rig's.
  REQUIRE(waitFor(
      [&] {
        auto r = httpRequest(port, "GET", "/");
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        return r.status == 200 && j.is_object() && j["kafka_cluster_id"].is_string() &&
               j["kafka_cluster_id"].get<std::string>() == rig("KAFKA_CLUSTER_ID");
      },
      std::chrono::seconds(20)));

  auto missing = httpRequest(port, "GET", "/no/such/path");
  CHECK(missing.status == 404);
  CHECK(nlohmann::json::parse(missing.body) == nlohmann::json{{"error_code", 404}, {"message", "HTTP 404 Not Found"}});
  auto wrong_method = httpRequest(port, "DELETE", "/");
  CHECK(wrong_method.status == 405);
  CHECK(nlohmann::json::parse(wrong_method.body)["error_code"] == 405);

  CHECK(proc.terminate(std::chrono::seconds(15)) == 0);
}

TEST_CASE("the REST port answers before the stores are read, and a PUT sent meanwhile succeeds once they are",
          "[integration][connectd]") {
  // The broker is reachable only through a gate that refuses connections until the test opens it, so the
  // worker cannot have read its Kafka stores before then.
  TcpGate gate;
  TempDir dir;
  const auto log_file = dir.path / "connectd.log";
  const unsigned short port = freePort();
  std::vector<std::string> env = {"BOOTSTRAP_SERVERS=127.0.0.1:" + std::to_string(gate.port()),
                                  "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port)};
  for (auto& e : kafkaStorageEnv(std::to_string(port))) env.push_back(e);
  ConnectdProcess proc(env, log_file.string());

  HttpResult root;
  REQUIRE(waitFor(
      [&] {
        root = httpRequest(port, "GET", "/");
        return root.status == 200;
      },
      std::chrono::seconds(20)));
  CHECK(nlohmann::json::parse(root.body)["version"] == "4.3.0");

  // Spec §1.7: 503 "starting" with the stage, until the worker is ready.
  auto health = httpRequest(port, "GET", "/health");
  CHECK(health.status == 503);
  auto h = nlohmann::json::parse(health.body, nullptr, false);
  CHECK(h["status"] == "starting");
  CHECK(h["message"].get<std::string>().rfind("Worker is still starting up. The worker is currently ", 0) == 0);

  // What the article's hook polls answers at once.
  auto plugins = httpRequest(port, "GET", "/connector-plugins");
  CHECK(plugins.status == 200);
  CHECK_FALSE(nlohmann::json::parse(plugins.body).empty());

  // A PUT now is held, not refused...
  HttpResult put;
  std::thread writer([&] {
    put = httpRequest(port, "PUT", "/connectors/early/config", verifiableConfig("startup.early", 1), "application/json",
                      std::chrono::seconds(120));
  });
  const bool held =
      waitFor([&] { return readFile(log_file).find("Holding PUT /connectors/early/config") != std::string::npos; },
              std::chrono::seconds(20));
  CHECK(held);
  CHECK(httpRequest(port, "GET", "/health").status == 503);

  // ...and answered once the broker is there and the stores are read.
  gate.open(portOf(rig("KAFKA_BOOTSTRAP")));
  writer.join();
  INFO(put.body);
  CHECK(put.status == 201);
  CHECK(nlohmann::json::parse(put.body, nullptr, false)["name"] == "early");
  CHECK(httpRequest(port, "GET", "/health").status == 200);
  CHECK(nlohmann::json::parse(httpRequest(port, "GET", "/connectors").body) == nlohmann::json{"early"});
  CHECK(proc.terminate(std::chrono::seconds(30)) == 0);
}

TEST_CASE("idle and stalled REST clients are closed after connectd.rest.idle.timeout.ms while others are served",
          "[integration][connectd]") {
  TempDir dir;
  const unsigned short port = freePort();
  ConnectdProcess proc(
      {"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"), "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port),
       "CONNECT_CONNECTD_DATA_DIR=" + dir.path.string(), "CONNECT_CONNECTD_REST_IDLE_TIMEOUT_MS=1000"},
      (dir.path / "connectd.log").string());
  REQUIRE(waitForRest(port, std::chrono::seconds(30)));

  const int idle = connectLoopback(port);  // says nothing
  REQUIRE(idle >= 0);
  const int stalled = connectLoopback(port);  // half a request, then nothing
  REQUIRE(stalled >= 0);
  const std::string half =
      "PUT /connectors/x/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"connector.class\":";
  REQUIRE(::send(stalled, half.data(), half.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(half.size()));

  // Other clients are served meanwhile.
  CHECK(httpRequest(port, "GET", "/").status == 200);
  CHECK(httpRequest(port, "GET", "/connectors").status == 200);

  // The default (30 s) would outlast these waits; the configured 1 s does not.
  std::string idle_got;
  std::string stalled_got;
  CHECK(closedByPeer(idle, std::chrono::seconds(15), idle_got));
  CHECK(closedByPeer(stalled, std::chrono::seconds(15), stalled_got));
  CHECK(idle_got.empty());
  CHECK(stalled_got.empty());  // no answer to a request that never arrived whole
  ::close(idle);
  ::close(stalled);

  CHECK(httpRequest(port, "GET", "/").status == 200);
  CHECK(proc.terminate(std::chrono::seconds(30)) == 0);
}

TEST_CASE("SIGTERM with the broker gone exits within the graceful timeout and says what was not flushed",
          "[integration][connectd]") {
  OwnKafka kafka;
  INFO(kafka.startLog());
  REQUIRE(kafka.started());
  TempDir dir;
  const auto log_file = dir.path / "connectd.log";
  const unsigned short port = freePort();
  std::vector<std::string> env = {"BOOTSTRAP_SERVERS=" + kafka.bootstrap(),
                                  "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port),
                                  "OFFSET_FLUSH_INTERVAL_MS=500", "CONNECT_TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS=2000"};
  for (auto& e : kafkaStorageEnv(std::to_string(port))) env.push_back(e);
  ConnectdProcess proc(env, log_file.string());
  REQUIRE(waitForRest(port, std::chrono::seconds(60)));

  REQUIRE(httpRequest(port, "PUT", "/connectors/busy/config", verifiableConfig("sigterm.busy", 200)).status == 201);
  // Records flow and offsets are committed while the broker is up.
  REQUIRE(waitFor(
      [&] {
        auto r = httpRequest(port, "GET", "/connectors/busy/offsets");
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        return r.status == 200 && j.is_object() && !j["offsets"].empty();
      },
      std::chrono::seconds(60)));

  REQUIRE(kafka.stop());
  // 2 s graceful timeout, 2 s for the final writes, and a wide margin for a loaded, sanitized build; a
  // shutdown that waits on the broker takes minutes.
  CHECK(proc.terminate(std::chrono::seconds(20)) == 0);
  const std::string log = readFile(log_file);
  INFO(log.substr(log.size() > 4000 ? log.size() - 4000 : 0));
  CHECK(log.find("not flushed") != std::string::npos);
  CHECK(log.find("connectd stopped") != std::string::npos);
}
