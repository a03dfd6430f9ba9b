// Java .properties semantics: separators, comments, escapes, continuations, unicode escapes.
#include <catch2/catch.hpp>

#include "connectd/api/errors.hpp"
#include "runtime/properties.hpp"

using namespace connectd;
using connectd::runtime::parseProperties;

TEST_CASE("key/value separators: '=', ':' and whitespace", "[runtime][properties]") {
  auto p = parseProperties("a=1\nb: 2\nc 3\nd   =   4  \ne\n  f=6\n");
  CHECK(p.at("a") == "1");
  CHECK(p.at("b") == "2");
  CHECK(p.at("c") == "3");
  CHECK(p.at("d") == "4  ");  // trailing whitespace belongs to the value
  CHECK(p.at("e").empty());
  CHECK(p.at("f") == "6");
  // Only the first separator counts; the rest is value.
  CHECK(parseProperties("url=jdbc:postgresql://h:5432/db").at("url") == "jdbc:postgresql://h:5432/db");
  CHECK(parseProperties("k = = v").at("k") == "= v");
}

TEST_CASE("comments and blank lines are skipped", "[runtime][properties]") {
  auto p = parseProperties("# comment\n! also comment\n\n   \n  # indented comment\nk=v # not a comment\n");
  REQUIRE(p.size() == 1);
  CHECK(p.at("k") == "v # not a comment");
}

TEST_CASE("escapes in keys and values", "[runtime][properties]") {
  auto p = parseProperties(R"(my\ key=a\tb\nc
colon\:key=x\=y
uni=caf\u00e9 \u20ac
backslash=C:\\dir
other=\q)");
  CHECK(p.at("my key") == "a\tb\nc");
  CHECK(p.at("colon:key") == "x=y");
  CHECK(p.at("uni") == "caf\xc3\xa9 \xe2\x82\xac");
  CHECK(p.at("backslash") == "C:\\dir");
  CHECK(p.at("other") == "q");
  CHECK_THROWS_AS(parseProperties("bad=\\u12"), ConfigException);
  CHECK_THROWS_AS(parseProperties("bad=\\uzzzz"), ConfigException);
}

TEST_CASE("line continuations join lines and drop leading whitespace", "[runtime][properties]") {
  auto p = parseProperties("list=a,\\\n    b,\\\n    c\nafter=1\r\nwin=2\rmac=3");
  CHECK(p.at("list") == "a,b,c");
  CHECK(p.at("after") == "1");
  CHECK(p.at("win") == "2");
  CHECK(p.at("mac") == "3");
  // An even number of trailing backslashes is an escaped backslash, not a continuation.
  auto q = parseProperties("path=C:\\\\\nnext=1");
  CHECK(q.at("path") == "C:\\");
  CHECK(q.at("next") == "1");
  // A continued comment line is not a thing: the comment ends at the line.
  auto r = parseProperties("# comment \\\nreal=1");
  CHECK(r.at("real") == "1");
}

TEST_CASE("the article's db.properties parses", "[runtime][properties]") {
  auto p = parseProperties(
      "database.hostname=postgres.db.svc\ndatabase.port=5432\ndatabase.user=debezium\n"
      "database.password=s3cr=t:x\ndatabase.dbname=usersdb\n");
  CHECK(p.size() == 5);
  CHECK(p.at("database.password") == "s3cr=t:x");
  CHECK(p.at("database.dbname") == "usersdb");
  CHECK(parseProperties("dup=1\ndup=2").at("dup") == "2");
}
