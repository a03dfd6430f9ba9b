"""The conformance runner: each case once against one database that both workers capture, then a
record-by-record diff of their output (worker A = the Debezium 3.6.1 reference on broker A, worker B
= a second Debezium or connectd on broker B; identical topic names, identical connector JSON except
the replication slot), plus the REST comparison. Started by scripts/oracle/run.sh, which brings up
the rig, the second broker and both workers and passes their coordinates here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import time
import traceback
from dataclasses import dataclass, field

from . import cases as cases_mod
from . import connect, kafkaio, mutate, rest
from .pg import Pg, fill_placeholders
from .topicdiff import DEFAULT_IGNORES, Report, diff_topics, parse_ignore

ARTICLE_SECRET = "/opt/kafka/external-configuration/db.properties"
UUID_RX = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def log(msg: str) -> None:
    print(msg, flush=True)


def read_env(path: str) -> dict[str, str]:
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                env[k] = v.strip('"')
    return env


@dataclass
class CaseResult:
    name: str
    ok: bool = False
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    report: Report | None = None
    translations: list[str] = field(default_factory=list)
    selftest: list = field(default_factory=list)


# ------------------------------------------------------------------------- per-worker config
def worker_config(base: dict, worker: connect.Worker, secret_path: str) -> tuple[dict, list[str]]:
    """The connector config a worker gets, and the human-readable list of what was changed."""
    cfg = {k: v.replace(ARTICLE_SECRET, secret_path) for k, v in base.items()}
    notes = []
    if any(ARTICLE_SECRET in v for v in base.values()):
        notes.append(f"${{file:{ARTICLE_SECRET}:…}} -> ${{file:{secret_path}:…}} (the run's db.properties)")
    if worker.kind == "debezium" and cfg.get("snapshot.mode") == "never":
        cfg["snapshot.mode"] = "no_data"
        notes.append("snapshot.mode never -> no_data (Debezium 3.3+ removed never)")
    if worker.label == "B":
        slot = cfg.get("slot.name", "debezium")
        cfg["slot.name"] = f"{slot}_b"
        notes.append(f"slot.name {slot} -> {slot}_b (each worker its own slot)")
    return cfg, notes


# -------------------------------------------------------------------------------- matchers
def match_value(actual: bytes | None, matcher, pg: Pg, db: str) -> tuple[bool, str]:
    text = None if actual is None else actual.decode("utf-8", "replace")
    if isinstance(matcher, dict):
        if "regex" in matcher:
            rx = UUID_RX if matcher["regex"] == "uuid" else matcher["regex"]
            return (text is not None and re.search(rx, text) is not None), f"/{rx}/"
        if "sql" in matcher:
            want = pg.query_one(db, matcher["sql"])
            want = None if want is None else str(want)
            return text == want, json.dumps(want)
        if "hex" in matcher:
            want = bytes.fromhex(matcher["hex"])
            return actual == want, matcher["hex"]
        raise ValueError(f"bad matcher {matcher}")
    if matcher is None:
        return actual is None, "null"
    return text == str(matcher), json.dumps(str(matcher))


def check_record(rec: kafkaio.Record | None, spec: dict, pg: Pg, db: str) -> list[str]:
    where = f"{spec['topic']} p{spec.get('partition', 0)} @{spec.get('offset', 0)}"
    if rec is None:
        return [f"{where}: no such record"]
    out = []
    if "key" in spec:
        ok, want = match_value(rec.key, spec["key"], pg, db)
        if not ok:
            out.append(f"{where}: key {describe(rec.key)} != {want}")
    if "key_hex" in spec and rec.key != bytes.fromhex(spec["key_hex"]):
        out.append(f"{where}: key {describe(rec.key)} != hex {spec['key_hex']}")
    if "value_hex" in spec and rec.value != bytes.fromhex(spec["value_hex"]):
        out.append(f"{where}: value {describe(rec.value)} != hex {spec['value_hex']}")
    if "value_text" in spec:
        ok, want = match_value(rec.value, spec["value_text"], pg, db)
        if not ok:
            out.append(f"{where}: value {describe(rec.value)} != {want}")
    if "headers" in spec:
        want_names = [h[0] for h in spec["headers"]]
        names = [h[0] for h in rec.headers]
        if names != want_names:
            out.append(f"{where}: header names {names} != {want_names}")
        else:
            for (name, val), (_, matcher) in zip(rec.headers, spec["headers"]):
                ok, want = match_value(val, matcher, pg, db)
                if not ok:
                    out.append(f"{where}: header {name}={describe(val)} != {want}")
    return out


def describe(b: bytes | None) -> str:
    if b is None:
        return "null"
    try:
        t = b.decode("utf-8")
        if t.isprintable():
            return json.dumps(t, ensure_ascii=False)
    except UnicodeDecodeError:
        pass
    return "hex " + b.hex(" ").upper()


def show_records(recs: list[kafkaio.Record], limit: int = 10) -> list[str]:
    out = []
    for r in recs[:limit]:
        out.append(f"      {r.topic} partition {r.partition} offset {r.offset}  timestamp {r.timestamp} (type {r.timestamp_type})")
        out.append(f"        key    {describe(r.key)}")
        v = describe(r.value)
        out.append(f"        value  {v if len(v) < 300 else v[:300] + '…'}")
        for n, hv in r.headers:
            out.append(f"        header {n} = {describe(hv)}")
    if len(recs) > limit:
        out.append(f"      … {len(recs) - limit} more")
    return out


# ----------------------------------------------------------------------------------- waiting
def wait_caught_up(workers: list[connect.Worker], topics: dict[str, int], timeout_s: float, settle_s: float) -> list[str]:
    """Waits until every worker's broker holds at least the expected count in each topic and the
    end offsets have not moved for settle_s. Returns problems (timeouts), not raising."""
    deadline = time.monotonic() + timeout_s
    last: dict[str, tuple] = {}
    stable_since: dict[str, float] = {}
    done: set[str] = set()
    while time.monotonic() < deadline and len(done) < len(workers):
        for w in workers:
            if w.label in done:
                continue
            offs = kafkaio.end_offsets(w.bootstrap, list(topics))
            counts = {t: sum(hi - lo for (tt, _), (lo, hi) in offs.items() if tt == t) for t in topics}
            snap = tuple(sorted(offs.items()))
            if snap != last.get(w.label):
                last[w.label] = snap
                stable_since[w.label] = time.monotonic()
            reached = all(counts[t] >= n for t, n in topics.items())
            if reached and time.monotonic() - stable_since[w.label] >= settle_s:
                done.add(w.label)
        time.sleep(0.25)
    problems = []
    for w in workers:
        if w.label not in done:
            offs = kafkaio.end_offsets(w.bootstrap, list(topics))
            counts = {t: sum(hi - lo for (tt, _), (lo, hi) in offs.items() if tt == t) for t in topics}
            problems.append(f"worker {w.label} did not catch up within {timeout_s:.0f}s: counts {counts}, expected {topics}")
    return problems


# -------------------------------------------------------------------------------------- case
def run_case(case: cases_mod.Case, a: connect.Worker, b: connect.Worker, pg: Pg, work: str, password: str,
             timeout_s: float, settle_s: float, do_selftest: bool) -> CaseResult:
    res = CaseResult(case.name)
    t0 = time.monotonic()
    workers = [a, b]
    slots = []
    try:
        log(f"  setup: database {case.database}")
        pg.create_database(case.database)
        placeholders = {"DEBEZIUM_PASSWORD": password, "DB_NAME": case.database}
        for step in case.setup:
            label, sql = case.sql_of(step)
            pg.execute_script(case.database, fill_placeholders(sql, placeholders, f"{case.name} setup {label}"))
            log(f"  setup: ran {label}")
        secret = os.path.join(work, f"{case.name}.db.properties")
        with open(secret, "w") as f:
            f.write(
                f"database.hostname={pg.host}\ndatabase.port={pg.port}\ndatabase.user=debezium\n"
                f"database.password={password}\ndatabase.dbname={case.database}\n"
            )
        # Topics of this case start empty on both brokers (an earlier case may share names).
        for w in workers:
            existing = [t for t in case.expect_topics if t in kafkaio.list_topics(w.bootstrap)]
            if existing:
                kafkaio.delete_topics(w.bootstrap, existing)
                log(f"  setup: deleted leftover topics {existing} on {w.label}")
        before = {w.label: set(kafkaio.list_topics(w.bootstrap)) for w in workers}
        for w in workers:
            cfg, notes = worker_config(case.connector_config, w, secret)
            res.translations += [f"{w.label}: {n}" for n in notes]
            slots.append(cfg.get("slot.name", "debezium"))
            r = connect.put_json(f"{w.url}/connectors/{case.connector_name}/config", cfg)
            if r.status not in (200, 201):
                raise RuntimeError(f"PUT config on {w.label} -> {r.status} {r.body[:500]!r}")
        t_put = time.monotonic()
        for t in res.translations:
            log(f"  config: {t}")
        ready = []
        for w, slot in zip(workers, slots):
            connect.wait_running(w.url, case.connector_name, timeout_s)
            pg.wait_slot_active(slot, timeout_s)
            ready.append(f"{w.label} {time.monotonic() - t_put:.1f}s")
        log(f"  streaming: both connectors RUNNING and slots {slots} active after PUT ({', '.join(ready)})")
        for step in case.changes:
            label, sql = case.sql_of(step)
            pg.execute_script(case.database, sql)
        log(f"  changes: ran {len(case.changes)} step(s)")
        res.problems += wait_caught_up(workers, case.expect_topics, timeout_s, settle_s)
        for w in workers:
            c, t, trace = connect.connector_state(w.url, case.connector_name)
            if "FAILED" in (c, t):
                res.problems.append(f"worker {w.label}: connector {c}, task {t}: {connect.first_lines(trace)}")
        after = {w.label: set(kafkaio.list_topics(w.bootstrap)) for w in workers}
        new_topics = sorted((after["A"] - before["A"]) | (after["B"] - before["B"]))
        topics = list(case.expect_topics) + [t for t in new_topics if t not in case.expect_topics]
        ignores = list(DEFAULT_IGNORES) + [parse_ignore(i["spec"], i.get("reason", ""), i.get("only_op", ""), i.get("regex", "")) for i in case.ignore]
        rep = diff_topics(a.bootstrap, b.bootstrap, [(t, t) for t in topics], ignores,
                          a_label=a.desc, b_label=b.desc)
        res.report = rep
        for line in rep.text().splitlines():
            log("  " + line)
        # Expectations: exact counts and record assertions, on both sides.
        recs = {w.label: {t: kafkaio.read_topic(w.bootstrap, t) for t in case.expect_topics} for w in workers}
        for w in workers:
            for t, n in case.expect_topics.items():
                got = len(recs[w.label][t])
                if got != n:
                    res.problems.append(f"worker {w.label}: {t} has {got} record(s), expected {n}")
            for spec in case.expect_records:
                lst = recs[w.label].get(spec["topic"]) or kafkaio.read_topic(w.bootstrap, spec["topic"])
                rec = next((r for r in lst if r.partition == spec.get("partition", 0) and r.offset == spec.get("offset", 0)), None)
                res.problems += [f"worker {w.label}: {p}" for p in check_record(rec, spec, pg, case.database)]
        if case.expect_records:
            log(f"  assertions: {len(case.expect_records)} record assertion(s) checked on A and B")
        if case.show:
            log("  records on A:")
            for t in case.expect_topics:
                for line in show_records(recs["A"][t]):
                    log(line)
        if case.selftest and do_selftest:
            outs = mutate.run(a.bootstrap, b.bootstrap, list(case.expect_topics), ignores)
            res.selftest = outs
            for o in outs:
                log(f"  selftest {'ok  ' if o.ok else 'FAIL'} {o.mutation:17} {o.topic}: {o.detail}")
                if not o.ok:
                    res.problems.append(f"diff self-test {o.mutation} on {o.topic} failed: {o.detail}")
        if rep.unexplained:
            res.problems.append(f"{len(rep.unexplained)} unexplained difference(s) between A and B")
    except Exception as e:  # noqa: BLE001 — one failing case must not stop the others
        res.problems.append(f"case error: {e}")
        traceback.print_exc()
    finally:
        for w in workers:
            try:
                connect.request(f"{w.url}/connectors/{case.connector_name}", "DELETE", timeout=30)
            except OSError:
                pass
        for s in slots:
            if not pg.drop_slot(s):
                log(f"  cleanup: could not drop slot {s}")
    res.ok = not res.problems
    res.seconds = time.monotonic() - t0
    return res


# -------------------------------------------------------------------------------------- main
def article_drift(repo: str) -> list[str]:
    ours = os.path.join(repo, "tests/conformance/article")
    theirs = os.path.normpath(os.path.join(repo, "..", "shared", "fixtures", "article"))
    out = []
    if not os.path.isdir(theirs):
        return out
    for f in ("pg-outbox-config.json", "migration.sql", "test-insert.sql"):
        p, q = os.path.join(ours, f), os.path.join(theirs, f)
        if os.path.exists(q) and open(p, "rb").read() != open(q, "rb").read():
            out.append(f"tests/conformance/article/{f} differs from {q}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rig-env", required=True)
    for side in ("a", "b"):
        ap.add_argument(f"--{side}-url", required=True)
        ap.add_argument(f"--{side}-bootstrap", required=True)
        ap.add_argument(f"--{side}-kind", default="debezium", choices=["debezium", "connectd"])
    ap.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
    ap.add_argument("--case", action="append", default=[], help="run only these cases (repeatable)")
    ap.add_argument("--fast", action="store_true", help="only cases marked fast, and the fast REST subset")
    ap.add_argument("--no-cases", action="store_true")
    ap.add_argument("--no-rest", action="store_true")
    ap.add_argument("--no-selftest", action="store_true")
    ap.add_argument("--record-rest", help="write worker A's REST responses to this file")
    ap.add_argument("--report-dir", required=True)
    ap.add_argument("--timeout", type=float, default=90.0)
    ap.add_argument("--settle", type=float, default=1.5)
    args = ap.parse_args(argv)

    env = read_env(args.rig_env)
    pg = Pg(env)
    a = connect.Worker("A", args.a_kind, args.a_url, args.a_bootstrap)
    b = connect.Worker("B", args.b_kind, args.b_url, args.b_bootstrap)
    os.makedirs(args.report_dir, exist_ok=True)
    work = os.path.join(os.path.dirname(args.rig_env), "oracle-cases")
    os.makedirs(work, exist_ok=True)
    password = secrets.token_hex(12)
    t_start = time.monotonic()
    summary: list[tuple[str, bool, float, str]] = []
    log(f"oracle: A = {a.desc}")
    log(f"oracle: B = {b.desc}")
    for d in article_drift(args.repo):
        log(f"oracle: WARNING: {d}")

    results: list[CaseResult] = []
    if not args.no_cases:
        all_cases = cases_mod.load_dir(os.path.join(args.repo, "tests/conformance/cases"))
        chosen = [c for c in all_cases if (not args.case or c.name in args.case) and (not args.fast or c.fast or args.case)]
        missing = set(args.case) - {c.name for c in all_cases}
        if missing:
            log(f"oracle: unknown case(s) {sorted(missing)}")
            return 2
        for c in chosen:
            log(f"== case {c.name} ({os.path.relpath(c.path, args.repo)}; pins {', '.join(c.spec_rules)})")
            r = run_case(c, a, b, pg, work, password, args.timeout, args.settle, not args.no_selftest)
            results.append(r)
            for p in r.problems:
                log(f"  PROBLEM: {p}")
            log(f"== case {c.name}: {'PASS' if r.ok else 'FAIL'} in {r.seconds:.1f}s")
            summary.append((f"case {c.name}", r.ok, r.seconds, "; ".join(r.problems[:2])))

    rest_result = None
    if not args.no_rest:
        log("== REST comparison (tests/conformance/rest/requests.yaml)")
        t0 = time.monotonic()
        rest_result = rest.run(os.path.join(args.repo, "tests/conformance/rest/requests.yaml"), a, b, pg, work, password,
                               fast=args.fast, record=args.record_rest, log=log)
        secs = time.monotonic() - t0
        log(f"== REST comparison: {'PASS' if rest_result.ok else 'FAIL'} in {secs:.1f}s "
            f"({rest_result.compared} request(s), {len(rest_result.differences)} difference(s))")
        summary.append(("REST comparison", rest_result.ok, secs, "; ".join(rest_result.differences[:2])))

    with open(os.path.join(args.report_dir, "report.json"), "w") as f:
        json.dump(
            {
                "a": a.desc,
                "b": b.desc,
                "cases": [
                    {
                        "name": r.name,
                        "ok": r.ok,
                        "seconds": round(r.seconds, 1),
                        "problems": r.problems,
                        "config_translations": r.translations,
                        "diff": r.report.to_json() if r.report else None,
                        "selftest": [o.__dict__ for o in r.selftest],
                    }
                    for r in results
                ],
                "rest": rest_result.to_json() if rest_result else None,
            },
            f,
            indent=2,
            default=str,
        )
    total = time.monotonic() - t_start
    log("== summary")
    for name, ok, secs, why in summary:
        log(f"  {'PASS' if ok else 'FAIL'}  {name} ({secs:.1f}s){'  — ' + why if why and not ok else ''}")
    passed = sum(1 for s in summary if s[1])
    log(f"oracle: {passed} passed, {len(summary) - passed} failed")
    log(f"oracle: report {os.path.join(args.report_dir, 'report.json')} ({total:.1f}s)")
    return 0 if passed == len(summary) else 1


if __name__ == "__main__":
    sys.exit(main())
