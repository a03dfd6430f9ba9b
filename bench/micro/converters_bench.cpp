// ns/record of the converters on the producer path: JsonConverter with schemas on for a Debezium change
// event envelope, and the outbox set-up (StringConverter key, BinaryDataConverter value,
// SimpleHeaderConverter for the seven headers). Usage: converters_bench [records]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "connectd/api/headers.hpp"
#include "connectd/api/logical_types.hpp"
#include "connectd/api/struct.hpp"
#include "converters/binary_data_converter.hpp"
#include "converters/json_converter.hpp"
#include "converters/simple_header_converter.hpp"
#include "converters/string_converter.hpp"

using namespace connectd;
using namespace connectd::converters;

namespace {

double threadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

template <class F>
void measure(const char* name, long records, F&& body) {
  std::size_t bytes = 0;
  for (long i = 0; i < records / 10; ++i) {  // warm-up (caches, allocator)
    bytes += body(i);
  }
  bytes = 0;
  // CPU time of this thread, so that other processes on a shared machine distort the figures less.
  const double cpu_start = threadCpuNs();
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < records; ++i) {
    bytes += body(i);
  }
  const auto wall = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  const double cpu = threadCpuNs() - cpu_start;
  std::printf("%-60s %7.0f ns/record cpu %7.0f wall %7.1f MB/s (%ld records, %zu bytes/record)\n", name,
              cpu / static_cast<double>(records), wall / static_cast<double>(records),
              static_cast<double>(bytes) * 1e3 / cpu, records, bytes / static_cast<std::size_t>(records));
}

SchemaPtr rowSchema() {
  return SchemaBuilder::structBuilder()
      .name("dbserver1.public.customers.Value")
      .optional()
      .field("id", Schema::int32())
      .field("first_name", Schema::string())
      .field("last_name", Schema::string())
      .field("email", Schema::string())
      .field("created", logical::debeziumBuilder(logical::kZonedTimestamp, SchemaType::kString).optional().build())
      .field("balance", logical::decimalBuilder(2).parameter("connect.decimal.precision", "10").optional().build())
      .build();
}

SchemaPtr sourceSchema() {
  return SchemaBuilder::structBuilder()
      .name("io.debezium.connector.postgresql.Source")
      .field("version", Schema::string())
      .field("connector", Schema::string())
      .field("name", Schema::string())
      .field("ts_ms", Schema::int64())
      .field("snapshot",
             logical::debeziumBuilder(logical::kEnum, SchemaType::kString)
                 .parameter("allowed",
                            "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
                 .defaultValue(Value::string("false"))
                 .optional()
                 .build())
      .field("db", Schema::string())
      .field("sequence", Schema::optionalString())
      .field("ts_us", Schema::optionalInt64())
      .field("ts_ns", Schema::optionalInt64())
      .field("schema", Schema::string())
      .field("table", Schema::string())
      .field("txId", Schema::optionalInt64())
      .field("lsn", Schema::optionalInt64())
      .field("xmin", Schema::optionalInt64())
      .build();
}

}  // namespace

int main(int argc, char** argv) {
  const long records = argc > 1 ? std::atol(argv[1]) : 200000;

  // A Debezium change event: schemas are shared between records, as Debezium's are.
  const SchemaPtr row = rowSchema();
  const SchemaPtr source = sourceSchema();
  const SchemaPtr envelope = SchemaBuilder::structBuilder()
                                 .name("dbserver1.public.customers.Envelope")
                                 .version(2)
                                 .field("before", row)
                                 .field("after", row)
                                 .field("source", source)
                                 .field("op", Schema::string())
                                 .field("ts_ms", Schema::optionalInt64())
                                 .field("ts_us", Schema::optionalInt64())
                                 .field("ts_ns", Schema::optionalInt64())
                                 .build();
  auto after = Struct::make(row);
  after->put("id", Value::int32(1001));
  after->put("first_name", Value::string("Sally"));
  after->put("last_name", Value::string("Thomas"));
  after->put("email", Value::string("sally.thomas@acme.com"));
  after->put("created", Value::string("2024-05-01T10:00:00.123456Z"));
  after->put("balance", Value::decimal(Decimal::parse("1234.56")));
  auto src = Struct::make(source);
  src->put("version", Value::string("3.6.1.Final"));
  src->put("connector", Value::string("postgresql"));
  src->put("name", Value::string("dbserver1"));
  src->put("ts_ms", Value::int64(1714557600123));
  src->put("db", Value::string("inventory"));
  src->put("sequence", Value::string("[\"24023928\",\"24024160\"]"));
  src->put("ts_us", Value::int64(1714557600123456));
  src->put("ts_ns", Value::int64(1714557600123456000));
  src->put("schema", Value::string("public"));
  src->put("table", Value::string("customers"));
  src->put("txId", Value::int64(770));
  src->put("lsn", Value::int64(24024160));
  auto env = Struct::make(envelope);
  env->put("after", Value::structValue(after));
  env->put("source", Value::structValue(src));
  env->put("op", Value::string("c"));
  env->put("ts_ms", Value::int64(1714557600200));
  env->put("ts_us", Value::int64(1714557600200311));
  env->put("ts_ns", Value::int64(1714557600200311952));
  const Value env_value = Value::structValue(env);

  JsonConverter json;
  json.configure({}, false);
  measure("JsonConverter schemas.enable=true, Debezium envelope", records,
          [&](long) { return json.fromConnectData("t", {}, envelope, env_value)->size(); });
  JsonConverter plain;
  plain.configure({{"schemas.enable", "false"}}, false);
  measure("JsonConverter schemas.enable=false, Debezium envelope", records,
          [&](long) { return plain.fromConnectData("t", {}, envelope, env_value)->size(); });

  // The article's outbox record: key string, value bytes, context and placed headers.
  StringConverter key;
  key.configure({}, true);
  BinaryDataConverter value;
  value.configure({}, false);
  SimpleHeaderConverter header;
  header.configure(ConfigMap{});
  const Value payload = Value::bytes(Bytes(256, 0x5a));
  Headers headers;
  headers.addString("__debezium.context.connectorLogicalName", "dbserver1");
  headers.addString("__debezium.context.taskId", "0");
  headers.addString("__debezium.context.connectorName", "postgresql");
  headers.addString("__debezium.context.runId", "0a4d1b1e-0c4e-4b55-a6f4-3f0d0e6f9a11");
  headers.add("id", logical::debeziumBuilder(logical::kUuid, SchemaType::kString).build(),
              Value::string("4d47e190-0402-4048-bc2c-89dd54343cdc"));
  headers.addString("eventType", "UserCreated");
  headers.add("ts", logical::debeziumBuilder(logical::kZonedTimestamp, SchemaType::kString).build(),
              Value::string("2024-05-01T10:00:00.500000Z"));
  const Value key_value = Value::string("u-123");
  measure("StringConverter key + BinaryDataConverter value + 7 headers", records, [&](long) {
    std::size_t n = key.fromConnectData("t", headers, Schema::string(), key_value)->size();
    n += value.fromConnectData("t", headers, Schema::bytes(), payload)->size();
    for (const Header& h : headers) {
      n += header.fromConnectHeader("t", h.key, h.schema, h.value)->size();
    }
    return n;
  });
  measure("BinaryDataConverter value alone (256 bytes)", records,
          [&](long) { return value.fromConnectData("t", headers, Schema::bytes(), payload)->size(); });
  return 0;
}
