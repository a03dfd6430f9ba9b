// The PostgreSQL source at scale through the real connectd binary and the rig's Kafka (issue #5's acceptance):
// an initial snapshot of 100,000 rows handed over to the stream while another connection writes, a graceful
// restart (SIGTERM) in the middle of a 100,000-change stream, kill -9 at random points, and a server whose
// wal_level is not logical. The connector logs in as a role with the article's grants (LOGIN, REPLICATION,
// CONNECT, USAGE on the schema, SELECT on the table), never a superuser; what reached Kafka is read back with
// librdkafka and checked key by key against the table.
#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "rig.hpp"

using namespace connectd::test;
using namespace std::chrono_literals;

namespace {

using PgConn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;
constexpr const char* kPassword = "pg-restart-test-pw";

// A PostgreSQL server: the rig's, or one a test starts itself.
struct Server {
  std::string host;
  std::string port;
  std::string superuser;
  std::string superuser_password;

  static Server rigServer() {
    return {rig("PGHOST"), rig("PGPORT"), rig("PG_SUPERUSER"), rig("PG_SUPERUSER_PASSWORD")};
  }
  std::string conninfo(const std::string& user, const std::string& password) const {
    return "host=" + host + " port=" + port + " dbname=postgres user=" + user + " password=" + password +
           " connect_timeout=10";
  }
  std::string superuserConninfo() const { return conninfo(superuser, superuser_password); }
};

PgConn connect(const std::string& conninfo) {
  PgConn conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  INFO(PQerrorMessage(conn.get()));
  REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
  return conn;
}

// One statement; on failure the error text. Safe off the test thread (no Catch2 macros).
std::optional<std::string> tryExec(PGconn* conn, const std::string& sql) {
  PgResult res(PQexec(conn, sql.c_str()), &PQclear);
  const auto st = PQresultStatus(res.get());
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    return std::nullopt;
  }
  return sql + " -> " + PQerrorMessage(conn);
}

// One statement on the test thread; the first column of the first row, or "".
std::string run(PGconn* conn, const std::string& sql) {
  PgResult res(PQexec(conn, sql.c_str()), &PQclear);
  INFO(sql << " -> " << PQerrorMessage(conn));
  const auto st = PQresultStatus(res.get());
  REQUIRE((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK));
  if (st == PGRES_TUPLES_OK && PQntuples(res.get()) > 0 && !PQgetisnull(res.get(), 0, 0)) {
    return PQgetvalue(res.get(), 0, 0);
  }
  return "";
}

// The table's rows as id -> version.
std::map<int, int> tableVersions(PGconn* conn, const std::string& table) {
  PgResult res(PQexec(conn, ("SELECT id, version FROM " + table).c_str()), &PQclear);
  REQUIRE(PQresultStatus(res.get()) == PGRES_TUPLES_OK);
  std::map<int, int> out;
  for (int i = 0; i < PQntuples(res.get()); ++i) {
    out[std::atoi(PQgetvalue(res.get(), i, 0))] = std::atoi(PQgetvalue(res.get(), i, 1));
  }
  return out;
}

