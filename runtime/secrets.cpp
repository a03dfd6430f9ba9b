// SecretScrubber; see secrets.hpp.
#include "runtime/secrets.hpp"

#include <algorithm>

#include "connectd/api/config_def.hpp"

namespace connectd::runtime {

SecretScrubber::SecretScrubber(const ConfigMap& raw, const ConfigMap& resolved,
                               const std::set<std::string>& password_keys) {
  for (const auto& [key, value] : resolved) {
    auto r = raw.find(key);
    const bool provider_resolved = r != raw.end() && r->second != value;
    if ((provider_resolved || password_keys.count(key) != 0) && value.size() >= kMinLength) {
      secrets_.push_back(value);
    }
  }
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  secrets_.erase(std::unique(secrets_.begin(), secrets_.end()), secrets_.end());
}

std::string SecretScrubber::scrub(std::string text) const {
  for (const auto& secret : secrets_) {
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), Password::kHidden);
      pos += Password::kHidden.size();
    }
  }
  return text;
}

}  // namespace connectd::runtime
