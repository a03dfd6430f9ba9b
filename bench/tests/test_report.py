"""Tests of the benchmark's report (no rig needed): medians, ratios, failed and n/a cells, the page and
its plots are generated from a synthetic results.json. Run: PYTHONPATH=bench python3 -m unittest
discover -s bench/tests (ctest: bench.report)."""

from __future__ import annotations

import json
import os
import tempfile
import unittest

from connectd_bench import report
from connectd_bench.stats import pct


def run(workload, system, rnd, ok=True, rate=None, **metrics):
    r = {"workload": workload, "system": system, "round": rnd, "ok": ok, "error": None if ok else "boom",
         "expected": 10, "got": 10 if ok else 0, "metrics": metrics if ok else {}, "series": []}
    if rate is not None:
        r["rate"] = rate
    return r


def results() -> dict:
    runs = [
        run("backlog", "connectd", 1, events_per_s=100, cpu_s_per_million=2.0, peak_rss_mb=20),
        run("backlog", "connectd", 2, events_per_s=300, cpu_s_per_million=4.0, peak_rss_mb=30),
        run("backlog", "connectd", 3, events_per_s=200, cpu_s_per_million=3.0, peak_rss_mb=25),
        run("backlog", "debezium", 1, events_per_s=50, cpu_s_per_million=30.0, peak_rss_mb=500),
        run("backlog", "pg_recvlogical", 1, events_per_s=250, cpu_s_per_million=1.0, peak_rss_mb=10),
        run("wide", "connectd", 1, ok=False),
        run("wide", "debezium", 1, events_per_s=40, cpu_s_per_million=50.0, peak_rss_mb=600),
        run("steady", "connectd", 1, rate=1000, p50_ms=2.0, p99_ms=5.0, p999_ms=9.0, peak_rss_mb=20),
        run("steady", "debezium", 1, rate=1000, p50_ms=100.0, p99_ms=200.0, p999_ms=300.0, peak_rss_mb=500),
        run("startup", "connectd", 1, rest_s=0.05, ready_s=0.05),
        run("startup", "debezium", 1, rest_s=5.0, ready_s=6.0),
        run("first_event", "debezium", 1, first_event_s=1.5),
    ]
    runs[7]["cdf"] = [[1.0, 0], [2.0, 50], [5.0, 99], [9.0, 100]]
    runs[0]["series"] = [[0.0, 0], [0.5, 50], [1.0, 100]]
    return {
        "schema": 1, "mode": "full", "command": "bench/run.sh", "started_utc": "2026-01-01T00:00:00Z",
        "finished_utc": "2026-01-01T00:20:00Z", "duration_s": 1200.0,
        "machine": {"cpu_model": "cpu", "cpus": 2, "memory_gib": 24, "kernel": "6", "os": "Debian", "java": "17",
                    "loadavg_at_start": ["0.1", "0.1", "0.1"]},
        "versions": {"postgres": "15", "kafka": "4.3.0", "debezium": "3.6.1.Final", "connectd_build": "release"},
        "settings": {
            "sizes": {"backlog_rows": 1000, "wide_rows": 100, "bigtxn_rows": 1000, "steady_rates": [1000]},
            "systems": {"connectd": {"tuning": {"max.batch.size": "20000"}}, "debezium": {"jvm heap": "-Xmx2g"}},
            "connector_json": {"outbox": "the article's", "outbox_example": {"a": "b"}, "wide_example": {"c": "d"}},
            "database": {"postgres": "15"}, "kafka": {"topics": "LogAppendTime"}, "latency": "LogAppendTime",
        },
        "systems": ["connectd", "debezium", "pg_recvlogical"], "runs": runs,
    }


def row(table: str, workload: str, metric_start: str) -> list[str]:
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == workload and cells[1].startswith(metric_start):
            return cells
    raise AssertionError(f"no row {workload} / {metric_start} in\n{table}")


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.res = report.Results(results())
        self.table = self.res.table()

    def test_medians_and_ratios(self):
        r = row(self.table, "Backlog drain", "1,000 rows: events/s")
        self.assertEqual(r[2:5], ["200", "50.0", "250"])
        self.assertEqual(r[5:7], ["4.00×", "0.80×"])
        r = row(self.table, "Backlog drain", "CPU s per 1M")
        self.assertEqual(r[2:7], ["3.00", "30.0", "1.00", "0.10×", "3.00×"])

    def test_failed_and_not_applicable(self):
        r = row(self.table, "Wide-table CDC", "100 rows: events/s")
        self.assertEqual(r[2:7], ["failed", "40.0", "n/a", "", ""])
        r = row(self.table, "Steady 1,000 rows/s", "commit → Kafka p99 (ms)")
        self.assertEqual(r[2:7], ["5.00", "200", "n/a", "0.03×", ""])
        r = row(self.table, "Start-up", "PUT → first event")
        self.assertEqual(r[2:5], ["n/a", "1.50", "n/a"])
        self.assertIn("- wide, round 1, connectd: boom", self.res.failures())

    def test_targets(self):
        t = self.res.targets()
        rows = {c[0]: c[1:3] for c in ([x.strip() for x in ln.strip("|").split("|")] for ln in t.splitlines()[2:])}
        self.assertEqual(rows["backlog drain ≥ 5× Debezium"], ["4.00×", "**no**"])
        self.assertEqual(rows["backlog drain ≥ 0.8× pg_recvlogical"], ["0.800×", "yes"])
        self.assertEqual(rows["CPU per 1M events ≤ 1/5 of Debezium's"], ["0.100×", "yes"])
        self.assertEqual(rows["p99 at 5,000 rows/s ≤ 10 ms"], ["n/a", "—"])
        self.assertEqual(rows["peak RSS ≤ 50 MB (the largest median of any workload)"], ["25.0 MB", "yes"])
        self.assertEqual(rows["REST answers ≤ 100 ms after start"], ["0.050 s", "yes"])
        self.assertEqual(rows["first event ≤ 1 s after the PUT"], ["n/a", "—"])

    def test_page_and_plots(self):
        with tempfile.TemporaryDirectory() as d:
            images = self.res.plots(d)
            self.assertEqual(sorted(os.path.basename(p) for p in images), ["latency-cdf.png", "throughput.png"])
            for p in images:
                with open(p, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            page = self.res.markdown(images, "benchmarks/")
        self.assertIn("```sh\nbench/run.sh\n```", page)
        self.assertIn("![Latency CDF](benchmarks/latency-cdf.png)", page)
        self.assertIn("- jvm heap: `-Xmx2g`", page)
        self.assertIn(self.table, page)
        self.assertIn(self.res.targets(), page)
        self.assertNotIn("smoke run", page)
        json.dumps(results())  # the fixture itself is valid JSON material

    def test_percentiles(self):
        v = list(range(1, 101))
        self.assertEqual([pct(v, 50), pct(v, 99), pct(v, 99.9), pct(v, 100)], [50, 99, 100, 100])
        v = list(range(1, 1001))
        self.assertEqual([pct(v, 50), pct(v, 99), pct(v, 99.9)], [500, 990, 999])


if __name__ == "__main__":
    unittest.main()
