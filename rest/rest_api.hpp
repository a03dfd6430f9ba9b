// Kafka Connect's REST resources (spec §1.3), answered from the worker and its herder: server info and
// health, connectors and their config, status, tasks, lifecycle and offsets, connector plugins and
// validation, and the admin loggers.
#pragma once

#include "rest/router.hpp"
#include "runtime/worker.hpp"

namespace connectd::rest {

// A router with every resource the worker serves.
Router makeRestApi(runtime::Worker& worker);

}  // namespace connectd::rest
