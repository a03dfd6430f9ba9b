// ConfigDef: every type's parsing and its error text (Kafka's), defaults, validators, and validation that
// reports every error of every key at once.
#include <catch2/catch.hpp>

#include "connectd/api/config_def.hpp"
#include "connectd/api/errors.hpp"

using namespace connectd;

namespace {
std::string parseError(ConfigType type, std::string_view raw) {
  try {
    ConfigDef::parseType("k", raw, type);
  } catch (const ConfigException& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("BOOLEAN parses true/false in any case, after trimming", "[api][configdef]") {
  CHECK(std::get<bool>(ConfigDef::parseType("k", "true", ConfigType::kBoolean)));
  CHECK(std::get<bool>(ConfigDef::parseType("k", " TRUE ", ConfigType::kBoolean)));
  CHECK_FALSE(std::get<bool>(ConfigDef::parseType("k", "False", ConfigType::kBoolean)));
  CHECK(parseError(ConfigType::kBoolean, "yes") ==
        "Invalid value yes for configuration k: Expected value to be either true or false");
  CHECK(parseError(ConfigType::kBoolean, "") ==
        "Invalid value  for configuration k: Expected value to be either true or false");
}

TEST_CASE("STRING, CLASS and PASSWORD trim and PASSWORD hides its value", "[api][configdef]") {
  CHECK(std::get<std::string>(ConfigDef::parseType("k", "  pgoutput ", ConfigType::kString)) == "pgoutput");
  CHECK(std::get<std::string>(ConfigDef::parseType("k", " a.b.C ", ConfigType::kClass)) == "a.b.C");
  CHECK(parseError(ConfigType::kClass, " ") == "Invalid value   for configuration k: Class  could not be found.");
  auto pw = std::get<Password>(ConfigDef::parseType("k", " s3cret ", ConfigType::kPassword));
  CHECK(pw.value() == "s3cret");
  CHECK(ConfigDef::convertToString(pw, ConfigType::kPassword) == "[hidden]");
}

TEST_CASE("INT, SHORT and LONG follow Java's parseInt/parseShort/parseLong", "[api][configdef]") {
  CHECK(std::get<std::int32_t>(ConfigDef::parseType("k", "42", ConfigType::kInt)) == 42);
  CHECK(std::get<std::int32_t>(ConfigDef::parseType("k", " -7 ", ConfigType::kInt)) == -7);
  CHECK(std::get<std::int32_t>(ConfigDef::parseType("k", "+7", ConfigType::kInt)) == 7);
  CHECK(std::get<std::int32_t>(ConfigDef::parseType("k", "2147483647", ConfigType::kInt)) == 2147483647);
  CHECK(parseError(ConfigType::kInt, "2147483648") ==
        "Invalid value 2147483648 for configuration k: Not a number of type INT");
  CHECK(parseError(ConfigType::kInt, "1.5") == "Invalid value 1.5 for configuration k: Not a number of type INT");
  CHECK(parseError(ConfigType::kInt, "") == "Invalid value  for configuration k: Not a number of type INT");
  CHECK(parseError(ConfigType::kInt, "0x10") == "Invalid value 0x10 for configuration k: Not a number of type INT");
  CHECK(std::get<std::int16_t>(ConfigDef::parseType("k", "-32768", ConfigType::kShort)) == -32768);
  CHECK(parseError(ConfigType::kShort, "32768") ==
        "Invalid value 32768 for configuration k: Not a number of type SHORT");
  CHECK(std::get<std::int64_t>(ConfigDef::parseType("k", "-9223372036854775808", ConfigType::kLong)) ==
        std::numeric_limits<std::int64_t>::min());
  CHECK(parseError(ConfigType::kLong, "9223372036854775808") ==
        "Invalid value 9223372036854775808 for configuration k: Not a number of type LONG");
  CHECK(parseError(ConfigType::kLong, "10s") == "Invalid value 10s for configuration k: Not a number of type LONG");
}

TEST_CASE("DOUBLE follows Java's parseDouble", "[api][configdef]") {
  CHECK(std::get<double>(ConfigDef::parseType("k", "1.5", ConfigType::kDouble)) == 1.5);
  CHECK(std::get<double>(ConfigDef::parseType("k", "1e3", ConfigType::kDouble)) == 1000.0);
  CHECK(std::get<double>(ConfigDef::parseType("k", "2d", ConfigType::kDouble)) == 2.0);
  CHECK(std::get<double>(ConfigDef::parseType("k", "-Infinity", ConfigType::kDouble)) ==
        -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(std::get<double>(ConfigDef::parseType("k", "NaN", ConfigType::kDouble))));
  CHECK(parseError(ConfigType::kDouble, "abc") == "Invalid value abc for configuration k: Not a number of type DOUBLE");
  CHECK(parseError(ConfigType::kDouble, "inf") == "Invalid value inf for configuration k: Not a number of type DOUBLE");
  CHECK(ConfigDef::convertToString(1.0, ConfigType::kDouble) == "1.0");
}

TEST_CASE("LIST splits on commas with surrounding whitespace and empty is an empty list", "[api][configdef]") {
  using L = std::vector<std::string>;
  CHECK(std::get<L>(ConfigDef::parseType("k", "a, b ,c", ConfigType::kList)) == L{"a", "b", "c"});
  CHECK(std::get<L>(ConfigDef::parseType("k", "  ", ConfigType::kList)).empty());
  CHECK(std::get<L>(ConfigDef::parseType("k", "a,,b", ConfigType::kList)) == L{"a", "", "b"});
  CHECK(std::get<L>(ConfigDef::parseType("k", "type:header:eventType,timestamp:header:ts", ConfigType::kList)) ==
        L{"type:header:eventType", "timestamp:header:ts"});
  CHECK(ConfigDef::convertToString(L{"a", "b"}, ConfigType::kList) == "a,b");
}

TEST_CASE("validation reports every error for every key at once", "[api][configdef]") {
  ConfigDef def;
  def.define("tasks.max", ConfigType::kInt).defaultValue("1").validator(validators::atLeast(1));
  def.define("topic.prefix", ConfigType::kString).validator(validators::nonEmptyString());
  def.define("snapshot.mode", ConfigType::kString)
      .defaultValue("initial")
      .validator(validators::inIgnoreCase({"initial", "no_data", "never"}));
  def.define("database.port", ConfigType::kInt).defaultValue("5432").validator(validators::between(1, 65535));
  def.define("plugin.name", ConfigType::kString)
      .defaultValue("decoderbufs")
      .validator(validators::in({"pgoutput", "decoderbufs"}));
  def.define("database.password", ConfigType::kPassword).nullDefault();
  def.define("verbose", ConfigType::kBoolean).defaultValue("false");

  const ConfigMap props{{"tasks.max", "0"},
                        {"snapshot.mode", "sometimes"},
                        {"database.port", "70000"},
                        {"plugin.name", "wal2json"},
                        {"verbose", "maybe"}};
  auto values = def.validate(props);
  REQUIRE(values.size() == 7);
  CHECK(values[0].error_messages ==
        std::vector<std::string>{"Invalid value 0 for configuration tasks.max: Value must be at least 1"});
  CHECK(values[1].error_messages ==
        std::vector<std::string>{"Missing required configuration \"topic.prefix\" which has no default value."});
  CHECK(values[2].error_messages ==
        std::vector<std::string>{"Invalid value sometimes for configuration snapshot.mode: String must be one of "
                                 "(case insensitive): initial, no_data, never"});
  CHECK(values[3].error_messages ==
        std::vector<std::string>{
            "Invalid value 70000 for configuration database.port: Value must be no more than 65535"});
  CHECK(values[4].error_messages ==
        std::vector<std::string>{
            "Invalid value wal2json for configuration plugin.name: String must be one of: pgoutput, decoderbufs"});
  CHECK(values[5].error_messages.empty());
  CHECK(values[6].error_messages ==
        std::vector<std::string>{
            "Invalid value maybe for configuration verbose: Expected value to be either true or false"});

  try {
    def.parse(props);
    FAIL("parse should throw");
  } catch (const ConfigException& e) {
    CHECK(e.errors().size() == 6);
    CHECK(std::string(e.what()).rfind("6 configuration errors:", 0) == 0);
  }
}

TEST_CASE("defaults fill missing keys and null defaults make optional keys", "[api][configdef]") {
  ConfigDef def;
  def.define("a", ConfigType::kInt).defaultValue("5");
  def.define("b", ConfigType::kString).nullDefault();
  def.define("c", ConfigType::kList).defaultValue("x,y");
  def.define("d", ConfigType::kPassword).defaultValue("");
  auto cfg = def.parse({{"extra.key", "kept in originals"}});
  CHECK(cfg.getInt("a") == 5);
  CHECK(cfg.isNull("b"));
  CHECK_FALSE(cfg.getOptionalString("b").has_value());
  CHECK_THROWS_AS(cfg.getString("b"), ConfigException);
  CHECK(cfg.getList("c") == std::vector<std::string>{"x", "y"});
  CHECK(cfg.getPassword("d").value().empty());
  CHECK(cfg.originals().at("extra.key") == "kept in originals");
  CHECK_THROWS_AS(cfg.get("undeclared"), ConfigException);
  CHECK_THROWS_AS(cfg.getString("a"), ConfigException);
}

TEST_CASE("key metadata and validator descriptions are kept for docs and REST", "[api][configdef]") {
  ConfigDef def;
  def.define("slot.name", ConfigType::kString)
      .defaultValue("debezium")
      .importance(Importance::kMedium)
      .doc("The name of the PostgreSQL logical decoding slot")
      .group("Connection Advanced Replication")
      .orderInGroup(2)
      .width(Width::kMedium)
      .displayName("Slot")
      .dependents({"slot.drop.on.stop"});
  def.define("x", ConfigType::kInt).validator(validators::between(1, 10));
  const auto* k = def.find("slot.name");
  REQUIRE(k != nullptr);
  CHECK(k->displayName() == "Slot");
  CHECK(k->group() == "Connection Advanced Replication");
  CHECK(k->orderInGroup() == 2);
  CHECK(k->width() == Width::kMedium);
  CHECK(k->dependents() == std::vector<std::string>{"slot.drop.on.stop"});
  CHECK(def.find("x")->displayName() == "x");
  CHECK(def.find("x")->validator()->toString() == "[1,...,10]");
  CHECK(validators::atLeast(0)->toString() == "[0,...]");
  CHECK(validators::in({"a", "b"})->toString() == "[a, b]");
  CHECK(validators::nonEmptyString()->toString() == "non-empty string");
  CHECK_THROWS_AS(def.define("x", ConfigType::kInt), ConfigException);
  CHECK_THROWS_AS(ConfigDef().define("bad", ConfigType::kInt).defaultValue("nope"), ConfigException);
  CHECK(def.groups() == std::vector<std::string>{"Connection Advanced Replication"});
}

TEST_CASE("list, lambda and composite validators", "[api][configdef]") {
  ConfigDef def;
  def.define("ops", ConfigType::kList).defaultValue("c").validator(validators::listIn({"c", "u", "d", "t"}));
  def.define("even", ConfigType::kInt)
      .defaultValue("2")
      .validator(validators::all(
          {validators::atLeast(0), validators::lambda(
                                       [](const std::string&, const ConfigValueData& v) -> std::optional<std::string> {
                                         if (std::get<std::int32_t>(v) % 2 != 0) return "must be even";
                                         return std::nullopt;
                                       },
                                       "an even number")}));
  auto values = def.validate({{"ops", "c,x"}, {"even", "3"}});
  CHECK(values[0].error_messages ==
        std::vector<std::string>{"Invalid value x for configuration ops: String must be one of: c, u, d, t"});
  CHECK(values[1].error_messages == std::vector<std::string>{"Invalid value 3 for configuration even: must be even"});
  CHECK(def.find("even")->validator()->toString() == "[0,...], an even number");
}
