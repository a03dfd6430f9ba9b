// PostgresConnector's task against the rig's real PostgreSQL 15, at the SourceRecord level: a non-superuser
// role with the article's grants (LOGIN, REPLICATION, SELECT on the table) and a publication the superuser
// created, as the article's migration does. The test plays the runtime: it polls, stores the offset of what
// it "acknowledged" and calls commit(), then checks records, offsets and the slot's confirmed_flush_lsn.
#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectd/api/errors.hpp"
#include "connectd/api/struct.hpp"
#include "connectors/postgres/lsn.hpp"
#include "connectors/postgres/postgres_source_task.hpp"
#include "rig.hpp"

using namespace connectd;
using namespace connectd::test;

namespace {

using PgConn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
constexpr const char* kPassword = "pg-connector-test-pw";
constexpr auto kTimeout = std::chrono::seconds(60);

PgConn connect(const std::string& conninfo) {
  PgConn conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
  return conn;
}

std::string run(PGconn* conn, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn, sql.c_str()), &PQclear);
  INFO(sql << " -> " << PQerrorMessage(conn));
  const auto st = PQresultStatus(res.get());
  REQUIRE((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_IN));
  if (st == PGRES_TUPLES_OK && PQntuples(res.get()) > 0 && !PQgetisnull(res.get(), 0, 0)) {
    return PQgetvalue(res.get(), 0, 0);
  }
  return "";
}

// The runtime's side: the offset store and the context the task reads it through.
struct FakeContext : SourceTaskContext, OffsetStorageReader {
  ConfigMap config;
  std::optional<OffsetMap> stored;
  const ConfigMap& configs() const override { return config; }
  const OffsetStorageReader& offsetStorageReader() const override { return *this; }
  std::optional<OffsetMap> offset(const OffsetMap& /*partition*/) const override { return stored; }
};

// One test's database objects: the article's role and grants, tables, publication, and the slot, all
// dropped before and after.
class Fixture {
 public:
  explicit Fixture(std::string name) : name_(std::move(name)), admin_(connect(pgSuperuserConnString())) {
    teardown();
    run(admin(), "CREATE ROLE " + role() + " WITH LOGIN REPLICATION PASSWORD '" + kPassword + "'");
    run(admin(), "GRANT CONNECT ON DATABASE postgres TO " + role());
    run(admin(), "GRANT USAGE ON SCHEMA public TO " + role());
  }
  ~Fixture() { teardown(); }

  PGconn* admin() { return admin_.get(); }
  std::string role() const { return name_ + "_role"; }
  std::string slot() const { return name_ + "_slot"; }
  std::string publication() const { return name_ + "_pub"; }
  std::string table(const std::string& t) const { return name_ + "_" + t; }

  void createTable(const std::string& t, const std::string& definition) {
    run(admin(), "CREATE TABLE public." + table(t) + " " + definition);
    run(admin(), "GRANT SELECT ON public." + table(t) + " TO " + role());
    tables_.push_back(table(t));
  }
  void createPublication(const std::string& tables) {
    run(admin(), "CREATE PUBLICATION " + publication() + " FOR TABLE " + tables);
  }

  ConfigMap config() const {
    return {{"connector.class", "io.debezium.connector.postgresql.PostgresConnector"},
            {"tasks.max", "1"},
            {"topic.prefix", "pg"},
            {"database.hostname", rig("PGHOST")},
            {"database.port", rig("PGPORT")},
            {"database.user", role()},
            {"database.password", kPassword},
            {"database.dbname", "postgres"},
            {"plugin.name", "pgoutput"},
            {"slot.name", slot()},
            {"publication.name", publication()},
            {"publication.autocreate.mode", "disabled"},
            {"table.include.list", "public\\." + name_ + "_.*"},
            {"snapshot.mode", "never"},
            {"include.schema.changes", "false"},
            {"poll.interval.ms", "100"},
            {"status.update.interval.ms", "200"}};
  }

  std::string confirmedFlush() {
    return run(admin(), "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot() + "'");
  }

 private:
  void teardown() {
    const auto q = [&](const std::string& sql) { PQclear(PQexec(admin(), sql.c_str())); };
    waitFor(
        [&] {
          std::unique_ptr<PGresult, decltype(&PQclear)> r(
              PQexec(admin(),
                     ("SELECT 1 FROM pg_replication_slots WHERE active AND slot_name = '" + slot() + "'").c_str()),
              &PQclear);
          return PQntuples(r.get()) == 0;
        },
        std::chrono::seconds(10));
    q("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot() + "'");
    q("DROP PUBLICATION IF EXISTS " + publication());
    for (const auto& t : tables_) {
      q("DROP TABLE IF EXISTS public." + t);
    }
    q("DROP OWNED BY " + role());
    q("DROP ROLE IF EXISTS " + role());
  }

  std::string name_;
  PgConn admin_;
  std::vector<std::string> tables_;
};

// A task driven the way WorkerSourceTask drives it.
class Harness {
 public:
  explicit Harness(ConfigMap config, std::optional<OffsetMap> stored = std::nullopt) {
    context_.config = std::move(config);
    context_.stored = std::move(stored);
    task_.initialize(context_);
    task_.start(context_.config);
  }
  ~Harness() { task_.stop(); }

  // Polls until `count` records arrived; each batch is "acknowledged" (its last offset stored, commit()).
  std::vector<SourceRecord> pollFor(std::size_t count, bool acknowledge = true) {
    std::vector<SourceRecord> out;
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto batch = task_.poll();
      if (!batch.empty() && acknowledge) {
        context_.stored = *batch.back().sourceOffset();
        task_.commit();
      }
      for (auto& r : batch) {
        out.push_back(std::move(r));
      }
    }
    return out;
  }
  // Polls for a while and returns what arrived (for "nothing more" checks).
  std::vector<SourceRecord> drain(std::chrono::milliseconds how_long) {
    std::vector<SourceRecord> out;
    const auto deadline = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < deadline) {
      for (auto& r : task_.poll()) {
        out.push_back(std::move(r));
      }
    }
    return out;
  }
  postgres::PostgresSourceTask& task() { return task_; }
  FakeContext& context() { return context_; }

