// JavaRegex: Java's Pattern/Matcher semantics on PCRE2 (docs/regex.md).
#include <catch2/catch.hpp>

#include <stdexcept>

#include "transforms/regex/java_regex.hpp"

using connectd::transforms::JavaRegex;

TEST_CASE("JavaRegex matches() is a full match and find() a search", "[transforms][regex]") {
  const JavaRegex r("a+b");
  CHECK(r.matches("aab"));
  CHECK_FALSE(r.matches("aabc"));
  CHECK_FALSE(r.matches("xaab"));
  const auto m = r.find("xxaabyy");
  REQUIRE(m);
  CHECK(m->begin() == 2);
  CHECK(m->end() == 5);
  CHECK_FALSE(r.find("bbb"));
  // matches() backtracks into the longer alternative where find() would stop at the first.
  const JavaRegex alt("a|ab");
  CHECK(alt.matches("ab"));
  CHECK(alt.find("ab")->end() == 1);
}

TEST_CASE("JavaRegex named groups and Java's replacement syntax", "[transforms][regex]") {
  const JavaRegex r("(?<routedByValue>.*)");
  CHECK(r.groupCount() == 1);
  CHECK(r.groupNumber("routedByValue") == 1u);
  CHECK_FALSE(r.groupNumber("other"));
  CHECK(r.replaceFirst("users", "outbox.event.${routedByValue}") == "outbox.event.users");
  const JavaRegex two("(\\w+)-(\\w+)");
  CHECK(two.replaceFirst("ab-cd", "$2_$1") == "cd_ab");
  CHECK(two.replaceFirst("ab-cd", "\\$1 costs \\\\") == "$1 costs \\");
  CHECK(two.replaceFirst("ab-cd", "$0!") == "ab-cd!");
  // $12 with two groups is group 1 followed by a literal '2' (Java's greedy-while-valid rule).
  CHECK(two.replaceFirst("ab-cd", "$12") == "ab2");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "$3"), "No group 3");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "$"), "Illegal group reference: group index is missing");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "$x"), "Illegal group reference");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "x\\"), "character to be escaped is missing");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "${nope}"), "No group with name {nope}");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "${}"), "named capturing group has 0 length name");
  CHECK_THROWS_WITH(two.replaceFirst("ab-cd", "${ab"), "named capturing group is missing trailing '}'");
  // An unmatched group expands to nothing.
  const JavaRegex optional("(a)?b");
  CHECK(optional.replaceFirst("b", "[$1]") == "[]");
  // No match: the subject unchanged.
  CHECK(two.replaceFirst("!!", "x") == "!!");
}

TEST_CASE("JavaRegex replaceAll follows Matcher.find's handling of empty matches", "[transforms][regex]") {
  CHECK(JavaRegex("x*").replaceAll("abc", "-") == "-a-b-c-");
  CHECK(JavaRegex("a*").replaceAll("a", "-") == "--");
  CHECK(JavaRegex("o").replaceAll("foo boo", "0") == "f00 b00");
  CHECK(JavaRegex("é").replaceAll("café é", "e") == "cafe e");
  CHECK(JavaRegex("").replaceAll("hé", "|") == "|h|é|");
}

TEST_CASE("JavaRegex translates Java-only syntax", "[transforms][regex]") {
  CHECK(JavaRegex("\\p{Lower}+").matches("abc"));
  CHECK_FALSE(JavaRegex("\\p{Lower}+").matches("aBc"));
  CHECK(JavaRegex("[\\p{Upper}\\d]+").matches("A1B2"));
  CHECK(JavaRegex("\\P{Digit}+").matches("abc"));
  CHECK(JavaRegex("\\p{IsLatin}+").matches("abc"));
  CHECK(JavaRegex("\\p{L}+").matches("éa"));
  CHECK(JavaRegex("\\u0041\\x42\\0103").matches("ABC"));
  CHECK(JavaRegex("\\Qa.b\\E").matches("a.b"));
  CHECK_FALSE(JavaRegex("\\Qa.b\\E").matches("axb"));
  CHECK(JavaRegex("(?i)abc").matches("ABC"));
  CHECK(JavaRegex("(?iu:abc)d").matches("ABCd"));
  CHECK(JavaRegex("abc", JavaRegex::kCaseInsensitive).matches("AbC"));
  CHECK(JavaRegex("public\\.outbox.*").matches("public.outboxevent"));
  // '.' stops at every Java line terminator, '\r' included.
  CHECK_FALSE(JavaRegex("a.b").matches("a\rb"));
  CHECK(JavaRegex("(?s)a.b").matches("a\rb"));
  CHECK(JavaRegex("[]a]+").matches("]a"));
  CHECK(JavaRegex("(?<year>\\d{4})-\\k<year>").matches("2024-2024"));
}

TEST_CASE("JavaRegex rejects invalid and unsupported patterns with the index", "[transforms][regex]") {
  CHECK_THROWS_AS(JavaRegex("(abc"), std::invalid_argument);
  CHECK_THROWS_AS(JavaRegex("[abc"), std::invalid_argument);
  CHECK_THROWS_WITH(JavaRegex("[a-z[0-9]]"), Catch::Contains("Unsupported nested character class"));
  CHECK_THROWS_WITH(JavaRegex("[a-z&&b]"), Catch::Contains("intersection"));
  CHECK_THROWS_WITH(JavaRegex("(?U)a"), Catch::Contains("Unsupported inline flag 'U'"));
  CHECK_THROWS_WITH(JavaRegex("\\p{javaLowerCase}"), Catch::Contains("near index"));
  CHECK_THROWS_WITH(JavaRegex("\\p{InGreek}"), Catch::Contains("Unsupported character property"));
  CHECK(JavaRegex::toPcre2("\\p{Alpha}[\\p{Alpha}]") == "[[:alpha:]][[:alpha:]]");
}
