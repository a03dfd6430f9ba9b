// io.debezium.transforms.ExtractNewRecordState: flattens a Debezium change event to the row state ("after",
// or "before" for rewritten deletes), with delete/tombstone handling, added fields and headers taken from
// the envelope or the source block, fields dropped by a header, and routing by a field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class ExtractNewRecordState : public Transformation {
 public:
  static constexpr const char* kClassName = "io.debezium.transforms.ExtractNewRecordState";

  static constexpr const char* kDeleteTombstoneHandlingMode = "delete.tombstone.handling.mode";
  static constexpr const char* kAddFields = "add.fields";
  static constexpr const char* kAddFieldsPrefix = "add.fields.prefix";
  static constexpr const char* kAddHeaders = "add.headers";
  static constexpr const char* kAddHeadersPrefix = "add.headers.prefix";
  static constexpr const char* kDropFieldsHeaderName = "drop.fields.header.name";
  static constexpr const char* kDropFieldsFromKey = "drop.fields.from.key";
  static constexpr const char* kDropFieldsKeepSchemaCompatible = "drop.fields.keep.schema.compatible";
  static constexpr const char* kRouteByField = "route.by.field";
  static constexpr const char* kReplaceNullWithDefault = "replace.null.with.default";

  enum class Mode : std::uint8_t { kDrop, kTombstone, kRewrite, kRewriteWithTombstone, kDeleteToTombstone };

  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  // AbstractExtractNewRecordState.FieldReference: "[struct.]field[:new_name]".
  struct FieldReference {
    std::optional<std::string> struct_name;  // "source", "transaction", … or none for the envelope itself
    std::string field;
    std::string output_name;
  };
  static std::vector<FieldReference> parseReferences(const std::vector<std::string>& names, const std::string& prefix);
  // The schema and value a reference points to in this envelope; nullopt when the envelope has no such field.
  std::optional<std::pair<SchemaPtr, Value>> resolve(const FieldReference& ref, const Struct& envelope) const;
  // The value without the row: a struct of the row's fields (and __deleted when rewriting) named like it.
  static std::pair<SchemaPtr, std::shared_ptr<Struct>> copyRow(const Struct& row, std::optional<bool> deleted);

  Mode mode_ = Mode::kTombstone;
  std::vector<FieldReference> add_fields_;
  std::vector<FieldReference> add_headers_;
  std::optional<std::string> drop_fields_header_;
  bool drop_fields_from_key_ = false;
  bool drop_fields_keep_schema_compatible_ = true;
  std::optional<std::string> route_by_field_;
};

}  // namespace connectd::transforms
