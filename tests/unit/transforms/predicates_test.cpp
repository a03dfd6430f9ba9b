// The HasHeaderKey and RecordIsTombstone predicates.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "transforms/predicates/has_header_key.hpp"
#include "transforms/predicates/record_is_tombstone.hpp"

using namespace connectd;
using namespace connectd::transforms;

namespace {
SourceRecord record(Value value, Headers headers = {}) {
  return SourceRecord(nullptr, nullptr, "t", std::nullopt, nullptr, Value(), nullptr, std::move(value), std::nullopt,
                      std::move(headers));
}
}  // namespace

TEST_CASE("HasHeaderKey matches records carrying the header", "[transforms][predicates]") {
  HasHeaderKey p;
  p.configure({{"name", "eventType"}});
  Headers h;
  h.addString("eventType", "UserCreated");
  CHECK(p.test(record(Value::string("v"), h)));
  CHECK_FALSE(p.test(record(Value::string("v"))));
  CHECK_THROWS_WITH(HasHeaderKey().configure({}),
                    "Missing required configuration \"name\" which has no default value.");
  CHECK_THROWS_WITH(HasHeaderKey().configure({{"name", ""}}),
                    "Invalid value  for configuration name: String must be non-empty");
}

TEST_CASE("RecordIsTombstone matches null values only", "[transforms][predicates]") {
  RecordIsTombstone p;
  p.configure({});
  CHECK(p.test(record(Value())));
  CHECK_FALSE(p.test(record(Value::bytes({}))));
}