 private:
  FakeContext context_;
  postgres::PostgresSourceTask task_;
};

const Struct& valueOf(const SourceRecord& r) {
  REQUIRE(r.value().kind() == Value::Kind::kStruct);
  return *r.value().asStruct();
}
const Struct& sourceOf(const SourceRecord& r) {
  return *valueOf(r).get("source").asStruct();
}
std::string op(const SourceRecord& r) {
  return valueOf(r).get("op").asString();
}

std::string startError(const ConfigMap& config) {
  try {
    Harness h(config);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string consumeOne(const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", rig("KAFKA_BOOTSTRAP").c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", ("pgc-" + topic).c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> consumer(
      rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err)), &rd_kafka_destroy);
  REQUIRE(consumer);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  REQUIRE(rd_kafka_assign(consumer.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(parts);
  std::string value;
  waitFor(
      [&] {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 500);
        if (msg == nullptr) {
          return false;
        }
        const bool ok = msg->err == RD_KAFKA_RESP_ERR_NO_ERROR;
        if (ok) {
          value.assign(static_cast<const char*>(msg->payload), msg->len);
        }
        rd_kafka_message_destroy(msg);
        return ok;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(0));
  rd_kafka_consumer_close(consumer.get());
  return value;
}

}  // namespace

TEST_CASE("connectd runs the connector: records reach Kafka, the slot is confirmed, DELETE stops it",
          "[postgres][integration]") {
  Fixture fx("pgc_e2e");
  fx.createTable("outboxevent", "(id text PRIMARY KEY, aggregateid text NOT NULL)");
  fx.createPublication("public." + fx.table("outboxevent"));
  TempDir data;
  const unsigned short port = freePort();
  ConnectdProcess proc(
      {"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"), "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port),
       "CONNECT_CONNECTD_DATA_DIR=" + data.path.string(), "OFFSET_FLUSH_INTERVAL_MS=500"},
      (data.path.parent_path() / "connectd-pgc-e2e.log").string());
  REQUIRE(waitForRest(port, std::chrono::seconds(30)));
  nlohmann::json config(fx.config());
  config["topic.prefix"] = "pgce2e";
  config["key.converter"] = "org.apache.kafka.connect.storage.StringConverter";
  config["value.converter"] = "org.apache.kafka.connect.storage.StringConverter";
  config["header.converter"] = "org.apache.kafka.connect.storage.StringConverter";
  REQUIRE(httpRequest(port, "PUT", "/connectors/pgc-e2e/config", config.dump()).status == 201);
  REQUIRE(waitFor(
      [&] {
        auto r = httpRequest(port, "GET", "/connectors/pgc-e2e/status");
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        UNSCOPED_INFO(r.body);
        return r.status == 200 && j["tasks"].size() == 1 && j["tasks"][0]["state"] == "RUNNING";
      },
      std::chrono::seconds(30)));
  run(fx.admin(), "INSERT INTO public." + fx.table("outboxevent") + " VALUES ('e1', 'u-123')");
  const auto after_insert = *connectors::postgres::parseLsn(run(fx.admin(), "SELECT pg_current_wal_lsn()"));
  const auto value = consumeOne("pgce2e.public." + fx.table("outboxevent"));
  CHECK_THAT(value, Catch::Contains("u-123"));
  // Offsets flushed every 500 ms → commit() → confirmed; then idle confirmation reaches the WAL end.
  CHECK(waitFor(
      [&] {
        const auto confirmed = connectors::postgres::parseLsn(fx.confirmedFlush());
        return confirmed && *confirmed >= after_insert;
      },
      std::chrono::seconds(30)));
  REQUIRE(httpRequest(port, "DELETE", "/connectors/pgc-e2e").status == 204);
  CHECK(waitFor(
      [&] {
        return run(fx.admin(), "SELECT active FROM pg_replication_slots WHERE slot_name = '" + fx.slot() + "'") == "f";
      },
      std::chrono::seconds(20)));
  CHECK(proc.terminate(std::chrono::seconds(15)) == 0);
}

