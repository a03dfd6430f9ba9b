// Kafka Connect's REST resources, answered from the worker. This surface is GET / (ServerInfo);
// the control-plane issue adds the connector, plugin and admin resources to the same router.
#pragma once

#include "rest/router.hpp"
#include "runtime/worker.hpp"

namespace connectd::rest {

// A router with every resource the worker serves.
Router makeRestApi(const runtime::Worker& worker);

}  // namespace connectd::rest
