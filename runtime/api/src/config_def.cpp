// ConfigDef parsing and validation; see config_def.hpp. Messages are Kafka's, so users who grep for them
// find the same answers.
#include "connectd/api/config_def.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"

namespace connectd {
namespace {

std::string trim(std::string_view s) {
  // Java's String.trim(): strips every char <= ' ' at both ends.
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') {
    ++b;
  }
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) {
      out += sep;
    }
    out += items[i];
  }
  return out;
}

// Renders a number the way Java prints the Number a validator was built with.
std::string numberText(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9.2e18) {
    return std::to_string(static_cast<long long>(v));
  }
  return java::doubleToString(v);
}

// A value as Java's ConfigException prints it (Object.toString(); "[hidden]" for passwords).
std::string valueText(const ConfigValueData& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int32_t i) const { return std::to_string(i); }
    std::string operator()(std::int16_t i) const { return std::to_string(i); }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return java::doubleToString(d); }
    std::string operator()(const std::vector<std::string>& l) const { return "[" + join(l, ", ") + "]"; }
    std::string operator()(const Password&) const { return std::string(Password::kHidden); }
  };
  return std::visit(Visitor{}, v);
}

std::optional<double> asNumber(const ConfigValueData& v) {
  if (const auto* i = std::get_if<std::int32_t>(&v)) return *i;
  if (const auto* s = std::get_if<std::int16_t>(&v)) return *s;
  if (const auto* l = std::get_if<std::int64_t>(&v)) return static_cast<double>(*l);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

class RangeValidator : public Validator {
 public:
  RangeValidator(std::optional<double> min, std::optional<double> max) : min_(min), max_(max) {}
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    if (std::holds_alternative<std::monostate>(value)) {
      throw ConfigException(name, "null", "Value must be non-null");
    }
    const auto n = asNumber(value);
    if (!n) {
      throw ConfigException(name, valueText(value), "Value must be a number");
    }
    if (min_ && *n < *min_) {
      throw ConfigException(name, valueText(value), "Value must be at least " + numberText(*min_));
    }
    if (max_ && *n > *max_) {
      throw ConfigException(name, valueText(value), "Value must be no more than " + numberText(*max_));
    }
  }
  std::string toString() const override {
    if (!min_) return "[...," + numberText(*max_) + "]";
    if (!max_) return "[" + numberText(*min_) + ",...]";
    return "[" + numberText(*min_) + ",...," + numberText(*max_) + "]";
  }

 private:
  std::optional<double> min_;
  std::optional<double> max_;
};

class ValidStringValidator : public Validator {
 public:
  ValidStringValidator(std::vector<std::string> allowed, bool ignore_case)
      : allowed_(std::move(allowed)), ignore_case_(ignore_case) {}
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    const auto* s = std::get_if<std::string>(&value);
    const bool ok = s != nullptr && std::any_of(allowed_.begin(), allowed_.end(), [&](const std::string& a) {
                      return ignore_case_ ? equalsIgnoreCase(a, *s) : a == *s;
                    });
    if (!ok) {
      throw ConfigException(
          name, valueText(value),
          std::string(ignore_case_ ? "String must be one of (case insensitive): " : "String must be one of: ") +
              join(allowed_, ", "));
    }
  }
  std::string toString() const override {
    return std::string(ignore_case_ ? "(case insensitive) " : "") + "[" + join(allowed_, ", ") + "]";
  }

 private:
  std::vector<std::string> allowed_;
  bool ignore_case_;
};

class NonEmptyStringValidator : public Validator {
 public:
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    const auto* s = std::get_if<std::string>(&value);
    if (s == nullptr) {
      throw ConfigException(name, valueText(value), "entry must be non null");
    }
    if (s->empty()) {
      throw ConfigException(name, *s, "String must be non-empty");
    }
  }
  std::string toString() const override { return "non-empty string"; }
};

class NonNullValidator : public Validator {
 public:
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    if (std::holds_alternative<std::monostate>(value)) {
      throw ConfigException("Configuration '" + name + "' cannot be null");
    }
  }
  std::string toString() const override { return "non-null string"; }
};

class ValidListValidator : public Validator {
 public:
  explicit ValidListValidator(std::vector<std::string> allowed) : allowed_(std::move(allowed)) {}
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    const auto* l = std::get_if<std::vector<std::string>>(&value);
    if (l == nullptr) {
      return;
    }
    for (const auto& item : *l) {
      if (std::find(allowed_.begin(), allowed_.end(), item) == allowed_.end()) {
        throw ConfigException(name, item, "String must be one of: " + join(allowed_, ", "));
      }
    }
  }
  std::string toString() const override { return "[" + join(allowed_, ", ") + "]"; }

 private:
  std::vector<std::string> allowed_;
};