TEST_CASE("the article's outbox row becomes Debezium's change record", "[postgres][integration]") {
  Fixture fx("pgc_article");
  fx.createTable("outboxevent",
                 "(id uuid PRIMARY KEY, aggregatetype text NOT NULL, aggregateid text NOT NULL, type text NOT NULL, "
                 "payload bytea NOT NULL, timestamp timestamptz NOT NULL DEFAULT now())");
  fx.createPublication("public." + fx.table("outboxevent"));
  auto config = fx.config();
  config["table.include.list"] = "public." + fx.table("outboxevent");
  Harness h(config);
  const std::string t = "public." + fx.table("outboxevent");
  run(fx.admin(), "INSERT INTO " + t +
                      " (id, aggregatetype, aggregateid, type, payload, timestamp) VALUES "
                      "('8d5a0a3e-8a0e-4e2a-9d55-6f3c6c8f1a11', 'users', 'u-123', 'UserCreated', "
                      "'\\xDEADBEEF'::bytea, now())");
  const auto records = h.pollFor(1);
  REQUIRE(records.size() == 1);
  const auto& r = records[0];
  CHECK(r.topic() == "pg.public." + fx.table("outboxevent"));
  CHECK(r.sourcePartition()->dump() == R"({"server":"pg"})");
  REQUIRE(r.keySchema());
  CHECK(r.keySchema()->name() == "pg.public." + fx.table("outboxevent") + ".Key");
  CHECK(r.key().asStruct()->schema()->fields().size() == 1);
  CHECK_FALSE(r.key().asStruct()->get("id").isNull());
  CHECK(op(r) == "c");
  CHECK(valueOf(r).get("before").isNull());
  const auto& after = *valueOf(r).get("after").asStruct();
  std::vector<std::string> names;
  for (const auto& f : after.schema()->fields()) {
    names.push_back(f.name());
  }
  CHECK(names == std::vector<std::string>{"id", "aggregatetype", "aggregateid", "type", "payload", "timestamp"});
  CHECK(after.get("aggregatetype") == Value::string("users"));
  CHECK(after.get("aggregateid") == Value::string("u-123"));
  CHECK(after.get("type") == Value::string("UserCreated"));
  const auto& src = sourceOf(r);
  CHECK(src.get("connector") == Value::string("postgresql"));
  CHECK(src.get("name") == Value::string("pg"));
  CHECK(src.get("db") == Value::string("postgres"));
  CHECK(src.get("schema") == Value::string("public"));
  CHECK(src.get("table") == Value::string(fx.table("outboxevent")));
  CHECK(src.get("snapshot") == Value::string("false"));  // the schema default, as JsonConverter writes it
  CHECK_FALSE(src.get("txId").isNull());
  const auto lsn = src.get("lsn").asInt64();
  CHECK(lsn > 0);
  CHECK(src.get("sequence").asString() == "[null,\"" + std::to_string(lsn) + "\"]");
  const auto& offset = *r.sourceOffset();
  CHECK(offset["lsn"] == lsn);
  CHECK(offset["lsn_proc"] == lsn);
  CHECK(offset["txId"] == src.get("txId").asInt64());
  CHECK(offset["ts_usec"] == src.get("ts_us").asInt64());
  CHECK(offset["messageType"] == "INSERT");
  CHECK(r.headers().size() == 4);
  // commit() confirmed the stored offset's LSN to the slot.
  CHECK(waitFor([&] { return fx.confirmedFlush() == connectors::postgres::formatLsn(static_cast<std::uint64_t>(lsn)); },
                std::chrono::seconds(10)));
}

TEST_CASE("updates, deletes, tombstones, key changes and truncates", "[postgres][integration]") {
  Fixture fx("pgc_dml");
  fx.createTable("t", "(id text PRIMARY KEY, v text NOT NULL, n text)");
  fx.createTable("full", "(id text PRIMARY KEY, v text NOT NULL)");
  run(fx.admin(), "ALTER TABLE public." + fx.table("full") + " REPLICA IDENTITY FULL");
  fx.createPublication("public." + fx.table("t") + ", public." + fx.table("full"));
  auto config = fx.config();
  config["skipped.operations"] = "none";
  Harness h(config);
  const std::string t = "public." + fx.table("t");
  const std::string full = "public." + fx.table("full");
  run(fx.admin(), "INSERT INTO " + t + " VALUES ('a', 'one', 'x')");
  run(fx.admin(), "UPDATE " + t + " SET v = 'two' WHERE id = 'a'");
  run(fx.admin(), "DELETE FROM " + t + " WHERE id = 'a'");
  run(fx.admin(), "INSERT INTO " + full + " VALUES ('f', 'one')");
  run(fx.admin(), "UPDATE " + full + " SET v = 'two' WHERE id = 'f'");
  run(fx.admin(), "UPDATE " + full + " SET id = 'g' WHERE id = 'f'");
  run(fx.admin(), "TRUNCATE " + full);
  run(fx.admin(), "SELECT pg_logical_emit_message(true, 'outbox', 'hello')");
  run(fx.admin(), "SELECT pg_logical_emit_message(false, 'nt', 'bye')");
  // c, u, d, tombstone | c, u, d(old key) + tombstone + c(new key) | t | two messages
  auto r = h.pollFor(12);
  const auto extra = h.drain(std::chrono::milliseconds(1000));
  r.insert(r.end(), extra.begin(), extra.end());
  REQUIRE(r.size() == 12);
  CHECK(op(r[0]) == "c");
  CHECK(op(r[1]) == "u");
  CHECK(valueOf(r[1]).get("before").isNull());  // DEFAULT identity, key unchanged
  CHECK(valueOf(r[1]).get("after").asStruct()->get("v") == Value::string("two"));
  CHECK(op(r[2]) == "d");
  const auto& before = *valueOf(r[2]).get("before").asStruct();
  CHECK(before.get("id") == Value::string("a"));
  CHECK(before.get("v") == Value::string(""));  // NOT NULL non-key column: Debezium's fallback
  CHECK(before.get("n").isNull());
  CHECK(r[3].value().isNull());  // tombstone
  CHECK(r[3].key() == r[2].key());
  CHECK(op(r[4]) == "c");
  CHECK(op(r[5]) == "u");
  CHECK(valueOf(r[5]).get("before").asStruct()->get("v") == Value::string("one"));  // FULL identity
  CHECK(op(r[6]) == "d");
  REQUIRE_FALSE(r[6].headers().empty());
  CHECK(r[6].headers()[0].key == "__debezium.newkey");
  CHECK(r[7].value().isNull());
  CHECK(op(r[8]) == "c");
  REQUIRE_FALSE(r[8].headers().empty());
  CHECK(r[8].headers()[0].key == "__debezium.oldkey");
  CHECK(r[8].key().asStruct()->get("id") == Value::string("g"));
  CHECK(op(r[9]) == "t");
  CHECK(r[9].key().isNull());
  CHECK(r[9].topic() == "pg.public." + fx.table("full"));
  CHECK(r[10].topic() == "pg.message");
  CHECK(r[10].keySchema()->name() == "io.debezium.connector.postgresql.MessageKey");
  CHECK(r[10].key().asStruct()->get("prefix") == Value::string("outbox"));
  CHECK(op(r[10]) == "m");
  const auto& message = *valueOf(r[10]).get("message").asStruct();
  CHECK(message.get("content") == Value::bytes({'h', 'e', 'l', 'l', 'o'}));
  CHECK_FALSE(sourceOf(r[10]).get("txId").isNull());
  CHECK(r[10].headers().empty());
  CHECK(sourceOf(r[11]).get("txId").isNull());  // non-transactional
  CHECK((*r[11].sourceOffset())["messageType"] == "MESSAGE");
}

