// Logging set-up: spdlog, one named logger per component, Kafka-like line format
// "[2026-11-26 16:37:00,123] INFO message (logger)". Logger names follow the Java class/package names
// users know from Kafka Connect, so /admin/loggers can address them the same way.
#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace connectd::runtime {

// Installs the shared sink and format. Call once, early in main.
void initLogging(spdlog::level::level_enum level = spdlog::level::info);

// The named logger, created on first use with the shared sink and the current default level.
std::shared_ptr<spdlog::logger> logger(const std::string& name);

}  // namespace connectd::runtime
