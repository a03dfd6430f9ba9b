// org.apache.kafka.connect.transforms.TimestampConverter$Key/$Value: converts a timestamp between a
// formatted string, a Unix epoch number and Connect's Date, Time and Timestamp logical types, for the whole
// key/value or one field of it. Times are UTC, as Kafka's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "connectd/api/plugin.hpp"
#include "key_value_transform.hpp"

namespace connectd::transforms {

class TimestampConverter : public KeyValueTransform {
 public:
  enum class Kind : std::uint8_t { kString, kUnix, kDate, kTime, kTimestamp };

  using KeyValueTransform::KeyValueTransform;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

  // SimpleDateFormat.parse in UTC for the numeric letters y M d H m s S and quoted literals. nullopt when
  // the text does not match the pattern.
  static std::optional<std::int64_t> parseTimestamp(const std::string& pattern, const std::string& text);

 protected:
  SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) override;

 private:
  Kind inputKind(const SchemaPtr& schema, const Value& value) const;
  std::int64_t toMillis(const Value& value, Kind kind) const;
  Value fromMillis(std::int64_t ms) const;
  SchemaPtr targetSchema(bool optional) const;

  std::string field_;
  Kind target_ = Kind::kTimestamp;
  std::string format_;
  std::string unix_precision_ = "milliseconds";
  bool replace_null_with_default_ = true;
};
struct TimestampConverterKey : TimestampConverter {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.TimestampConverter$Key";
  TimestampConverterKey() : TimestampConverter(true) {}
};
struct TimestampConverterValue : TimestampConverter {
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.TimestampConverter$Value";
  TimestampConverterValue() : TimestampConverter(false) {}
};

}  // namespace connectd::transforms
