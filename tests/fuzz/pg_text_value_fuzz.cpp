// libFuzzer target for the PostgreSQL type layer's text parsers: the first byte picks a column type (and mode), the
// rest is the text PostgreSQL would have sent. Conversion may refuse the text with a DataException; anything else
// (another exception, a crash, a sanitizer report) is a bug. The seed corpus in corpus/pg_text_value/ holds one
// valid text per type, its first byte the index into kColumns below.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "connectd/api/errors.hpp"
#include "connectors/postgres/type_mapping.hpp"

namespace {

using namespace connectd;
using namespace connectd::postgres;

PgColumn column(std::uint32_t type_oid, const char* name, std::int32_t typmod = -1) {
  PgColumn c;
  c.name = "c";
  c.type.oid = type_oid;
  c.type.name = name;
  c.typmod = typmod;
  return c;
}

PgColumn arrayOf(std::uint32_t array_oid, PgColumn element) {
  PgColumn c = element;
  c.type = PgType{};
  c.type.oid = array_oid;
  c.type.category = 'A';
  c.type.element = std::make_shared<PgType>(element.type);
  return c;
}

std::vector<ColumnConverter> makeConverters() {
  const std::int32_t n72 = ((7 << 16) | 2) + 4;
  const std::vector<PgColumn> columns{
      column(oid::kInt2, "int2"),
      column(oid::kInt8, "int8"),
      column(oid::kFloat4, "float4"),
      column(oid::kFloat8, "float8"),
      column(oid::kBool, "bool"),
      column(oid::kNumeric, "numeric", n72),
      column(oid::kNumeric, "numeric"),
      column(oid::kMoney, "money"),
      column(oid::kBytea, "bytea"),
      column(oid::kDate, "date"),
      column(oid::kTime, "time"),
      column(oid::kTimetz, "timetz"),
      column(oid::kTimestamp, "timestamp"),
      column(oid::kTimestamptz, "timestamptz", 3),
      column(oid::kInterval, "interval"),
      column(oid::kBit, "bit", 12),
      column(90003, "hstore"),
      column(oid::kPoint, "point"),
      arrayOf(1007, column(oid::kInt4, "int4")),
      arrayOf(1009, column(oid::kText, "text")),
      arrayOf(1231, column(oid::kNumeric, "numeric", n72)),
  };
  std::vector<ColumnConverter> out;
  TypeModes string_modes;
  string_modes.decimal = DecimalHandlingMode::kString;
  string_modes.interval = IntervalHandlingMode::kString;
  string_modes.hstore = HStoreHandlingMode::kMap;
  for (const auto& c : columns) out.push_back(*makeColumnConverter(c, {}));
  for (const auto& c : columns) out.push_back(*makeColumnConverter(c, string_modes));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<ColumnConverter> converters = makeConverters();
  if (size == 0) return 0;
  const ColumnConverter& conv = converters[data[0] % converters.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const Value v = conv.fromText(text);
    // What the converter returns must fit the schema it declared.
    Schema::validateValue(*conv.schema(), v);
  } catch (const DataException&) {
    // Refusing malformed text is the expected outcome.
  }
  return 0;
}
