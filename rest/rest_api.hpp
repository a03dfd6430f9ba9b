// Kafka Connect's REST resources (spec §1.3), answered from the worker and its herder: server info and
// health, connectors and their config, status, tasks, lifecycle and offsets, connector plugins and
// validation, and the admin loggers.
#pragma once

#include "rest/router.hpp"
#include "runtime/worker.hpp"

namespace connectd::rest {

// A router with every resource the worker serves.
Router makeRestApi(runtime::Worker& worker);

// What a request held during start-up gets when the worker is not ready in time: Kafka Connect's answer
// to a herder request that times out (500 "Request timed out. The worker is currently …").
Response startupTimeoutResponse(const runtime::Worker& worker);

}  // namespace connectd::rest
