// The $Key / $Value pattern of Kafka's built-in transforms: one implementation operating on a schema and
// a value, instantiated for the record's key or value (Java's nested Key and Value classes).
#pragma once

#include <optional>
#include <utility>

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class KeyValueTransform : public Transformation {
 public:
  explicit KeyValueTransform(bool is_key) : is_key_(is_key) {}

  std::optional<SourceRecord> apply(SourceRecord record) override {
    const SchemaPtr& schema = is_key_ ? record.keySchema() : record.valueSchema();
    const Value& value = is_key_ ? record.key() : record.value();
    SchemaAndValue updated = transform(record, schema, value);
    if (is_key_) {
      record.setKey(std::move(updated.schema), std::move(updated.value));
    } else {
      record.setValue(std::move(updated.schema), std::move(updated.value));
    }
    return record;
  }

 protected:
  // The new schema and value of the operated-on part.
  virtual SchemaAndValue transform(const SourceRecord& record, const SchemaPtr& schema, const Value& value) = 0;
  bool isKey() const { return is_key_; }

 private:
  bool is_key_;
};

}  // namespace connectd::transforms
