// REST resources; see rest_api.hpp. Status codes and messages are Kafka Connect's (spec §1.2–§1.5),
// except where Kafka's are notoriously unhelpful (unknown connector.class lists the connector names).
#include "rest/rest_api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string_view>

#include "connectd/api/errors.hpp"
#include "rest/request_decoding.hpp"
#include "runtime/logging.hpp"

namespace connectd::rest {
namespace {

using json = nlohmann::ordered_json;
using runtime::Herder;

// Kafka Connect's PluginDesc for connectors it ships only for testing: instantiable, never listed.
const std::vector<std::string> kHiddenConnectors = {"org.apache.kafka.connect.tools.VerifiableSourceConnector",
                                                    "org.apache.kafka.connect.tools.MockSourceConnector",
                                                    "org.apache.kafka.connect.tools.SchemaSourceConnector"};

Response ok(json body, int status = 200) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response empty(int status) {
  Response r;
  r.status = status;
  return r;
}

// Maps the exception hierarchy onto status codes, like Kafka's ConnectExceptionMapper.
Response fromException(const std::exception& e) {
  if (dynamic_cast<const NotFoundException*>(&e) != nullptr) return errorResponse(404, e.what());
  if (dynamic_cast<const AlreadyExistsException*>(&e) != nullptr) return errorResponse(409, e.what());
  if (dynamic_cast<const BadRequestException*>(&e) != nullptr) return errorResponse(400, e.what());
  if (dynamic_cast<const ConfigException*>(&e) != nullptr) return errorResponse(400, e.what());
  return errorResponse(500, e.what());
}

template <class F>
Response guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fromException(e);
  }
}

json configJson(const ConfigMap& config) {
  json o = json::object();
  for (const auto& [k, v] : config) {
    o[k] = v;
  }
  return o;
}

json connectorInfoJson(const runtime::ConnectorInfo& info) {
  json tasks = json::array();
  for (int n : info.tasks) {
    tasks.push_back(json{{"connector", info.name}, {"task", n}});
  }
  json o;
  o["name"] = info.name;
  o["config"] = configJson(info.config);
  o["tasks"] = tasks;
  o["type"] = info.type;
  return o;
}

json stateJson(const runtime::StateInfo& s, std::optional<int> id = std::nullopt) {
  json o;
  if (id) {
    o["id"] = *id;
  }
  o["state"] = std::string(runtime::stateName(s.state));
  if (s.trace && !s.trace->empty()) {
    o["trace"] = *s.trace;
  }
  o["worker_id"] = s.worker_id;
  if (!s.version.empty()) {
    o["version"] = s.version;  // 4.1+ (KIP-891): the running plugin's version
  }
  return o;
}

json statusJson(const runtime::ConnectorStateInfo& info) {
  json tasks = json::array();
  for (const auto& [n, s] : info.tasks) {
    tasks.push_back(stateJson(s, n));
  }
  json o;
  o["name"] = info.name;
  o["connector"] = stateJson(info.connector);
  o["tasks"] = tasks;
  o["type"] = info.type;
  return o;
}

json keyInfoJson(const ConfigKey& key) {
  json o;
  o["name"] = key.name();
  o["type"] = std::string(configTypeName(key.type()));
  o["required"] = !key.hasDefault();
  if (key.hasDefault()) {
    auto d = ConfigDef::convertToString(key.defaultValue(), key.type());
    o["default_value"] = d ? json(*d) : json(nullptr);
  } else {
    o["default_value"] = nullptr;
  }
  o["importance"] = std::string(importanceName(key.importance()));
  o["documentation"] = key.documentation();
  o["group"] = key.group().empty() ? json(nullptr) : json(key.group());
  o["width"] = std::string(widthName(key.width()));
  o["display_name"] = key.displayName();
  o["dependents"] = key.dependents();
  o["order_in_group"] = key.orderInGroup();  // the 4.x worker names it so (checked against the oracle)
  return o;
}

json validationJson(const runtime::ValidationResult& r, const ConfigMap& raw,
                    const std::set<std::string>& placeholders) {
  json configs = json::array();
  for (const auto& c : r.configs) {
    json value;
    value["name"] = c.value.name;
    auto shown = runtime::displayValue(c.definition, c.value, raw, placeholders);
    value["value"] = shown ? json(*shown) : json(nullptr);
    value["recommended_values"] = c.value.recommended_values;
    value["errors"] = c.value.error_messages;
    value["visible"] = c.value.visible;
    configs.push_back(json{{"definition", keyInfoJson(c.definition)}, {"value", value}});
  }
  json o;
  o["name"] = r.name;
  o["error_count"] = r.error_count;
  o["groups"] = r.groups;
  o["configs"] = configs;
  return o;
}

