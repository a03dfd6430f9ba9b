// Debezium's PostgreSQL type mapping (PostgresValueConverter under the configured modes): the Connect
// schema of a column, and the conversion of PostgreSQL's text form of a value (pgoutput streams text;
// the snapshot reads text too, with the same session settings) into the Connect value Debezium emits.
// Built once per relation version; the per-value conversion is on the hot path.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/api/config_def.hpp"
#include "connectd/api/schema.hpp"
#include "connectd/api/value.hpp"

namespace connectd::postgres {

enum class DecimalHandlingMode { kPrecise, kDouble, kString };
enum class TimePrecisionMode {
  kAdaptive,
  kAdaptiveTimeMicroseconds,
  kConnect,
  kIsoString,
  kMicroseconds,
  kNanoseconds
};
enum class BinaryHandlingMode { kBytes, kBase64, kBase64UrlSafe, kHex };
enum class HStoreHandlingMode { kJson, kMap };
enum class IntervalHandlingMode { kNumeric, kString };

// The connector options that shape values (spec §1.7), parsed once from the connector config.
struct TypeModes {
  DecimalHandlingMode decimal = DecimalHandlingMode::kPrecise;
  TimePrecisionMode time = TimePrecisionMode::kAdaptive;
  BinaryHandlingMode binary = BinaryHandlingMode::kBytes;
  HStoreHandlingMode hstore = HStoreHandlingMode::kJson;
  IntervalHandlingMode interval = IntervalHandlingMode::kNumeric;
  std::int32_t money_fraction_digits = 2;
  bool include_unknown_datatypes = false;
  // The unchanged-TOAST marker as bytes (the `hex:` prefix already decoded).
  std::string unavailable_value_placeholder = "__debezium_unavailable_value";

  // Reads decimal.handling.mode, time.precision.mode, binary.handling.mode, hstore.handling.mode,
  // interval.handling.mode, money.fraction.digits, include.unknown.datatypes and
  // unavailable.value.placeholder; absent keys keep Debezium's defaults. Throws ConfigException.
  static TypeModes fromConfig(const ConfigMap& config);
};

// What the catalog says about a column's type, with domains already resolved to their base type.
struct PgType {
  std::uint32_t oid = 0;  // pg_type.oid (of the base type for a domain)
  std::string name;       // pg_type.typname: "int4", "_text", "hstore", "mood", …
  char typtype = 'b';     // pg_type.typtype: 'b' base, 'e' enum, 'c' composite, 'r' range, 'p' pseudo, 'm' multirange
  char category = 'U';    // pg_type.typcategory: 'A' array, 'N' numeric, 'S' string, …
  std::vector<std::string> enum_labels;   // typtype 'e': labels in enumsortorder
  std::shared_ptr<const PgType> element;  // arrays: the element type (domains resolved); nullptr otherwise
};

// One column of a captured table, as the catalog describes it (pg_attribute, pg_attrdef).
struct PgColumn {
  std::string name;
  PgType type;
  std::int32_t typmod = -1;  // pg_attribute.atttypmod (-1: none), of the column (or of the domain's base)
  bool optional = true;      // !attnotnull
  // pg_type.typname of the declared type before domain resolution ("serial" columns are "int4"). Debezium looks
  // up its default-value parser by this name, so a domain-typed column gets no schema default.
  std::string declared_type;
  // pg_get_expr(adbin, adrelid) when the column has a DEFAULT, e.g. "'abc'::text", "now()", "42".
  std::optional<std::string> default_expression;
};

// A column's schema and its value conversion. Immutable and cheap to copy.
class ColumnConverter {
 public:
  using Convert = std::function<Value(std::string_view text)>;

  ColumnConverter(SchemaPtr schema, Convert convert, Value unchanged_toast)
      : schema_(std::move(schema)), convert_(std::move(convert)), unchanged_toast_(std::move(unchanged_toast)) {}

  // The field schema Debezium writes for the column: optional iff nullable, default from the DEFAULT.
  const SchemaPtr& schema() const { return schema_; }
  // The Connect value for the text form of a non-null value. Throws DataException on text it cannot read
  // (and, in precise decimal mode, on NaN/Infinity as Debezium does).
  Value fromText(std::string_view text) const { return convert_(text); }
  // The value Debezium puts in place of an unchanged TOASTed value (spec §3.1).
  const Value& unchangedToast() const { return unchanged_toast_; }

 private:
  SchemaPtr schema_;
  Convert convert_;
  Value unchanged_toast_;
};

// The converter for a column; nullopt when Debezium omits the column (an unknown type without
// include.unknown.datatypes, or an array of a type without an element mapping).
std::optional<ColumnConverter> makeColumnConverter(const PgColumn& column, const TypeModes& modes);

// Well-known type OIDs (pg_type.dat); extension types (hstore, citext, ltree) are recognised by name.
namespace oid {
inline constexpr std::uint32_t kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23,
                               kText = 25, kOid = 26, kJson = 114, kXml = 142, kPoint = 600, kCidr = 650, kFloat4 = 700,
                               kFloat8 = 701, kMacaddr8 = 774, kMoney = 790, kMacaddr = 829, kInet = 869,
                               kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTime = 1083, kTimestamp = 1114,
                               kTimestamptz = 1184, kInterval = 1186, kTimetz = 1266, kBit = 1560, kVarbit = 1562,
                               kNumeric = 1700, kUuid = 2950, kTsvector = 3614, kJsonb = 3802, kInt4range = 3904,
                               kNumrange = 3906, kTsrange = 3908, kTstzrange = 3910, kDaterange = 3912,
                               kInt8range = 3926;
// Arrays Debezium deliberately leaves without a schema (PostgresValueConverter: "still need to be implemented").
inline constexpr std::uint32_t kXmlArray = 143, kMoneyArray = 791, kNameArray = 1003, kPointArray = 1017,
                               kIntervalArray = 1187, kBitArray = 1561, kVarbitArray = 1563, kRefcursorArray = 2201;
}  // namespace oid

// Java's HashMap<String, …> iteration order for these keys inserted in this order (String.hashCode over UTF-16,
// table doubling at 0.75 load, the resize a long bucket triggers below 64 buckets). Exposed for tests.
std::vector<std::size_t> javaHashMapOrder(const std::vector<std::string>& keys);

}  // namespace connectd::postgres
