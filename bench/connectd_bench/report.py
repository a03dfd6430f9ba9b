"""Renders a benchmark results.json (bench/connectd_bench/run.py) into Markdown and PNG plots.

Everything on the page comes from the JSON: the table (medians over the rounds, with the ratios
connectd/Debezium and connectd/pg_recvlogical), the plots, the machine, the versions, the exact
command and each system's settings. Standard library plus matplotlib (only for the PNGs).

Usage: python3 -m connectd_bench.report RESULTS.json [--out DIR] [--docs DOCS_DIR]
       python3 -m connectd_bench.report --no-results --docs DOCS_DIR   (the page before any run)
  --out DIR     writes DIR/results.md, DIR/latency-cdf.png, DIR/throughput.png (default: beside the JSON)
  --docs DIR    also writes DIR/benchmarks.md and DIR/benchmarks/{latency-cdf,throughput}.png
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys

SYSTEMS = ["connectd", "debezium", "pg_recvlogical"]
LABEL = {"connectd": "connectd", "debezium": "Debezium", "pg_recvlogical": "pg_recvlogical"}
COLOR = {"connectd": "tab:blue", "debezium": "tab:red", "pg_recvlogical": "tab:gray"}

HOW_TO_RUN = """\
```sh
bench/run.sh            # the full benchmark (under 30 minutes on a 2-core machine); rewrites this page
bench/run.sh --smoke    # tiny sizes, one round: checks that every system delivers every event (ctest: bench.smoke)
```

`bench/run.sh` resolves everything it needs (Kafka, Kafka Connect 4.3.0 + Debezium 3.6.1.Final, the
oracle's Python venv), builds the release binary (`scripts/build.sh release`, or uses `CONNECTD_BIN`),
starts the test rig (PostgreSQL 15 + a Kafka 4.3 broker), runs every measurement and renders
`build/bench/results.json` into `build/bench/results.md`, the PNGs beside it, and this page with its
plots (`docs/benchmarks/*.png`). Nothing on this page is typed in: it is generated from the JSON by
`bench/connectd_bench/report.py`. The results, the JSON and the PNGs are not committed by default.
Options: `--systems connectd,debezium,pg_recvlogical` (a subset), `--set KEY=VALUE` (a size, e.g.
`--set backlog_rounds=5`), `--out DIR`, `--no-docs`, `--profile` (one more connectd backlog drain under
`perf record -g`, kept out of the table; its flat profile goes on this page); `BENCH_DEBEZIUM_HEAP` (default `-Xms256m -Xmx2g`, the heap of Kafka's `connect-distributed.sh` and the Debezium image).
"""

METHOD = """\
- **Same rig for all.** One PostgreSQL 15 and one Kafka 4.3 broker; the database is set up with the
  article's `migration.sql` (role `debezium`, table `public.outboxevent`, publication `dbz_outbox`), and
  both workers get the article's connector JSON (`EventRouter` + `BinaryDataConverter`, zstd), with the
  database coordinates from a `db.properties` file through the FileConfigProvider, the replication slot
  named per measurement, and Debezium's usual tuning (`max.batch.size` 20000, `max.queue.size` 100000,
  `poll.interval.ms` 100, `producer.override.linger.ms` 50) — the same keys for connectd.
  `pg_recvlogical` reads the same publication with pgoutput (proto_version 1) and writes to `/dev/null`:
  the decode ceiling, with nothing to convert or produce.
- **Turns.** Every measurement gets a fresh worker (its start-up is measured, then a warm-up of
  committed rows whose first event gives "PUT → first event"). The order of the systems rotates with
  every round and every workload, so drift hits all of them; figures are medians over the rounds.
- **Backlog drain / wide table.** The rows are committed before the connector is created (its slot
  exists already). Time: the PUT until the broker's append time of the last record (pg_recvlogical:
  process start until it exits at `--endpos`, the LSN after the last commit). CPU: user + system
  seconds of the worker process (`/proc/PID/stat`; pg_recvlogical: `wait4` rusage); the walsender's CPU
  is in PostgreSQL and not counted for anyone. Peak RSS: `VmHWM`, reset (`clear_refs`) before the PUT.
- **One big transaction.** The connector streams already; one `INSERT … SELECT` of N rows commits.
  Time: COMMIT returned until the append time of the last record (pg_recvlogical: until the walsender's
  `sent_lsn` passes the commit).