std::string locationOf(const Request& req, const std::string& name) {
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xf];
    }
  }
  return "http://" + (req.host.empty() ? std::string("localhost") : req.host) + "/connectors/" + encoded;
}

// Loggers changed through REST remember when (LoggerLevel.last_modified).
struct LoggerLevels {
  std::mutex mutex;
  std::map<std::string, std::int64_t> last_modified;
};

std::string levelName(spdlog::level::level_enum l) {
  switch (l) {
    case spdlog::level::trace: return "TRACE";
    case spdlog::level::debug: return "DEBUG";
    case spdlog::level::info: return "INFO";
    case spdlog::level::warn: return "WARN";
    case spdlog::level::err: return "ERROR";
    case spdlog::level::critical: return "FATAL";
    default: return "OFF";
  }
}

std::optional<spdlog::level::level_enum> parseLevel(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  static const std::map<std::string, spdlog::level::level_enum> m = {
      {"TRACE", spdlog::level::trace}, {"DEBUG", spdlog::level::debug}, {"INFO", spdlog::level::info},
      {"WARN", spdlog::level::warn},   {"ERROR", spdlog::level::err},   {"FATAL", spdlog::level::critical},
      {"OFF", spdlog::level::off}};
  auto it = m.find(name);
  return it == m.end() ? std::nullopt : std::optional(it->second);
}

std::map<std::string, std::shared_ptr<spdlog::logger>> allLoggers() {
  std::map<std::string, std::shared_ptr<spdlog::logger>> out;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { out[l->name()] = l; });
  return out;
}

}  // namespace

Response startupTimeoutResponse(const runtime::Worker& worker) {
  return errorResponse(500, "Request timed out. " + worker.startupStage());
}