TEST_CASE("a lost replication connection is re-established without loss or duplicates", "[postgres][integration]") {
  Fixture fx("pgc_reconnect");
  fx.createTable("t", "(id text PRIMARY KEY)");
  fx.createPublication("public." + fx.table("t"));
  auto config = fx.config();
  config["retriable.restart.connector.wait.ms"] = "100";
  config["errors.max.retries"] = "5";
  Harness h(config);
  const std::string t = "public." + fx.table("t");
  run(fx.admin(), "INSERT INTO " + t + " VALUES ('before')");
  REQUIRE(h.pollFor(1).size() == 1);
  run(fx.admin(),
      "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + fx.slot() + "'");
  run(fx.admin(), "INSERT INTO " + t + " VALUES ('after')");
  auto r = h.pollFor(1);
  const auto extra = h.drain(std::chrono::milliseconds(1000));
  r.insert(r.end(), extra.begin(), extra.end());
  REQUIRE(r.size() == 1);
  CHECK(r[0].key().asStruct()->get("id") == Value::string("after"));
}

TEST_CASE("a restart inside a multi-row insert that shares one LSN loses and repeats nothing",
          "[postgres][integration]") {
  Fixture fx("pgc_restart");
  fx.createTable("t", "(id int PRIMARY KEY, v text)");
  fx.createPublication("public." + fx.table("t"));
  auto config = fx.config();
  config["max.batch.size"] = "2";
  config["max.queue.size"] = "10";
  std::optional<OffsetMap> stored;
  std::size_t taken = 0;
  {
    Harness h(config);
    // COPY writes one multi-insert WAL record for the rows, so pgoutput gives them one LSN.
    run(fx.admin(), "COPY public." + fx.table("t") + " (id) FROM PROGRAM 'seq 1 5' WITH (FORMAT csv)");
    // Whole polls until at least two rows: a poll returns what has arrived, so it may be 2 or 3 (1 + 2).
    const auto first = h.pollFor(2);
    REQUIRE(first.size() >= 2);
    REQUIRE(first.size() <= 3);
    for (const auto& r : first) {
      CHECK(sourceOf(r).get("lsn") == sourceOf(first[0]).get("lsn"));
    }
    CHECK((*first.back().sourceOffset())["lsn_events_processed"] == first.size());
    taken = first.size();
    stored = h.context().stored;
  }
  run(fx.admin(), "INSERT INTO public." + fx.table("t") + " VALUES (6, 'x')");
  Harness h(config, stored);
  auto rest = h.pollFor(6 - taken);
  const auto extra = h.drain(std::chrono::milliseconds(1500));
  rest.insert(rest.end(), extra.begin(), extra.end());
  // Exactly the rows after the committed ones: none lost, none repeated.
  std::vector<std::int32_t> ids;
  for (const auto& r : rest) {
    ids.push_back(r.key().asStruct()->get("id").asInt32());
  }
  std::vector<std::int32_t> expected;
  for (auto id = static_cast<std::int32_t>(taken) + 1; id <= 6; ++id) {
    expected.push_back(id);
  }
  CHECK(ids == expected);
}

TEST_CASE("the initial snapshot and concurrent writes arrive exactly once", "[postgres][integration]") {
  Fixture fx("pgc_snap");
  fx.createTable("a", "(id text PRIMARY KEY)");
  fx.createTable("b", "(id text PRIMARY KEY)");
  run(fx.admin(), "INSERT INTO public." + fx.table("a") + " VALUES ('a1'), ('a2'), ('a3')");
  run(fx.admin(), "INSERT INTO public." + fx.table("b") + " VALUES ('b1')");
  fx.createPublication("public." + fx.table("a") + ", public." + fx.table("b"));
  auto config = fx.config();
  config["snapshot.mode"] = "initial";
  Harness h(config);
  // Written after the slot and its snapshot exist: must come from the stream, not the snapshot.
  run(fx.admin(), "INSERT INTO public." + fx.table("a") + " VALUES ('a4')");
  run(fx.admin(), "DELETE FROM public." + fx.table("b") + " WHERE id = 'b1'");
  auto r = h.pollFor(7);
  const auto extra = h.drain(std::chrono::milliseconds(1000));
  r.insert(r.end(), extra.begin(), extra.end());
  REQUIRE(r.size() == 7);  // 4 snapshot reads, a4 create, b1 delete + tombstone
  std::vector<std::string> markers;
  for (int i = 0; i < 4; ++i) {
    CHECK(op(r[static_cast<std::size_t>(i)]) == "r");
    markers.push_back(sourceOf(r[static_cast<std::size_t>(i)]).get("snapshot").asString());
  }
  CHECK(markers == std::vector<std::string>{"first", "true", "last_in_data_collection", "last"});
  CHECK((*r[3].sourceOffset())["last_snapshot_record"] == true);
  CHECK(op(r[4]) == "c");
  CHECK(r[4].key().asStruct()->get("id") == Value::string("a4"));
  CHECK(op(r[5]) == "d");
  CHECK(r[6].value().isNull());
}

TEST_CASE("snapshot modes on restart: initial resumes streaming, always snapshots again", "[postgres][integration]") {
  Fixture fx("pgc_modes");
  fx.createTable("t", "(id text PRIMARY KEY)");
  run(fx.admin(), "INSERT INTO public." + fx.table("t") + " VALUES ('s1')");
  fx.createPublication("public." + fx.table("t"));
  auto config = fx.config();
  config["snapshot.mode"] = "initial";
  std::optional<OffsetMap> stored;
  {
    Harness h(config);
    const auto r = h.pollFor(1);
    REQUIRE(r.size() == 1);
    CHECK(op(r[0]) == "r");
    CHECK(sourceOf(r[0]).get("snapshot") == Value::string("last"));
    stored = h.context().stored;
  }
  run(fx.admin(), "INSERT INTO public." + fx.table("t") + " VALUES ('s2')");
  {
    Harness h(config, stored);
    auto r = h.pollFor(1);
    const auto extra = h.drain(std::chrono::milliseconds(1000));
    r.insert(r.end(), extra.begin(), extra.end());
    REQUIRE(r.size() == 1);  // no second snapshot: only the new row, streamed
    CHECK(op(r[0]) == "c");
    CHECK(r[0].key().asStruct()->get("id") == Value::string("s2"));
    stored = h.context().stored;
  }
  config["snapshot.mode"] = "always";
  Harness h(config, stored);
  auto r = h.pollFor(2);
  const auto extra = h.drain(std::chrono::milliseconds(1000));
  r.insert(r.end(), extra.begin(), extra.end());
  REQUIRE(r.size() == 2);
  CHECK(op(r[0]) == "r");
  CHECK(op(r[1]) == "r");
}

TEST_CASE("heartbeats are emitted and an idle slot's confirmed_flush_lsn advances", "[postgres][integration]") {
  Fixture fx("pgc_hb");
  fx.createTable("t", "(id int PRIMARY KEY)");
  fx.createTable("other", "(id int)");  // not in the publication
  fx.createPublication("public." + fx.table("t"));
  fx.createTable("beat", "(id serial PRIMARY KEY, at timestamptz DEFAULT now())");
  run(fx.admin(), "GRANT INSERT ON public." + fx.table("beat") + " TO " + fx.role());
  run(fx.admin(), "GRANT USAGE ON SEQUENCE public." + fx.table("beat") + "_id_seq TO " + fx.role());
  run(fx.admin(), "ALTER PUBLICATION " + fx.publication() + " ADD TABLE public." + fx.table("beat"));
  auto config = fx.config();
  config["heartbeat.interval.ms"] = "200";
  config["heartbeat.action.query"] = "INSERT INTO public." + fx.table("beat") + " DEFAULT VALUES";
  Harness h(config);
  run(fx.admin(), "INSERT INTO public." + fx.table("t") + " VALUES (1)");
  auto first = h.pollFor(1);
  REQUIRE_FALSE(first.empty());
  CHECK(op(first[0]) == "c");
  // WAL the connector does not capture; the slot must not hold it back.
  run(fx.admin(), "INSERT INTO public." + fx.table("other") + " SELECT generate_series(1, 100)");
  const auto target = *connectors::postgres::parseLsn(run(fx.admin(), "SELECT pg_current_wal_lsn()"));
  bool heartbeat = false;
  bool action = false;
  bool advanced = false;
  waitFor(
      [&] {
        for (const auto& r : h.pollFor(1)) {
          heartbeat = heartbeat || r.topic() == "__debezium-heartbeat.pg";
          action = action || r.topic() == "pg.public." + fx.table("beat");
        }
        const auto confirmed = connectors::postgres::parseLsn(fx.confirmedFlush());
        advanced = advanced || (confirmed && *confirmed >= target);
        return heartbeat && action && advanced;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(1));
  CHECK(heartbeat);
  CHECK(action);  // heartbeat.action.query ran and its row was captured
  CHECK(advanced);
}

TEST_CASE("a missing publication with autocreation disabled fails with an actionable message",
          "[postgres][integration]") {
  Fixture fx("pgc_nopub");
  fx.createTable("t", "(id int PRIMARY KEY)");
  const auto message = startError(fx.config());
  CHECK_THAT(message, Catch::Contains(fx.publication()) && Catch::Contains("CREATE PUBLICATION") &&
                          Catch::Contains("publication.autocreate.mode"));
}

TEST_CASE("each start-up failure names its cause without secrets", "[postgres][integration]") {
  Fixture fx("pgc_fail");
  fx.createTable("t", "(id int PRIMARY KEY)");
  fx.createPublication("public." + fx.table("t"));
  SECTION("wrong password") {
    auto config = fx.config();
    config["database.password"] = "not-the-password-xyz";
    const auto message = startError(config);
    CHECK_THAT(message, Catch::Contains("password authentication failed"));
    CHECK_THAT(message, !Catch::Contains("not-the-password-xyz"));
  }
  SECTION("missing REPLICATION") {
    run(fx.admin(), "ALTER ROLE " + fx.role() + " NOREPLICATION");
    CHECK_THAT(startError(fx.config()), Catch::Contains("REPLICATION"));
  }
  SECTION("missing SELECT for the snapshot") {
    run(fx.admin(), "REVOKE SELECT ON public." + fx.table("t") + " FROM " + fx.role());
    auto config = fx.config();
    config["snapshot.mode"] = "initial";
    CHECK_THAT(startError(config), Catch::Contains("lacks SELECT") && Catch::Contains("GRANT SELECT"));
  }
  SECTION("slot held by another process") {
    auto config = fx.config();
    config["slot.max.retries"] = "2";
    config["slot.retry.delay.ms"] = "100";
    Harness holder(config);
    CHECK_THAT(startError(config), Catch::Contains("in use by another process"));
  }
}

TEST_CASE("an invalidated slot fails the task with what to do", "[postgres][integration]") {
  Fixture fx("pgc_lost");
  fx.createTable("t", "(id int PRIMARY KEY)");
  fx.createTable("filler", "(v text)");
  fx.createPublication("public." + fx.table("t"));
  { Harness created(fx.config()); }  // creates the slot, then lets it go idle
  struct ResetSetting {
    PGconn* admin;
    ~ResetSetting() {
      PQclear(PQexec(admin, "ALTER SYSTEM RESET max_slot_wal_keep_size"));
      PQclear(PQexec(admin, "SELECT pg_reload_conf()"));
    }
  } reset{fx.admin()};
  run(fx.admin(), "ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
  run(fx.admin(), "SELECT pg_reload_conf()");
  const bool lost = waitFor(
      [&] {
        run(fx.admin(),
            "INSERT INTO public." + fx.table("filler") + " SELECT repeat('x', 1000) FROM generate_series(1, 2000)");
        run(fx.admin(), "SELECT pg_switch_wal()");
        run(fx.admin(), "CHECKPOINT");
        return run(fx.admin(), "SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + fx.slot() + "'") ==
               "lost";
      },
      std::chrono::seconds(60), std::chrono::milliseconds(10));
  REQUIRE(lost);
  CHECK_THAT(startError(fx.config()), Catch::Contains("invalidated") && Catch::Contains("pg_drop_replication_slot"));
}

TEST_CASE("publication.autocreate.mode=filtered creates the publication, and slot.drop.on.stop drops the slot",
          "[postgres][integration]") {
  Fixture fx("pgc_filtered");
  fx.createTable("a", "(id int PRIMARY KEY)");
  fx.createTable("b", "(id int PRIMARY KEY)");
  // A publication FOR TABLE needs ownership of the tables.
  run(fx.admin(), "ALTER TABLE public." + fx.table("a") + " OWNER TO " + fx.role());
  run(fx.admin(), "GRANT CREATE ON DATABASE postgres TO " + fx.role());
  auto config = fx.config();
  config["publication.autocreate.mode"] = "filtered";
  config["table.include.list"] = "public\\." + fx.table("a");
  config["slot.drop.on.stop"] = "true";
  {
    Harness h(config);
    CHECK(run(fx.admin(), "SELECT string_agg(tablename, ',') FROM pg_publication_tables WHERE pubname = '" +
                              fx.publication() + "'") == fx.table("a"));
    run(fx.admin(), "INSERT INTO public." + fx.table("a") + " VALUES (1)");
    run(fx.admin(), "INSERT INTO public." + fx.table("b") + " VALUES (1)");
    const auto r = h.pollFor(1);
    REQUIRE(r.size() == 1);
    CHECK(r[0].topic() == "pg.public." + fx.table("a"));
  }
  CHECK(run(fx.admin(), "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + fx.slot() + "'") == "0");
  run(fx.admin(), "REVOKE CREATE ON DATABASE postgres FROM " + fx.role());
}

namespace {

const Struct& transactionOf(const SourceRecord& r) {
  const auto block = valueOf(r).get("transaction");
  REQUIRE_FALSE(block.isNull());
  return *block.asStruct();
}

// Every message of partition 0 of `topic` until `count` arrived (or 30 s passed).
std::vector<std::string> consumeValues(const std::string& topic, std::size_t count) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", rig("KAFKA_BOOTSTRAP").c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", ("pgc-all-" + topic).c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> consumer(
      rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err)), &rd_kafka_destroy);
  REQUIRE(consumer);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  REQUIRE(rd_kafka_assign(consumer.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(parts);
  std::vector<std::string> values;
  waitFor(
      [&] {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 500);
        if (msg != nullptr) {
          if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            values.emplace_back(static_cast<const char*>(msg->payload), msg->len);
          }
          rd_kafka_message_destroy(msg);
        }
        return values.size() >= count;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(0));
  rd_kafka_consumer_close(consumer.get());
  return values;
}

}  // namespace

TEST_CASE("transaction metadata: BEGIN, per-event blocks and END, also across a restart inside a transaction",
          "[postgres][integration]") {
  Fixture fx("pgc_txmeta");
  fx.createTable("a", "(id int PRIMARY KEY, v text)");
  fx.createTable("b", "(id int PRIMARY KEY)");
  const std::string a = "public." + fx.table("a");
  const std::string b = "public." + fx.table("b");
  fx.createPublication(a + ", " + b);
  auto config = fx.config();
  config["provide.transaction.metadata"] = "true";
  std::optional<OffsetMap> stored;
  std::string second_xid;
  {
    Harness h(config);
    run(fx.admin(), "BEGIN; INSERT INTO " + a + " VALUES (1, 'x'); INSERT INTO " + b + " VALUES (1); UPDATE " + a +
                        " SET v = 'y' WHERE id = 1; COMMIT");
    const auto r = h.pollFor(5);
    REQUIRE(r.size() == 5);
    CHECK(r[0].topic() == "pg.transaction");
    CHECK(r[4].topic() == "pg.transaction");
    const auto& begin = valueOf(r[0]);
    const auto& end = valueOf(r[4]);
    CHECK(begin.get("status") == Value::string("BEGIN"));
    CHECK(begin.get("event_count").isNull());
    CHECK(end.get("status") == Value::string("END"));
    CHECK(end.get("event_count") == Value::int64(3));
    CHECK(r[0].headers().empty());

    const auto xid = std::to_string(sourceOf(r[1]).get("txId").asInt64());
    // Ids are "<txId>:<the record's LSN>": BEGIN's own, each event's, the COMMIT's.
    CHECK(begin.get("id").asString() == xid + ":" + std::to_string((*r[0].sourceOffset())["lsn"].get<std::int64_t>()));
    CHECK(r[0].key().asStruct()->get("id") == begin.get("id"));
    CHECK(end.get("id").asString() ==
          xid + ":" + std::to_string((*r[4].sourceOffset())["lsn_commit"].get<std::int64_t>()));
    CHECK(end.get("ts_ms") == begin.get("ts_ms"));
    CHECK(end.get("ts_ms") == sourceOf(r[1]).get("ts_ms"));
    const std::vector<std::pair<std::int64_t, std::int64_t>> orders{{1, 1}, {2, 1}, {3, 2}};
    for (std::size_t i = 1; i <= 3; ++i) {
      const auto& block = transactionOf(r[i]);
      CHECK(block.get("id").asString() == xid + ":" + std::to_string(sourceOf(r[i]).get("lsn").asInt64()));
      CHECK(block.get("total_order").asInt64() == orders[i - 1].first);
      CHECK(block.get("data_collection_order").asInt64() == orders[i - 1].second);
      CHECK((*r[i].sourceOffset())["transaction_id"] == xid);
    }
    std::map<std::string, std::int64_t> per_table;
    for (const auto& item : end.get("data_collections").asArray()) {
      per_table[item.asStruct()->get("data_collection").asString()] = item.asStruct()->get("event_count").asInt64();
    }
    CHECK(per_table == std::map<std::string, std::int64_t>{{a, 2}, {b, 1}});
    // The END record's offset still carries the transaction; nothing after it does.
    CHECK((*r[4].sourceOffset())["transaction_data_collection_order_" + a] == 2);

    // A second transaction of three rows; only BEGIN and the first row are "delivered" before the restart.
    run(fx.admin(), "INSERT INTO " + a + " VALUES (2, 'p'), (3, 'q'), (4, 'r')");
    const auto second = h.pollFor(5, false);
    REQUIRE(second.size() == 5);
    CHECK(valueOf(second[0]).get("status") == Value::string("BEGIN"));
    second_xid = std::to_string(sourceOf(second[1]).get("txId").asInt64());
    stored = *second[1].sourceOffset();
  }
  Harness h(config, stored);
  auto rest = h.pollFor(3);
  const auto extra = h.drain(std::chrono::milliseconds(1500));
  rest.insert(rest.end(), extra.begin(), extra.end());
  REQUIRE(rest.size() == 3);  // rows 3 and 4 and the END: no second BEGIN, nothing repeated
  CHECK(rest[0].key().asStruct()->get("id") == Value::int32(3));
  CHECK(transactionOf(rest[0]).get("total_order").asInt64() == 2);
  CHECK(transactionOf(rest[1]).get("data_collection_order").asInt64() == 3);
  CHECK(valueOf(rest[2]).get("status") == Value::string("END"));
  CHECK(valueOf(rest[2]).get("event_count") == Value::int64(3));
  CHECK(valueOf(rest[2]).get("id").asString().rfind(second_xid + ":", 0) == 0);
}

TEST_CASE("connectd shows snapshot progress over REST and writes transaction metadata to Kafka",
          "[postgres][integration]") {
  Fixture fx("pgc_progress");
  fx.createTable("a", "(id int PRIMARY KEY)");
  fx.createTable("b", "(id int PRIMARY KEY)");
  const std::string a = "public." + fx.table("a");
  const std::string b = "public." + fx.table("b");
  run(fx.admin(), "INSERT INTO " + a + " SELECT generate_series(1, 5000)");
  run(fx.admin(), "INSERT INTO " + b + " SELECT generate_series(1, 10)");
  run(fx.admin(), "ANALYZE " + a);  // so pg_class.reltuples holds the estimate
  fx.createPublication(a + ", " + b);

  TempDir data;
  const unsigned short port = freePort();
  ConnectdProcess proc(
      {"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"), "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port),
       "CONNECT_CONNECTD_DATA_DIR=" + data.path.string(), "OFFSET_FLUSH_INTERVAL_MS=500"},
      (data.path.parent_path() / "connectd-pgc-progress.log").string());
  REQUIRE(waitForRest(port, std::chrono::seconds(30)));
  nlohmann::json config(fx.config());
  config["topic.prefix"] = "pgcprog";
  config["snapshot.mode"] = "initial";
  config["provide.transaction.metadata"] = "true";
  // Created paused: the task starts (slot, snapshot transaction) but does not poll, so no table is read yet.
  const nlohmann::json create{{"name", "pgc-progress"}, {"config", config}, {"initial_state", "PAUSED"}};
  REQUIRE(httpRequest(port, "POST", "/connectors", create.dump()).status == 201);

  const auto metrics = [&] {
    auto r = httpRequest(port, "GET", "/connectors/pgc-progress/tasks/0/metrics");
    UNSCOPED_INFO(r.status << " " << r.body);
    return r.status == 200 ? nlohmann::json::parse(r.body) : nlohmann::json();
  };
  nlohmann::json before;
  REQUIRE(waitFor(
      [&] {
        before = metrics();
        return before.contains("metrics") && before["metrics"]["snapshot"]["state"] == "running";
      },
      std::chrono::seconds(60), std::chrono::milliseconds(200)));
  CHECK(before["metrics"]["snapshot"]["rows_scanned"] == 0);
  CHECK(before["metrics"]["snapshot"]["remaining_table_count"] == 2);
  CHECK(before["metrics"]["snapshot"]["tables"][0]["state"] == "pending");
  // Holding a lock on b makes the snapshot stop between the tables once it runs, so the test sees it half
  // done. (Taken only now: the lock gives this transaction an xid, which slot creation would wait for.)
  PgConn locker = connect(pgSuperuserConnString());
  run(locker.get(), "BEGIN; LOCK TABLE " + b + " IN ACCESS EXCLUSIVE MODE");
  REQUIRE(httpRequest(port, "PUT", "/connectors/pgc-progress/resume").status == 202);

  nlohmann::json half;
  REQUIRE(waitFor(
      [&] {
        half = metrics();
        return half.contains("metrics") && half["metrics"]["snapshot"]["remaining_table_count"] == 1 &&
               half["metrics"]["snapshot"]["tables"][0]["state"] == "completed";
      },
      std::chrono::seconds(60), std::chrono::milliseconds(200)));
  CHECK(half["id"] == nlohmann::json{{"connector", "pgc-progress"}, {"task", 0}});
  const auto& snap = half["metrics"]["snapshot"];
  CHECK(snap["state"] == "running");
  CHECK(snap["total_table_count"] == 2);
  CHECK(snap["rows_scanned"] == 5000);
  CHECK(snap["tables"][0] ==
        nlohmann::json{{"table", a}, {"state", "completed"}, {"rows_scanned", 5000}, {"rows_estimated", 5000}});
  CHECK(snap["tables"][1]["table"] == b);
  CHECK(snap["tables"][1]["state"] == "pending");
  CHECK(snap["tables"][1]["rows_scanned"] == 0);
  // The status keeps Kafka Connect's shape: no progress fields in it.
  const auto status = nlohmann::json::parse(httpRequest(port, "GET", "/connectors/pgc-progress/status").body);
  for (const auto& [key, value] : status["tasks"][0].items()) {
    CHECK((key == "id" || key == "state" || key == "worker_id" || key == "version"));
  }
  CHECK(status["tasks"][0]["state"] == "RUNNING");

  run(locker.get(), "COMMIT");
  nlohmann::json done;
  REQUIRE(waitFor(
      [&] {
        done = metrics();
        return done.contains("metrics") && done["metrics"]["snapshot"]["state"] == "completed";
      },
      std::chrono::seconds(60), std::chrono::milliseconds(200)));
  CHECK(done["metrics"]["snapshot"]["remaining_table_count"] == 0);
  CHECK(done["metrics"]["snapshot"]["rows_scanned"] == 5010);
  CHECK(done["metrics"]["snapshot"]["tables"][1]["rows_scanned"] == 10);
  CHECK(httpRequest(port, "GET", "/connectors/nope/tasks/0/metrics").status == 404);
  CHECK(httpRequest(port, "GET", "/connectors/pgc-progress/tasks/7/metrics").status == 404);

  // Streaming with transaction metadata: BEGIN and END of one two-table transaction reach Kafka.
  run(fx.admin(), "BEGIN; INSERT INTO " + a + " VALUES (6000); INSERT INTO " + b + " VALUES (6000); COMMIT");
  const auto tx = consumeValues("pgcprog.transaction", 2);
  REQUIRE(tx.size() == 2);
  const auto begin = nlohmann::json::parse(tx[0]);
  const auto end = nlohmann::json::parse(tx[1]);
  CHECK(begin["schema"]["name"] == "io.debezium.connector.common.TransactionMetadataValue");
  CHECK(begin["payload"]["status"] == "BEGIN");
  CHECK(begin["payload"]["event_count"].is_null());
  CHECK(end["payload"]["status"] == "END");
  CHECK(end["payload"]["event_count"] == 2);
  CHECK(end["payload"]["data_collections"].size() == 2);
  CHECK(proc.terminate(std::chrono::seconds(15)) == 0);
}