- **Steady latency.** Inserts in 10 ms ticks, one transaction of rate/100 rows per tick, for the stated
  seconds. Latency = the broker's **LogAppendTime** (topics are created with
  `message.timestamp.type=LogAppendTime`; millisecond resolution) minus a commit-side timestamp that each
  row carries in the first 8 bytes of its payload (`clock_timestamp()` in the inserting transaction, in
  µs). One machine, one clock. The benchmark's sessions `SET synchronous_commit = on` (the rig runs with
  it off, which would hold every commit back until the WAL writer's next flush).
- **Start-up.** Process start → REST answers `GET /` with 200, and → ready (`GET /health` 200: the
  worker has completed start-up and takes writes), both systems alike (connectd opens its port before it
  reads its stores and holds `/connectors` requests until then), as measured by
  `scripts/oracle/worker-start.sh` (a fork-free HTTP probe polled every 5 ms).
"""

TARGETS = """\
Targets of issue 9 (a bar to work towards, not a CI gate): backlog drain ≥ 5× Debezium and ≥ 0.8×
pg_recvlogical; CPU per million events ≤ 1/5 of Debezium's; p99 at 5k rows/s ≤ 10 ms; peak RSS ≤ 50 MB
and ≤ 1/20 of Debezium's; REST ready ≤ 100 ms after start; first event ≤ 1 s after the PUT.
"""


def median(xs):
    xs = [x for x in xs if x is not None and not (isinstance(x, float) and math.isnan(x))]
    return statistics.median(xs) if xs else None


def fmt(v) -> str:
    if v is None:
        return ""
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


class Results:
    def __init__(self, data: dict):
        self.d = data
        self.systems = [s for s in SYSTEMS if s in data.get("systems", SYSTEMS)]
        self.runs = data.get("runs", [])

    def runs_of(self, workload, system, rate=None):
        return [r for r in self.runs if r["workload"] == workload and r["system"] == system
                and (rate is None or r.get("rate") == rate)]

    def cell(self, workload, system, key, rate=None):
        """(median or None, text): the median over ok runs; 'failed' or 'n/a' otherwise."""
        if system not in self.systems:
            return None, "—"
        runs = self.runs_of(workload, system, rate)
        if not runs:
            return None, "n/a"
        ok = [r for r in runs if r["ok"]]
        if not ok:
            return None, "failed"
        m = median([r["metrics"].get(key) for r in ok])
        if m is None:
            return None, "n/a"
        n = f" ({len(ok)}/{len(runs)} ok)" if len(ok) != len(runs) else ""
        return m, fmt(m) + n

    def rows(self):
        sz = self.d["settings"]["sizes"]
        out = [
            ("Backlog drain", f"{sz['backlog_rows']:,} rows: events/s", "backlog", None, "events_per_s"),
            ("Backlog drain", "CPU s per 1M events", "backlog", None, "cpu_s_per_million"),
            ("Backlog drain", "peak RSS (MB)", "backlog", None, "peak_rss_mb"),
            ("Wide-table CDC", f"{sz['wide_rows']:,} rows: events/s", "wide", None, "events_per_s"),
            ("Wide-table CDC", "CPU s per 1M events", "wide", None, "cpu_s_per_million"),
            ("Wide-table CDC", "peak RSS (MB)", "wide", None, "peak_rss_mb"),
            ("One big transaction", f"{sz['bigtxn_rows']:,} rows: commit → all delivered (s)", "bigtxn", None, "seconds"),
            ("One big transaction", "peak RSS (MB)", "bigtxn", None, "peak_rss_mb"),
        ]
        for rate in sz["steady_rates"]:
            for key, label in (("p50_ms", "p50"), ("p99_ms", "p99"), ("p999_ms", "p99.9")):
                out.append((f"Steady {rate:,} rows/s", f"commit → Kafka {label} (ms)", "steady", rate, key))
            out.append((f"Steady {rate:,} rows/s", "peak RSS (MB)", "steady", rate, "peak_rss_mb"))
        out += [
            ("Start-up", "process start → REST answers (s)", "startup", None, "rest_s"),
            ("Start-up", "process start → ready (s)", "startup", None, "ready_s"),
            ("Start-up", "PUT → first event in Kafka (s)", "first_event", None, "first_event_s"),
        ]
        return out

    def table(self) -> str:
        head = ["workload", "metric"] + [LABEL[s] for s in self.systems]
        ratios = [(a, b) for a, b in (("connectd", "debezium"), ("connectd", "pg_recvlogical"))
                  if a in self.systems and b in self.systems]
        head += [f"{LABEL[a]}/{LABEL[b]}" for a, b in ratios]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 2)]
        for wl_label, metric, wl, rate, key in self.rows():
            vals = {s: self.cell(wl, s, key, rate) for s in self.systems}
            cells = [wl_label, metric] + [vals[s][1] for s in self.systems]
            for a, b in ratios:
                va, vb = vals[a][0], vals[b][0]
                cells.append(f"{va / vb:.2f}×" if va is not None and vb not in (None, 0) else "")
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def targets(self) -> str:
        """Issue 9's targets against this run's medians: measured figure and whether it is met."""
        def val(wl, system, key, rate=None):
            return self.cell(wl, system, key, rate)[0]

        def ratio(a, b):
            return a / b if a is not None and b not in (None, 0) else None

        rss = [val(wl, "connectd", "peak_rss_mb", rate) for wl, rate in
               [("backlog", None), ("wide", None), ("bigtxn", None)]
               + [("steady", r) for r in self.d["settings"]["sizes"]["steady_rates"]]]
        rss = [x for x in rss if x is not None]
        p99_5k = val("steady", "connectd", "p99_ms", 5000)
        rows = [
            ("backlog drain ≥ 5× Debezium", ratio(val("backlog", "connectd", "events_per_s"),
                                                  val("backlog", "debezium", "events_per_s")), "×", lambda x: x >= 5),
            ("backlog drain ≥ 0.8× pg_recvlogical", ratio(val("backlog", "connectd", "events_per_s"),
                                                           val("backlog", "pg_recvlogical", "events_per_s")), "×",
             lambda x: x >= 0.8),
            ("CPU per 1M events ≤ 1/5 of Debezium's", ratio(val("backlog", "connectd", "cpu_s_per_million"),
                                                             val("backlog", "debezium", "cpu_s_per_million")), "×",
             lambda x: x <= 0.2),
            ("p99 at 5,000 rows/s ≤ 10 ms", p99_5k, " ms", lambda x: x <= 10),
            ("peak RSS ≤ 50 MB (the largest median of any workload)", max(rss) if rss else None, " MB",
             lambda x: x <= 50),
            ("peak RSS ≤ 1/20 of Debezium's (backlog drain)", ratio(val("backlog", "connectd", "peak_rss_mb"),
                                                                     val("backlog", "debezium", "peak_rss_mb")), "×",
             lambda x: x <= 0.05),
            ("REST answers ≤ 100 ms after start", val("startup", "connectd", "rest_s"), " s", lambda x: x <= 0.1),
            ("first event ≤ 1 s after the PUT", val("first_event", "connectd", "first_event_s"), " s",
             lambda x: x <= 1),
        ]
        lines = ["| target | connectd | met |", "|---|---:|---|"]
        for label, v, unit, ok in rows:
            if v is None:
                lines.append(f"| {label} | n/a | — |")
            else:
                lines.append(f"| {label} | {fmt(v)}{unit} | {'yes' if ok(v) else '**no**'} |")
        return "\n".join(lines)

    def failures(self) -> list[str]:
        out = []
        for r in self.runs:
            if not r["ok"]:
                rate = f" at {r['rate']}/s" if "rate" in r else ""
                during = f" (before {r['during']})" if "during" in r else ""
                out.append(f"- {r['workload']}{rate}{during}, round {r['round']}, {LABEL.get(r['system'], r['system'])}: "
                           f"{r['error']}")
        return out

    def counts(self) -> str:
        ok = sum(1 for r in self.runs if r["ok"])
        return f"{ok} of {len(self.runs)} measurements succeeded"

    # ------------------------------------------------------------------------------- plots
    def plots(self, out_dir: str) -> list[str]:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("report: matplotlib missing (Debian: python3-matplotlib); no PNGs", file=sys.stderr)
            return []
        os.makedirs(out_dir, exist_ok=True)
        written = []
        styles = ["-", "--", ":", "-."]
        fig, ax = plt.subplots(figsize=(8, 5))
        rates = self.d["settings"]["sizes"]["steady_rates"]
        drawn = False
        for s in self.systems:
            for i, rate in enumerate(rates):
                for r in self.runs_of("steady", s, rate):
                    if r["ok"] and r.get("cdf"):
                        xs = [max(p[0], 0.01) for p in r["cdf"]]
                        ys = [p[1] / 100 for p in r["cdf"]]
                        ax.plot(xs, ys, styles[i % len(styles)], color=COLOR[s],
                                label=f"{LABEL[s]} {rate:,}/s (round {r['round']})")
                        drawn = True
        if drawn:
            ax.set_xscale("log")
            ax.set_xlabel("commit → Kafka append (LogAppendTime) latency, ms (log scale)")
            ax.set_ylabel("fraction of events")
            ax.set_title("Steady load: latency CDF")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
            p = os.path.join(out_dir, "latency-cdf.png")
            fig.tight_layout()
            fig.savefig(p, dpi=100)
            written.append(p)
        plt.close(fig)

        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
        drawn = False
        for s in self.systems:
            runs = [r for r in self.runs_of("backlog", s) if r["ok"] and r.get("series")]
            if not runs:
                continue
            # The round with the median rate stands for the system.
            runs.sort(key=lambda r: r["metrics"]["events_per_s"])
            r = runs[len(runs) // 2]
            ts = [p[0] for p in r["series"]]
            ns = [p[1] for p in r["series"]]
            ax2.plot(ts, ns, color=COLOR[s], label=f"{LABEL[s]} (round {r['round']})")
            rt, rv = [], []
            j = 0
            for k in range(1, len(ts)):  # rate over windows of at least 0.5 s (a last one of 0.2 s)
                if ts[k] - ts[j] >= 0.5 or (k == len(ts) - 1 and ts[k] - ts[j] >= 0.2):
                    if ts[k] > ts[j]:
                        rt.append(ts[k])
                        rv.append((ns[k] - ns[j]) / (ts[k] - ts[j]))
                    j = k
            ax1.step(rt, rv, where="pre", color=COLOR[s], label=LABEL[s])
            drawn = True
        if drawn:
            ax1.set_ylabel("events/s")
            ax1.set_title("Backlog drain: throughput over time")
            ax1.grid(True, alpha=0.3)
            ax1.legend(fontsize=8)
            ax2.set_ylabel("events delivered")
            ax2.set_xlabel("seconds since the connector PUT (pg_recvlogical: since its start)")
            ax2.grid(True, alpha=0.3)
            ax2.legend(fontsize=8)
            p = os.path.join(out_dir, "throughput.png")
            fig.tight_layout()
            fig.savefig(p, dpi=100)
            written.append(p)
        plt.close(fig)
        return written

    # ------------------------------------------------------------------------------ markdown
    def markdown(self, images: list[str], img_prefix: str) -> str:
        d = self.d
        m, v = d["machine"], d["versions"]
        parts = [
            "# Benchmarks: connectd vs Debezium on Kafka Connect vs pg_recvlogical\n",
            f"Generated by `bench/connectd_bench/report.py` from the results of **`{d['command']}`** "
            f"({d['mode']} run, {d['started_utc']} → {d['finished_utc']}, {d['duration_s']:.0f} s; {self.counts()}).\n",
        ]
        if d["mode"] != "full":
            parts.append("**A smoke run: tiny sizes, one round. Its figures say nothing about performance.**\n")
        build = v.get("connectd_build", "")
        if build and build != "release":
            parts.append(f"**connectd was the {build} build: its figures are not representative.**\n")
        parts += ["## Results\n",
                  "Medians over the rounds. Ratios are connectd's figure divided by the other's (for events/s "
                  "higher is better, for everything else lower). `n/a`: the system has no such figure "
                  "(pg_recvlogical writes no Kafka records); `failed`: every round failed (see below).\n",
                  self.table() + "\n", "### Against the targets\n", TARGETS, self.targets() + "\n"]
        for img in images:
            name = os.path.basename(img)
            title = "Latency CDF" if "cdf" in name else "Throughput over time"
            parts.append(f"![{title}]({img_prefix}{name})\n")
        for r in self.runs:
            if r["workload"] == "profile" and r.get("profile_top"):
                m = r["metrics"]
                parts += [f"### Where {LABEL.get(r['system'], r['system'])} spends its time (backlog drain under `perf record -g`, "
                          f"{m.get('events_per_s', '?')} events/s while profiled)\n",
                          f"Self time by shared object and symbol (the top of it); the whole report is "
                          f"`{os.path.basename(r.get('profile_file') or '')}` in the run's results directory.\n",
                          "```\n" + "\n".join(r["profile_top"]) + "\n```\n"]
        fails = self.failures()
        if fails:
            parts += ["## Failed measurements\n", "\n".join(fails) + "\n"]
        parts += [
            "## Machine\n",
            f"- CPU: {m.get('cpu_model')} × {m.get('cpus')} (load average at start: {' '.join(m.get('loadavg_at_start', []))})",
            f"- memory: {m.get('memory_gib')} GiB; {m.get('os')}, Linux {m.get('kernel')}",
            f"- Java: {m.get('java')}; Python {m.get('python', '')}",
            f"- PostgreSQL {v.get('postgres')}, Kafka {v.get('kafka')}, Debezium {v.get('debezium')}",
            f"- connectd: {v.get('connectd', 'not run')} ({v.get('connectd_build', '')} build "
            f"`{v.get('connectd_binary', '')}`, git {v.get('connectd_git', '')})\n",
            "## Command\n", f"```sh\n{d['command']}\n```\n",
            "## Settings\n",
        ]
        st = d["settings"]
        for sysname, sset in st["systems"].items():
            parts.append(f"**{LABEL.get(sysname, sysname)}**\n")
            parts.append("\n".join(f"- {k}: `{json.dumps(val) if isinstance(val, dict) else val}`"
                                   for k, val in sset.items()) + "\n")
        parts.append("**Workload sizes**\n")
        parts.append("\n".join(f"- {k}: {val}" for k, val in st["sizes"].items()) + "\n")
        for k in ("database", "kafka"):
            parts.append(f"**{k.capitalize()}**\n")
            parts.append("\n".join(f"- {kk}: {vv}" for kk, vv in st[k].items()) + "\n")
        parts.append(f"**Latency**: {st['latency']}\n")
        cj = st["connector_json"]
        parts += [f"**Connector JSON** — {cj['outbox']}. The outbox connector as connectd gets it:\n",
                  "```json\n" + json.dumps(cj["outbox_example"], indent=2) + "\n```\n",
                  "The wide-table connector (no transform, JsonConverter with schemas):\n",
                  "```json\n" + json.dumps(cj["wide_example"], indent=2) + "\n```\n",
                  "## How it is measured\n", METHOD, "## How to run it\n", HOW_TO_RUN]
        return "\n".join(parts)


def empty_page() -> str:
    return "\n".join([
        "# Benchmarks: connectd vs Debezium on Kafka Connect vs pg_recvlogical\n",
        "Generated by `bench/connectd_bench/report.py`. **No results yet**: this page is rewritten, "
        "table, plots, machine and settings included, by a full run of `bench/run.sh` on the machine "
        "under test.\n",
        TARGETS, "## How it is measured\n", METHOD, "## How to run it\n", HOW_TO_RUN])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="?")
    ap.add_argument("--out")
    ap.add_argument("--docs")
    ap.add_argument("--no-results", action="store_true")
    a = ap.parse_args()
    if a.no_results:
        if not a.docs:
            ap.error("--no-results needs --docs")
        with open(os.path.join(a.docs, "benchmarks.md"), "w") as f:
            f.write(empty_page())
        return 0
    if not a.results:
        ap.error("RESULTS.json is required")
    with open(a.results) as f:
        res = Results(json.load(f))
    out = a.out or os.path.dirname(os.path.abspath(a.results))
    images = res.plots(out)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(res.markdown(images, ""))
    print(res.table())
    print()
    print(res.targets())
    print(res.counts())
    if a.docs:
        docs_images = res.plots(os.path.join(a.docs, "benchmarks"))
        with open(os.path.join(a.docs, "benchmarks.md"), "w") as f:
            f.write(res.markdown(docs_images, "benchmarks/"))
        print(f"report: wrote {os.path.join(a.docs, 'benchmarks.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