class LambdaValidator : public Validator {
 public:
  LambdaValidator(std::function<std::optional<std::string>(const std::string&, const ConfigValueData&)> check,
                  std::string description)
      : check_(std::move(check)), description_(std::move(description)) {}
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    if (auto err = check_(name, value)) {
      throw ConfigException(name, valueText(value), *err);
    }
  }
  std::string toString() const override { return description_; }

 private:
  std::function<std::optional<std::string>(const std::string&, const ConfigValueData&)> check_;
  std::string description_;
};

class CompositeValidator : public Validator {
 public:
  explicit CompositeValidator(std::vector<ValidatorPtr> validators) : validators_(std::move(validators)) {}
  void ensureValid(const std::string& name, const ConfigValueData& value) const override {
    for (const auto& v : validators_) {
      v->ensureValid(name, value);
    }
  }
  std::string toString() const override {
    std::vector<std::string> parts;
    for (const auto& v : validators_) {
      parts.push_back(v->toString());
    }
    return join(parts, ", ");
  }

 private:
  std::vector<ValidatorPtr> validators_;
};

}  // namespace

std::string_view configTypeName(ConfigType type) {
  switch (type) {
    case ConfigType::kBoolean: return "BOOLEAN";
    case ConfigType::kString: return "STRING";
    case ConfigType::kInt: return "INT";
    case ConfigType::kShort: return "SHORT";
    case ConfigType::kLong: return "LONG";
    case ConfigType::kDouble: return "DOUBLE";
    case ConfigType::kList: return "LIST";
    case ConfigType::kClass: return "CLASS";
    case ConfigType::kPassword: return "PASSWORD";
  }
  return "?";
}

std::string_view importanceName(Importance importance) {
  switch (importance) {
    case Importance::kHigh: return "HIGH";
    case Importance::kMedium: return "MEDIUM";
    case Importance::kLow: return "LOW";
  }
  return "?";
}

std::string_view widthName(Width width) {
  switch (width) {
    case Width::kNone: return "NONE";
    case Width::kShort: return "SHORT";
    case Width::kMedium: return "MEDIUM";
    case Width::kLong: return "LONG";
  }
  return "?";
}

namespace validators {
ValidatorPtr atLeast(double min) {
  return std::make_shared<RangeValidator>(min, std::nullopt);
}
ValidatorPtr between(double min, double max) {
  return std::make_shared<RangeValidator>(min, max);
}
ValidatorPtr in(std::vector<std::string> allowed) {
  return std::make_shared<ValidStringValidator>(std::move(allowed), false);
}
ValidatorPtr inIgnoreCase(std::vector<std::string> allowed) {
  return std::make_shared<ValidStringValidator>(std::move(allowed), true);
}
ValidatorPtr nonEmptyString() {
  return std::make_shared<NonEmptyStringValidator>();
}
ValidatorPtr nonNull() {
  return std::make_shared<NonNullValidator>();
}
ValidatorPtr nonEmptyList() {
  return lambda(
      [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
        const auto* l = std::get_if<std::vector<std::string>>(&v);
        if (l != nullptr && l->empty()) {
          return "Empty list";
        }
        return std::nullopt;
      },
      "non-empty list");
}
ValidatorPtr listIn(std::vector<std::string> allowed) {
  return std::make_shared<ValidListValidator>(std::move(allowed));
}
ValidatorPtr lambda(std::function<std::optional<std::string>(const std::string&, const ConfigValueData&)> check,
                    std::string description) {
  return std::make_shared<LambdaValidator>(std::move(check), std::move(description));
}
ValidatorPtr all(std::vector<ValidatorPtr> validators) {
  return std::make_shared<CompositeValidator>(std::move(validators));
}
}  // namespace validators

ConfigKey& ConfigKey::defaultValue(std::string_view raw) {
  default_value_ = ConfigDef::parseType(name_, raw, type_);
  has_default_ = true;
  return *this;
}

ConfigKey& ConfigKey::nullDefault() {
  default_value_ = std::monostate{};
  has_default_ = true;
  return *this;
}

