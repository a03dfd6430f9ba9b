// Headers keep order and duplicates; SourceRecord carries everything a record needs and copies its source
// position into derived records.
#include <catch2/catch.hpp>

#include "connectd/api/headers.hpp"
#include "connectd/api/source_record.hpp"

using namespace connectd;

TEST_CASE("headers keep insertion order and duplicate keys", "[api][headers]") {
  Headers h;
  h.addString("id", "1").addString("eventType", "UserCreated").addString("id", "2");
  REQUIRE(h.size() == 3);
  CHECK(h[0].key == "id");
  CHECK(h[1].key == "eventType");
  CHECK(h.lastWithName("id")->value == Value::string("2"));
  CHECK(h.allWithName("id").size() == 2);
  CHECK(h.lastWithName("missing") == nullptr);

  Headers latest = h;
  latest.retainLatest();
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].key == "eventType");
  CHECK(latest[1].value == Value::string("2"));

  h.remove("id");
  REQUIRE(h.size() == 1);
  CHECK(h[0].key == "eventType");
}

TEST_CASE("a source record keeps its source position through newRecord", "[api][record]") {
  auto partition = std::make_shared<const OffsetMap>(OffsetMap{{"server", "pg"}});
  auto offset = std::make_shared<const OffsetMap>(OffsetMap{{"lsn", 123}, {"txId", 7}});
  Headers headers;
  headers.addString("id", "x");
  SourceRecord r(partition, offset, "pg.public.outboxevent", std::nullopt, Schema::string(), Value::string("k"),
                 Schema::bytes(), Value::bytes({0xde, 0xad}), 1700000000000, headers);
  auto routed = r.newRecord("outbox.event.users", 2, Schema::string(), Value::string("u-123"), Schema::bytes(),
                            Value::bytes({0xbe, 0xef}), std::nullopt, Headers());
  CHECK(routed.topic() == "outbox.event.users");
  CHECK(routed.kafkaPartition() == 2);
  CHECK(routed.sourcePartition() == partition);
  CHECK(routed.sourceOffset() == offset);
  CHECK(routed.headers().empty());
  CHECK_FALSE(routed == r);
  CHECK(r.describe() == R"(topic 'pg.public.outboxevent' source offset {"lsn":123,"txId":7})");
  // Offset maps keep key order, which the offsets topic's byte comparison depends on.
  CHECK(offset->dump() == R"({"lsn":123,"txId":7})");
}
