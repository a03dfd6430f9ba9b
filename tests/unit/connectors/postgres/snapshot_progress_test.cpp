// The snapshot progress report (GET /connectors/{c}/tasks/{n}/metrics) without a database.
#include <catch2/catch.hpp>

#include "connectors/postgres/snapshot_progress.hpp"

using connectd::postgres::SnapshotProgress;

TEST_CASE("snapshot progress reports tables and rows as the snapshot advances", "[postgres][snapshot]") {
  SnapshotProgress p;
  CHECK(p.toJson(0).dump() == R"({"state":"none"})");

  p.start({{"public.a", 2000}, {"public.b", std::nullopt}}, 1000);
  CHECK(p.toJson(1500).dump() ==
        R"({"state":"running","total_table_count":2,"remaining_table_count":2,"rows_scanned":0,"duration_ms":500,)"
        R"("tables":[{"table":"public.a","state":"pending","rows_scanned":0,"rows_estimated":2000},)"
        R"({"table":"public.b","state":"pending","rows_scanned":0,"rows_estimated":null}]})");

  p.rowsScanned(0, 1024);
  p.rowsScanned(0, 976);
  p.tableCompleted(0);
  p.rowsScanned(1, 3);
  p.rowsScanned(7, 1);  // no such table: ignored
  const auto mid = p.toJson(2000);
  CHECK(mid["remaining_table_count"] == 1);
  CHECK(mid["rows_scanned"] == 2003);
  CHECK(mid["tables"][0]["state"] == "completed");
  CHECK(mid["tables"][0]["rows_scanned"] == 2000);
  CHECK(mid["tables"][1]["state"] == "running");

  p.completed(3000);
  p.aborted(4000);  // a stop after completion changes nothing
  const auto done = p.toJson(9000);
  CHECK(done["state"] == "completed");
  CHECK(done["remaining_table_count"] == 0);
  CHECK(done["duration_ms"] == 2000);
  CHECK(done["tables"][1]["state"] == "completed");
}

TEST_CASE("a snapshot stopped before it completed is reported as aborted", "[postgres][snapshot]") {
  SnapshotProgress p;
  p.start({{"public.a", 10}}, 0);
  p.rowsScanned(0, 4);
  p.aborted(50);
  const auto j = p.toJson(100);
  CHECK(j["state"] == "aborted");
  CHECK(j["duration_ms"] == 50);
  CHECK(j["remaining_table_count"] == 1);
}
