// Micro-benchmark: ns per record of the EventRouter path (the article's config and row). A plain
// executable; run it from a release build (scripts/build.sh release → build/release/bench/micro/).
//   event_router_bench [records]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "transforms/outbox/event_router.hpp"

using namespace connectd;

namespace {

SourceRecord articleRecord() {
  const SchemaPtr id = logical::debeziumBuilder(logical::kUuid, SchemaType::kString).build();
  const SchemaPtr ts = logical::debeziumBuilder(logical::kZonedTimestamp, SchemaType::kString).build();
  const SchemaPtr row = SchemaBuilder::structBuilder()
                            .name("pg.public.outboxevent.Value")
                            .optional()
                            .field("id", id)
                            .field("aggregatetype", Schema::string())
                            .field("aggregateid", Schema::string())
                            .field("type", Schema::string())
                            .field("payload", Schema::bytes())
                            .field("timestamp", ts)
                            .build();
  const SchemaPtr source = SchemaBuilder::structBuilder()
                               .name("io.debezium.connector.postgresql.Source")
                               .version(1)
                               .field("version", Schema::string())
                               .field("connector", Schema::string())
                               .field("name", Schema::string())
                               .field("ts_ms", Schema::int64())
                               .field("db", Schema::string())
                               .field("schema", Schema::string())
                               .field("table", Schema::string())
                               .field("lsn", Schema::optionalInt64())
                               .build();
  const SchemaPtr envelope = SchemaBuilder::structBuilder()
                                 .name("pg.public.outboxevent.Envelope")
                                 .version(2)
                                 .field("before", row)
                                 .field("after", row)
                                 .field("source", source)
                                 .field("op", Schema::string())
                                 .field("ts_ms", Schema::optionalInt64())
                                 .build();
  auto r = Struct::make(row);
  r->put("id", Value::string("4d47e190-0402-4048-bc2c-89dd54343cdc"))
      .put("aggregatetype", Value::string("users"))
      .put("aggregateid", Value::string("u-123"))
      .put("type", Value::string("UserCreated"))
      .put("payload", Value::bytes({0xDE, 0xAD, 0xBE, 0xEF}))
      .put("timestamp", Value::string("2026-12-01T21:20:08.123456Z"));
  auto s = Struct::make(source);
  s->put("version", Value::string("3.6.1.Final"))
      .put("connector", Value::string("postgresql"))
      .put("name", Value::string("pg"))
      .put("ts_ms", Value::int64(1764624008100))
      .put("db", Value::string("usersdb"))
      .put("schema", Value::string("public"))
      .put("table", Value::string("outboxevent"))
      .put("lsn", Value::int64(23760432));
  auto e = Struct::make(envelope);
  e->put("after", Value::structValue(r))
      .put("source", Value::structValue(s))
      .put("op", Value::string("c"))
      .put("ts_ms", Value::int64(1764624008200));
  Headers h;
  h.addString("__debezium.context.connectorLogicalName", "pg")
      .addString("__debezium.context.taskId", "0")
      .addString("__debezium.context.connectorName", "postgresql")
      .addString("__debezium.context.runId", "0b0f4a52-8a55-4a8e-9a27-6f3c1d2e4b5a");
  return SourceRecord(nullptr, nullptr, "pg.public.outboxevent", std::nullopt, nullptr, Value(), envelope,
                      Value::structValue(e), std::nullopt, h);
}

}  // namespace

int main(int argc, char** argv) {
  const long records = argc > 1 ? std::atol(argv[1]) : 1000000;
  transforms::EventRouter router;
  router.configure({{"route.by.field", "aggregatetype"},
                    {"route.topic.replacement", "outbox.event.${routedByValue}"},
                    {"table.field.event.key", "aggregateid"},
                    {"table.field.event.payload", "payload"},
                    {"table.fields.additional.placement", "type:header:eventType,timestamp:header:ts"}});
  const SourceRecord input = articleRecord();
  std::size_t sink = 0;
  using Clock = std::chrono::steady_clock;
  // The copy of the input alone, so that the router's own cost can be told apart.
  auto start = Clock::now();
  for (long i = 0; i < records; ++i) {
    SourceRecord copy = input;
    sink += copy.topic().size();
  }
  const double copy_ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count() / records;
  start = Clock::now();
  for (long i = 0; i < records; ++i) {
    auto out = router.apply(input);
    sink += out ? out->topic().size() : 0;
  }
  const double apply_ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count() / records;
  std::printf("records=%ld copy_ns_per_record=%.1f apply_ns_per_record=%.1f router_ns_per_record=%.1f (sink %zu)\n",
              records, copy_ns, apply_ns, apply_ns - copy_ns, sink);
  return 0;
}
