"""Runs the benchmark of issue 9 against a running rig and writes OUT/results.json.

Started by bench/run.sh (which resolves everything, starts the rig and afterwards renders the report).
Workloads, for each system in turns (the order rotates every round and every workload, so drift hits
all of them), every Kafka Connect worker started fresh for each measurement (in --smoke one worker
per system serves every workload):

  startup   process start -> REST ready, and PUT -> first event in Kafka (rows committed before the PUT;
            measured at every worker start, which is also each measurement's warm-up)
  backlog   N outbox rows (256-byte bytea payload, 10,000 aggregates) committed before the connector
            starts -> events/s until all are in Kafka, CPU seconds per million events, peak RSS
  wide      the same for a 20-column mixed-type table through JsonConverter with schemas
  bigtxn    one N-row transaction while streaming: commit -> last event in Kafka, peak RSS
  steady    inserts at fixed rates in small transactions: commit -> Kafka append latency percentiles,
            the commit-side timestamp carried in the payload against the broker's LogAppendTime

pg_recvlogical (pgoutput, same publication, output to /dev/null) runs backlog, wide and bigtxn; it has
no Kafka, so it has no latency, REST or first-event figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import time
import traceback
from contextlib import contextmanager

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from oracle import kafkaio
from oracle.pg import Pg, fill_placeholders

from . import procstat
from .stats import pct
from .systems import ConnectSystem, RecvlogicalSystem, SystemFailed, read_env_file

DB = "bench"
OUTBOX_PUB = "dbz_outbox"
WIDE_PUB = "bench_wide"
MARKER_HEX = "be0c4b0b"  # bytes 8..11 of every outbox payload; pg_recvlogical's output is counted by it
WIDE_MARKER = "wide-row-"  # prefix of c_text in every wide row

SIZES = {
    "full": {
        "backlog_rows": 1_000_000, "backlog_rounds": 3,
        "wide_rows": 100_000, "wide_rounds": 3,
        "bigtxn_rows": 1_000_000, "bigtxn_rounds": 1,
        "steady_rates": [1000, 5000, 20000], "steady_seconds": 60, "steady_rounds": 1,
        "warmup_rows": 20_000, "aggregates": 10_000, "insert_chunk": 50_000,
        "stall_s": 90, "sample_s": 0.25, "fresh_workers": True,
    },
    "smoke": {
        "backlog_rows": 2000, "backlog_rounds": 1,
        "wide_rows": 500, "wide_rounds": 1,
        "bigtxn_rows": 3000, "bigtxn_rounds": 1,
        "steady_rates": [200], "steady_seconds": 3, "steady_rounds": 1,
        "warmup_rows": 10, "aggregates": 100, "insert_chunk": 1000,
        "stall_s": 45, "sample_s": 0.1, "fresh_workers": False,
    },
}
WORKLOADS = ["backlog", "wide", "bigtxn", "steady"]

WIDE_DDL = """
CREATE TABLE IF NOT EXISTS public.widetable (
  id bigint PRIMARY KEY, c_int2 smallint, c_int4 integer, c_int8 bigint, c_numeric numeric(12,4),
  c_real real, c_double double precision, c_bool boolean, c_text text, c_varchar varchar(64),
  c_char char(8), c_date date, c_time time, c_timestamp timestamp, c_timestamptz timestamptz,
  c_uuid uuid, c_jsonb jsonb, c_bytea bytea, c_interval interval, c_inet inet);
GRANT SELECT ON TABLE public.widetable TO debezium;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'bench_wide') THEN
    CREATE PUBLICATION bench_wide FOR TABLE public.widetable;
  END IF;
