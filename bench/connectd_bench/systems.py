"""The three systems under test, behind one small interface.

connectd and Debezium are Kafka Connect workers started by scripts/oracle/worker-start.sh (a fresh
worker for every measurement) and fed the same connector JSON over REST; pg_recvlogical is started
per measurement with pgoutput on the same publication, writing to /dev/null.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field

from oracle import connect

from . import procstat

ARTICLE_SECRET = "/opt/kafka/external-configuration/db.properties"

# Debezium tuned as public benchmarks tune it (issue 9); connectd gets the very same keys.
TUNING = {
    "max.batch.size": "20000",
    "max.queue.size": "100000",
    "poll.interval.ms": "100",
    "producer.override.linger.ms": "50",
}


class SystemFailed(RuntimeError):
    """A system could not do what was asked (did not start, connector FAILED, timed out)."""


def read_env_file(path: str) -> dict[str, str]:
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                env[k] = v.strip('"')
    return env


@dataclass
class Worker:
    """A running Kafka Connect worker (connectd or Debezium) and how long it took to start."""

    kind: str
    url: str
    pid: int
    log: str
    rest_s: float
    ready_s: float


@dataclass
class ConnectSystem:
    """connectd or Debezium: a Kafka Connect worker started fresh for each measurement."""

    kind: str  # connectd | debezium
    root: str  # repository root
    rig_dir: str
    heap: str = "-Xms256m -Xmx2g"
    jvm_opts: str = "-XX:TieredStopAtLevel=4"
    connectd_bin: str = ""
    worker: Worker | None = None
    starts: int = 0
    env_extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.kind

    def _env(self) -> dict:
        env = dict(os.environ)
        env["ORACLE_GROUP_ID"] = f"bench-{self.kind}"
        env["ORACLE_TOPIC_PREFIX"] = f"bench-{self.kind}"
        if self.kind == "debezium":
            env["ORACLE_WORKER_HEAP_OPTS"] = self.heap
            env["ORACLE_WORKER_JVM_OPTS"] = self.jvm_opts
        elif self.connectd_bin:
            env["CONNECTD_BIN"] = self.connectd_bin
        env.update(self.env_extra)
        return env

    def settings(self) -> dict:
        s = {"launcher": f"scripts/oracle/worker-start.sh --kind {self.kind}", "tuning": TUNING,
             "group.id": f"bench-{self.kind}", "internal topics": f"bench-{self.kind}-{{configs,offsets,status}}",
             "key/value converter (worker)": "org.apache.kafka.connect.json.JsonConverter, schemas.enable=true",
             "offset.flush.interval.ms": "5000"}
        if self.kind == "debezium":
            s.update({"versions": "Apache Kafka Connect 4.3.0 (ConnectDistributed) + Debezium 3.6.1.Final",
                      "jvm heap": self.heap,
                      "jvm options": "-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 "
                                     f"-XX:+ExplicitGCInvokesConcurrent {self.jvm_opts} (C2 JIT on)",
                      "ready": "GET /health answers 200"})
        else:
            s.update({"binary": self.connectd_bin or "newer of build/release/app/connectd, build/test/app/connectd",
                      "configuration": "the Debezium image's environment variables",
                      "ready": "GET /health answers 200"})
        return s

    def start(self) -> Worker:
        wname = f"bench-{self.kind}"
        cmd = [os.path.join(self.root, "scripts/oracle/worker-start.sh"), "--kind", self.kind, self.rig_dir, wname]
        p = subprocess.run(cmd, env=self._env(), capture_output=True, text=True, timeout=300)
        self.starts += 1
        if p.returncode != 0:
            tail = " | ".join((p.stderr or "").strip().splitlines()[-4:])
            raise SystemFailed(f"{self.kind} worker did not start (status {p.returncode}): {tail}")
        env = read_env_file(os.path.join(self.rig_dir, f"oracle-{wname}", "worker.env"))
        self.worker = Worker(self.kind, env["ORACLE_URL"], int(env["ORACLE_PID"]), env["ORACLE_LOG"],
                             float(env["ORACLE_REST_S"]), float(env["ORACLE_READY_S"]))
        return self.worker

    def stop(self) -> None:
        if self.worker is None:
            return
        subprocess.run([os.path.join(self.root, "scripts/oracle/worker-stop.sh"), self.rig_dir,
                        f"bench-{self.kind}"], capture_output=True, timeout=120)
        self.worker = None

    # ---------------------------------------------------------------- connectors
    def config(self, base: dict, secret_path: str, slot: str) -> dict:
        cfg = {k: v.replace(ARTICLE_SECRET, secret_path) for k, v in base.items()}
        cfg["slot.name"] = slot
        cfg.update(TUNING)
        if self.kind == "debezium" and cfg.get("snapshot.mode") == "never":
            cfg["snapshot.mode"] = "no_data"  # Debezium 3.3+ removed "never"; same meaning
        return cfg

    def put(self, name: str, cfg: dict) -> None:
        assert self.worker is not None
        r = connect.put_json(f"{self.worker.url}/connectors/{name}/config", cfg)
        if r.status not in (200, 201):
            raise SystemFailed(f"PUT /connectors/{name}/config -> HTTP {r.status}: {r.body[:300]!r}")

    def check(self, name: str) -> None:
        """Raises SystemFailed when the worker died or the connector or its task FAILED."""
        assert self.worker is not None
        if not procstat.alive(self.worker.pid):
            raise SystemFailed(f"{self.kind} worker (pid {self.worker.pid}) exited; see {self.worker.log}")
        c, t, trace = connect.connector_state(self.worker.url, name)
        if "FAILED" in (c, t):
            raise SystemFailed(f"connector {name}: {c}/{t}: {connect.first_lines(trace)}")

    def wait_running(self, name: str, timeout_s: float) -> None:
        assert self.worker is not None
        try:
            connect.wait_running(self.worker.url, name, timeout_s)
        except (RuntimeError, TimeoutError) as e:
            raise SystemFailed(str(e)) from e

    def delete(self, name: str, timeout_s: float = 60.0) -> None:
        if self.worker is None or not procstat.alive(self.worker.pid):
            return
        connect.request(f"{self.worker.url}/connectors/{name}", "DELETE", timeout=30)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if connect.request(f"{self.worker.url}/connectors/{name}", timeout=10).status == 404:
                return
            time.sleep(0.1)


@dataclass
class RecvlogicalSystem:
    """pg_recvlogical with pgoutput on the same publication: the decode ceiling."""

    pg_bin: str
    host: str
    port: int
    db: str
    password: str
    name: str = "pg_recvlogical"

    def command(self, slot: str, publication: str, out: str, endpos: str | None) -> list[str]:
        cmd = [os.path.join(self.pg_bin, "pg_recvlogical"), "-h", self.host, "-p", str(self.port), "-U", "debezium",
               "-d", self.db, "-S", slot, "--start", "-o", "proto_version=1", "-o", f"publication_names={publication}",
               "-F", "0", "-f", out, "--no-loop"]
        if endpos:
            cmd += ["-E", endpos]
        return cmd

    def settings(self) -> dict:
        return {"command": "pg_recvlogical -U debezium -d DB -S SLOT --start -o proto_version=1 "
                           "-o publication_names=PUB -F 0 -f /dev/null --no-loop [-E END_LSN]",
                "version": procstat._first_line([os.path.join(self.pg_bin, "pg_recvlogical"), "--version"]),
                "measured by": "GNU time (/usr/bin/time -f '%M %U %S'): peak RSS and CPU seconds",
                "what it measures": "decoding and shipping by the walsender plus receipt, nothing written: "
                                    "the ceiling any pgoutput consumer can reach"}

    def spawn(self, slot: str, publication: str, out: str, endpos: str | None, stats: str) -> subprocess.Popen:
        """Starts pg_recvlogical under GNU time, which writes its peak RSS and CPU seconds to ``stats``
        (wait4's own figures would include the forking Python's memory)."""
        env = dict(os.environ, PGPASSWORD=self.password)
        cmd = ["/usr/bin/time", "-f", "%M %U %S", "-o", stats] + self.command(slot, publication, out, endpos)
        return subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    @staticmethod
    def child_pid(p: subprocess.Popen) -> int | None:
        try:
            with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                kids = f.read().split()
            return int(kids[0]) if kids else None
        except OSError:
            return None

    def reap(self, p: subprocess.Popen, stats: str, timeout_s: float, interrupt: bool = False):
        """Waits for pg_recvlogical to exit (SIGINT to it first if ``interrupt``):
        (status, CPU seconds, peak RSS KiB, stderr)."""
        if interrupt:
            kid = self.child_pid(p)
            if kid is not None:
                os.kill(kid, signal.SIGINT)
        killed = ""
        try:
            p.wait(timeout_s)
        except subprocess.TimeoutExpired:
            kid = self.child_pid(p)
            if kid is not None:
                os.kill(kid, signal.SIGKILL)
            p.wait(10)
            killed = f"killed after {timeout_s:.0f} s. "
        err = p.stderr.read().decode(errors="replace") if p.stderr else ""
        rss_kb, cpu = 0, 0.0
        try:
            with open(stats) as f:
                last = f.read().strip().splitlines()[-1].split()
            rss_kb, cpu = int(last[0]), float(last[1]) + float(last[2])
        except (OSError, IndexError, ValueError):
            pass
        return p.returncode, cpu, rss_kb, (killed + err).strip()