ConfigKey& ConfigKey::validator(ValidatorPtr validator) {
  validator_ = std::move(validator);
  return *this;
}
ConfigKey& ConfigKey::importance(Importance importance) {
  importance_ = importance;
  return *this;
}
ConfigKey& ConfigKey::doc(std::string documentation) {
  documentation_ = std::move(documentation);
  return *this;
}
ConfigKey& ConfigKey::group(std::string group) {
  group_ = std::move(group);
  return *this;
}
ConfigKey& ConfigKey::orderInGroup(int order) {
  order_in_group_ = order;
  return *this;
}
ConfigKey& ConfigKey::width(Width width) {
  width_ = width;
  return *this;
}
ConfigKey& ConfigKey::displayName(std::string display_name) {
  display_name_ = std::move(display_name);
  return *this;
}
ConfigKey& ConfigKey::dependents(std::vector<std::string> dependents) {
  dependents_ = std::move(dependents);
  return *this;
}
ConfigKey& ConfigKey::recommendedValues(std::vector<std::string> values) {
  recommended_values_ = std::move(values);
  return *this;
}

ConfigKey ConfigKey::renamed(std::string name) const {
  ConfigKey copy = *this;
  copy.name_ = std::move(name);
  return copy;
}

ParsedConfig::ParsedConfig(ConfigMap originals, std::map<std::string, ConfigValueData, std::less<>> values)
    : originals_(std::move(originals)), values_(std::move(values)) {}

ConfigMap configWithPrefix(const ConfigMap& config, std::string_view prefix, bool strip) {
  ConfigMap out;
  for (auto it = config.lower_bound(std::string(prefix)); it != config.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) {
      break;
    }
    if (strip && it->first.size() == prefix.size()) {
      continue;
    }
    out.emplace(strip ? it->first.substr(prefix.size()) : it->first, it->second);
  }
  return out;
}

ConfigMap ParsedConfig::originalsWithPrefix(std::string_view prefix, bool strip) const {
  return configWithPrefix(originals_, prefix, strip);
}

bool ParsedConfig::has(std::string_view name) const {
  return values_.find(name) != values_.end();
}

const ConfigValueData& ParsedConfig::get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) {
    throw ConfigException("Unknown configuration '" + std::string(name) + "'");
  }
  return it->second;
}

bool ParsedConfig::isNull(std::string_view name) const {
  return std::holds_alternative<std::monostate>(get(name));
}

namespace {
template <class T>
const T& typed(const ConfigValueData& v, std::string_view name) {
  if (const auto* p = std::get_if<T>(&v)) {
    return *p;
  }
  if (std::holds_alternative<std::monostate>(v)) {
    throw ConfigException("Configuration '" + std::string(name) + "' has no value");
  }
  throw ConfigException("Configuration '" + std::string(name) + "' is not of the requested type");
}
}  // namespace

bool ParsedConfig::getBoolean(std::string_view name) const {
  return typed<bool>(get(name), name);
}
const std::string& ParsedConfig::getString(std::string_view name) const {
  return typed<std::string>(get(name), name);
}
std::optional<std::string> ParsedConfig::getOptionalString(std::string_view name) const {
  const auto& v = get(name);
  if (std::holds_alternative<std::monostate>(v)) {
    return std::nullopt;
  }
  return typed<std::string>(v, name);
}
std::int32_t ParsedConfig::getInt(std::string_view name) const {
  return typed<std::int32_t>(get(name), name);
}
std::int16_t ParsedConfig::getShort(std::string_view name) const {
  return typed<std::int16_t>(get(name), name);
}
std::int64_t ParsedConfig::getLong(std::string_view name) const {
  return typed<std::int64_t>(get(name), name);
}
double ParsedConfig::getDouble(std::string_view name) const {
  return typed<double>(get(name), name);
}
const std::vector<std::string>& ParsedConfig::getList(std::string_view name) const {
  return typed<std::vector<std::string>>(get(name), name);
}
const Password& ParsedConfig::getPassword(std::string_view name) const {
  return typed<Password>(get(name), name);
}

ConfigKey& ConfigDef::define(std::string name, ConfigType type) {
  if (find(name) != nullptr) {
    throw ConfigException("Configuration " + name + " is defined twice.");
  }
  keys_.emplace_back(std::move(name), type);
  return keys_.back();
}

ConfigKey& ConfigDef::define(ConfigKey key) {
  if (find(key.name()) != nullptr) {
    throw ConfigException("Configuration " + key.name() + " is defined twice.");
  }
  keys_.push_back(std::move(key));
  return keys_.back();
}

