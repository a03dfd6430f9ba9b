// errors.log.enable / errors.log.include.messages: what Kafka Connect's LogReporter writes for a failed record,
// with the record only when include.messages is true.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "connectd/api/struct.hpp"
#include "runtime/error_reporter.hpp"

using namespace connectd;
using namespace connectd::runtime;

namespace {

SourceRecord failedRecord(const std::string& payload) {
  const SchemaPtr schema =
      SchemaBuilder::structBuilder().name("pg.public.outboxevent.Value").field("payload", Schema::string()).build();
  auto value = Struct::make(schema);
  value->put("payload", Value::string(payload));
  Headers headers;
  headers.add("id", Schema::string(), Value::string("4d47e190"));
  return SourceRecord(std::make_shared<const OffsetMap>(OffsetMap{{"server", "pg"}}),
                      std::make_shared<const OffsetMap>(OffsetMap{{"lsn", 23760432}}), "pg.public.outboxevent",
                      std::nullopt, Schema::string(), Value::string("u-123"), schema, Value::structValue(value),
                      1764624008200, headers);
}

std::string logged(const ConfigMap& config, const SourceRecord& record) {
  const ErrorLogReporter reporter(config);
  const auto line =
      reporter.message("outbox-connector-0", "TRANSFORMATION", "io.debezium.transforms.outbox.EventRouter",
                       reporter.includesRecords() ? &record : nullptr, "route.by.field is null");
  return line.value_or("<nothing logged>");
}

}  // namespace

TEST_CASE("errors.log.enable=false logs nothing", "[runtime][errors]") {
  const ErrorLogReporter reporter(ConfigMap{{"errors.log.include.messages", "true"}});
  CHECK_FALSE(reporter.enabled());
  CHECK_FALSE(reporter.includesRecords());
  const SourceRecord r = failedRecord("hello");
  CHECK_FALSE(reporter.message("c-0", "TRANSFORMATION", "X", &r, "boom"));
}

TEST_CASE("errors.log.include.messages=false logs the failure without the record", "[runtime][errors]") {
  const SourceRecord r = failedRecord("the row's content");
  for (const ConfigMap& config : {ConfigMap{{"errors.log.enable", "true"}},
                                  ConfigMap{{"errors.log.enable", "true"}, {"errors.log.include.messages", "false"}}}) {
    const std::string line = logged(config, r);
    CHECK(line ==
          "Error encountered in task outbox-connector-0. Executing stage 'TRANSFORMATION' with class "
          "'io.debezium.transforms.outbox.EventRouter'. route.by.field is null");
    CHECK(line.find("u-123") == std::string::npos);
    CHECK(line.find("the row's content") == std::string::npos);
    CHECK(line.find("pg.public.outboxevent") == std::string::npos);
  }
}

TEST_CASE("errors.log.include.messages=true logs the record as Kafka's SourceRecord.toString()", "[runtime][errors]") {
  const SourceRecord r = failedRecord("the row's content");
  const std::string line = logged({{"errors.log.enable", "true"}, {"errors.log.include.messages", "true"}}, r);
  CHECK(line ==
        "Error encountered in task outbox-connector-0. Executing stage 'TRANSFORMATION' with class "
        "'io.debezium.transforms.outbox.EventRouter', where source record is = "
        "SourceRecord{sourcePartition={\"server\":\"pg\"}, sourceOffset={\"lsn\":23760432}} "
        "ConnectRecord{topic='pg.public.outboxevent', kafkaPartition=null, key=u-123, keySchema=Schema{STRING}, "
        "value=Struct{payload=the row's content}, valueSchema=Schema{pg.public.outboxevent.Value:STRUCT}, "
        "timestamp=1764624008200, headers=ConnectHeaders(headers=ConnectHeader(key=id, value=4d47e190, "
        "schema=Schema{STRING}))}. route.by.field is null");
}

TEST_CASE("a logged record's key, value and header values are cut short", "[runtime][errors]") {
  const std::string big(1000, 'x');
  const std::string line =
      logged({{"errors.log.enable", "TRUE"}, {"errors.log.include.messages", "True"}}, failedRecord(big));
  CHECK(line.find(std::string(300, 'x')) == std::string::npos);
  CHECK(line.find("...(760 more characters)") != std::string::npos);  // "Struct{payload=" + 1000 + "}" = 1016
}
