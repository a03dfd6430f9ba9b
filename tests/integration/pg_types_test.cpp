// The type layer against the rig's real PostgreSQL 15: a table with every mapped type (plus a domain, an enum,
// arrays and extension types), read by a role that has nothing but LOGIN and SELECT. loadRelation must describe it
// from the catalog, and every value's text — read under the connector's session settings — must convert to what
// Debezium emits.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "connectd/api/struct.hpp"
#include "connectors/postgres/catalog.hpp"
#include "connectors/postgres/type_mapping.hpp"
#include "rig.hpp"

using namespace connectd;
using namespace connectd::postgres;
using namespace connectd::test;

namespace {

using PgConn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

PgConn connect(const std::string& conninfo) {
  PgConn conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    FAIL("connection failed: " << PQerrorMessage(conn.get()));
  }
  return conn;
}

PgResult exec(PGconn* conn, const std::string& sql, ExecStatusType expected) {
  PgResult res(PQexec(conn, sql.c_str()), &PQclear);
  INFO(sql << " -> " << PQerrorMessage(conn));
  REQUIRE(PQresultStatus(res.get()) == expected);
  return res;
}

constexpr const char* kSetup = R"SQL(
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS ltree;
DROP SCHEMA IF EXISTS types_it CASCADE;
CREATE SCHEMA types_it;
CREATE TYPE types_it.mood AS ENUM ('sad', 'ok', 'happy');
)SQL";

// A new enum label may only be used once committed, so it goes in its own transaction.
constexpr const char* kAddLabel = "ALTER TYPE types_it.mood ADD VALUE 'meh' BEFORE 'ok'";

constexpr const char* kCreate = R"SQL(
CREATE DOMAIN types_it.price AS numeric(8,3);
CREATE DOMAIN types_it.price2 AS types_it.price CHECK (VALUE >= 0);
CREATE TABLE types_it.all_types (
  id serial PRIMARY KEY,
  c_int2 int2 NOT NULL DEFAULT 7,
  c_int4 int4,
  c_int8 int8 DEFAULT '-9'::bigint,
  c_oid oid,
  c_float4 float4,
  c_float8 float8,
  c_float8_nan float8,
  c_bool bool DEFAULT true,
  c_char char(5),
  c_varchar varchar(20) DEFAULT 'x''y',
  c_text text,
  c_name name,
  c_citext citext,
  c_numeric numeric(10,3),
  c_numeric_var numeric,
  c_money money,
  c_bytea bytea,
  c_uuid uuid,
  c_json json,
  c_jsonb jsonb,
  c_xml xml,
  c_date date,
  c_date_bc date,
  c_time time,
  c_time3 time(3),
  c_time24 time,
  c_timetz timetz,
  c_ts timestamp,
  c_ts3 timestamp(3),
  c_ts_inf timestamp,
  c_tstz timestamptz DEFAULT now(),
  c_tstz0 timestamptz(0),
  c_tstz_bc timestamptz,
  c_interval interval,
  c_interval_neg interval,
  c_bit1 bit(1),
  c_bit bit(12),
  c_varbit varbit(20),
  c_mood types_it.mood,
  c_hstore hstore,
  c_inet inet,
  c_cidr cidr,
  c_macaddr macaddr,
  c_macaddr8 macaddr8,
  c_int4range int4range,
  c_tstzrange tstzrange,
  c_point point,
  c_ltree ltree,
  c_tsvector tsvector,
  c_int_arr int4[],
  c_text_arr text[],
  c_num_arr numeric(5,2)[],
  c_mood_arr types_it.mood[],
  c_price types_it.price2 NOT NULL DEFAULT 1.5,
  c_money_arr money[],
  c_composite_unknown pg_lsn
);
ALTER TABLE types_it.all_types REPLICA IDENTITY FULL;
INSERT INTO types_it.all_types (
  c_int2, c_int4, c_int8, c_oid, c_float4, c_float8, c_float8_nan, c_bool, c_char, c_varchar, c_text, c_name,
  c_citext, c_numeric, c_numeric_var, c_money, c_bytea, c_uuid, c_json, c_jsonb, c_xml, c_date, c_date_bc, c_time,
  c_time3, c_time24, c_timetz, c_ts, c_ts3, c_ts_inf, c_tstz, c_tstz0, c_tstz_bc, c_interval, c_interval_neg, c_bit1,
  c_bit, c_varbit, c_mood, c_hstore, c_inet, c_cidr, c_macaddr, c_macaddr8, c_int4range, c_tstzrange, c_point,
  c_ltree, c_tsvector, c_int_arr, c_text_arr, c_num_arr, c_mood_arr, c_price, c_money_arr, c_composite_unknown)
