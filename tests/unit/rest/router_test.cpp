// REST routing: path patterns, percent-decoding, query parameters, and Kafka Connect's 404/405 bodies.
#include <catch2/catch.hpp>

#include "rest/router.hpp"

using namespace connectd::rest;

namespace {
Router testRouter() {
  Router r;
  r.add("GET", "/connectors/{connector}/status",
        [](const Request&, const ParsedTarget&, const std::vector<std::string>& p) {
          Response res;
          res.body = nlohmann::ordered_json{{"name", p.at(0)}};
          return res;
        });
  r.add("GET", "/connectors", [](const Request&, const ParsedTarget& t, const std::vector<std::string>&) {
    Response res;
    nlohmann::ordered_json expand = nlohmann::ordered_json::array();
    if (auto it = t.query.find("expand"); it != t.query.end()) {
      for (const auto& v : it->second) expand.push_back(v);
    }
    res.body = nlohmann::ordered_json{{"expand", expand}};
    return res;
  });
  return r;
}
}  // namespace

TEST_CASE("routes match patterns and pass decoded parameters", "[rest][router]") {
  auto r = testRouter();
  auto res = r.handle({"GET", "/connectors/pg%2Doutbox/status", "", "", "", ""});
  CHECK(res.status == 200);
  CHECK(res.body->dump() == R"({"name":"pg-outbox"})");
  auto expand = r.handle({"GET", "/connectors?expand=status&expand=info", "", "", "", ""});
  CHECK(expand.body->dump() == R"({"expand":["status","info"]})");
}

TEST_CASE("unknown paths are 404 and wrong methods 405, with the error body", "[rest][router]") {
  auto r = testRouter();
  auto nf = r.handle({"GET", "/nope", "", "", "", ""});
  CHECK(nf.status == 404);
  CHECK(nf.body->dump() == R"({"error_code":404,"message":"HTTP 404 Not Found"})");
  auto na = r.handle({"DELETE", "/connectors", "", "", "", ""});
  CHECK(na.status == 405);
  CHECK(na.body->dump() == R"({"error_code":405,"message":"HTTP 405 Method Not Allowed"})");
  CHECK(nf.omit_content_type);
  auto not_acceptable = r.handle({"GET", "/connectors", "", "", "", "text/plain"});
  CHECK(not_acceptable.status == 406);
  CHECK(not_acceptable.body->dump() == R"({"error_code":406,"message":"HTTP 406 Not Acceptable"})");
  CHECK(r.handle({"GET", "/connectors", "", "", "", "application/json;q=0.9, text/plain"}).status == 200);
  CHECK(r.handle({"GET", "/connectors", "", "", "", "*/*"}).status == 200);
  auto bad = r.handle({"GET", "/connectors/%zz/status", "", "", "", ""});
  CHECK(bad.status == 400);
  CHECK(bad.body->at("error_code") == 400);
}

TEST_CASE("targets split into decoded segments and repeated query parameters", "[rest][router]") {
  auto t = parseTarget("/a/b%20c//d?x=1&y=a+b&x=2&flag");
  REQUIRE(t);
  CHECK(t->segments == std::vector<std::string>{"a", "b c", "d"});
  CHECK(t->query.at("x") == std::vector<std::string>{"1", "2"});
  CHECK(t->query.at("y") == std::vector<std::string>{"a b"});
  CHECK(t->query.at("flag") == std::vector<std::string>{""});
  CHECK_FALSE(parseTarget("/a%2"));
}
