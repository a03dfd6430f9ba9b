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

}  // namespace connectd::postgres
