// HasHeaderKey; see has_header_key.hpp.
#include "has_header_key.hpp"

#include "connectd/api/versions.hpp"

namespace connectd::transforms {

std::string HasHeaderKey::version() const {
  return versions::kKafka;
}

const ConfigDef& HasHeaderKey::config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.define(kNameConfig, ConfigType::kString)
        .validator(validators::nonEmptyString())
        .importance(Importance::kMedium)
        .doc("The header name.");
    return d;
  }();
  return def;
}

void HasHeaderKey::configure(const ConfigMap& props) {
  name_ = config().parse(props).getString(kNameConfig);
}

bool HasHeaderKey::test(const SourceRecord& record) const {
  return record.headers().lastWithName(name_) != nullptr;
}

}  // namespace connectd::transforms
