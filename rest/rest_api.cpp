// REST resources; see rest_api.hpp.
#include "rest/rest_api.hpp"

namespace connectd::rest {

Router makeRestApi(const runtime::Worker& worker) {
  Router router;
  // GET / : ServerInfo {"version","commit","kafka_cluster_id"} (RootResource.serverInfo).
  router.add("GET", "/", [&worker](const Request&, const ParsedTarget&, const std::vector<std::string>&) {
    const auto info = worker.serverInfo();
    nlohmann::ordered_json body;
    body["version"] = info.version;
    body["commit"] = info.commit;
    body["kafka_cluster_id"] =
        info.kafka_cluster_id ? nlohmann::ordered_json(*info.kafka_cluster_id) : nlohmann::ordered_json(nullptr);
    Response r;
    r.body = std::move(body);
    return r;
  });
  return router;
}

}  // namespace connectd::rest
