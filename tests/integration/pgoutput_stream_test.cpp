// The pgoutput decoder and the replication protocol envelope against a real PostgreSQL 15: a REPLICATION role
// (not the superuser) opens a logical replication connection, creates a pgoutput slot, streams changes made
// by another session, and every CopyData must decode to the message sequence PostgreSQL documents, with the
// LSNs where contract §6.4 puts them. A standby status update built by our encoder must move the slot's
// confirmed_flush_lsn. Protocol 1 (what Debezium uses) and protocol 2 with streaming of a large in-progress
// transaction (which carries xids) are both exercised.
#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "connectors/postgres/lsn.hpp"
#include "connectors/postgres/pgoutput_decoder.hpp"
#include "connectors/postgres/replication_protocol.hpp"
#include "rig.hpp"

using namespace connectd::test;
using namespace connectd::connectors::postgres;

namespace {

using PgConn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

constexpr const char* kRolePassword = "pgoutput-test-pw";
constexpr auto kStreamTimeout = std::chrono::seconds(60);

PgConn connect(const std::string& conninfo) {
  PgConn conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    FAIL("connection failed: " << PQerrorMessage(conn.get()));  // libpq's message never holds the password
  }
  return conn;
}

PgResult exec(PGconn* conn, const std::string& sql, ExecStatusType expected) {
  PgResult res(PQexec(conn, sql.c_str()), &PQclear);
  INFO(sql << " -> " << PQerrorMessage(conn));
  REQUIRE(PQresultStatus(res.get()) == expected);
  return res;
}

std::string queryValue(PGconn* conn, const std::string& sql) {
  auto res = exec(conn, sql, PGRES_TUPLES_OK);
  REQUIRE(PQntuples(res.get()) == 1);
  return PQgetvalue(res.get(), 0, 0);
}

Lsn lsnOf(const std::string& text) {
  const auto lsn = parseLsn(text);
  INFO("LSN text '" << text << "'");
  REQUIRE(lsn.has_value());
  return *lsn;
}

TupleColumn text(std::string v) {
  return {TupleColumn::Kind::kText, std::move(v)};
}
TupleColumn binary(std::string v) {
  return {TupleColumn::Kind::kBinary, std::move(v)};
}
TupleColumn null() {
  return {TupleColumn::Kind::kNull, {}};
}
TupleColumn unchangedToast() {
  return {TupleColumn::Kind::kUnchangedToast, {}};
}

