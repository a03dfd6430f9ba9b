// org.apache.kafka.common.config.ConfigDef: the declaration of a plugin's (or the worker's) configuration
// keys, their parsing from a string map, and validation that reports every error for every key at once.
// REST validation, GET /connector-plugins/{p}/config and the generated docs all come from these.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace connectd {

// A raw configuration: what users write in connector JSON or a properties file.
using ConfigMap = std::map<std::string, std::string>;

// The entries whose keys start with `prefix`, with the prefix removed when `strip` (and the bare prefix
// key itself left out), as Kafka's originalsWithPrefix.
ConfigMap configWithPrefix(const ConfigMap& config, std::string_view prefix, bool strip = true);

enum class ConfigType : std::uint8_t { kBoolean, kString, kInt, kShort, kLong, kDouble, kList, kClass, kPassword };
enum class Importance : std::uint8_t { kHigh, kMedium, kLow };
enum class Width : std::uint8_t { kNone, kShort, kMedium, kLong };

std::string_view configTypeName(ConfigType type);  // "BOOLEAN", "STRING", … as Java's ConfigDef.Type
std::string_view importanceName(Importance importance);
std::string_view widthName(Width width);

// A secret. Its string form is "[hidden]" so it cannot leak through logs or REST by accident.
class Password {
 public:
  static constexpr std::string_view kHidden = "[hidden]";
  explicit Password(std::string value) : value_(std::move(value)) {}
  const std::string& value() const { return value_; }
  bool operator==(const Password&) const = default;

 private:
  std::string value_;
};

// A parsed configuration value. CLASS values are class names (std::string); LIST values string lists.
// std::monostate is Java's null.
using ConfigValueData = std::variant<std::monostate, bool, std::string, std::int32_t, std::int16_t, std::int64_t,
                                     double, std::vector<std::string>, Password>;

class Validator {
 public:
  virtual ~Validator() = default;
  // Throws ConfigException when the value is not acceptable.
  virtual void ensureValid(const std::string& name, const ConfigValueData& value) const = 0;
  // The description shown in docs and in GET /connector-plugins/{p}/config.
  virtual std::string toString() const = 0;
};
using ValidatorPtr = std::shared_ptr<const Validator>;

namespace validators {
ValidatorPtr atLeast(double min);                             // ConfigDef.Range.atLeast
ValidatorPtr between(double min, double max);                 // ConfigDef.Range.between
ValidatorPtr in(std::vector<std::string> allowed);            // ConfigDef.ValidString.in
ValidatorPtr inIgnoreCase(std::vector<std::string> allowed);  // ConfigDef.CaseInsensitiveValidString.in
ValidatorPtr nonEmptyString();                                // ConfigDef.NonEmptyString
ValidatorPtr nonNull();                                       // ConfigDef.NonNullValidator
ValidatorPtr nonEmptyList();  // Kafka's transforms' NonEmptyListValidator: "Empty list" for an empty LIST
// Each element of a LIST must be one of `allowed` (ConfigDef.ValidList.in).
ValidatorPtr listIn(std::vector<std::string> allowed);
// A custom rule: `check` returns an error message, or nullopt when the value is fine.
ValidatorPtr lambda(
    std::function<std::optional<std::string>(const std::string& name, const ConfigValueData& value)> check,
    std::string description);
// Runs all validators in order (ConfigDef.CompositeValidator).
ValidatorPtr all(std::vector<ValidatorPtr> validators);
}  // namespace validators

// One declared key. Fluent setters let a definition read as a single statement.
class ConfigKey {
 public:
  ConfigKey(std::string name, ConfigType type) : name_(std::move(name)), type_(type) {}

  // The default, given as users would write it; parsed by the key's type (a bad default throws).
  ConfigKey& defaultValue(std::string_view raw);
  // A default of null: the key is optional and has no value unless set.
  ConfigKey& nullDefault();
  ConfigKey& validator(ValidatorPtr validator);
  ConfigKey& importance(Importance importance);
  ConfigKey& doc(std::string documentation);
  ConfigKey& group(std::string group);
  ConfigKey& orderInGroup(int order);
  ConfigKey& width(Width width);
  ConfigKey& displayName(std::string display_name);
  ConfigKey& dependents(std::vector<std::string> dependents);
  // Values to offer in validation output (ConfigDef.Recommender, reduced to a fixed list).
  ConfigKey& recommendedValues(std::vector<std::string> values);
  // The same declaration under another name (for keys embedded under a prefix, e.g. a transform's).
  ConfigKey renamed(std::string name) const;

