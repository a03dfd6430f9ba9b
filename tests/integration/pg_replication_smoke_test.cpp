// Proves the rig's PostgreSQL is real and set up for logical decoding: a role with REPLICATION and nothing
// else opens a logical replication connection with libpq and creates and drops a pgoutput slot.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <iostream>
#include <memory>
#include <string>

#include "rig.hpp"

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

}  // namespace

TEST_CASE("the rig's PostgreSQL is 15 with wal_level=logical", "[integration][postgres]") {
  auto conn = connect(pgSuperuserConnString());
  auto version = exec(conn.get(), "SELECT version()", PGRES_TUPLES_OK);
  std::cout << "PostgreSQL server: " << PQgetvalue(version.get(), 0, 0) << "\n";
  CHECK(PQserverVersion(conn.get()) / 10000 == 15);
  auto wal = exec(conn.get(), "SHOW wal_level", PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(wal.get(), 0, 0)) == "logical");
  auto slots = exec(conn.get(), "SHOW max_replication_slots", PGRES_TUPLES_OK);
  CHECK(std::stoi(PQgetvalue(slots.get(), 0, 0)) >= 10);
  auto senders = exec(conn.get(), "SHOW max_wal_senders", PGRES_TUPLES_OK);
  CHECK(std::stoi(PQgetvalue(senders.get(), 0, 0)) >= 10);
}

TEST_CASE("a REPLICATION-only role creates and drops a pgoutput slot over a replication connection",
          "[integration][postgres]") {
  auto admin = connect(pgSuperuserConnString());
  exec(admin.get(), "DROP ROLE IF EXISTS smoke_repl", PGRES_COMMAND_OK);
  exec(admin.get(), "CREATE ROLE smoke_repl WITH LOGIN REPLICATION PASSWORD 'smoke-pw'", PGRES_COMMAND_OK);
  exec(admin.get(), "CREATE TABLE IF NOT EXISTS smoke_private(id int)", PGRES_COMMAND_OK);

  // The role has nothing but LOGIN and REPLICATION: reading a table is refused.
  {
    auto plain = connect(pgConnString("smoke_repl", "smoke-pw"));
    PgResult res(PQexec(plain.get(), "SELECT * FROM smoke_private"), &PQclear);
    CHECK(PQresultStatus(res.get()) == PGRES_FATAL_ERROR);
    CHECK(std::string(PQerrorMessage(plain.get())).find("permission denied") != std::string::npos);
    auto super = exec(plain.get(), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", PGRES_TUPLES_OK);
    CHECK(std::string(PQgetvalue(super.get(), 0, 0)) == "f");
  }

  auto repl = connect(pgConnString("smoke_repl", "smoke-pw", "postgres", "replication=database"));
  auto ident = exec(repl.get(), "IDENTIFY_SYSTEM", PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(ident.get(), 0, 3)) == "postgres");  // dbname column

  auto created = exec(repl.get(), "CREATE_REPLICATION_SLOT smoke_slot LOGICAL pgoutput", PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(created.get(), 0, 0)) == "smoke_slot");
  CHECK(std::string(PQgetvalue(created.get(), 0, 1)).find('/') != std::string::npos);  // consistent point LSN
  CHECK(std::string(PQgetvalue(created.get(), 0, 3)) == "pgoutput");

  auto listed =
      exec(admin.get(), "SELECT plugin, slot_type, database FROM pg_replication_slots WHERE slot_name = 'smoke_slot'",
           PGRES_TUPLES_OK);
  REQUIRE(PQntuples(listed.get()) == 1);
  CHECK(std::string(PQgetvalue(listed.get(), 0, 0)) == "pgoutput");
  CHECK(std::string(PQgetvalue(listed.get(), 0, 1)) == "logical");

  exec(repl.get(), "DROP_REPLICATION_SLOT smoke_slot", PGRES_COMMAND_OK);
  auto gone = exec(admin.get(), "SELECT 1 FROM pg_replication_slots WHERE slot_name = 'smoke_slot'", PGRES_TUPLES_OK);
  CHECK(PQntuples(gone.get()) == 0);

  repl.reset();
  exec(admin.get(), "DROP TABLE smoke_private", PGRES_COMMAND_OK);
  exec(admin.get(), "DROP ROLE smoke_repl", PGRES_COMMAND_OK);
}

TEST_CASE("a wrong password is refused over TCP", "[integration][postgres]") {
  PgConn conn(PQconnectdb(pgConnString(rig("PG_SUPERUSER"), "definitely-wrong").c_str()), &PQfinish);
  CHECK(PQstatus(conn.get()) == CONNECTION_BAD);
  CHECK(std::string(PQerrorMessage(conn.get())).find("password authentication failed") != std::string::npos);
}
