// Config providers and placeholders: Kafka's grammar (so the outbox's ${routedByValue} passes through),
// substring substitution, verbatim on unknown provider or key, allowed.paths and allowlist.pattern.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "connectd/api/errors.hpp"
#include "runtime/config_providers.hpp"

using namespace connectd;
using namespace connectd::runtime;
namespace fs = std::filesystem;

namespace {

using connectd::test::TempDir;

}  // namespace

TEST_CASE("placeholders follow Kafka's grammar", "[runtime][providers]") {
  auto ps = findPlaceholders("${file:/opt/kafka/external-configuration/db.properties:database.hostname}");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].provider == "file");
  CHECK(ps[0].path == "/opt/kafka/external-configuration/db.properties");
  CHECK(ps[0].key == "database.hostname");
  auto env = findPlaceholders("jdbc:postgresql://${env:DB_HOST}:5432/${env:DB_NAME}");
  REQUIRE(env.size() == 2);
  CHECK(env[0].path.empty());
  CHECK(env[1].key == "DB_NAME");
  // Not placeholders: no ':' inside the braces, or no closing brace.
  CHECK(findPlaceholders("outbox.event.${routedByValue}").empty());
  CHECK(findPlaceholders("${unterminated:x").empty());
  // The path ends at the second ':'; the key keeps any further ':' (lazy regex groups).
  auto colon = findPlaceholders("${file:/a/b:c:d}");
  CHECK(colon[0].path == "/a/b");
  CHECK(colon[0].key == "c:d");
}

TEST_CASE("the article's config resolves through FileConfigProvider and keeps ${routedByValue}",
          "[runtime][providers]") {
  TempDir dir;
  dir.write("db.properties",
            "database.hostname=pg.example\ndatabase.port=5432\ndatabase.user=debezium\n"
            "database.password=s3cr3t\ndatabase.dbname=usersdb\n");
  const std::string file = (dir.path / "db.properties").string();
  auto providers = ConfigProviders::fromWorkerConfig(
      {{"config.providers", "file"},
       {"config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"}},
      {});
  const ConfigMap raw{
      {"database.hostname", "${file:" + file + ":database.hostname}"},
      {"database.password", "${file:" + file + ":database.password}"},
      {"database.url", "postgresql://${file:" + file + ":database.hostname}:${file:" + file + ":database.port}/x"},
      {"database.missing", "${file:" + file + ":no.such.key}"},
      {"other", "${vault:secret/db:password}"},
      {"transforms.outbox.route.topic.replacement", "outbox.event.${routedByValue}"}};
  auto resolved = providers.resolve(raw);
  CHECK(resolved.at("database.hostname") == "pg.example");
  CHECK(resolved.at("database.password") == "s3cr3t");
  CHECK(resolved.at("database.url") == "postgresql://pg.example:5432/x");
  CHECK(resolved.at("database.missing") == raw.at("database.missing"));  // unknown key: verbatim
  CHECK(resolved.at("other") == raw.at("other"));                        // unknown provider: verbatim
  CHECK(resolved.at("transforms.outbox.route.topic.replacement") == "outbox.event.${routedByValue}");
  CHECK(providers.keysWithPlaceholders(raw) ==
        std::set<std::string>{"database.hostname", "database.missing", "database.password", "database.url"});

  const ConfigMap unreadable{{"x", "${file:" + (dir.path / "nope.properties").string() + ":k}"}};
  CHECK_THROWS_WITH(providers.resolve(unreadable),
                    "Could not read properties from file " + (dir.path / "nope.properties").string());
}

TEST_CASE("allowed.paths restricts File and Directory providers", "[runtime][providers]") {
  TempDir dir;
  dir.write("ok/db.properties", "password=allowed\n");
  dir.write("secret/db.properties", "password=forbidden\n");
  dir.write("ok/creds/password", "from-dir\n");
  ConfigProviders providers;
  providers.add("file", makeConfigProvider("FileConfigProvider", {{"allowed.paths", (dir.path / "ok").string()}}, {}));
  providers.add("dir",
                makeConfigProvider("DirectoryConfigProvider", {{"allowed.paths", (dir.path / "ok").string()}}, {}));
  const std::string ok = (dir.path / "ok/db.properties").string();
  const std::string bad = (dir.path / "secret/db.properties").string();
  const std::string sneaky = (dir.path / "ok/../secret/db.properties").string();
  auto resolved = providers.resolve({{"a", "${file:" + ok + ":password}"},
                                     {"b", "${file:" + bad + ":password}"},
                                     {"c", "${file:" + sneaky + ":password}"},
                                     {"d", "${dir:" + (dir.path / "ok/creds").string() + ":password}"}});
  CHECK(resolved.at("a") == "allowed");
  CHECK(resolved.at("b") == "${file:" + bad + ":password}");
  CHECK(resolved.at("c") == "${file:" + sneaky + ":password}");
  CHECK(resolved.at("d") == "from-dir\n");  // raw content, newline kept
  CHECK_THROWS_AS(makeConfigProvider("FileConfigProvider", {{"allowed.paths", "relative/path"}}, {}), ConfigException);
}

TEST_CASE("EnvVarConfigProvider honours allowlist.pattern and refuses paths", "[runtime][providers]") {
  ConfigProviders providers;
  providers.add("env",
                makeConfigProvider("org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                                   {{"allowlist.pattern", "^DB_.*"}}, {{"DB_PASSWORD", "pw"}, {"HOME", "/root"}}));
  auto resolved = providers.resolve({{"a", "${env:DB_PASSWORD}"}, {"b", "${env:HOME}"}});
  CHECK(resolved.at("a") == "pw");
  CHECK(resolved.at("b") == "${env:HOME}");
  CHECK_THROWS_AS(providers.resolve({{"c", "${env:/x:DB_PASSWORD}"}}), ConfigException);
}

TEST_CASE("provider declarations are checked", "[runtime][providers]") {
  CHECK_THROWS_AS(ConfigProviders::fromWorkerConfig({{"config.providers", "file"}}, {}), ConfigException);
  CHECK_THROWS_AS(ConfigProviders::fromWorkerConfig(
                      {{"config.providers", "x"}, {"config.providers.x.class", "com.example.VaultProvider"}}, {}),
                  ConfigException);
  CHECK(resolveConfigProviderClass("File") == "org.apache.kafka.common.config.provider.FileConfigProvider");
  CHECK(ConfigProviders::fromWorkerConfig({}, {}).empty());
}