VALUES (
  -32768, 2147483647, -9223372036854775808, 4294967295, 1.1, 0.1, 'NaN', false, 'ab', 'héllo', E'line\nbreak', 'nm',
  'MiXed', -1234.5, 1.500, -1234.56, '\x00ff10', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{"b": 1,  "a": 2}',
  '{"b": 1,  "a": [1,2]}', '<a>x</a>', '2024-02-29', '0044-03-15 BC', '10:15:30.123456', '10:15:30.1234',
  '24:00:00', '10:15:30.12+05:45', '2020-04-01 11:51:02.123456', '2020-04-01 11:51:02.1236', 'infinity',
  '2020-04-01 13:51:02.5+02', '2020-04-01 13:51:02.5+02', '0001-01-01 00:00:00+00 BC',
  '1 year 2 months 3 days 04:05:06.789', '-1 day +02:03:00', B'1', B'100000000001', B'101', 'meh',
  'b=>1, a=>NULL, q=>"x\"y"', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05',
  '[1,10)', '[2020-01-01 00:00:00+00,2020-02-01 00:00:00+00)', '(1.5,-2)', 'top.science.astronomy',
  'a fat cat', '{1,NULL,-3}', ARRAY['a b', 'c"d', NULL, 'NULL'], '{1.5,-2}', '{sad,happy}', 2.25, '{$1.00}',
  '0/16B3748');
DROP ROLE IF EXISTS types_reader;
CREATE ROLE types_reader WITH LOGIN PASSWORD 'types-pw';
GRANT USAGE ON SCHEMA types_it TO types_reader;
GRANT SELECT ON types_it.all_types TO types_reader;
)SQL";

}  // namespace

