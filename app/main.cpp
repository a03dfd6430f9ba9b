// connectd's entry point: parse the command line, load the worker configuration (properties file and
// environment), register the built-in plugins, start the worker and the REST API, and stop both
// gracefully on SIGTERM or SIGINT.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <malloc.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "app/builtin_plugins.hpp"
#include "app/config_reference.hpp"
#include "connectd/api/errors.hpp"
#include "rest/http_server.hpp"
#include "rest/rest_api.hpp"
#include "runtime/logging.hpp"
#include "runtime/properties.hpp"
#include "runtime/version.hpp"
#include "runtime/worker.hpp"

namespace {

constexpr std::string_view kUsage =
    R"(Usage: connectd [OPTIONS] [worker.properties]

A native Kafka Connect worker: Kafka Connect's REST API, connector JSON and worker
environment variables, in a small process without a JVM.

Configuration comes from the optional worker.properties file (Java .properties
syntax), then from the environment on top of it, as in Debezium's connect image:
  BOOTSTRAP_SERVERS, GROUP_ID, CONFIG_STORAGE_TOPIC, OFFSET_STORAGE_TOPIC,
  STATUS_STORAGE_TOPIC, KEY_CONVERTER, VALUE_CONVERTER, HOST_NAME,
  ADVERTISED_HOST_NAME, ADVERTISED_PORT, OFFSET_FLUSH_INTERVAL_MS,
  OFFSET_FLUSH_TIMEOUT_MS, SHUTDOWN_TIMEOUT, CONNECT_<KEY> (CONNECT_FOO_BAR -> foo.bar),
  and CONFIG_PROVIDERS, CONFIG_PROVIDERS_<NAME>_CLASS, PLUGIN_PATH.
The REST API listens on `listeners` (default http://:8083).

Options:
  --version        print the version and exit
  --help           print this help and exit
  --list-plugins   print the built-in plugins and their aliases, then exit
  --config-reference
                   print the configuration reference (Markdown) of the worker and every plugin, then exit
)";

void printVersion() {
  std::cout << "connectd " << connectd::build::kVersion << " (commit " << connectd::build::kCommit << "; Kafka Connect "
            << connectd::build::kKafkaCompatVersion << " REST API)\n";
}

void listPlugins(const connectd::PluginRegistry& registry) {
  for (const auto& p : registry.plugins()) {
    std::cout << connectd::pluginTypeName(p.type) << "\t" << p.class_name << "\t" << p.version << "\n";
  }
  for (const auto& [alias, cls] : registry.aliases()) {
    std::cout << "alias\t" << alias << "\t" << cls << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  // glibc gives each thread that allocates an arena of its own, up to 8 per core; librdkafka's threads free
  // what the task thread allocated and vice versa, so memory stays spread over arenas that are never
  // trimmed together. Two arenas keep the resident set smaller (a 200,000-row backlog drain peaked at
  // 54 MB instead of 58 MB) without slowing it. MALLOC_ARENA_MAX in the environment still wins.
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) {
    mallopt(M_ARENA_MAX, 2);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string properties_file;
  bool list = false;
  bool reference = false;
  for (const auto& a : args) {
    if (a == "--version") {
      printVersion();
      return 0;
    }
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (a == "--list-plugins") {
      list = true;
    } else if (a == "--config-reference") {
      reference = true;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "connectd: unknown option " << a << "\n" << kUsage;
      return 2;
    } else if (properties_file.empty()) {
      properties_file = a;
    } else {
      std::cerr << "connectd: unexpected argument " << a
                << " (connector files on the command line are not supported yet; create connectors over REST)\n";
      return 2;
    }
  }

  connectd::runtime::initLogging();
  auto log = connectd::runtime::logger("org.apache.kafka.connect.cli.ConnectDistributed");

  connectd::PluginRegistry registry;
  connectd::app::registerBuiltinPlugins(registry);
  if (list) {
    listPlugins(registry);
    return 0;
  }
  if (reference) {
    connectd::app::printConfigReference(std::cout, registry);
    return 0;
  }

  try {
    const connectd::ConfigMap file_props =
        properties_file.empty() ? connectd::ConfigMap{} : connectd::runtime::loadPropertiesFile(properties_file);
    const auto environment = connectd::runtime::processEnvironment();
    auto config = connectd::runtime::WorkerConfig::load(file_props, environment);
    for (const auto& key : config.unknownKeys()) {
      log->warn("The configuration '{}' was supplied but isn't a known config.", key);
    }
    if (!config.parsed().isNull(connectd::runtime::worker_keys::kPluginPath)) {
      log->info("plugin.path is ignored: connectd's plugins are built in ({} registered)", registry.plugins().size());
    }
    log->info("connectd {} starting; Kafka bootstrap servers {}", connectd::build::kVersion, config.bootstrapServers());

    // Installed first, so a signal during start-up is kept and acted on once start-up has finished.
    boost::asio::io_context signals_ioc;
    boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    signals.async_wait(
        [&](const boost::system::error_code&, int signo) { log->info("Received signal {}; shutting down", signo); });

    connectd::runtime::Worker worker(std::move(config), registry, environment);

    // The port opens before the stores are read: GET /, /health and /connector-plugins answer at once, and
    // /connectors requests wait (bounded) until the worker has read its stores to the end, so the first PUT
    // after the port answers is served from the current state (the article's hook waits only for the port).
    const auto& parsed = worker.config().parsed();
    connectd::rest::HttpServerOptions options;
    options.host = worker.config().listenerHost();
    options.port = worker.config().listenerPort();
    options.idle_timeout =
        std::chrono::milliseconds(parsed.getLong(connectd::runtime::worker_keys::kRestIdleTimeoutMs));
    options.start_ready = false;
    options.hold_timeout =
        std::chrono::milliseconds(parsed.getLong(connectd::runtime::worker_keys::kRestStartupTimeoutMs));
    options.hold_timeout_response = [&worker] { return connectd::rest::startupTimeoutResponse(worker); };
    connectd::rest::HttpServer server(connectd::rest::makeRestApi(worker), options);
    server.start();
    log->info("REST server listening at http://{}:{}/, advertising {}", options.host.empty() ? "0.0.0.0" : options.host,
              server.port(), worker.config().workerId());

    worker.start();
    server.setReady();
    log->info("Worker ready: REST requests to /connectors are served");

    signals_ioc.run();

    server.stop();
    worker.stop();
    log->info("connectd stopped");
    return 0;
  } catch (const connectd::ConfigException& e) {
    log->error("Invalid worker configuration: {}", e.what());
    return 1;
  } catch (const std::exception& e) {
    log->error("connectd failed to start: {}", e.what());
    return 1;
  }
}
