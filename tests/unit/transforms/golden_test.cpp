// Runs every golden transform and predicate case under tests/golden/transforms/<Name>/<case>.json
// (format: tests/golden/README.md). Adding a case needs no C++.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/builtin_plugins.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/plugin_registry.hpp"
#include "transforms/golden_notation.hpp"

namespace fs = std::filesystem;
using namespace connectd;

namespace {

const fs::path kRoot = fs::path(CONNECTD_SOURCE_DIR) / "tests" / "golden" / "transforms";

nlohmann::ordered_json readJson(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::ordered_json::parse(text.str());
}

ConfigMap configOf(const nlohmann::ordered_json& j) {
  ConfigMap out;
  for (const auto& [k, v] : j.items()) {
    out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Checks a thrown exception against the case: its message contains the expected text and, when the case
// names the Java exception class (cases generated from Debezium by tests/golden/transforms/generate.sh),
// connectd throws the matching class of its hierarchy. `connectd_error` replaces the expected text where
// Debezium's message is the JVM's own words (a NullPointerException's, java.util.regex's syntax errors).
// Returns an empty string when it matches.
std::string checkError(const std::exception& e, const nlohmann::ordered_json& c, const char* member) {
  const std::string java_class = c.value("expected_error_class", std::string());
  const auto want =
      c.contains("connectd_error") ? c["connectd_error"].get<std::string>() : c[member].get<std::string>();
  if (!contains(e.what(), want)) {
    return "error '" + std::string(e.what()) + "' lacks '" + want + "'";
  }
  // Java's own runtime exceptions (IllegalStateException, NullPointerException, …) have no counterpart.
  const bool matches =
      (java_class != "ConnectException" && java_class != "DataException" && java_class != "ConfigException") ||
      (java_class == "ConnectException" && dynamic_cast<const ConnectException*>(&e) != nullptr) ||
      (java_class == "DataException" && dynamic_cast<const DataException*>(&e) != nullptr) ||
      (java_class == "ConfigException" && dynamic_cast<const ConfigException*>(&e) != nullptr);
  return matches ? "" : "error '" + std::string(e.what()) + "' is not connectd's " + java_class;
}

// Runs one case; returns an empty string when it passes, else what went wrong.
std::string runCase(const PluginRegistry& registry, const golden::SchemaLibrary& library,
                    const nlohmann::ordered_json& c) {
  const std::string type = c.at("type").get<std::string>();
  const ConfigMap config = configOf(c.value("config", nlohmann::ordered_json::object()));
  bool is_predicate = c.contains("expected_test");
  if (!is_predicate) {
    try {
      registry.resolve(PluginType::kPredicate, type);
      is_predicate = true;
    } catch (const NotFoundException&) {
      // a transformation
    }
  }
  std::unique_ptr<Transformation> transform;
  std::unique_ptr<Predicate> predicate;
  try {
    if (is_predicate) {
      predicate = registry.newPredicate(type);
      predicate->configure(config);
    } else {
      transform = registry.newTransformation(type);
      transform->configure(config);
    }
  } catch (const std::exception& e) {
    if (c.contains("expected_config_error")) {
      return checkError(e, c, "expected_config_error");
    }
    return "configure failed: " + std::string(e.what());
  }
  if (c.contains("expected_config_error")) {
    return "configure succeeded, expected the error '" + c["expected_config_error"].get<std::string>() + "'";
  }
  const SourceRecord input = golden::parseRecord(c.at("input"), library);
  if (is_predicate) {
    const bool got = predicate->test(input);
    return got == c["expected_test"].get<bool>() ? "" : "predicate returned " + std::string(got ? "true" : "false");
  }
  std::optional<SourceRecord> output;
  try {
    output = transform->apply(input);
  } catch (const std::exception& e) {
    if (c.contains("expected_error")) {
      return checkError(e, c, "expected_error");
    }
    return "apply failed: " + std::string(e.what());
  }
  if (c.contains("expected_error")) {
    return "apply succeeded, expected the error '" + c["expected_error"].get<std::string>() + "'";
  }
  if (c.value("expected_dropped", false)) {
    return output ? "expected the record to be dropped, got " + golden::renderRecord(*output).dump(1) : "";
  }
  if (!output) {
    return "the record was dropped";
  }
  nlohmann::ordered_json expected_json = c.at("expected");
  for (const char* inherited : {"source_partition", "source_offset"}) {
    if (!expected_json.contains(inherited) && c["input"].contains(inherited)) {
      expected_json[inherited] = c["input"][inherited];
    }
  }
  const SourceRecord expected = golden::parseRecord(expected_json, library);
  if (*output == expected) {
    return "";
  }
  return "expected\n" + golden::renderRecord(expected).dump(1) + "\ngot\n" + golden::renderRecord(*output).dump(1);
}

}  // namespace

TEST_CASE("golden transform and predicate cases", "[transforms][golden]") {
  PluginRegistry registry;
  app::registerBuiltinPlugins(registry);
  golden::SchemaLibrary library;
  const auto schemas = readJson(kRoot / "schemas.json");
  for (const auto& [k, v] : schemas.items()) {
    library.emplace(k, v);
  }
  std::vector<fs::path> files;
  for (const auto& dir : fs::directory_iterator(kRoot)) {
    if (!dir.is_directory()) {
      continue;
    }
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() == ".json") {
        files.push_back(f.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  std::size_t failed = 0;
  for (const auto& f : files) {
    std::string outcome;
    try {
      outcome = runCase(registry, library, readJson(f));
    } catch (const std::exception& e) {
      outcome = "malformed case: " + std::string(e.what());
    }
    if (!outcome.empty()) {
      ++failed;
      FAIL_CHECK(fs::relative(f, kRoot).string() << ": " << outcome);
    }
  }
  INFO(files.size() << " cases");
  CHECK(failed == 0);
}