Router makeRestApi(runtime::Worker& worker) {
  Router router;
  Herder& herder = worker.herder();
  auto levels = std::make_shared<LoggerLevels>();

  // Every handler runs through this: HTTP-level errors keep their status, the rest map by exception type.
  // The /connectors resources read or write the stores, so during start-up the server holds them until
  // the worker has read its stores to the end; server info, health, plugins, validation and loggers
  // answer at once (the article's hook polls /connector-plugins, then PUTs).
  const auto add = [&router](const char* method, const char* pattern, Router::Handler h) {
    const bool needs_worker = std::string_view(pattern).substr(0, 11) == "/connectors";
    router.add(
        method, pattern,
        [h = std::move(h)](const Request& req, const ParsedTarget& t, const std::vector<std::string>& p) {
          try {
            return h(req, t, p);
          } catch (const HttpError& e) {
            return e.framework_level ? frameworkError(e.status, e.what()) : errorResponse(e.status, e.what());
          } catch (const std::exception& e) {
            return fromException(e);
          }
        },
        needs_worker);
  };

  add("GET", "/", [&worker](const Request&, const ParsedTarget&, const std::vector<std::string>&) {
    const auto info = worker.serverInfo();
    json body;
    body["version"] = info.version;
    body["commit"] = info.commit;
    body["kafka_cluster_id"] = info.kafka_cluster_id ? json(*info.kafka_cluster_id) : json(nullptr);
    return ok(body);
  });

  // Kafka Connect round-trips through its herder thread and answers 503 "starting" only after a 10 s
  // wait; connectd knows its state without one, so a probe gets the same answer at once.
  add("GET", "/health", [&worker](const Request&, const ParsedTarget&, const std::vector<std::string>&) {
    if (worker.ready()) {
      return ok(
          json{{"status", "healthy"}, {"message", "Worker has completed startup and is ready to handle requests."}});
    }
    return ok(json{{"status", "starting"}, {"message", "Worker is still starting up. " + worker.startupStage()}}, 503);
  });

  add("GET", "/connectors", [&herder](const Request&, const ParsedTarget& t, const std::vector<std::string>&) {
    const auto names = herder.connectors();
    auto it = t.query.find("expand");
    if (it == t.query.end()) {
      return ok(json(names));
    }
    const bool status = std::find(it->second.begin(), it->second.end(), "status") != it->second.end();
    const bool info = std::find(it->second.begin(), it->second.end(), "info") != it->second.end();
    json out = json::object();
    for (const auto& c : names) {
      json entry = json::object();
      try {
        if (status) entry["status"] = statusJson(herder.connectorStatus(c));
        if (info) entry["info"] = connectorInfoJson(herder.connectorInfo(c));
      } catch (const NotFoundException&) {
        continue;  // vanished, or no status yet: skipped as Kafka does
      }
      out[c] = entry;
    }
    return ok(out);
  });

  add("POST", "/connectors", [&herder](const Request& req, const ParsedTarget&, const std::vector<std::string>&) {
    auto body = parseJsonBody(req);
    if (!body.is_object() || !body.contains("name") || !body["name"].is_string()) {
      throw HttpError(400, "A connector needs a name: {\"name\":\"…\",\"config\":{…}}");
    }
    if (!body.contains("config") || !body["config"].is_object()) {
      throw HttpError(400, "A connector needs a config object: {\"name\":\"…\",\"config\":{…}}");
    }
    std::string name = body["name"].get<std::string>();
    name.erase(0, name.find_first_not_of(" \t\r\n"));
    name.erase(name.find_last_not_of(" \t\r\n") + 1);
    std::optional<runtime::TargetState> initial;
    if (body.contains("initial_state") && !body["initial_state"].is_null()) {
      std::string s = body["initial_state"].is_string() ? body["initial_state"].get<std::string>() : "";
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (s == "RUNNING")
        initial = runtime::TargetState::kStarted;
      else if (s == "PAUSED")
        initial = runtime::TargetState::kPaused;
      else if (s == "STOPPED")
        initial = runtime::TargetState::kStopped;
      else
        throw HttpError(400, "Invalid initial_state: must be RUNNING, PAUSED or STOPPED");
    }
    ConfigMap config = requireNoNulls(configMapOf(body["config"]));
    herder.putConnectorConfig(name, std::move(config), false, initial);
    Response r = ok(connectorInfoJson(herder.connectorInfo(name)), 201);
    r.headers.emplace_back("Location", locationOf(req, name));
    return r;
  });

  add("GET", "/connectors/{c}", [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
    return ok(connectorInfoJson(herder.connectorInfo(p[0])));
  });

  add("DELETE", "/connectors/{c}", [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
    herder.deleteConnector(p[0]);
    return empty(204);
  });

  add("GET", "/connectors/{c}/config",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        return ok(configJson(herder.connectorConfig(p[0])));
      });

  add("PUT", "/connectors/{c}/config",
      [&herder](const Request& req, const ParsedTarget&, const std::vector<std::string>& p) {
        ConfigMap config = requireNoNulls(configMapOf(parseJsonBody(req)));
        const bool created = herder.putConnectorConfig(p[0], std::move(config), true);
        Response r = ok(connectorInfoJson(herder.connectorInfo(p[0])), created ? 201 : 200);
        if (created) {
          r.headers.emplace_back("Location", locationOf(req, p[0]));
        }
        return r;
      });

  add("PATCH", "/connectors/{c}/config",
      [&herder](const Request& req, const ParsedTarget&, const std::vector<std::string>& p) {
        herder.patchConnectorConfig(p[0], configMapOf(parseJsonBody(req)));
        return ok(connectorInfoJson(herder.connectorInfo(p[0])));
      });

  add("GET", "/connectors/{c}/status",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        return ok(statusJson(herder.connectorStatus(p[0])));
      });

  add("GET", "/connectors/{c}/tasks",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        json out = json::array();
        for (const auto& t : herder.taskConfigs(p[0])) {
          out.push_back(json{{"id", json{{"connector", p[0]}, {"task", t.task}}}, {"config", configJson(t.config)}});
        }
        return ok(out);
      });

  add("GET", "/connectors/{c}/tasks/{n}/status",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        const int n = taskNumber(p[1]);
        return ok(stateJson(herder.taskStatus(p[0], n), n));
      });

  // connectd's own (Kafka Connect has none; Debezium reports the same through JMX): the task's progress report,
  // e.g. the PostgreSQL snapshot's tables and rows. Status JSON keeps Kafka's shape.
  add("GET", "/connectors/{c}/tasks/{n}/metrics",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        const int n = taskNumber(p[1]);
        json out{{"id", json{{"connector", p[0]}, {"task", n}}}};
        out["metrics"] = herder.taskMetrics(p[0], n);
        return ok(out);
      });

  add("POST", "/connectors/{c}/restart",
      [&herder](const Request&, const ParsedTarget& t, const std::vector<std::string>& p) {
        const bool include_tasks = boolParam(t, "includeTasks").value_or(false);
        const bool only_failed = boolParam(t, "onlyFailed").value_or(false);
        if (!include_tasks && !only_failed) {
          herder.restartConnector(p[0]);
          return empty(204);
        }
        return ok(statusJson(herder.restartConnectorAndTasks(p[0], include_tasks, only_failed)), 202);
      });

  add("POST", "/connectors/{c}/tasks/{n}/restart",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        herder.restartTask(p[0], taskNumber(p[1]));
        return empty(204);
      });

  add("PUT", "/connectors/{c}/pause",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        herder.pauseConnector(p[0]);
        return empty(202);
      });
  add("PUT", "/connectors/{c}/resume",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        herder.resumeConnector(p[0]);
        return empty(202);
      });
  add("PUT", "/connectors/{c}/stop", [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
    herder.stopConnector(p[0]);
    return empty(204);
  });

  // KIP-558. Kafka answers 200 with an empty list for an unknown connector, and 202 to a reset of one.
  add("GET", "/connectors/{c}/topics",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        if (!herder.topicTrackingEnabled()) {
          throw HttpError(403, "Topic tracking is disabled.");
        }
        json topics = json::array();
        for (const auto& t : herder.connectorActiveTopics(p[0])) {
          topics.push_back(t);
        }
        return ok(json{{p[0], json{{"topics", topics}}}});
      });
  add("PUT", "/connectors/{c}/topics/reset",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        if (!herder.topicTrackingEnabled()) {
          throw HttpError(403, "Topic tracking is disabled.");
        }
        if (!herder.topicTrackingResetAllowed()) {
          throw HttpError(403, "Topic tracking reset is disabled.");
        }
        herder.resetConnectorActiveTopics(p[0]);
        return empty(202);
      });

  add("GET", "/connectors/{c}/offsets",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        json offsets = json::array();
        for (const auto& po : herder.offsets(p[0])) {
          offsets.push_back(json{{"partition", json::parse(po.partition.dump())},
                                 {"offset", po.offset ? json::parse(po.offset->dump()) : json(nullptr)}});
        }
        return ok(json{{"offsets", offsets}});
      });

  add("PATCH", "/connectors/{c}/offsets",
      [&herder](const Request& req, const ParsedTarget&, const std::vector<std::string>& p) {
        auto body = parseJsonBody(req);
        if (!body.is_object() || !body.contains("offsets") || !body["offsets"].is_array() || body["offsets"].empty()) {
          throw HttpError(400, "Partitions / offsets need to be provided for an alter offsets request");
        }
        std::vector<runtime::PartitionOffset> changes;
        for (const auto& entry : body["offsets"]) {
          if (!entry.is_object() || !entry.contains("partition") || !entry["partition"].is_object()) {
            throw HttpError(400, "Each entry of 'offsets' needs a 'partition' object and an 'offset' object or null");
          }
          runtime::PartitionOffset po;
          po.partition = OffsetMap::parse(entry["partition"].dump());
          if (entry.contains("offset") && !entry["offset"].is_null()) {
            po.offset = OffsetMap::parse(entry["offset"].dump());
          }
          changes.push_back(std::move(po));
        }
        herder.alterOffsets(p[0], changes);
        // Connectors here never manage offsets outside Connect, so Kafka's wording for that case applies.
        return ok(json{{"message",
                        "The Connect framework-managed offsets for this connector have been altered successfully. "
                        "However, if this connector manages offsets externally, they will need to be manually altered "
                        "in the system that the connector uses."}});
      });

  add("DELETE", "/connectors/{c}/offsets",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        herder.resetOffsets(p[0]);
        return ok(json{{"message",
                        "The Connect framework-managed offsets for this connector have been reset successfully. "
                        "However, if this connector manages offsets externally, they will need to be manually reset in "
                        "the system that the connector uses."}});
      });

  add("GET", "/connector-plugins", [&herder](const Request&, const ParsedTarget& t, const std::vector<std::string>&) {
    const bool connectors_only = boolParam(t, "connectorsOnly").value_or(true);
    json out = json::array();
    const auto list = [&](PluginType type) {
      for (const auto& d : herder.plugins().plugins(type)) {
        if (std::find(kHiddenConnectors.begin(), kHiddenConnectors.end(), d.class_name) != kHiddenConnectors.end()) {
          continue;
        }
        json o;
        o["class"] = d.class_name;
        o["type"] = std::string(pluginTypeName(type));
        if (d.version != "undefined") {
          o["version"] = d.version;
        }
        out.push_back(o);
      }
    };
    list(PluginType::kSink);
    list(PluginType::kSource);
    if (!connectors_only) {
      list(PluginType::kTransformation);
      list(PluginType::kPredicate);
      list(PluginType::kConverter);
      list(PluginType::kHeaderConverter);
    }
    return ok(out);
  });

  add("GET", "/connector-plugins/{p}/config",
      [&herder](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
        const auto& plugins = herder.plugins();
        for (PluginType type : {PluginType::kSource, PluginType::kTransformation, PluginType::kPredicate,
                                PluginType::kConverter, PluginType::kHeaderConverter}) {
          try {
            const std::string cls = plugins.resolve(type, p[0]);
            const PluginDesc* d = plugins.find(type, cls);
            json out = json::array();
            for (const auto& k : d->config_def->keys()) {
              out.push_back(keyInfoJson(k));
            }
            if (type == PluginType::kSource) {
              for (const auto& k : runtime::sourceConnectorConfigDef().keys()) {
                if (d->config_def->find(k.name()) == nullptr) {
                  out.push_back(keyInfoJson(k));
                }
              }
            }
            return ok(out);
          } catch (const NotFoundException&) {
          }
        }
        throw NotFoundException("Unknown plugin " + p[0] + ".");
      });

  add("PUT", "/connector-plugins/{p}/config/validate",
      [&herder](const Request& req, const ParsedTarget&, const std::vector<std::string>& p) {
        ConfigMap config = requireNoNulls(configMapOf(parseJsonBody(req)));
        auto cls = config.find("connector.class");
        if (cls == config.end()) {
          // The real worker answers 500 here (its BadRequestException is wrapped); so do we.
          throw HttpError(500, "Connector config contains no connector type: set connector.class");
        }
        const auto strip = [](std::string s) {
          const std::string suffix = "Connector";
          if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
            s.resize(s.size() - suffix.size());
          }
          return s;
        };
        const std::string body_type = strip(cls->second);
        const std::string path_type = strip(p[0]);
        if (body_type.size() < path_type.size() ||
            body_type.compare(body_type.size() - path_type.size(), path_type.size(), path_type) != 0) {
          throw BadRequestException("Included connector type " + cls->second + " does not match request type " + p[0]);
        }
        runtime::ValidationResult result;
        try {
          result = herder.validate(config);
        } catch (const NotFoundException& e) {
          throw HttpError(500, e.what());  // 500 in the real worker too
        }
        return ok(validationJson(result, config, herder.providers().keysWithPlaceholders(config)));
      });

  add("GET", "/admin/loggers", [levels](const Request&, const ParsedTarget&, const std::vector<std::string>&) {
    json out = json::object();
    std::lock_guard lock(levels->mutex);
    for (const auto& [name, l] : allLoggers()) {
      auto lm = levels->last_modified.find(name);
      out[name] = json{{"level", levelName(l->level())},
                       {"last_modified", lm == levels->last_modified.end() ? json(nullptr) : json(lm->second)}};
    }
    return ok(out);
  });

  add("GET", "/admin/loggers/{l}", [levels](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
    auto loggers = allLoggers();
    auto it = loggers.find(p[0]);
    if (it == loggers.end()) {
      throw NotFoundException("Logger " + p[0] + " not found.");
    }
    std::lock_guard lock(levels->mutex);
    auto lm = levels->last_modified.find(p[0]);
    return ok(json{{"level", levelName(it->second->level())},
                   {"last_modified", lm == levels->last_modified.end() ? json(nullptr) : json(lm->second)}});
  });

  add("PUT", "/admin/loggers/{l}",
      [levels](const Request& req, const ParsedTarget&, const std::vector<std::string>& p) {
        auto body = parseJsonBody(req);
        if (!body.is_object() || !body.contains("level") || !body["level"].is_string()) {
          throw HttpError(400, "Desired 'level' parameter was not specified in request.");
        }
        const std::string wanted = body["level"].get<std::string>();
        auto level = parseLevel(wanted);
        if (!level) {
          throw NotFoundException("invalid log level '" + wanted + "'.");
        }
        const auto now =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        json affected = json::array();
        std::lock_guard lock(levels->mutex);
        if (p[0] != "root") {
          // As log4j's LogManager.getLogger: naming a logger that does not exist yet creates it, so the level
          // applies once the component starts logging, and the answer lists it.
          runtime::logger(p[0]);
        }
        for (const auto& [name, l] : allLoggers()) {
          // The logger and its descendants in the dotted hierarchy (log4j's namespace semantics).
          if (p[0] == "root" || name == p[0] || name.rfind(p[0] + ".", 0) == 0) {
            l->set_level(*level);
            levels->last_modified[name] = now;
            affected.push_back(name);
          }
        }
        if (p[0] == "root") {
          spdlog::set_level(*level);
        }
        return ok(affected);
      });

  return router;
}

}  // namespace connectd::rest
