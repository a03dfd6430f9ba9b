// Secrets never reach messages: the scrubber, and validation errors of provider-resolved values.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/builtin_plugins.hpp"
#include "runtime/connector_config.hpp"
#include "runtime/secrets.hpp"

using namespace connectd;
using namespace connectd::runtime;

TEST_CASE("the scrubber hides provider-resolved values and passwords", "[runtime][secrets]") {
  const ConfigMap raw{{"database.password", "${file:/s/db.properties:database.password}"},
                      {"database.user", "debezium"},
                      {"api.key", "direct-key-123"},
                      {"short", "${file:/s/db.properties:short}"}};
  const ConfigMap resolved{{"database.password", "s3cr3t-pw"},
                           {"database.user", "debezium"},
                           {"api.key", "direct-key-123"},
                           {"short", "ab"}};
  SecretScrubber s(raw, resolved, {"api.key"});
  CHECK(s.scrub("FATAL: password s3cr3t-pw rejected; key direct-key-123, user debezium") ==
        "FATAL: password [hidden] rejected; key [hidden], user debezium");
  // Too short to scrub without mangling text.
  CHECK(s.scrub("about") == "about");
  CHECK(SecretScrubber().scrub("nothing to hide") == "nothing to hide");
}

TEST_CASE("validation errors never quote a provider-resolved value", "[runtime][secrets]") {
  connectd::test::TempDir tmp;
  const std::filesystem::path& dir = tmp.path;
  tmp.write("db.properties", "tasks=not-a-number-SECRET\n");
  PluginRegistry plugins;
  app::registerBuiltinPlugins(plugins);
  ConfigProviders providers;
  providers.add("file", makeConfigProvider("FileConfigProvider", {}, {}));
  const ConfigMap raw{{"name", "c"},
                      {"connector.class", "VerifiableSource"},
                      {"tasks.max", "${file:" + (dir / "db.properties").string() + ":tasks}"}};
  auto result = validateConnectorConfig(plugins, providers, raw);
  REQUIRE(result.error_count == 1);
  const auto lines = result.errorLines();
  CHECK(lines[0] == "Invalid value [hidden] for configuration tasks.max: Not a number of type INT");
}