// One test's database objects on a server: the article's role and grants, one table `(id int PRIMARY KEY,
// version int NOT NULL)` whose version column every write increments, its publication and the slot; all
// dropped before and after.
class Db {
 public:
  Db(std::string name, Server server)
      : name_(std::move(name)), server_(std::move(server)), admin_(connect(server_.superuserConninfo())) {
    teardown();
    run(admin(), "CREATE ROLE " + role() + " WITH LOGIN REPLICATION PASSWORD '" + kPassword + "'");
    run(admin(), "GRANT CONNECT ON DATABASE postgres TO " + role());
    run(admin(), "GRANT USAGE ON SCHEMA public TO " + role());
    run(admin(), "CREATE TABLE " + table() + " (id int PRIMARY KEY, version int NOT NULL)");
    run(admin(), "GRANT SELECT ON " + table() + " TO " + role());
  }
  ~Db() { teardown(); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  PGconn* admin() { return admin_.get(); }
  const Server& server() const { return server_; }
  std::string role() const { return name_ + "_role"; }
  std::string slot() const { return name_ + "_slot"; }
  std::string publication() const { return name_ + "_pub"; }
  std::string table() const { return "public." + name_ + "_t"; }

  void createPublication() { run(admin(), "CREATE PUBLICATION " + publication() + " FOR TABLE " + table()); }

  // Debezium's connector JSON for this table, with JsonConverter keys and values without schemas.
  nlohmann::json connectorConfig(const std::string& topic_prefix, const std::string& snapshot_mode) const {
    return {{"connector.class", "io.debezium.connector.postgresql.PostgresConnector"},
            {"tasks.max", "1"},
            {"topic.prefix", topic_prefix},
            {"database.hostname", server_.host},
            {"database.port", server_.port},
            {"database.user", role()},
            {"database.password", kPassword},
            {"database.dbname", "postgres"},
            {"plugin.name", "pgoutput"},
            {"slot.name", slot()},
            {"publication.name", publication()},
            {"publication.autocreate.mode", "disabled"},
            {"table.include.list", table()},
            {"snapshot.mode", snapshot_mode},
            {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
            {"key.converter.schemas.enable", "false"},
            {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
            {"value.converter.schemas.enable", "false"}};
  }

  bool slotActive() {
    return run(admin(), "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot() + "'") == "t";
  }

 private:
  void teardown() {
    const auto q = [&](const std::string& sql) { PQclear(PQexec(admin(), sql.c_str())); };
    waitFor(
        [&] {
          PgResult r(
              PQexec(admin(),
                     ("SELECT 1 FROM pg_replication_slots WHERE active AND slot_name = '" + slot() + "'").c_str()),
              &PQclear);
          return PQntuples(r.get()) == 0;
        },
        10s);
    q("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot() + "'");
    q("DROP PUBLICATION IF EXISTS " + publication());
    q("DROP TABLE IF EXISTS " + table());
    q("DROP OWNED BY " + role());
    q("DROP ROLE IF EXISTS " + role());
  }

  std::string name_;
  Server server_;
  PgConn admin_;
};

// A topic prefix no earlier run on the same broker used.
std::string uniquePrefix(const std::string& base) {
  return base + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
}

// A connectd process with file storage in `data` (so a restarted one finds the connector and its offsets), on
// a new free port, its log appended to `log`.
class Worker {
 public:
  Worker(const TempDir& data, const std::string& log) : port_(freePort()) {
    process_ = std::make_unique<ConnectdProcess>(
        std::vector<std::string>{"BOOTSTRAP_SERVERS=" + rig("KAFKA_BOOTSTRAP"),
                                 "CONNECT_LISTENERS=http://127.0.0.1:" + std::to_string(port_),
                                 "CONNECT_CONNECTD_DATA_DIR=" + data.path.string(), "OFFSET_FLUSH_INTERVAL_MS=1000"},
        (data.path.parent_path() / log).string());
    REQUIRE(waitForRest(port_, 60s));
  }

  void put(const std::string& name, const nlohmann::json& config) {
    const auto r = httpRequest(port_, "PUT", "/connectors/" + name + "/config", config.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
  }
  // The task's status object (state, trace, ...), or null while there is none.
  nlohmann::json task(const std::string& name) {
    const auto r = httpRequest(port_, "GET", "/connectors/" + name + "/status");
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || !j.is_object() || !j["tasks"].is_array() || j["tasks"].empty()) {
      return nullptr;
    }
    return j["tasks"][0];
  }
  bool waitForTaskState(const std::string& name, const std::string& state, std::chrono::milliseconds timeout) {
    return waitFor(
        [&] {
          const auto t = task(name);
          return t.is_object() && t["state"] == state;
        },
        timeout, 100ms);
  }
  ConnectdProcess& process() { return *process_; }

 private:
  unsigned short port_;
  std::unique_ptr<ConnectdProcess> process_;
};

// One change event as it reached Kafka.
struct Event {
  int id = 0;
  int version = 0;
  std::string op;
  std::string snapshot;  // source.snapshot
};

// Reads a topic's partition 0 (the rig's brokers create topics with one partition) from the beginning.
class TopicReader {
 public:
  explicit TopicReader(const std::string& topic) : topic_(topic) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", rig("KAFKA_BOOTSTRAP").c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "group.id", ("reader-" + topic).c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
    consumer_.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err)));
    REQUIRE(consumer_);
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    REQUIRE(rd_kafka_assign(consumer_.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(parts);
  }
  ~TopicReader() { rd_kafka_consumer_close(consumer_.get()); }
  TopicReader(const TopicReader&) = delete;
  TopicReader& operator=(const TopicReader&) = delete;

  // Reads what arrives within `wait` (returning early once a poll comes back empty after some records).
  void poll(std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer_.get(), 100);
      if (msg == nullptr) {
        continue;
      }
      if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        add(msg);
      }
      rd_kafka_message_destroy(msg);
    }
  }
  // Polls until `done` holds (checked between polls) or the timeout passes.
  bool pollUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    return waitFor(
        [&] {
          poll(200ms);
          return done();
        },
        timeout, 0ms);
  }
  // Polls until nothing new has arrived for `quiet` (to see duplicates that come late).
  void drain(std::chrono::milliseconds quiet) {
    std::size_t before = 0;
    do {
      before = events_.size();
      poll(quiet);
    } while (events_.size() != before);
  }

  const std::vector<Event>& events() const { return events_; }
  // How many different (id, version) pairs arrived.
  std::size_t distinct() const { return seen_.size(); }
  std::size_t unparsed() const { return unparsed_; }
  // The partitions the broker has for the topic (to back the one-partition assumption).
  int partitions() {
    const rd_kafka_metadata_t* md = nullptr;
    std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> t(
        rd_kafka_topic_new(consumer_.get(), topic_.c_str(), nullptr), &rd_kafka_topic_destroy);
    if (rd_kafka_metadata(consumer_.get(), 0, t.get(), &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return -1;
    }
    const int n = md->topic_cnt == 1 ? md->topics[0].partition_cnt : -1;
    rd_kafka_metadata_destroy(md);
    return n;
  }

 private:
  void add(const rd_kafka_message_t* msg) {
    const auto value = nlohmann::json::parse(static_cast<const char*>(msg->payload),
                                             static_cast<const char*>(msg->payload) + msg->len, nullptr, false);
    if (!value.is_object() || !value["after"].is_object()) {
      ++unparsed_;  // only c/r/u events are expected: nothing is deleted
      return;
    }
    Event e;
    e.id = value["after"]["id"].get<int>();
    e.version = value["after"]["version"].get<int>();
    e.op = value["op"].get<std::string>();
    e.snapshot = value["source"]["snapshot"].is_string() ? value["source"]["snapshot"].get<std::string>() : "";
    seen_.emplace(e.id, e.version);
    events_.push_back(std::move(e));
  }

  std::string topic_;
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> consumer_{nullptr, &rd_kafka_destroy};
  std::vector<Event> events_;
  std::set<std::pair<int, int>> seen_;
  std::size_t unparsed_ = 0;
};

