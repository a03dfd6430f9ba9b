// RecordIsTombstone; see record_is_tombstone.hpp.
#include "record_is_tombstone.hpp"

#include "connectd/api/versions.hpp"

namespace connectd::transforms {

std::string RecordIsTombstone::version() const {
  return versions::kKafka;
}

const ConfigDef& RecordIsTombstone::config() const {
  static const ConfigDef def;
  return def;
}

void RecordIsTombstone::configure(const ConfigMap& props) {
  config().parse(props);
}

bool RecordIsTombstone::test(const SourceRecord& record) const {
  return record.value().isNull();
}

}  // namespace connectd::transforms