std::string int4Binary(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// One decoded XLogData: the envelope's LSNs and the pgoutput message it carried.
struct Received {
  Lsn data_start = 0;
  Lsn wal_end = 0;
  PgTimestamp send_time = 0;
  PgOutputMessage message;
};

// The slot's role, tables and publication, created by the superuser and dropped again afterwards (and
// before, should an earlier run against the same rig have left them behind). Names derive from the
// scenario's, so scenarios can run in parallel.
class Scenario {
 public:
  Scenario(std::string name, std::vector<std::string> tables)
      : name_(std::move(name)), tables_(std::move(tables)), admin_(connect(pgSuperuserConnString())) {
    teardown();
    exec(admin(), "CREATE ROLE " + role() + " WITH LOGIN REPLICATION PASSWORD '" + kRolePassword + "'",
         PGRES_COMMAND_OK);
  }
  ~Scenario() { teardown(); }
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;

  PGconn* admin() { return admin_.get(); }
  const std::string& slot() const { return name_; }
  std::string role() const { return name_ + "_role"; }
  std::string publication() const { return name_ + "_pub"; }

  // The replication connection: the REPLICATION role, never the superuser.
  PgConn connectReplication(const std::string& extra = "") {
    return connect(pgConnString(role(), kRolePassword, "postgres", "replication=database " + extra));
  }

  void createTable(const std::string& table, const std::string& definition) {
    exec(admin(), "CREATE TABLE " + table + " " + definition, PGRES_COMMAND_OK);
    exec(admin(), "GRANT SELECT ON " + table + " TO " + role(), PGRES_COMMAND_OK);
  }
  Oid oidOf(const std::string& table) {
    return static_cast<Oid>(std::stoul(queryValue(admin(), "SELECT '" + table + "'::regclass::oid")));
  }

  // "" once the slot is gone.
  std::string confirmedFlush() {
    auto res = exec(admin(), "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + name_ + "'",
                    PGRES_TUPLES_OK);
    return PQntuples(res.get()) == 1 ? PQgetvalue(res.get(), 0, 0) : "";
  }

 private:
  // Best effort, also after a failed assertion: no REQUIREs here. A slot is dropped once its walsender has
  // gone (the replication connection closes before the Scenario is destroyed).
  void teardown() {
    const auto run = [&](const std::string& sql) { PQclear(PQexec(admin(), sql.c_str())); };
    waitFor(
        [&] {
          const std::string sql = "SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + name_ + "' AND active";
          PgResult res(PQexec(admin(), sql.c_str()), &PQclear);
          return PQresultStatus(res.get()) != PGRES_TUPLES_OK || PQntuples(res.get()) == 0;
        },
        std::chrono::seconds(10));
    run("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + name_ + "'");
    run("DROP PUBLICATION IF EXISTS " + publication());
    for (const auto& table : tables_) {
      run("DROP TABLE IF EXISTS " + table);
    }
    run("DROP ROLE IF EXISTS " + role());
  }

  std::string name_;
  std::vector<std::string> tables_;
  PgConn admin_;
};

// A START_REPLICATION session: reads CopyData without blocking past a deadline and decodes it, keeping track
// of Stream Start/Stop so that streamed messages are decoded with their xid.
class ReplicationSession {
 public:
  ReplicationSession(PGconn* conn, DecodeContext context) : conn_(conn), context_(context) {}

  std::vector<Received> received;
  int keepalives = 0;

  // Reads until `done` holds for what was received so far.
  void readUntil(const std::function<bool(const std::vector<Received>&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kStreamTimeout;
    while (!done(received)) {
      char* raw = nullptr;
      const int n = PQgetCopyData(conn_, &raw, 1);
      if (n > 0) {
        std::unique_ptr<char, decltype(&PQfreemem)> buffer(raw, &PQfreemem);
        handle(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(raw), static_cast<std::size_t>(n)));
        continue;
      }
      INFO(PQerrorMessage(conn_));
      REQUIRE(n == 0);  // -1: the server ended the stream, -2: an error
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      REQUIRE(left.count() > 0);
      pollfd fd{PQsocket(conn_), POLLIN, 0};
      REQUIRE(poll(&fd, 1, static_cast<int>(left.count())) >= 0);
      REQUIRE(PQconsumeInput(conn_) == 1);
    }
  }

  void confirm(Lsn flushed) {
    const auto now_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    const auto update = encodeStandbyStatusUpdate(
        StandbyStatusUpdate{flushed, flushed, flushed, unixMicrosToPgTimestamp(now_us.count()), false});
    REQUIRE(PQputCopyData(conn_, reinterpret_cast<const char*>(update.data()), static_cast<int>(update.size())) == 1);
    REQUIRE(PQflush(conn_) == 0);
  }

  // CopyDone, then drain whatever the server still had in flight until it ends the COPY.
  void finish() {
    REQUIRE(PQputCopyEnd(conn_, nullptr) == 1);
    REQUIRE(PQflush(conn_) == 0);
    const auto deadline = std::chrono::steady_clock::now() + kStreamTimeout;
    while (true) {
      char* raw = nullptr;
      const int n = PQgetCopyData(conn_, &raw, 1);
      if (n > 0) {
        PQfreemem(raw);
        continue;
      }
      if (n == -1) {
        break;
      }
      INFO(PQerrorMessage(conn_));
      REQUIRE(n == 0);
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      REQUIRE(left.count() > 0);
      pollfd fd{PQsocket(conn_), POLLIN, 0};
      REQUIRE(poll(&fd, 1, static_cast<int>(left.count())) >= 0);
      REQUIRE(PQconsumeInput(conn_) == 1);
    }
    while (PGresult* res = PQgetResult(conn_)) {
      PQclear(res);
    }
  }

 private:
  void handle(std::span<const std::uint8_t> copy_data) {
    const auto envelope = decodeReplicationMessage(copy_data);
    INFO((envelope.ok() ? std::string() : envelope.error().message));
    REQUIRE(envelope.ok());
    if (std::holds_alternative<PrimaryKeepalive>(envelope.value())) {
      ++keepalives;
      return;
    }
    const auto& xlog = std::get<XLogData>(envelope.value());
    auto decoded = decodePgOutputMessage(xlog.payload, context_);
    INFO("message " << received.size() << ": " << (decoded.ok() ? std::string() : decoded.error().message));
    REQUIRE(decoded.ok());
    if (std::holds_alternative<StreamStart>(decoded.value())) {
      context_.in_streamed_transaction = true;
    } else if (std::holds_alternative<StreamStop>(decoded.value())) {
      context_.in_streamed_transaction = false;
    }
    received.push_back(Received{xlog.data_start, xlog.wal_end, xlog.send_time, std::move(decoded).value()});
  }

  PGconn* conn_;
  DecodeContext context_;
};

// Walks the received messages in order, failing on the first one of an unexpected type.
class Expect {
 public:
  explicit Expect(const std::vector<Received>& received) : received_(received) {}

  template <typename T>
  struct At {
    const Received& w;
    const T& m;
  };

  template <typename T>
  At<T> next() {
    INFO("message " << pos_ << " of " << received_.size());
    REQUIRE(pos_ < received_.size());
    const auto& r = received_[pos_++];
    INFO("got " << messageName(r.message));
    REQUIRE(std::holds_alternative<T>(r.message));
    return At<T>{r, std::get<T>(r.message)};
  }
  std::size_t position() const { return pos_; }
  bool done() const { return pos_ == received_.size(); }

 private:
  const std::vector<Received>& received_;
  std::size_t pos_ = 0;
};

// What contract §6.4 says about the LSNs of one transaction as PG 15 sends it.
void checkTransaction(const Expect::At<Begin>& begin, Lsn first_change_at, const Expect::At<Commit>& commit) {
  CHECK(begin.m.final_lsn == commit.m.commit_lsn);  // Begin announces the commit record's LSN
  CHECK(begin.m.commit_time == commit.m.commit_time);
  CHECK(commit.m.commit_lsn < commit.m.end_lsn);
  CHECK(begin.w.data_start == first_change_at);    // PG15+: Begin is written from the first change's callback
  CHECK(commit.w.data_start == commit.m.end_lsn);  // the Commit's envelope carries the end of the commit record
  CHECK(commit.w.wal_end == commit.w.data_start);
  const auto now_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  CHECK(std::abs(pgTimestampToUnixMicros(commit.m.commit_time) - now_us) < 600'000'000);
}

std::string describe(std::span<const Received> received) {
  std::ostringstream out;
  for (const auto& r : received) {
    out << "  " << messageName(r.message) << " @" << formatLsn(r.data_start);
    if (const auto* commit = std::get_if<Commit>(&r.message)) {
      out << " (commit " << formatLsn(commit->commit_lsn) << ", end " << formatLsn(commit->end_lsn) << ")";
    } else if (const auto* begin = std::get_if<Begin>(&r.message)) {
      out << " (final " << formatLsn(begin->final_lsn) << ", xid " << begin->xid << ")";
    } else if (const auto* start = std::get_if<StreamStart>(&r.message)) {
      out << " (xid " << start->xid << (start->first_segment ? ", first" : "") << ")";
    } else if (const auto* commit_s = std::get_if<StreamCommit>(&r.message)) {
      out << " (xid " << commit_s->xid << ", commit " << formatLsn(commit_s->commit_lsn) << ", end "
          << formatLsn(commit_s->end_lsn) << ")";
    }
    out << "\n";
  }
  return out.str();
}

std::uint32_t xidOf(const std::string& xid8) {
  return static_cast<std::uint32_t>(std::stoull(xid8));
}

}  // namespace

TEST_CASE("pgoutput protocol 1 from PostgreSQL 15 decodes to the documented message sequence",
          "[integration][postgres][pgoutput]") {
  Scenario scenario("pgoutput_v1", {"pgo_v1", "pgo_v1_full"});
  PGconn* admin = scenario.admin();
  scenario.createTable("pgo_v1", "(id int PRIMARY KEY, name text, note text)");
  // Out-of-line, uncompressed TOAST for long notes, so that an update leaving the note alone sends 'u'.
  exec(admin, "ALTER TABLE pgo_v1 ALTER COLUMN note SET STORAGE EXTERNAL", PGRES_COMMAND_OK);
  scenario.createTable("pgo_v1_full", "(id int, name text)");
  exec(admin, "ALTER TABLE pgo_v1_full REPLICA IDENTITY FULL", PGRES_COMMAND_OK);
  exec(admin, "CREATE PUBLICATION " + scenario.publication() + " FOR TABLE pgo_v1, pgo_v1_full", PGRES_COMMAND_OK);
  const Oid v1_oid = scenario.oidOf("pgo_v1");
  const Oid full_oid = scenario.oidOf("pgo_v1_full");

  auto repl = scenario.connectReplication();
  auto created = exec(repl.get(), "CREATE_REPLICATION_SLOT " + scenario.slot() + " LOGICAL pgoutput", PGRES_TUPLES_OK);
  const Lsn consistent_point = lsnOf(PQgetvalue(created.get(), 0, 1));
  CHECK(lsnOf(scenario.confirmedFlush()) == consistent_point);

  // Each statement is its own transaction unless grouped.
  exec(admin, "BEGIN", PGRES_COMMAND_OK);
  exec(admin, "INSERT INTO pgo_v1 VALUES (1, 'one', NULL)", PGRES_COMMAND_OK);
  const auto insert_xid = xidOf(queryValue(admin, "SELECT pg_current_xact_id()"));
  exec(admin, "COMMIT", PGRES_COMMAND_OK);
  exec(admin, "UPDATE pgo_v1 SET name = 'uno' WHERE id = 1", PGRES_COMMAND_OK);
  exec(admin, "UPDATE pgo_v1 SET id = 2 WHERE id = 1", PGRES_COMMAND_OK);
  exec(admin, "INSERT INTO pgo_v1 VALUES (3, 'three', repeat('x', 10000))", PGRES_COMMAND_OK);
  exec(admin, "UPDATE pgo_v1 SET name = 'tres' WHERE id = 3", PGRES_COMMAND_OK);
  exec(admin, "DELETE FROM pgo_v1 WHERE id = 2", PGRES_COMMAND_OK);
  exec(admin,
       "BEGIN; INSERT INTO pgo_v1_full VALUES (10, 'ten'); UPDATE pgo_v1_full SET name = 'diez'; "
       "DELETE FROM pgo_v1_full; COMMIT",
       PGRES_COMMAND_OK);
  exec(admin, "TRUNCATE pgo_v1, pgo_v1_full RESTART IDENTITY", PGRES_COMMAND_OK);
  // pg_logical_emit_message returns what XLogInsert returned: the END of the message's WAL record.
  const Lsn transactional_at =
      lsnOf(queryValue(admin, "SELECT pg_logical_emit_message(true, 'pgo-prefix', 'pgo-content')"));
  const Lsn nontransactional_at =
      lsnOf(queryValue(admin, "SELECT pg_logical_emit_message(false, 'pgo-prefix', 'non-transactional')"));

  exec(repl.get(),
       "START_REPLICATION SLOT " + scenario.slot() + " LOGICAL 0/0 (\"proto_version\" '1', \"publication_names\" '" +
           scenario.publication() + "', \"messages\" 'true')",
       PGRES_COPY_BOTH);
  ReplicationSession session(repl.get(), DecodeContext{1, false, false});
  session.readUntil([](const std::vector<Received>& received) {
    const auto* last = received.empty() ? nullptr : std::get_if<LogicalMessage>(&received.back().message);
    return last != nullptr && last->content == "non-transactional";
  });
  std::cout << "pgoutput proto_version 1 from PostgreSQL " << PQparameterStatus(admin, "server_version") << " ("
            << session.received.size() << " XLogData, " << session.keepalives << " keepalives), slot created at "
            << formatLsn(consistent_point) << ":\n"
            << describe(session.received);

  Expect expect(session.received);
  const std::vector<RelationColumn> v1_columns{{1, "id", 23, -1}, {0, "name", 25, -1}, {0, "note", 25, -1}};
  Lsn last_commit_end = 0;
  {
    INFO("INSERT (1, 'one', NULL)");
    const auto begin = expect.next<Begin>();
    CHECK(begin.m.xid == insert_xid);
    const auto relation = expect.next<Relation>();
    CHECK(relation.w.data_start == 0);  // written ahead of the change it belongs to
    CHECK(relation.m == Relation{std::nullopt, v1_oid, "public", "pgo_v1", ReplicaIdentity::kDefault, v1_columns});
    const auto insert = expect.next<Insert>();
    CHECK(insert.m == Insert{std::nullopt, v1_oid, TupleData{{text("1"), text("one"), null()}}});
    CHECK(insert.w.wal_end == insert.w.data_start);
    // The slot's consistent point is the end of the last record it read while being created; the insert's
    // record is the next one, and a change is reported at the start of its record.
    CHECK(insert.w.data_start >= consistent_point);
    const auto commit = expect.next<Commit>();
    checkTransaction(begin, insert.w.data_start, commit);
    CHECK(commit.m.commit_lsn > insert.w.data_start);
  }
  {
    INFO("UPDATE name: no old tuple");
    const auto begin = expect.next<Begin>();
    const auto update = expect.next<Update>();
    CHECK(update.m == Update{std::nullopt, v1_oid, std::nullopt, TupleData{{text("1"), text("uno"), null()}}});
    checkTransaction(begin, update.w.data_start, expect.next<Commit>());
  }
  {
    INFO("UPDATE id: the old key");
    const auto begin = expect.next<Begin>();
    const auto update = expect.next<Update>();
    CHECK(update.m == Update{std::nullopt, v1_oid,
                             OldTuple{OldTuple::Kind::kKey, TupleData{{text("1"), null(), null()}}},
                             TupleData{{text("2"), text("uno"), null()}}});
    checkTransaction(begin, update.w.data_start, expect.next<Commit>());
  }
  {
    INFO("INSERT a TOASTed note");
    const auto begin = expect.next<Begin>();
    const auto insert = expect.next<Insert>();
    CHECK(insert.m ==
          Insert{std::nullopt, v1_oid, TupleData{{text("3"), text("three"), text(std::string(10000, 'x'))}}});
    checkTransaction(begin, insert.w.data_start, expect.next<Commit>());
  }
  {
    INFO("UPDATE leaving the TOASTed note unchanged");
    const auto begin = expect.next<Begin>();
    const auto update = expect.next<Update>();
    CHECK(update.m ==
          Update{std::nullopt, v1_oid, std::nullopt, TupleData{{text("3"), text("tres"), unchangedToast()}}});
    checkTransaction(begin, update.w.data_start, expect.next<Commit>());
  }
  {
    INFO("DELETE: the old key, other columns null");
    const auto begin = expect.next<Begin>();
    const auto del = expect.next<Delete>();
    CHECK(del.m ==
          Delete{std::nullopt, v1_oid, OldTuple{OldTuple::Kind::kKey, TupleData{{text("2"), null(), null()}}}});
    checkTransaction(begin, del.w.data_start, expect.next<Commit>());
  }
  {
    INFO("REPLICA IDENTITY FULL: insert, update and delete in one transaction");
    const auto begin = expect.next<Begin>();
    const auto relation = expect.next<Relation>();
    CHECK(relation.m == Relation{std::nullopt,
                                 full_oid,
                                 "public",
                                 "pgo_v1_full",
                                 ReplicaIdentity::kFull,
                                 {{1, "id", 23, -1}, {1, "name", 25, -1}}});  // FULL: every column is key
    const auto insert = expect.next<Insert>();
    CHECK(insert.m.new_tuple == TupleData{{text("10"), text("ten")}});
    const auto update = expect.next<Update>();
    CHECK(update.m == Update{std::nullopt, full_oid,
                             OldTuple{OldTuple::Kind::kFull, TupleData{{text("10"), text("ten")}}},
                             TupleData{{text("10"), text("diez")}}});
    const auto del = expect.next<Delete>();
    CHECK(del.m.old_tuple == OldTuple{OldTuple::Kind::kFull, TupleData{{text("10"), text("diez")}}});
    CHECK(insert.w.data_start < update.w.data_start);
    CHECK(update.w.data_start < del.w.data_start);
    checkTransaction(begin, insert.w.data_start, expect.next<Commit>());
  }
  {
    INFO("TRUNCATE of both tables, RESTART IDENTITY");
    const auto begin = expect.next<Begin>();
    // TRUNCATE gives both tables new relfilenodes; the relcache invalidation makes pgoutput send their
    // Relation messages again before the Truncate.
    const std::vector<Oid> both{std::min(v1_oid, full_oid), std::max(v1_oid, full_oid)};
    std::vector<Oid> resent{expect.next<Relation>().m.oid, expect.next<Relation>().m.oid};
    std::sort(resent.begin(), resent.end());
    CHECK(resent == both);
    const auto truncate = expect.next<Truncate>();
    auto oids = truncate.m.relation_oids;
    std::sort(oids.begin(), oids.end());
    CHECK(oids == both);
    CHECK(truncate.m.options == Truncate::kRestartIdentity);
    checkTransaction(begin, truncate.w.data_start, expect.next<Commit>());
  }
  {
    INFO("transactional pg_logical_emit_message");
    const auto begin = expect.next<Begin>();
    const auto message = expect.next<LogicalMessage>();
    CHECK(message.m.transactional());
    CHECK(message.m.prefix == "pgo-prefix");
    CHECK(message.m.content == "pgo-content");
    CHECK(message.m.lsn == message.w.data_start);
    const auto commit = expect.next<Commit>();
    checkTransaction(begin, message.w.data_start, commit);
    // Unlike Insert/Update/Delete/Truncate (the start of their WAL record), a Message is reported at the END
    // of its record (decode.c queues it with buf->endptr): here that is where the commit record begins.
    CHECK(message.m.lsn == transactional_at);
    CHECK(message.m.lsn == commit.m.commit_lsn);
    last_commit_end = commit.m.end_lsn;
  }
  {
    INFO("non-transactional pg_logical_emit_message: no Begin or Commit around it");
    const auto message = expect.next<LogicalMessage>();
    CHECK(message.m.flags == 0);
    CHECK(message.m.content == "non-transactional");
    CHECK(message.m.lsn == message.w.data_start);
    CHECK(message.m.lsn == nontransactional_at);
    CHECK(message.m.lsn > last_commit_end);
  }
  CHECK(expect.done());

  // Confirm the last commit: the walsender moves confirmed_flush_lsn to exactly that LSN.
  const auto before = scenario.confirmedFlush();
  CHECK(lsnOf(before) != last_commit_end);
  session.confirm(last_commit_end);
  const bool moved =
      waitFor([&] { return scenario.confirmedFlush() == formatLsn(last_commit_end); }, std::chrono::seconds(10));
  std::cout << "confirmed_flush_lsn " << before << " -> " << scenario.confirmedFlush() << " after confirming "
            << formatLsn(last_commit_end) << "\n";
  CHECK(moved);

  session.finish();
  exec(repl.get(), "DROP_REPLICATION_SLOT " + scenario.slot(), PGRES_COMMAND_OK);
  CHECK(scenario.confirmedFlush().empty());
}

TEST_CASE("pgoutput protocol 2 streams a large in-progress transaction with xids",
          "[integration][postgres][pgoutput]") {
  Scenario scenario("pgoutput_v2", {"pgo_v2"});
  PGconn* admin = scenario.admin();
  scenario.createTable("pgo_v2", "(id int PRIMARY KEY, payload text)");
  exec(admin, "CREATE PUBLICATION " + scenario.publication() + " FOR TABLE pgo_v2", PGRES_COMMAND_OK);
  const Oid oid = scenario.oidOf("pgo_v2");

  // 64kB is the smallest logical_decoding_work_mem; a user-settable GUC, so the walsender takes it from the
  // connection's options and nothing else on the server changes.
  auto repl = scenario.connectReplication("options='-c logical_decoding_work_mem=64kB'");
  CHECK(queryValue(repl.get(), "SHOW logical_decoding_work_mem") == "64kB");
  exec(repl.get(), "CREATE_REPLICATION_SLOT " + scenario.slot() + " LOGICAL pgoutput", PGRES_TUPLES_OK);

  constexpr int kRows = 3000;
  exec(admin, "INSERT INTO pgo_v2 VALUES (1, 'small')", PGRES_COMMAND_OK);
  exec(admin, "BEGIN", PGRES_COMMAND_OK);
  exec(admin,
       "INSERT INTO pgo_v2 SELECT g, repeat('p', 200) FROM generate_series(2, " + std::to_string(kRows + 1) + ") g",
       PGRES_COMMAND_OK);
  const auto big_xid = xidOf(queryValue(admin, "SELECT pg_current_xact_id()"));
  exec(admin, "COMMIT", PGRES_COMMAND_OK);

  exec(repl.get(),
       "START_REPLICATION SLOT " + scenario.slot() + " LOGICAL 0/0 (\"proto_version\" '2', \"publication_names\" '" +
           scenario.publication() + "', \"streaming\" 'on', \"binary\" 'true')",
       PGRES_COPY_BOTH);
  ReplicationSession session(repl.get(), DecodeContext{2, false, false});
  session.readUntil([](const std::vector<Received>& received) {
    return !received.empty() && std::holds_alternative<StreamCommit>(received.back().message);
  });

  // Summarise: the small transaction in full, then the stream's segments.
  std::size_t segments = 0;
  std::size_t streamed_inserts = 0;
  const std::span<const Received> all(session.received);
  for (const auto& r : session.received) {
    if (std::holds_alternative<StreamStart>(r.message)) {
      ++segments;
    }
    if (std::holds_alternative<Insert>(r.message) && std::get<Insert>(r.message).xid) {
      ++streamed_inserts;
    }
  }
  std::cout << "pgoutput proto_version 2 streaming 'on' binary 'true', logical_decoding_work_mem 64kB: "
            << session.received.size() << " XLogData, " << segments << " stream segments, " << streamed_inserts
            << " streamed inserts; first and last messages:\n"
            << describe(all.first(std::min<std::size_t>(8, all.size()))) << "  ...\n"
            << describe(all.last(std::min<std::size_t>(3, all.size())));

  Expect expect(session.received);
  {
    INFO("a small transaction is not streamed, even with streaming on; binary values");
    const auto begin = expect.next<Begin>();
    const auto relation = expect.next<Relation>();
    CHECK_FALSE(relation.m.xid.has_value());
    CHECK(relation.m.columns == std::vector<RelationColumn>{{1, "id", 23, -1}, {0, "payload", 25, -1}});
    const auto insert = expect.next<Insert>();
    CHECK(insert.m == Insert{std::nullopt, oid, TupleData{{binary(int4Binary(1)), binary("small")}}});
    checkTransaction(begin, insert.w.data_start, expect.next<Commit>());
  }
  {
    INFO("the large transaction arrives in stream segments");
    std::size_t rows = 0;
    std::size_t segment = 0;
    std::uint32_t next_id = 2;
    while (!expect.done()) {
      if (segment > 0 && std::holds_alternative<StreamCommit>(session.received[expect.position()].message)) {
        break;
      }
      const auto start = expect.next<StreamStart>();
      CHECK(start.m.xid == big_xid);
      CHECK(start.m.first_segment == (segment == 0));
      if (segment == 0) {
        // The schema goes again into every streamed transaction, inside the stream, with the xid.
        const auto relation = expect.next<Relation>();
        CHECK(relation.m.xid == std::optional<Xid>(big_xid));
        CHECK(relation.m.oid == oid);
      }
      Lsn first_change_at = 0;
      Lsn last_change_at = 0;
      while (true) {
        const auto& next = session.received[expect.position()].message;
        if (std::holds_alternative<Relation>(next)) {
          // The server sends the schema again whenever its relation cache was invalidated meanwhile (an
          // ANALYZE by autovacuum is enough), at any point of a later segment: still inside the stream.
          const auto relation = expect.next<Relation>();
          CHECK(relation.m.xid == std::optional<Xid>(big_xid));
          CHECK(relation.m.oid == oid);
          continue;
        }
        if (!std::holds_alternative<Insert>(next)) {
          break;
        }
        const auto insert = expect.next<Insert>();
        CHECK(insert.m.xid == std::optional<Xid>(big_xid));
        CHECK(insert.m.new_tuple == TupleData{{binary(int4Binary(next_id)), binary(std::string(200, 'p'))}});
        first_change_at = first_change_at == 0 ? insert.w.data_start : first_change_at;
        last_change_at = insert.w.data_start;
        ++next_id;
        ++rows;
      }
      // A segment's Stream Start is reported at its first change, its Stream Stop at its last.
      CHECK(start.w.data_start == first_change_at);
      CHECK(expect.next<StreamStop>().w.data_start == last_change_at);
      ++segment;
    }
    CHECK(rows == kRows);
    CHECK(segment >= 2);  // 3000 changes of ~300 bytes against 64kB
    const auto commit = expect.next<StreamCommit>();
    CHECK(commit.m.xid == big_xid);
    CHECK(commit.m.commit_lsn < commit.m.end_lsn);
    CHECK(commit.w.data_start == commit.m.end_lsn);
    CHECK(expect.done());

    session.confirm(commit.m.end_lsn);
    CHECK(waitFor([&] { return scenario.confirmedFlush() == formatLsn(commit.m.end_lsn); }, std::chrono::seconds(10)));
    std::cout << "confirmed_flush_lsn -> " << scenario.confirmedFlush()
              << " after confirming the stream commit's end\n";
  }

  session.finish();
  exec(repl.get(), "DROP_REPLICATION_SLOT " + scenario.slot(), PGRES_COMMAND_OK);
}
