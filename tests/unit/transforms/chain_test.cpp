// The built-in transforms and predicates through the runtime's TransformationChain: aliases, predicates,
// negate, and the failing alias reported for errors.tolerance handling.
#include <catch2/catch.hpp>

#include "app/builtin_plugins.hpp"
#include "connectd/api/errors.hpp"
#include "connectd/api/plugin_registry.hpp"
#include "runtime/transformation_chain.hpp"

using namespace connectd;

namespace {
SourceRecord record(std::string topic, Value value) {
  return SourceRecord(nullptr, std::make_shared<const OffsetMap>(OffsetMap{{"lsn", 42}}), std::move(topic),
                      std::nullopt, nullptr, Value(), value.isNull() ? nullptr : Schema::string(), std::move(value));
}
}  // namespace

TEST_CASE("Kafka's transforms and predicates compose in a chain", "[transforms][chain]") {
  PluginRegistry registry;
  app::registerBuiltinPlugins(registry);
  auto chain = runtime::TransformationChain::fromConfig(
      registry, {{"transforms", "dropTombstones,route,keepOrders"},
                 {"transforms.dropTombstones.type", "Filter"},
                 {"transforms.dropTombstones.predicate", "isTombstone"},
                 {"transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter"},
                 {"transforms.route.regex", "pg\\.public\\.(.*)"},
                 {"transforms.route.replacement", "$1"},
                 {"transforms.keepOrders.type", "org.apache.kafka.connect.transforms.Filter"},
                 {"transforms.keepOrders.predicate", "isOrders"},
                 {"transforms.keepOrders.negate", "true"},
                 {"predicates", "isTombstone,isOrders"},
                 {"predicates.isTombstone.type", "RecordIsTombstone"},
                 {"predicates.isOrders.type", "TopicNameMatches"},
                 {"predicates.isOrders.pattern", "orders"}});
  const auto kept = chain.apply(record("pg.public.orders", Value::string("x")));
  REQUIRE(kept);
  CHECK(kept->topic() == "orders");
  CHECK_FALSE(chain.apply(record("pg.public.users", Value::string("x"))));
  CHECK_FALSE(chain.apply(record("pg.public.orders", Value())));
  chain.close();
}

TEST_CASE("A failing transform is reported with its alias", "[transforms][chain]") {
  PluginRegistry registry;
  app::registerBuiltinPlugins(registry);
  auto chain = runtime::TransformationChain::fromConfig(registry, {{"transforms", "route,stamp"},
                                                                   {"transforms.route.type", "RegexRouter"},
                                                                   {"transforms.route.regex", "(.*)"},
                                                                   {"transforms.route.replacement", "x-$1"},
                                                                   {"transforms.stamp.type", "TimestampRouter"}});
  std::string alias;
  CHECK_THROWS_WITH(chain.apply(record("t", Value::string("v")), &alias),
                    Catch::StartsWith("Timestamp missing on record: topic 'x-t' source offset {\"lsn\":42}"));
  CHECK(alias == "stamp");
}