END $$;
"""


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def outbox_insert_sql(agg: str, lo: int, hi: int, aggregates: int) -> str:
    # Payload: 8 bytes commit-side timestamp (microseconds since the epoch, big-endian, taken by
    # clock_timestamp() just before COMMIT), 4 marker bytes, 244 bytes of per-row filler = 256 bytes.
    return (
        "INSERT INTO public.outboxevent (id, aggregatetype, aggregateid, type, payload, timestamp) "
        f"SELECT gen_random_uuid(), '{agg}', 'agg-' || mod(g, {aggregates}), 'BenchEvent', "
        "int8send((extract(epoch FROM clock_timestamp()) * 1000000)::bigint) "
        f"|| '\\x{MARKER_HEX}'::bytea || substr(decode(repeat(md5(g::text), 16), 'hex'), 1, 244), "
        f"clock_timestamp() FROM generate_series({lo}, {hi}) g"
    )


def wide_insert_sql(lo: int, hi: int) -> str:
    return (
        "INSERT INTO public.widetable SELECT g, mod(g, 32000)::int2, g::int4, g::int8 * 1000003, (g / 7.0)::numeric(12,4), "
        f"(g / 3.0)::real, g / 7.0::float8, mod(g, 2) = 0, '{WIDE_MARKER}' || g, 'v' || mod(g, 1000), "
        "'c' || mod(g, 100), date '2024-01-01' + mod(g, 365)::int, time '00:00' + make_interval(secs => mod(g, 86400)), "
        "timestamp '2024-01-01' + make_interval(secs => g), clock_timestamp(), gen_random_uuid(), "
        "jsonb_build_object('n', g, 's', 'x' || g), decode(md5(g::text), 'hex'), "
        "make_interval(days => mod(g, 30)::int, secs => mod(g, 3600)), "
        "('10.' || mod(g / 65536, 256) || '.' || mod(g / 256, 256) || '.' || mod(g, 256))::inet "
        f"FROM generate_series({lo}, {hi}) g"
    )


class Kafka:
    def __init__(self, bootstrap: str):
        self.bootstrap = bootstrap
        self.admin = AdminClient({"bootstrap.servers": bootstrap})
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-reader",
                                  "enable.auto.commit": False})

    def create_topic(self, topic: str) -> None:
        """One partition, message.timestamp.type=LogAppendTime: the broker stamps each append."""
        f = self.admin.create_topics([NewTopic(topic, 1, 1, config={"message.timestamp.type": "LogAppendTime"})])
        f[topic].result(30)

    def delete_topic(self, topic: str) -> None:
        try:
            if topic in kafkaio.list_topics(self.bootstrap, include_internal=True):
                kafkaio.delete_topics(self.bootstrap, [topic])
        except Exception as e:  # cleanup only: a leftover topic does not invalidate a result
            log(f"  warning: could not delete topic {topic}: {e}")

    def count(self, topic: str) -> int:
        try:
            lo, hi = self.consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=5, cached=False)
            return hi - lo
        except KafkaException:
            return 0

    def record_at(self, topic: str, offset: int):
        """(timestamp type, timestamp ms, value) of one record."""
        c = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "bench-reader", "enable.auto.commit": False})
        try:
            c.assign([TopicPartition(topic, 0, offset)])
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                m = c.poll(1.0)
                if m is None or m.error():
                    continue
                ts_type, ts = m.timestamp()
                return ts_type, ts, m.value()
            raise SystemFailed(f"could not read {topic} offset {offset}")
        finally:
            c.close()

    def read_all(self, topic: str, n: int) -> list[tuple[int, int, bytes]]:
        c = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "bench-reader", "enable.auto.commit": False,
                      "fetch.max.bytes": 52428800})
        out = []
        try:
            c.assign([TopicPartition(topic, 0, 0)])
            deadline = time.monotonic() + 120 + n / 20000
            while len(out) < n and time.monotonic() < deadline:
                for m in c.consume(10000, 1.0):
                    if m.error():
                        continue
                    ts_type, ts = m.timestamp()
                    v = m.value() or b""
                    out.append((ts_type, ts, v[:8]))
            return out
        finally:
            c.close()


class Bench:
    def __init__(self, args):
        self.args = args
        self.mode = "smoke" if args.smoke else "full"
        self.size = dict(SIZES[self.mode])
        for kv in args.set or []:
            k, v = kv.split("=", 1)
            if k not in self.size:
                raise SystemExit(f"--set: unknown size {k} (known: {', '.join(self.size)})")
            self.size[k] = json.loads(v)
        self.rig = read_env_file(os.path.join(args.rig_dir, "rig.env"))
        self.pg = Pg(self.rig)
        self.kafka = Kafka(self.rig["KAFKA_BOOTSTRAP"])
        self.work = os.path.join(args.out, "work")
        shutil.rmtree(self.work, ignore_errors=True)  # pg_recvlogical appends to its output file
        os.makedirs(self.work)
        for f in os.listdir(args.out):
            if f.startswith("worker-") and f.endswith(".log"):
                os.remove(os.path.join(args.out, f))
        self.password = secrets.token_hex(12)
        self.secret = os.path.join(self.work, "db.properties")
        self.runs: list[dict] = []
        with open(os.path.join(args.fixtures, "pg-outbox-config.json")) as f:
            self.article_cfg = json.load(f)
        self.systems = []
        for name in args.systems.split(","):
            if name in ("connectd", "debezium"):
                self.systems.append(ConnectSystem(name, args.root, args.rig_dir, heap=args.debezium_heap,
                                                  connectd_bin=args.connectd_bin))
            elif name == "pg_recvlogical":
                self.systems.append(RecvlogicalSystem(self.rig["PG_BIN"], self.pg.host, self.pg.port, DB,
                                                      self.password))
            else:
                raise SystemExit(f"unknown system {name} (connectd, debezium, pg_recvlogical)")
        self.seq = 0

    # -------------------------------------------------------------------------------- database
    def conn(self):
        c = self.pg.connect(DB)
        # The rig runs synchronous_commit=off; with it the walsender would see a commit only at the WAL
        # writer's next flush (up to 200 ms later). The benchmark's sessions commit synchronously.
        c.execute(b"SET synchronous_commit TO on")
        return c

    def setup_database(self) -> None:
        self.pg.execute_script("postgres", f"CREATE DATABASE {DB}")
        with open(os.path.join(self.args.fixtures, "migration.sql")) as f:
            sql = fill_placeholders(f.read(), {"DB_NAME": DB, "DEBEZIUM_PASSWORD": self.password}, "migration.sql")
        self.pg.execute_script(DB, sql)
        # The role may exist from an earlier database in this cluster; the Secret is the truth.
        self.pg.execute_script(DB, f"ALTER ROLE debezium PASSWORD '{self.password}'")
        self.pg.execute_script(DB, WIDE_DDL)
        with open(self.secret, "w") as f:
            f.write(f"database.hostname={self.pg.host}\ndatabase.port={self.pg.port}\ndatabase.user=debezium\n"
                    f"database.password={self.password}\ndatabase.dbname={DB}\n")
        os.chmod(self.secret, 0o600)

    def lsn(self, c) -> str:
        return c.execute(b"SELECT pg_current_wal_lsn()::text").fetchone()[0]

    def create_slot(self, slot: str) -> None:
        with self.pg.connect(DB) as c:
            c.execute("SELECT pg_create_logical_replication_slot(%s, 'pgoutput')", (slot,))

    def drop_slot(self, slot: str) -> None:
        try:
            if not self.pg.drop_slot(slot):
                log(f"  warning: replication slot {slot} still active; not dropped")
        except Exception as e:
            log(f"  warning: could not drop slot {slot}: {e}")

    def slot_sent_lsn(self, slot: str):
        """The walsender's sent position (pg_lsn as int) for the slot, or None when not streaming."""
        with self.pg.connect(DB) as c:
            row = c.execute(
                "SELECT r.sent_lsn - '0/0'::pg_lsn FROM pg_replication_slots s "
                "JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = %s", (slot,)).fetchone()
            return None if row is None or row[0] is None else int(row[0])

    @staticmethod
    def lsn_int(lsn: str) -> int:
        hi, lo = lsn.split("/")
        return (int(hi, 16) << 32) + int(lo, 16)

    def insert_rows(self, kind: str, n: int, agg: str = "", chunk: int | None = None) -> float:
        """Inserts n rows (outbox or wide) in transactions of ``chunk`` rows; returns the seconds taken."""
        chunk = chunk or self.size["insert_chunk"]
        t0 = time.monotonic()
        with self.conn() as c:
            for lo in range(1, n + 1, chunk):
                hi = min(n, lo + chunk - 1)
                sql = outbox_insert_sql(agg, lo, hi, self.size["aggregates"]) if kind == "outbox" else wide_insert_sql(lo, hi)
                c.execute(sql.encode())
        return time.monotonic() - t0

    # ------------------------------------------------------------------------------- configs
    def outbox_config(self) -> dict:
        return dict(self.article_cfg)

    def wide_config(self, prefix: str) -> dict:
        cfg = {k: v for k, v in self.article_cfg.items()
               if not k.startswith("transforms") and k not in ("key.converter", "value.converter")}
        cfg.update({
            "topic.prefix": prefix,
            "table.include.list": "public.widetable",
            "publication.name": WIDE_PUB,
            "key.converter": "org.apache.kafka.connect.json.JsonConverter",
            "key.converter.schemas.enable": "true",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable": "true",
        })
        return cfg

    def next_id(self) -> int:
        self.seq += 1
        return self.seq

    # ------------------------------------------------------------------------------- results
    def new_run(self, workload: str, system: str, rnd: int, expected: int | None, **extra) -> dict:
        r = {"workload": workload, "system": system, "round": rnd, "ok": False, "error": None,
             "expected": expected, "got": None, "metrics": {}, "series": [], **extra}
        self.runs.append(r)
        return r

    def finish(self, run: dict, t0: float) -> None:
        run["wall_s"] = round(time.monotonic() - t0, 2)
        if run["error"] is None and run["expected"] is not None and run["got"] != run["expected"]:
            run["error"] = f"expected {run['expected']} events, got {run['got']}"
        run["ok"] = run["error"] is None
        m = run["metrics"]
        shown = ", ".join(f"{k} {v}" for k, v in m.items() if not isinstance(v, (list, dict)))
        status = "ok" if run["ok"] else f"FAILED: {run['error']}"
        rate = f" @{run['rate']}/s" if "rate" in run else ""
        log(f"  {run['workload']}{rate} r{run['round']} {run['system']}: {status}" + (f" ({shown})" if shown else ""))

    # ----------------------------------------------------------------------- Kafka-side waits
    def wait_count(self, sysobj: ConnectSystem, name: str, topic: str, n: int, t_ref: float, pid: int):
        """Samples the topic's record count (and the worker's RSS) until it reaches n; returns
        (series [[s since t_ref, count]], max RSS KiB seen). Fails on a stall, a FAILED task or a dead worker."""
        series, rss_max = [], 0
        last_n, last_move, last_check = -1, time.monotonic(), 0.0
        while True:
            got = self.kafka.count(topic)
            now = time.time()
            try:
                rss_max = max(rss_max, procstat.rss_kb(pid))
            except OSError:
                pass
            series.append([round(now - t_ref, 3), got])
            if got >= n:
                return series, rss_max
            mono = time.monotonic()
            if got != last_n:
                last_n, last_move = got, mono
            elif mono - last_move > self.size["stall_s"]:
                raise SystemFailed(f"stalled: {got} of {n} events in Kafka, none for {self.size['stall_s']} s")
            if mono - last_check > 2:
                sysobj.check(name)
                last_check = mono
            time.sleep(self.size["sample_s"])

    # ------------------------------------------------------------------------ worker lifecycle
    @contextmanager
    def worker(self, sysobj: ConnectSystem, workload: str, rnd: int):
        """A fresh worker for one measurement (with fresh_workers; else one per system for the whole run):
        records its start-up and, as the warm-up, PUT -> first event."""
        fresh = self.size["fresh_workers"]
        if not fresh and sysobj.worker is not None and procstat.alive(sysobj.worker.pid):
            yield sysobj.worker
            return
        sysobj.stop()
        run = self.new_run("startup", sysobj.name, rnd, None, during=workload)
        t0 = time.monotonic()
        try:
            w = sysobj.start()
            run["metrics"].update({"rest_s": w.rest_s, "ready_s": w.ready_s})
        except Exception as e:
            run["error"] = str(e) if isinstance(e, SystemFailed) else f"{type(e).__name__}: {e}"
        self.finish(run, t0)
        if run["ok"]:
            run = self.new_run("first_event", sysobj.name, rnd, self.size["warmup_rows"], during=workload)
            t0 = time.monotonic()
            try:
                run["metrics"]["first_event_s"], run["got"] = self.warmup(sysobj)
            except Exception as e:
                run["error"] = str(e) if isinstance(e, SystemFailed) else f"{type(e).__name__}: {e}"
            self.finish(run, t0)
        ok = False
        try:
            if run["error"] is not None:
                self.keep_log(sysobj, f"{run['workload']}-{workload}-r{rnd}")
                raise SystemFailed(f"{'worker start' if run['workload'] == 'startup' else 'warm-up'} failed: "
                                   f"{run['error']}")
            yield sysobj.worker
            ok = True
        finally:
            if fresh or not ok:
                sysobj.stop()

    def keep_log(self, sysobj: ConnectSystem, label: str) -> None:
        src = os.path.join(self.args.rig_dir, f"oracle-bench-{sysobj.kind}", "worker.log")
        if os.path.exists(src):
            dst = os.path.join(self.args.out, f"worker-{sysobj.kind}-{label}.log")
            with open(src, "rb") as a, open(dst, "wb") as b:
                b.write(a.read())

    def warmup(self, sysobj: ConnectSystem) -> tuple[float, int]:
        """Commits warmup_rows outbox rows, PUTs the connector and waits for them all: (PUT -> first event s, count)."""
        i = self.next_id()
        n = self.size["warmup_rows"]
        agg, slot, name = f"warm{i}_{sysobj.kind}", f"bench_warm{i}", f"bench-warm-{i}"
        topic = f"outbox.event.{agg}"
        self.kafka.create_topic(topic)
        self.create_slot(slot)
        try:
            self.insert_rows("outbox", n, agg)
            t_put = time.time()
            sysobj.put(name, sysobj.config(self.outbox_config(), self.secret, slot))
            self.wait_count(sysobj, name, topic, n, t_put, sysobj.worker.pid)
            _, first_ms, _ = self.kafka.record_at(topic, 0)
            sysobj.delete(name)
            return round(first_ms / 1000 - t_put, 3), self.kafka.count(topic)
        finally:
            sysobj.delete(name)
            self.drop_slot(slot)
            self.kafka.delete_topic(topic)

    # ------------------------------------------------------------------------------ workloads
    def drain(self, sysobj, workload: str, rnd: int, profile: bool = False) -> None:
        """backlog or wide: rows committed first, then the system starts reading them. With ``profile``,
        an extra backlog drain under perf (recorded as workload "profile", kept out of the table)."""
        n = self.size[f"{workload}_rows"]
        i = self.next_id()
        run = self.new_run("profile" if profile else workload, sysobj.name, rnd, n)
        t0 = time.monotonic()
        slot = f"bench_{workload}{i}"
        name = f"bench-{workload}-{i}"
        if workload == "backlog":
            agg = f"backlog{i}_{sysobj.name}"
            topic = f"outbox.event.{agg}"
        else:
            prefix = f"wide{i}_{sysobj.name}"
            topic = f"{prefix}.public.widetable"
        table = "public.outboxevent" if workload == "backlog" else "public.widetable"
        kafka_side = isinstance(sysobj, ConnectSystem)
        phases: dict[str, float] = {}
        try:
            ctx = self.worker(sysobj, workload, rnd) if kafka_side else _null()
            with ctx:
                phases["worker"] = time.monotonic() - t0
                self.pg.execute_script(DB, f"TRUNCATE {table}")
                phases["truncate"] = time.monotonic() - t0
                if kafka_side:
                    self.kafka.create_topic(topic)
                self.create_slot(slot)
                phases["slot"] = time.monotonic() - t0
                with self.conn() as c:
                    start_lsn = self.lsn(c)
                run["insert_s"] = round(self.insert_rows("outbox" if workload == "backlog" else "wide", n,
                                                         agg if workload == "backlog" else ""), 2)
                with self.conn() as c:
                    end_lsn = self.lsn(c)
                run["wal_mb"] = round((self.lsn_int(end_lsn) - self.lsn_int(start_lsn)) / 2**20, 1)
                phases["insert"] = time.monotonic() - t0
                if kafka_side:
                    cfg = (sysobj.config(self.outbox_config(), self.secret, slot) if workload == "backlog"
                           else sysobj.config(self.wide_config(prefix), self.secret, slot))
                    self.drain_kafka(sysobj, run, name, cfg, topic, n, profile)
                else:
                    pub = OUTBOX_PUB if workload == "backlog" else WIDE_PUB
                    marker = MARKER_HEX if workload == "backlog" else WIDE_MARKER
                    self.drain_recvlogical(sysobj, run, slot, pub, start_lsn, end_lsn, n, marker)
                phases["measure"] = time.monotonic() - t0
        except Exception as e:
            run["error"] = str(e) if isinstance(e, SystemFailed) else f"{type(e).__name__}: {e}"
            if kafka_side and not str(e).startswith(('worker start', 'warm-up')):
                self.keep_log(sysobj, f"{run['workload']}-r{rnd}")
            if not isinstance(e, SystemFailed):
                traceback.print_exc()
        finally:
            self.drop_slot(slot)
            if kafka_side:
                self.kafka.delete_topic(topic)
        phases["cleanup"] = time.monotonic() - t0
        # Where the wall-clock time went (cumulative seconds at the end of each phase): budget, not results.
        run["phases_s"] = {k: round(v, 2) for k, v in phases.items()}
        self.finish(run, t0)

    def drain_kafka(self, sysobj: ConnectSystem, run: dict, name: str, cfg: dict, topic: str, n: int,
                    profile: bool = False) -> None:
        pid = sysobj.worker.pid
        perf = None
        if profile:
            data = os.path.join(self.args.out, f"perf-{sysobj.name}-backlog.data")
            perf = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(pid), "-o", data],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hwm_ok = procstat.reset_hwm(pid)
        cpu0 = procstat.cpu_seconds(pid)
        t_put = time.time()
        try:
            sysobj.put(name, cfg)
            series, rss_max = self.wait_count(sysobj, name, topic, n, t_put, pid)
            cpu = procstat.cpu_seconds(pid) - cpu0
            if perf is not None:
                perf.send_signal(signal.SIGINT)
                perf.wait(60)
                run["profile_top"], run["profile_file"] = self.perf_report(data, sysobj.name)
                perf = None
            peak_kb = max(rss_max, procstat.hwm_kb(pid) if hwm_ok else 0)
            _, first_ms, _ = self.kafka.record_at(topic, 0)
            _, last_ms, _ = self.kafka.record_at(topic, n - 1)
            sysobj.delete(name)
        finally:
            if perf is not None:
                perf.kill()
                perf.wait(10)
            sysobj.delete(name)
        secs = max(last_ms / 1000 - t_put, 1e-3)
        run["got"] = self.kafka.count(topic)
        run["series"] = series
        run["metrics"] = {
            "events": n, "seconds": round(secs, 3), "events_per_s": round(n / secs),
            "cpu_s": round(cpu, 2), "cpu_s_per_million": round(cpu / n * 1e6, 2),
            "peak_rss_mb": round(peak_kb / 1024, 1), "first_event_s": round(first_ms / 1000 - t_put, 3),
        }
        run["timing"] = "PUT -> LogAppendTime of the last record"
        run["peak_rss_source"] = "VmHWM reset before the PUT" if hwm_ok else "VmRSS sampled"

    def perf_report(self, data: str, system: str) -> tuple[list[str], str]:
        """perf's flat profile (self time by symbol) into OUT/profile-SYSTEM-backlog.txt; its top lines."""
        txt = os.path.join(self.args.out, f"profile-{system}-backlog.txt")
        p = subprocess.run(["perf", "report", "--stdio", "--no-children", "-g", "none", "--percent-limit", "0.5",
                            "--fields", "overhead,dso,sym", "-i", data], capture_output=True, text=True, timeout=600)
        with open(txt, "w") as f:
            f.write(p.stdout)
        lines = [ln.rstrip() for ln in p.stdout.splitlines() if ln.strip() and not ln.startswith("#")]
        return lines[:40], txt

    def drain_recvlogical(self, sysobj: RecvlogicalSystem, run: dict, slot: str, pub: str, start_lsn: str,
                          end_lsn: str, n: int, marker: str) -> None:
        out = os.path.join(self.work, f"{slot}.out") if self.args.smoke else "/dev/null"
        lo, hi = self.lsn_int(start_lsn), self.lsn_int(end_lsn)
        stats = os.path.join(self.work, f"{slot}.time")
        t0 = time.time()
        p = sysobj.spawn(slot, pub, out, end_lsn, stats)
        series = [[0.0, 0]]
        deadline = time.monotonic() + 120 + n / 2000
        while procstat.alive(p.pid) and time.monotonic() < deadline:
            sent = self.slot_sent_lsn(slot)
            if sent is not None:
                series.append([round(time.time() - t0, 3), round(n * max(0, min(sent, hi) - lo) / max(1, hi - lo))])
            time.sleep(self.size["sample_s"])
        status, cpu, rss_kb, err = sysobj.reap(p, stats, 5)
        secs = max(time.time() - t0, 1e-3)
        if status != 0:
            raise SystemFailed(f"pg_recvlogical exited with status {status}: {err[:300]}")
        series.append([round(secs, 3), n])
        run["got"] = self.count_marker(out, marker) if out != "/dev/null" else n
        run["series"] = series
        run["series_note"] = "events estimated from the walsender's sent_lsn"
        run["metrics"] = {"events": n, "seconds": round(secs, 3), "events_per_s": round(n / secs),
                          "cpu_s": round(cpu, 2), "cpu_s_per_million": round(cpu / n * 1e6, 2),
                          "peak_rss_mb": round(rss_kb / 1024, 1)}
        run["timing"] = "process start -> exit at --endpos (the LSN after the last commit)"
        run["count_source"] = "marker occurrences in the output file" if out != "/dev/null" else "exit at --endpos"

    @staticmethod
    def count_marker(path: str, marker: str) -> int:
        with open(path, "rb") as f:
            return f.read().count(marker.encode())

    def bigtxn(self, sysobj, rnd: int) -> None:
        n = self.size["bigtxn_rows"]
        i = self.next_id()
        run = self.new_run("bigtxn", sysobj.name, rnd, n)
        t0 = time.monotonic()
        agg, slot, name = f"big{i}_{sysobj.name}", f"bench_big{i}", f"bench-big-{i}"
        topic = f"outbox.event.{agg}"
        kafka_side = isinstance(sysobj, ConnectSystem)
        try:
            ctx = self.worker(sysobj, "bigtxn", rnd) if kafka_side else _null()
            with ctx:
                self.pg.execute_script(DB, "TRUNCATE public.outboxevent")
                self.create_slot(slot)
                if kafka_side:
                    self.bigtxn_kafka(sysobj, run, name, slot, topic, agg, n)
                else:
                    self.bigtxn_recvlogical(sysobj, run, slot, agg, n)
        except Exception as e:
            run["error"] = str(e) if isinstance(e, SystemFailed) else f"{type(e).__name__}: {e}"
            if kafka_side and not str(e).startswith(('worker start', 'warm-up')):
                self.keep_log(sysobj, f"bigtxn-r{rnd}")
            if not isinstance(e, SystemFailed):
                traceback.print_exc()
        finally:
            self.drop_slot(slot)
            if kafka_side:
                self.kafka.delete_topic(topic)
        self.finish(run, t0)

    def bigtxn_kafka(self, sysobj: ConnectSystem, run: dict, name: str, slot: str, topic: str, agg: str, n: int) -> None:
        self.kafka.create_topic(topic)
        pid = sysobj.worker.pid
        try:
            sysobj.put(name, sysobj.config(self.outbox_config(), self.secret, slot))
            sysobj.wait_running(name, 120)
            self.pg.wait_slot_active(slot, 60)
            hwm_ok = procstat.reset_hwm(pid)
            cpu0 = procstat.cpu_seconds(pid)
            run["insert_s"] = round(self.insert_rows("outbox", n, agg, chunk=n), 2)
            t_commit = time.time()
            series, rss_max = self.wait_count(sysobj, name, topic, n, t_commit, pid)
            cpu = procstat.cpu_seconds(pid) - cpu0
            peak_kb = max(rss_max, procstat.hwm_kb(pid) if hwm_ok else 0)
            _, last_ms, _ = self.kafka.record_at(topic, n - 1)
            sysobj.delete(name)
        finally:
            sysobj.delete(name)
        secs = max(last_ms / 1000 - t_commit, 1e-3)
        run["got"] = self.kafka.count(topic)
        run["series"] = series
        run["metrics"] = {"events": n, "seconds": round(secs, 3), "cpu_s": round(cpu, 2),
                          "peak_rss_mb": round(peak_kb / 1024, 1)}
        run["timing"] = "COMMIT returned -> LogAppendTime of the last record"

    def bigtxn_recvlogical(self, sysobj: RecvlogicalSystem, run: dict, slot: str, agg: str, n: int) -> None:
        out = os.path.join(self.work, f"{slot}.out") if self.args.smoke else "/dev/null"
        stats = os.path.join(self.work, f"{slot}.time")
        p = sysobj.spawn(slot, OUTBOX_PUB, out, None, stats)
        try:
            deadline = time.monotonic() + 60
            while self.slot_sent_lsn(slot) is None:
                if not procstat.alive(p.pid) or time.monotonic() > deadline:
                    raise SystemFailed("pg_recvlogical did not start streaming")
                time.sleep(0.05)
            run["insert_s"] = round(self.insert_rows("outbox", n, agg, chunk=n), 2)
            t_commit = time.time()
            with self.conn() as c:
                end = self.lsn_int(self.lsn(c))
            deadline = time.monotonic() + 120 + n / 2000
            while (self.slot_sent_lsn(slot) or 0) < end:
                if not procstat.alive(p.pid) or time.monotonic() > deadline:
                    raise SystemFailed("pg_recvlogical exited or timed out before the walsender sent the commit")
                time.sleep(0.02)
            secs = max(time.time() - t_commit, 1e-3)
            if out != "/dev/null":  # the smoke check: wait until the last bytes left the socket
                deadline = time.monotonic() + 30
                while self.count_marker(out, MARKER_HEX) < n and time.monotonic() < deadline:
                    time.sleep(0.05)
        finally:
            status, cpu, rss_kb, err = sysobj.reap(p, stats, 10, interrupt=True)
        if status != 0:
            raise SystemFailed(f"pg_recvlogical exited with status {status}: {err[:300]}")
        run["got"] = self.count_marker(out, MARKER_HEX) if out != "/dev/null" else n
        run["metrics"] = {"events": n, "seconds": round(secs, 3), "cpu_s": round(cpu, 2),
                          "peak_rss_mb": round(rss_kb / 1024, 1)}
        run["timing"] = "COMMIT returned -> the walsender's sent_lsn passed the commit"

    def steady(self, sysobj: ConnectSystem, rnd: int) -> None:
        runs = [self.new_run("steady", sysobj.name, rnd, None, rate=r) for r in self.size["steady_rates"]]
        t0 = time.monotonic()
        try:
            with self.worker(sysobj, "steady", rnd):
                for run in runs:
                    t1 = time.monotonic()
                    try:
                        self.steady_rate(sysobj, run)
                    except Exception as e:
                        run["error"] = str(e) if isinstance(e, SystemFailed) else f"{type(e).__name__}: {e}"
                        self.keep_log(sysobj, f"steady{run['rate']}-r{rnd}")
                        if not isinstance(e, SystemFailed):
                            traceback.print_exc()
                    self.finish(run, t1)
        except SystemFailed as e:
            for run in runs:
                run["error"] = str(e)
                self.finish(run, t0)

    def steady_rate(self, sysobj: ConnectSystem, run: dict) -> None:
        rate, seconds = run["rate"], self.size["steady_seconds"]
        i = self.next_id()
        agg, slot, name = f"steady{i}_{sysobj.name}", f"bench_steady{i}", f"bench-steady-{i}"
        topic = f"outbox.event.{agg}"
        pid = sysobj.worker.pid
        self.pg.execute_script(DB, "TRUNCATE public.outboxevent")
        self.kafka.create_topic(topic)
        self.create_slot(slot)
        try:
            sysobj.put(name, sysobj.config(self.outbox_config(), self.secret, slot))
            sysobj.wait_running(name, 120)
            self.pg.wait_slot_active(slot, 60)
            hwm_ok = procstat.reset_hwm(pid)
            cpu0 = procstat.cpu_seconds(pid)
            # Ticks of 10 ms, each one transaction of rate/100 rows (1k/s: 10 rows, 20k/s: 200 rows).
            per_tick = max(1, rate // 100)
            tick = per_tick / rate
            rows = 0
            t_start = time.monotonic()
            with self.conn() as c:
                k = 0
                while True:
                    target = t_start + k * tick
                    if target - t_start >= seconds:
                        break
                    delay = target - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    c.execute(outbox_insert_sql(agg, rows + 1, rows + per_tick, self.size["aggregates"]).encode())
                    rows += per_tick
                    k += 1
            achieved = rows / (time.monotonic() - t_start)
            run["expected"] = rows
            t_end = time.time()
            self.wait_count(sysobj, name, topic, rows, t_end, pid)
            cpu = procstat.cpu_seconds(pid) - cpu0
            peak_kb = procstat.hwm_kb(pid) if hwm_ok else procstat.rss_kb(pid)
            sysobj.delete(name)
            recs = self.kafka.read_all(topic, rows)
            run["got"] = self.kafka.count(topic)
        finally:
            sysobj.delete(name)
            self.drop_slot(slot)
            self.kafka.delete_topic(topic)
        bad = [r for r in recs if r[0] != 2]  # confluent_kafka.TIMESTAMP_LOG_APPEND_TIME
        if bad:
            raise SystemFailed(f"{len(bad)} records without LogAppendTime (timestamp type {bad[0][0]})")
        lat = sorted(ts_ms - struct.unpack(">q", v)[0] / 1000.0 for _, ts_ms, v in recs if len(v) == 8)
        if len(lat) != len(recs):
            raise SystemFailed(f"{len(recs) - len(lat)} records without the 8-byte timestamp prefix")
        run["metrics"] = {
            "rate": rate, "achieved_rate": round(achieved), "samples": len(lat),
            "p50_ms": round(pct(lat, 50), 2), "p99_ms": round(pct(lat, 99), 2), "p999_ms": round(pct(lat, 99.9), 2),
            "max_ms": round(lat[-1], 2) if lat else None, "cpu_s": round(cpu, 2),
            "peak_rss_mb": round(peak_kb / 1024, 1),
        }
        # The CDF, thinned to at most ~400 points (every quantile step of 0.25 %, plus the tail).
        qs = [q / 4 for q in range(0, 400)] + [99.9, 99.95, 99.99, 100]
        run["cdf"] = [[round(pct(lat, q) if q > 0 else lat[0], 3), q] for q in sorted(set(qs))] if lat else []

    # ---------------------------------------------------------------------------------- plan
    def plan(self) -> list[tuple[int, str, object]]:
        rounds = max(self.size[f"{w}_rounds"] for w in WORKLOADS)
        out = []
        for rnd in range(1, rounds + 1):
            for wi, wl in enumerate(WORKLOADS):
                if rnd > self.size[f"{wl}_rounds"]:
                    continue
                k = (rnd - 1 + wi) % len(self.systems)
                for s in self.systems[k:] + self.systems[:k]:
                    if wl == "steady" and not isinstance(s, ConnectSystem):
                        continue
                    out.append((rnd, wl, s))
        if self.args.profile:
            wanted = self.args.profile.split(",")
            out += [(1, "profile", s) for s in self.systems if s.name in wanted and isinstance(s, ConnectSystem)]
        return out

    def settings(self) -> dict:
        return {
            "sizes": self.size,
            "systems": {s.name: s.settings() for s in self.systems},
            "connector_json": {
                "outbox": "the article's pg-outbox-config.json, database.* via the FileConfigProvider from the run's "
                          "db.properties, slot.name per measurement, plus the tuning keys; Debezium gets "
                          "snapshot.mode no_data for never (removed in Debezium 3.3)",
                "outbox_example": ConnectSystem("connectd", "", "").config(self.outbox_config(), self.secret, "SLOT"),
                "wide_example": ConnectSystem("connectd", "", "").config(self.wide_config("PREFIX"), self.secret, "SLOT"),
            },
            "database": {
                "postgres": self.rig.get("PG_VERSION"), "rig settings": "wal_level=logical, fsync=off, "
                "synchronous_commit=off (the benchmark's own sessions SET synchronous_commit=on), "
                "full_page_writes=off, shared_buffers=128MB",
                "outbox rows": "the article's migration.sql; payload 256 bytes = 8-byte commit-side timestamp "
                               "(clock_timestamp() in the inserting transaction, µs) + 4 marker bytes + filler",
                "wide table": "20 columns: bigint key, int2, int4, int8, numeric, real, double, boolean, text, "
                              "varchar, char, date, time, timestamp, timestamptz, uuid, jsonb, bytea, interval, inet",
            },
            "kafka": {"version": self.rig.get("KAFKA_VERSION"), "broker": "rig broker, single node, -Xmx512m",
                      "topics": "pre-created, 1 partition, message.timestamp.type=LogAppendTime"},
            "latency": "commit -> Kafka append: the broker's LogAppendTime (ms resolution) minus the commit-side "
                       "timestamp in the payload's first 8 bytes; one machine, one clock",
        }

    def versions(self) -> dict:
        v = {"postgres": self.rig.get("PG_VERSION"), "kafka": self.rig.get("KAFKA_VERSION"),
             "debezium": "3.6.1.Final on Apache Kafka Connect 4.3.0"}
        bin_ = self.args.connectd_bin
        if bin_ and os.access(bin_, os.X_OK):
            v["connectd"] = procstat._first_line([bin_, "--version"])
            v["connectd_binary"] = bin_
            v["connectd_build"] = "release" if "/release/" in bin_ else ("test (Debug, ASan/UBSan)" if "/test/" in bin_ else "")
        try:
            rev = subprocess.run(["git", "-C", self.args.root, "describe", "--always", "--dirty"], capture_output=True,
                                 text=True, timeout=10).stdout.strip()
            v["connectd_git"] = rev
        except (OSError, subprocess.SubprocessError):
            pass
        return v

    def run(self) -> int:
        started = time.time()
        self.setup_database()
        plan = self.plan()
        log(f"{self.mode} run: {len(plan)} measurements, systems {', '.join(s.name for s in self.systems)}")
        for rnd, wl, s in plan:
            log(f"round {rnd} {wl}: {s.name}")
            if wl == "profile":
                self.drain(s, "backlog", rnd, profile=True)
            elif wl in ("backlog", "wide"):
                self.drain(s, wl, rnd)
            elif wl == "bigtxn":
                self.bigtxn(s, rnd)
            else:
                self.steady(s, rnd)
        for s in self.systems:
            if isinstance(s, ConnectSystem):
                s.stop()
        finished = time.time()
        result = {
            "schema": 1, "mode": self.mode, "command": self.args.command,
            "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(finished)),
            "duration_s": round(finished - started, 1),
            "machine": procstat.machine(), "versions": self.versions(), "settings": self.settings(),
            "systems": [s.name for s in self.systems], "runs": self.runs,
        }
        result["machine"]["python"] = platform.python_version()
        path = os.path.join(self.args.out, "results.json")
        with open(path, "w") as f:
            json.dump(result, f, indent=1)
        failed = [r for r in self.runs if not r["ok"]]
        log(f"wrote {path}: {len(self.runs) - len(failed)} measurements ok, {len(failed)} failed")
        for r in failed:
            log(f"  FAILED {r['workload']} r{r['round']} {r['system']}: {r['error']}")
        return 1 if failed else 0


@contextmanager
def _null():
    yield None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", required=True)
    ap.add_argument("--rig-dir", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--systems", default="connectd,debezium,pg_recvlogical")
    ap.add_argument("--connectd-bin", default="")
    ap.add_argument("--debezium-heap", default="-Xms256m -Xmx2g")
    ap.add_argument("--command", default="")
    ap.add_argument("--profile", default="", help="systems (connectd, debezium) that get one more backlog drain under perf")
    ap.add_argument("--set", action="append", help="override a size, e.g. backlog_rows=100000")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    return Bench(args).run()


if __name__ == "__main__":
    sys.exit(main())