  const std::string& name() const { return name_; }
  ConfigType type() const { return type_; }
  bool hasDefault() const { return has_default_; }
  const ConfigValueData& defaultValue() const { return default_value_; }
  const ValidatorPtr& validator() const { return validator_; }
  Importance importance() const { return importance_; }
  const std::string& documentation() const { return documentation_; }
  const std::string& group() const { return group_; }
  int orderInGroup() const { return order_in_group_; }
  Width width() const { return width_; }
  // The display name, or the key name when none was given (as Java does).
  const std::string& displayName() const { return display_name_.empty() ? name_ : display_name_; }
  const std::vector<std::string>& dependents() const { return dependents_; }
  const std::vector<std::string>& recommendedValues() const { return recommended_values_; }

 private:
  std::string name_;
  ConfigType type_;
  bool has_default_ = false;
  ConfigValueData default_value_;
  ValidatorPtr validator_;
  Importance importance_ = Importance::kMedium;
  std::string documentation_;
  std::string group_;
  int order_in_group_ = -1;
  Width width_ = Width::kNone;
  std::string display_name_;
  std::vector<std::string> dependents_;
  std::vector<std::string> recommended_values_;
};

// The outcome of validating one key (org.apache.kafka.common.config.ConfigValue).
struct ConfigValue {
  std::string name;
  ConfigValueData value;  // parsed value or default; null when missing or unparsable
  std::vector<std::string> recommended_values;
  std::vector<std::string> error_messages;
  bool visible = true;
};

// A configuration parsed against a ConfigDef (Kafka's AbstractConfig): typed access to every declared key,
// plus the original strings.
class ParsedConfig {
 public:
  ParsedConfig(ConfigMap originals, std::map<std::string, ConfigValueData, std::less<>> values);

  const ConfigMap& originals() const { return originals_; }
  // The originals whose keys start with `prefix`, with the prefix removed (originalsWithPrefix).
  ConfigMap originalsWithPrefix(std::string_view prefix, bool strip = true) const;

  bool has(std::string_view name) const;
  const ConfigValueData& get(std::string_view name) const;  // throws ConfigException for an undeclared key
  bool isNull(std::string_view name) const;

  // Typed getters. Each throws ConfigException when the key is undeclared, null or of another type.
  bool getBoolean(std::string_view name) const;
  const std::string& getString(std::string_view name) const;  // STRING and CLASS
  std::optional<std::string> getOptionalString(std::string_view name) const;
  std::int32_t getInt(std::string_view name) const;
  std::int16_t getShort(std::string_view name) const;
  std::int64_t getLong(std::string_view name) const;
  double getDouble(std::string_view name) const;
  const std::vector<std::string>& getList(std::string_view name) const;
  const Password& getPassword(std::string_view name) const;

 private:
  ConfigMap originals_;
  std::map<std::string, ConfigValueData, std::less<>> values_;
};

class ConfigDef {
 public:
  // Declares a key and returns it for the fluent setters. Throws ConfigException for a duplicate name.
  ConfigKey& define(std::string name, ConfigType type);
  // Adds a complete declaration. Throws ConfigException for a duplicate name.
  ConfigKey& define(ConfigKey key);
  // Adds every key of another definition (for plugins that extend a shared base definition).
  ConfigDef& include(const ConfigDef& other);

  const std::vector<ConfigKey>& keys() const { return keys_; }
  const ConfigKey* find(std::string_view name) const;
  // Declared groups, in the order they first appear.
  std::vector<std::string> groups() const;

  // Validates every key; a key's list of errors is empty when it is fine. Keys in definition order.
  std::vector<ConfigValue> validate(const ConfigMap& props) const;
  // Parses and validates; throws one ConfigException carrying every error when any key is wrong.
  ParsedConfig parse(const ConfigMap& props) const;

  // Java's ConfigDef.parseType: parses one raw value. Throws ConfigException with Kafka's message.
  static ConfigValueData parseType(const std::string& name, std::string_view raw, ConfigType type);
  // Java's ConfigDef.convertToString: null -> nullopt, LIST -> comma-joined, PASSWORD -> "[hidden]".
  static std::optional<std::string> convertToString(const ConfigValueData& value, ConfigType type);

 private:
  std::vector<ConfigKey> keys_;
};

}  // namespace connectd
