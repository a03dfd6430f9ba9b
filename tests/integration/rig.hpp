// What the integration tests know about the rig: the addresses in rig.env (written by scripts/rig), and
// small helpers to reach PostgreSQL, Kafka and a connectd process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace connectd::test {

// rig.env as a map. The path comes from CONNECTD_RIG_ENV, else the build's rig.env link. Fails the test
// (throws) when there is no rig.
const std::map<std::string, std::string>& rigEnv();
const std::string& rig(const std::string& key);

// A libpq connection string to the rig's PostgreSQL over TCP.
std::string pgConnString(const std::string& user, const std::string& password, const std::string& dbname = "postgres",
                         const std::string& extra = "");
std::string pgSuperuserConnString(const std::string& dbname = "postgres");

// A free loopback TCP port (bound and released).
unsigned short freePort();

// Polls `condition` until it is true or the deadline passes.
bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
             std::chrono::milliseconds interval = std::chrono::milliseconds(50));

struct HttpResult {
  int status = 0;
  std::string body;
};
// One HTTP request to 127.0.0.1:port; status 0 when the connection failed or no answer came in `timeout`.
HttpResult httpRequest(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& content_type = "application/json",
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A temporary directory, removed with its content.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path path;
};

// The real connectd binary, started with the test's environment plus `extra_env` ("KEY=value").
class ConnectdProcess {
 public:
  explicit ConnectdProcess(const std::vector<std::string>& extra_env, const std::string& log_file = "");
  ~ConnectdProcess();
  ConnectdProcess(const ConnectdProcess&) = delete;
  ConnectdProcess& operator=(const ConnectdProcess&) = delete;

  // Sends SIGTERM and returns the exit status; -1 when it did not exit in time.
  int terminate(std::chrono::milliseconds timeout);
  // SIGKILL, as a crash or an OOM kill would.
  void kill9();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Waits until connectd on `port` is ready: GET /health answers 200 (its stores are read). GET / answers
// earlier, as soon as the port is open.
bool waitForRest(unsigned short port, std::chrono::milliseconds timeout);

// The content of a file ("" when it cannot be read), e.g. a connectd log.
std::string readFile(const std::filesystem::path& path);

}  // namespace connectd::test