ConfigDef& ConfigDef::include(const ConfigDef& other) {
  for (const auto& k : other.keys_) {
    if (find(k.name()) != nullptr) {
      throw ConfigException("Configuration " + k.name() + " is defined twice.");
    }
    keys_.push_back(k);
  }
  return *this;
}

const ConfigKey* ConfigDef::find(std::string_view name) const {
  for (const auto& k : keys_) {
    if (k.name() == name) {
      return &k;
    }
  }
  return nullptr;
}

std::vector<std::string> ConfigDef::groups() const {
  std::vector<std::string> out;
  for (const auto& k : keys_) {
    if (!k.group().empty() && std::find(out.begin(), out.end(), k.group()) == out.end()) {
      out.push_back(k.group());
    }
  }
  return out;
}

std::vector<ConfigValue> ConfigDef::validate(const ConfigMap& props) const {
  std::vector<ConfigValue> out;
  out.reserve(keys_.size());
  for (const auto& key : keys_) {
    ConfigValue cv;
    cv.name = key.name();
    cv.recommended_values = key.recommendedValues();
    bool have = false;
    auto it = props.find(key.name());
    if (it != props.end()) {
      try {
        cv.value = parseType(key.name(), it->second, key.type());
        have = true;
      } catch (const ConfigException& e) {
        cv.error_messages.emplace_back(e.what());
      }
    } else if (!key.hasDefault()) {
      cv.error_messages.push_back("Missing required configuration \"" + key.name() + "\" which has no default value.");
    } else {
      cv.value = key.defaultValue();
      have = true;
    }
    if (have && key.validator()) {
      try {
        key.validator()->ensureValid(key.name(), cv.value);
      } catch (const ConfigException& e) {
        cv.error_messages.emplace_back(e.what());
      }
    }
    out.push_back(std::move(cv));
  }
  return out;
}

ParsedConfig ConfigDef::parse(const ConfigMap& props) const {
  std::vector<std::string> errors;
  std::map<std::string, ConfigValueData, std::less<>> values;
  for (auto& cv : validate(props)) {
    errors.insert(errors.end(), cv.error_messages.begin(), cv.error_messages.end());
    values.emplace(cv.name, std::move(cv.value));
  }
  if (!errors.empty()) {
    throw ConfigException(std::move(errors));
  }
  return ParsedConfig(props, std::move(values));
}

ConfigValueData ConfigDef::parseType(const std::string& name, std::string_view raw, ConfigType type) {
  const std::string trimmed = trim(raw);
  const std::string shown(raw);
  const auto notANumber = [&]() {
    return ConfigException(name, shown, "Not a number of type " + std::string(configTypeName(type)));
  };
  switch (type) {
    case ConfigType::kBoolean:
      if (equalsIgnoreCase(trimmed, "true")) return true;
      if (equalsIgnoreCase(trimmed, "false")) return false;
      throw ConfigException(name, shown, "Expected value to be either true or false");
    case ConfigType::kPassword: return Password(trimmed);
    case ConfigType::kString: return trimmed;
    case ConfigType::kInt:
      if (auto v = java::parseInt(trimmed)) return *v;
      throw notANumber();
    case ConfigType::kShort:
      if (auto v = java::parseShort(trimmed)) return *v;
      throw notANumber();
    case ConfigType::kLong:
      if (auto v = java::parseLong(trimmed)) return *v;
      throw notANumber();
    case ConfigType::kDouble:
      if (auto v = java::parseDouble(trimmed)) return *v;
      throw notANumber();
    case ConfigType::kList: {
      // Java: trimmed.isEmpty() ? [] : trimmed.split("\\s*,\\s*", -1)
      std::vector<std::string> items;
      if (trimmed.empty()) {
        return items;
      }
      std::size_t start = 0;
      while (true) {
        const auto comma = trimmed.find(',', start);
        std::string item = trimmed.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        items.push_back(trim(item));
        if (comma == std::string::npos) {
          break;
        }
        start = comma + 1;
      }
      return items;
    }
    case ConfigType::kClass:
      if (trimmed.empty()) {
        throw ConfigException(name, shown, "Class  could not be found.");
      }
      return trimmed;
  }
  throw ConfigException("Unknown type.");
}

std::optional<std::string> ConfigDef::convertToString(const ConfigValueData& value, ConfigType type) {
  if (std::holds_alternative<std::monostate>(value)) {
    return std::nullopt;
  }
  if (type == ConfigType::kList) {
    if (const auto* l = std::get_if<std::vector<std::string>>(&value)) {
      return join(*l, ",");
    }
  }
  return valueText(value);
}

}  // namespace connectd