// What arrived, counted by (id, version): each change event of a table whose writes all increment `version`
// is one pair.
struct Tally {
  std::size_t records = 0;
  std::size_t distinct = 0;
  std::size_t lost = 0;  // rows' (id, version) pairs never seen, for versions 1..final
  std::size_t duplicates() const { return records - distinct; }
};

// `expected`: id -> the versions that must each arrive (1..final for rows only inserted and updated by the
// stream).
Tally tally(const std::vector<Event>& events, const std::map<int, int>& final_versions) {
  std::set<std::pair<int, int>> seen;
  for (const auto& e : events) {
    seen.emplace(e.id, e.version);
  }
  Tally t;
  t.records = events.size();
  t.distinct = seen.size();
  for (const auto& [id, version] : final_versions) {
    for (int v = 1; v <= version; ++v) {
      t.lost += seen.count({id, v}) == 0 ? 1 : 0;
    }
  }
  return t;
}

// Background writes on their own connection; the error, if any, is read on the test thread after join().
class Writer {
 public:
  Writer(const Server& server, std::function<std::optional<std::string>(PGconn*, const std::atomic<bool>&)> body)
      : thread_([this, conninfo = server.superuserConninfo(), body = std::move(body)] {
          PgConn conn(PQconnectdb(conninfo.c_str()), &PQfinish);
          if (PQstatus(conn.get()) != CONNECTION_OK) {
            error_ = PQerrorMessage(conn.get());
          } else {
            error_ = body(conn.get(), stop_);
          }
          done_ = true;
        }) {}
  ~Writer() {
    if (thread_.joinable()) {
      join();
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void stop() { stop_ = true; }
  bool done() const { return done_; }
  // Joins and returns the error ("" when none).
  std::string join() {
    thread_.join();
    return error_.value_or("");
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::optional<std::string> error_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("an initial snapshot of 100,000 rows and concurrent writes arrive exactly once, in order per key",
          "[postgres][integration][restart]") {
  constexpr int kRows = 100000;
  Db db("pgr_snap", Server::rigServer());
  run(db.admin(),
      "INSERT INTO " + db.table() + " SELECT g, 1 FROM generate_series(1, " + std::to_string(kRows) + ") g");
  db.createPublication();
  TempDir data;
  const auto prefix = uniquePrefix("pgrsnap");
  TopicReader reader(prefix + "." + db.table());
  Worker worker(data, "connectd-pgr-snap.log");
  worker.put("pgr-snap", db.connectorConfig(prefix, "initial"));

  // Updates of snapshot rows and of new rows, and inserts, one transaction each, paced (a few hundred a second)
  // from before the snapshot starts until 300 writes after its last record reached Kafka, at most 6,000.
  std::atomic<bool> snapshot_seen{false};
  std::atomic<int> writes_before_snapshot_seen{0};
  std::atomic<int> writes{0};
  Writer writer(db.server(), [&](PGconn* conn, const std::atomic<bool>& stop) -> std::optional<std::string> {
    std::mt19937 rng(5);
    int next_id = kRows + 1;
    int after = 0;
    while (!stop && after < 300 && writes < 6000) {
      std::string sql;
      if (writes % 4 == 0) {
        sql = "INSERT INTO " + db.table() + " VALUES (" + std::to_string(next_id++) + ", 1)";
      } else {
        const bool recent = next_id > kRows + 1 && rng() % 3 == 0;
        const int id = recent ? kRows + 1 + static_cast<int>(rng() % static_cast<unsigned>(next_id - kRows - 1))
                              : 1 + static_cast<int>(rng() % kRows);
        sql = "UPDATE " + db.table() + " SET version = version + 1 WHERE id = " + std::to_string(id);
      }
      if (auto err = tryExec(conn, sql)) {
        return err;
      }
      ++writes;
      std::this_thread::sleep_for(5ms);
      if (snapshot_seen) {
        ++after;
      } else {
        ++writes_before_snapshot_seen;
      }
    }
    return std::nullopt;
  });
  std::size_t scanned = 0;
  const bool snapshot_done = reader.pollUntil(
      [&] {
        for (; scanned < reader.events().size(); ++scanned) {
          snapshot_seen = snapshot_seen || reader.events()[scanned].snapshot == "last";
        }
        return snapshot_seen.load();
      },
      150s);
  if (!snapshot_done) {
    writer.stop();
  }
  REQUIRE(writer.join().empty());
  REQUIRE(snapshot_done);
  const auto final_versions = tableVersions(db.admin(), db.table());
  // Until every row's final version has arrived, then until nothing more comes.
  std::map<int, int> latest;
  std::size_t counted = 0;
  const auto caught_up = [&] {
    for (; counted < reader.events().size(); ++counted) {
      const auto& e = reader.events()[counted];
      latest[e.id] = std::max(latest[e.id], e.version);
    }
    for (const auto& [id, version] : final_versions) {
      auto it = latest.find(id);
      if (it == latest.end() || it->second < version) {
        return false;
      }
    }
    return true;
  };
  CHECK(reader.pollUntil(caught_up, 120s));
  reader.drain(3s);
  CHECK(reader.unparsed() == 0);
  CHECK(reader.partitions() == 1);

  // Per key: a snapshot read (only before any stream event) or a create of version 1, then updates whose
  // versions follow one by one, ending at the table's version. A repeated or missing change breaks the chain.
  std::map<int, int> version_of;
  std::vector<std::string> violations;
  const auto violation = [&](const Event& e, const std::string& what) {
    if (violations.size() < 10) {
      violations.push_back("id " + std::to_string(e.id) + " version " + std::to_string(e.version) + " op " + e.op +
                           ": " + what);
    } else {
      violations.emplace_back();
    }
  };
  bool streaming = false;
  std::size_t snapshot_records = 0;
  std::size_t snapshot_rows_written_before = 0;  // snapshot reads of rows the writer had already updated
  std::size_t stream_updates_of_snapshot_rows = 0;
  for (const auto& e : reader.events()) {
    const auto known = version_of.find(e.id);
    if (e.op == "r") {
      ++snapshot_records;
      snapshot_rows_written_before += e.version > 1 || e.id > kRows ? 1 : 0;
      if (streaming) {
        violation(e, "snapshot record after a stream event");
      }
      if (known != version_of.end()) {
        violation(e, "second snapshot record of the key");
      }
    } else if (e.op == "c") {
      streaming = true;
      if (known != version_of.end() || e.version != 1) {
        violation(e, "create of a key already seen, or not at version 1");
      }
    } else if (e.op == "u") {
      streaming = true;
      if (known == version_of.end()) {
        violation(e, "update before the key's snapshot record or create");
      } else if (e.version != known->second + 1) {
        violation(e, "after version " + std::to_string(known->second) + " (repeated or missing change)");
      } else if (e.id <= kRows) {
        ++stream_updates_of_snapshot_rows;
      }
    } else {
      violation(e, "unexpected op");
    }
    version_of[e.id] = e.version;
  }
  std::size_t lost_rows = 0;
  for (const auto& [id, version] : final_versions) {
    auto it = version_of.find(id);
    lost_rows += it == version_of.end() || it->second != version ? 1 : 0;
  }
  std::cout << "snapshot handoff: " << snapshot_records << " snapshot records (" << snapshot_rows_written_before
            << " carrying a concurrent write), " << reader.events().size() - snapshot_records << " stream events ("
            << stream_updates_of_snapshot_rows << " updates of snapshot rows), " << writes << " concurrent writes ("
            << writes_before_snapshot_seen << " before the snapshot's last record reached Kafka), " << violations.size()
            << " order violations, " << lost_rows << " rows not at their final version" << std::endl;
  INFO("first violations:\n"
       << [&] {
            std::string s;
            for (const auto& v : violations) {
              s += v + "\n";
            }
            return s;
          }());
  CHECK(violations.empty());
  CHECK(lost_rows == 0);
  CHECK(version_of.size() == final_versions.size());  // no key that is not in the table
  CHECK(snapshot_records >= static_cast<std::size_t>(kRows));
  // The writes overlapped the snapshot: some ran before its last record was read back.
  CHECK(writes_before_snapshot_seen > 0);
  CHECK(worker.process().terminate(30s) == 0);
}

TEST_CASE("a graceful restart in the middle of a 100,000-change stream loses and repeats nothing",
          "[postgres][integration][restart]") {
  constexpr int kRows = 50000;  // inserted (version 1), then updated (version 2): 100,000 changes
  constexpr int kPerTransaction = 1000;
  Db db("pgr_term", Server::rigServer());
  db.createPublication();
  TempDir data;
  const auto prefix = uniquePrefix("pgrterm");
  TopicReader reader(prefix + "." + db.table());
  auto worker = std::make_unique<Worker>(data, "connectd-pgr-term.log");
  worker->put("pgr-term", db.connectorConfig(prefix, "never"));
  REQUIRE(worker->waitForTaskState("pgr-term", "RUNNING", 60s));
  REQUIRE(waitFor([&] { return db.slotActive(); }, 60s));

  Writer writer(db.server(), [&](PGconn* conn, const std::atomic<bool>&) -> std::optional<std::string> {
    for (int from = 1; from <= kRows; from += kPerTransaction) {
      if (auto err =
              tryExec(conn, "INSERT INTO " + db.table() + " SELECT g, 1 FROM generate_series(" + std::to_string(from) +
                                ", " + std::to_string(from + kPerTransaction - 1) + ") g")) {
        return err;
      }
    }
    for (int from = 1; from <= kRows; from += kPerTransaction) {
      if (auto err = tryExec(conn, "UPDATE " + db.table() + " SET version = 2 WHERE id BETWEEN " +
                                       std::to_string(from) + " AND " + std::to_string(from + kPerTransaction - 1))) {
        return err;
      }
    }
    return std::nullopt;
  });
  REQUIRE(reader.pollUntil([&] { return reader.events().size() >= 25000; }, 120s));
  const auto at_stop = reader.events().size();
  REQUIRE(worker->process().terminate(60s) == 0);
  worker = std::make_unique<Worker>(data, "connectd-pgr-term.log");
  REQUIRE(writer.join().empty());
  const auto final_versions = tableVersions(db.admin(), db.table());
  REQUIRE(final_versions.size() == static_cast<std::size_t>(kRows));
  CHECK(reader.pollUntil([&] { return reader.distinct() >= static_cast<std::size_t>(2 * kRows); }, 150s));
  reader.drain(3s);
  const auto t = tally(reader.events(), final_versions);
  std::cout << "graceful restart (SIGTERM after " << at_stop << " of " << 2 * kRows
            << " changes had reached Kafka): " << t.lost << " lost, " << t.duplicates() << " duplicates (" << t.records
            << " records)" << std::endl;
  CHECK(at_stop < static_cast<std::size_t>(2 * kRows));  // the stop came mid-stream
  CHECK(reader.unparsed() == 0);
  CHECK(t.lost == 0);
  CHECK(t.duplicates() == 0);
  CHECK(t.distinct == static_cast<std::size_t>(2 * kRows));
  CHECK(worker->process().terminate(30s) == 0);
}

TEST_CASE("kill -9 at random points, 10 rounds, loses nothing, and the duplicates are counted",
          "[postgres][integration][restart]") {
  constexpr int kRounds = 10;
  const char* seed_env = std::getenv("CONNECTD_TEST_SEED");
  const auto seed = seed_env != nullptr ? static_cast<std::uint32_t>(std::stoul(seed_env)) : std::random_device{}();
  std::cout << "kill -9 rounds: seed " << seed << " (CONNECTD_TEST_SEED=" << seed << " repeats the kill points)"
            << std::endl;
  std::mt19937 rng(seed);
  Db db("pgr_kill", Server::rigServer());
  db.createPublication();
  TempDir data;
  const auto prefix = uniquePrefix("pgrkill");
  TopicReader reader(prefix + "." + db.table());
  auto worker = std::make_unique<Worker>(data, "connectd-pgr-kill.log");
  worker->put("pgr-kill", db.connectorConfig(prefix, "never"));
  REQUIRE(worker->waitForTaskState("pgr-kill", "RUNNING", 60s));
  REQUIRE(waitFor([&] { return db.slotActive(); }, 60s));

  // A steady stream: 20-row transactions, paced so that the backlog stays small, until the rounds are over.
  Writer writer(db.server(), [&](PGconn* conn, const std::atomic<bool>& stop) -> std::optional<std::string> {
    for (int from = 1; !stop && from < 1000000; from += 20) {
      if (auto err = tryExec(conn, "INSERT INTO " + db.table() + " SELECT g, 1 FROM generate_series(" +
                                       std::to_string(from) + ", " + std::to_string(from + 19) + ") g")) {
        return err;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  });
  std::uniform_int_distribution<int> delay_ms(200, 3000);
  for (int round = 1; round <= kRounds; ++round) {
    if (round > 1) {
      worker = std::make_unique<Worker>(data, "connectd-pgr-kill.log");
    }
    const auto delay = std::chrono::milliseconds(delay_ms(rng));
    reader.poll(delay);  // the random point: this long after the worker answered
    worker->process().kill9();
    std::cout << "round " << round << ": kill -9 " << delay.count() << " ms after start, " << reader.events().size()
              << " records in Kafka" << std::endl;
  }
  writer.stop();
  REQUIRE(writer.join().empty());
  const auto final_versions = tableVersions(db.admin(), db.table());
  worker = std::make_unique<Worker>(data, "connectd-pgr-kill.log");
  CHECK(reader.pollUntil([&] { return reader.distinct() >= final_versions.size(); }, 120s));
  reader.drain(3s);
  const auto t = tally(reader.events(), final_versions);
  std::cout << "kill -9 x" << kRounds << ": " << t.lost << " lost, " << t.duplicates() << " duplicates (" << t.records
            << " records for " << final_versions.size() << " rows, seed " << seed << ")" << std::endl;
  CHECK(reader.unparsed() == 0);
  REQUIRE(t.lost == 0);
  CHECK(t.distinct == final_versions.size());
  CHECK(worker->process().terminate(30s) == 0);
}

namespace {

// A PostgreSQL 15 of the test's own, started by the rig's script with the given wal_level and stopped again.
class OwnServer {
 public:
  OwnServer(const std::filesystem::path& dir, const std::string& wal_level) : dir_(dir) {
    const std::string scripts = std::string(CONNECTD_SOURCE_DIR) + "/scripts/rig/";
    const std::string cmd = "PG_WAL_LEVEL=" + wal_level + " '" + scripts + "pg-start.sh' '" + dir_.string() + "' >'" +
                            (dir_ / "start.log").string() + "' 2>&1";
    started_ = std::system(cmd.c_str()) == 0;
  }
  ~OwnServer() {
    const std::string cmd =
        "'" + std::string(CONNECTD_SOURCE_DIR) + "/scripts/rig/pg-stop.sh' '" + dir_.string() + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      std::cerr << "pg-stop.sh failed for " << dir_ << std::endl;
    }
  }
  OwnServer(const OwnServer&) = delete;
  OwnServer& operator=(const OwnServer&) = delete;

  bool started() const { return started_; }
  std::string log() const {
    std::ifstream in(dir_ / "start.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  Server server() const {
    std::map<std::string, std::string> env;
    std::ifstream in(dir_ / "rig.env");
    std::string line;
    while (std::getline(in, line)) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) {
        env[line.substr(0, eq)] = line.substr(eq + 1);
      }
    }
    return {env["PGHOST"], env["PGPORT"], env["PG_SUPERUSER"], env["PG_SUPERUSER_PASSWORD"]};
  }

 private:
  std::filesystem::path dir_;
  bool started_ = false;
};

}  // namespace

TEST_CASE("a server whose wal_level is not logical fails the task with what to do", "[postgres][integration]") {
  TempDir pg_dir;
  OwnServer own(pg_dir.path, "replica");
  INFO(own.log());
  REQUIRE(own.started());
  Db db("pgr_wal", own.server());
  CHECK(run(db.admin(), "SHOW wal_level") == "replica");
  TempDir data;
  Worker worker(data, "connectd-pgr-wal.log");
  worker.put("pgr-wal", db.connectorConfig(uniquePrefix("pgrwal"), "initial"));
  REQUIRE(worker.waitForTaskState("pgr-wal", "FAILED", 60s));
  const auto trace = worker.task("pgr-wal")["trace"].get<std::string>();
  INFO(trace);
  CHECK_THAT(trace, Catch::Contains("wal_level is 'replica'") && Catch::Contains("wal_level = logical") &&
                        Catch::Contains("restart the PostgreSQL server"));
  CHECK_THAT(trace, !Catch::Contains(kPassword) && !Catch::Contains(own.server().superuser_password));
  CHECK(worker.process().terminate(30s) == 0);
}
