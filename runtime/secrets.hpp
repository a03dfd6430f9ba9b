// Keeps secrets out of what connectd says: status traces, log lines and error messages. A connector's
// secrets are the values of its PASSWORD-typed keys and every value a config provider resolved; each
// occurrence in a text becomes "[hidden]".
#pragma once

#include <set>
#include <string>
#include <vector>

#include "connectd/api/config_def.hpp"

namespace connectd::runtime {

class SecretScrubber {
 public:
  SecretScrubber() = default;
  // raw: the stored config; resolved: after providers; password_keys: PASSWORD-typed keys of its ConfigDef.
  SecretScrubber(const ConfigMap& raw, const ConfigMap& resolved, const std::set<std::string>& password_keys);

  // The text with every secret replaced by "[hidden]". Secrets shorter than kMinLength are left alone:
  // scrubbing them would mangle ordinary words, and they protect nothing anyway.
  std::string scrub(std::string text) const;
  bool empty() const { return secrets_.empty(); }

  static constexpr std::size_t kMinLength = 4;

 private:
  std::vector<std::string> secrets_;  // longest first
};

}  // namespace connectd::runtime