TEST_CASE("a SELECT-only role loads a table with every type and its text converts as Debezium's does",
          "[integration][postgres][types]") {
  {
    auto admin = connect(pgSuperuserConnString());
    exec(admin.get(), kSetup, PGRES_COMMAND_OK);
    exec(admin.get(), kAddLabel, PGRES_COMMAND_OK);
    exec(admin.get(), kCreate, PGRES_COMMAND_OK);
  }
  auto conn = connect(pgConnString("types_reader", "types-pw"));
  exec(conn.get(),
       "SET DateStyle=ISO; SET client_encoding=UTF8; SET extra_float_digits=3; SET TimeZone='UTC'; "
       "SET IntervalStyle=postgres",
       PGRES_COMMAND_OK);
  auto super = exec(conn.get(), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", PGRES_TUPLES_OK);
  REQUIRE(std::string(PQgetvalue(super.get(), 0, 0)) == "f");
  auto oid_res = exec(conn.get(), "SELECT 'types_it.all_types'::regclass::oid", PGRES_TUPLES_OK);
  const auto rel_oid = static_cast<std::uint32_t>(std::stoul(PQgetvalue(oid_res.get(), 0, 0)));

  const PgRelation rel = loadRelation(conn.get(), rel_oid);
  CHECK(rel.schema == "types_it");
  CHECK(rel.name == "all_types");
  CHECK(rel.replica_identity == 'f');
  CHECK(rel.primary_key == std::vector<std::string>{"id"});
  std::map<std::string, const PgColumn*> cols;
  for (const auto& c : rel.columns) cols[c.name] = &c;
  REQUIRE(cols.size() == 57);
  CHECK(rel.columns.front().name == "id");

  // Catalog facts.
  CHECK(cols["id"]->optional == false);
  CHECK(cols["id"]->default_expression == std::optional<std::string>("nextval('types_it.all_types_id_seq'::regclass)"));
  CHECK(cols["c_int2"]->optional == false);
  CHECK(cols["c_int8"]->default_expression == std::optional<std::string>("'-9'::bigint"));
  CHECK(cols["c_varchar"]->default_expression == std::optional<std::string>("'x''y'::character varying"));
  CHECK(cols["c_mood"]->type.typtype == 'e');
  CHECK(cols["c_mood"]->type.enum_labels == std::vector<std::string>{"sad", "meh", "ok", "happy"});
  CHECK(cols["c_price"]->type.name == "numeric");  // domain over domain over numeric(8,3)
  CHECK(cols["c_price"]->declared_type == "price2");
  CHECK(cols["c_price"]->typmod == ((8 << 16) | 3) + 4);
  REQUIRE(cols["c_mood_arr"]->type.element);
  CHECK(cols["c_mood_arr"]->type.category == 'A');
  CHECK(cols["c_mood_arr"]->type.element->enum_labels.size() == 4);
  REQUIRE(cols["c_num_arr"]->type.element);
  CHECK(cols["c_num_arr"]->type.element->oid == oid::kNumeric);
  CHECK(cols["c_hstore"]->type.name == "hstore");

  // Values, through the text the connector reads.
  auto rows = exec(conn.get(), "SELECT * FROM types_it.all_types", PGRES_TUPLES_OK);
  REQUIRE(PQntuples(rows.get()) == 1);
  const TypeModes modes;
  std::map<std::string, ColumnConverter> conv;
  std::map<std::string, Value> value;
  for (int i = 0; i < PQnfields(rows.get()); ++i) {
    const std::string name = PQfname(rows.get(), i);
    auto c = makeColumnConverter(*cols.at(name), modes);
    if (!c) continue;
    conv.emplace(name, *c);
    INFO(name << " = " << PQgetvalue(rows.get(), 0, i));
    REQUIRE_FALSE(PQgetisnull(rows.get(), 0, i));
    value.emplace(name, c->fromText(PQgetvalue(rows.get(), 0, i)));
  }
  CHECK(conv.count("c_money_arr") == 0);
  CHECK(conv.count("c_composite_unknown") == 0);
  CHECK(conv.size() == 55);

  CHECK(value["id"] == Value::int32(1));
  CHECK(conv.at("id").schema()->defaultValue() == Value::int32(0));
  CHECK(conv.at("c_int2").schema()->defaultValue() == Value::int16(7));
  CHECK(conv.at("c_int8").schema()->defaultValue() == Value::int64(-9));
  CHECK(conv.at("c_bool").schema()->defaultValue() == Value::boolean(true));
  CHECK(conv.at("c_varchar").schema()->defaultValue() == Value::string("x"));  // Debezium's lazy '(.*?)'
  CHECK(conv.at("c_tstz").schema()->defaultValue() == Value::string("1970-01-01T00:00:00.000000Z"));
  CHECK(conv.at("c_price").schema()->defaultValue().isNull());  // domain: no default parser
  CHECK(value["c_int2"] == Value::int16(-32768));
  CHECK(value["c_int4"] == Value::int32(2147483647));
  CHECK(value["c_int8"] == Value::int64(std::numeric_limits<std::int64_t>::min()));
  CHECK(value["c_oid"] == Value::int64(4294967295LL));
  CHECK(value["c_float4"] == Value::float32(1.1f));
  CHECK(value["c_float8"] == Value::float64(0.1));
  CHECK(std::isnan(value["c_float8_nan"].asFloat64()));
  CHECK(value["c_bool"] == Value::boolean(false));
  CHECK(value["c_char"] == Value::string("ab   "));
  CHECK(value["c_varchar"] == Value::string("héllo"));
  CHECK(value["c_text"] == Value::string("line\nbreak"));
  CHECK(value["c_name"] == Value::string("nm"));
  CHECK(value["c_citext"] == Value::string("MiXed"));
  CHECK(value["c_numeric"] == Value::decimal(Decimal::fromInt64(-1234500, 3)));
  CHECK(value["c_numeric_var"].asStruct()->get("scale") == Value::int32(1));
  CHECK(value["c_numeric_var"].asStruct()->get("value") == Value::bytes({15}));
  CHECK(value["c_money"] == Value::decimal(Decimal::fromInt64(-123456, 2)));
  CHECK(value["c_bytea"] == Value::bytes({0x00, 0xff, 0x10}));
  CHECK(value["c_uuid"] == Value::string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
  CHECK(value["c_json"] == Value::string(R"({"b": 1,  "a": 2})"));
  CHECK(value["c_jsonb"] == Value::string(R"({"a": [1, 2], "b": 1})"));
  CHECK(value["c_xml"] == Value::string("<a>x</a>"));
  CHECK(value["c_date"] == Value::int32(19782));
  CHECK(value["c_date_bc"] == Value::int32(-735160));
  CHECK(value["c_time"] == Value::int64(36'930'123'456LL));
  CHECK(value["c_time3"] == Value::int32(36'930'123));
  CHECK(value["c_time24"] == Value::int64(86'400'000'000LL));
  CHECK(value["c_timetz"] == Value::string("04:30:30.12Z"));
  const std::int64_t base = 18353LL * 86'400'000'000LL + (11 * 3600 + 51 * 60 + 2) * 1'000'000LL;
  CHECK(value["c_ts"] == Value::int64(base + 123456));
  CHECK(value["c_ts3"] == Value::int64((base + 124000) / 1000));  // PostgreSQL rounds .1236 to .124
  CHECK(value["c_ts_inf"] == Value::int64(9223372036825200000LL));
  CHECK(value["c_tstz"] == Value::string("2020-04-01T11:51:02.500000Z"));
  CHECK(value["c_tstz0"] == Value::string("2020-04-01T11:51:03Z"));  // timestamptz(0) rounds
  CHECK(value["c_tstz_bc"] == Value::string("0000-01-01T00:00:00.000000Z"));
  CHECK(value["c_interval"] == Value::int64(37091106789000LL));
  CHECK(value["c_interval_neg"] == Value::int64(-79020000000LL));
  CHECK(value["c_bit1"] == Value::boolean(true));
  CHECK(value["c_bit"] == Value::bytes({0x01, 0x08}));
  CHECK(*conv.at("c_bit").schema()->parameter("length") == "12");
  CHECK(value["c_varbit"] == Value::bytes({0x05}));
  CHECK(value["c_mood"] == Value::string("meh"));
  CHECK(*conv.at("c_mood").schema()->parameter("allowed") == "sad,meh,ok,happy");
  CHECK(value["c_hstore"] == Value::string(R"({"a":null,"q":"x\"y","b":"1"})"));
  CHECK(value["c_inet"] == Value::string("192.168.0.1/24"));
  CHECK(value["c_cidr"] == Value::string("10.0.0.0/8"));
  CHECK(value["c_macaddr"] == Value::string("08:00:2b:01:02:03"));
  CHECK(value["c_macaddr8"] == Value::string("08:00:2b:01:02:03:04:05"));
  CHECK(value["c_int4range"] == Value::string("[1,10)"));
  CHECK(value["c_tstzrange"] == Value::string(R"(["2020-01-01 00:00:00+00","2020-02-01 00:00:00+00"))"));
  CHECK(value["c_point"].asStruct()->get("x") == Value::float64(1.5));
  CHECK(value["c_ltree"] == Value::string("top.science.astronomy"));
  CHECK(value["c_tsvector"] == Value::string("'a' 'cat' 'fat'"));
  CHECK(value["c_int_arr"] == Value::array({Value::int32(1), Value(), Value::int32(-3)}));
  CHECK(value["c_text_arr"] ==
        Value::array({Value::string("a b"), Value::string("c\"d"), Value(), Value::string("NULL")}));
  CHECK(value["c_num_arr"] ==
        Value::array({Value::decimal(Decimal::fromInt64(150, 2)), Value::decimal(Decimal::fromInt64(-200, 2))}));
  CHECK(value["c_mood_arr"] == Value::array({Value::string("sad"), Value::string("happy")}));
  CHECK(value["c_price"] == Value::decimal(Decimal::fromInt64(2250, 3)));
  CHECK(*conv.at("c_price").schema()->parameter("connect.decimal.precision") == "8");
  CHECK(conv.at("c_price").schema()->isOptional() == false);

  auto admin = connect(pgSuperuserConnString());
  exec(admin.get(), "DROP SCHEMA types_it CASCADE; DROP ROLE types_reader", PGRES_COMMAND_OK);
}
