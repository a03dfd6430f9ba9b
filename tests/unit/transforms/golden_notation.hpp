// The JSON notation of the golden transform tests (tests/golden/README.md): schemas, values and records
// to and from JSON, so that a case file can describe a Connect record and a failure can print one.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "connectd/api/schema.hpp"
#include "connectd/api/source_record.hpp"
#include "connectd/api/value.hpp"

namespace connectd::golden {

// Named schemas that notation can reference as "@name" (tests/golden/transforms/schemas.json).
using SchemaLibrary = std::map<std::string, nlohmann::ordered_json>;

SchemaPtr parseSchema(const nlohmann::ordered_json& j, const SchemaLibrary& library);
Value parseValue(const nlohmann::ordered_json& j, const SchemaPtr& schema);
SourceRecord parseRecord(const nlohmann::ordered_json& j, const SchemaLibrary& library);

nlohmann::ordered_json renderSchema(const SchemaPtr& schema);
nlohmann::ordered_json renderValue(const Value& value, const SchemaPtr& schema);
nlohmann::ordered_json renderRecord(const SourceRecord& record);

}  // namespace connectd::golden
