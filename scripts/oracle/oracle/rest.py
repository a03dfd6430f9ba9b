"""REST comparison: the same list of requests (tests/conformance/rest/requests.yaml) sent to both
workers, step by step; status codes, content types, Location headers and JSON body shapes (keys and
value types, recursively) are compared, and for error responses (and requests marked
``compare: values``) the values too. Worker-specific things are normalised or ignored: the worker's
URL and id, the Kafka cluster id, version strings and commit ids, the run's file paths and slot
names, and stack traces (only their presence and first line are compared).

With ``record``, worker A's responses are written (normalised) to a JSON file: the reference
behaviour of Kafka Connect 4.3.0 + Debezium 3.6.1 for the implementers of connectd's REST API.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field

import yaml

from . import connect
from .pg import Pg, fill_placeholders

IGNORED_KEYS = {"worker_id", "version", "commit", "kafka_cluster_id"}


@dataclass
class RestResult:
    ok: bool = True
    compared: int = 0
    differences: list[str] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)

    def to_json(self):
        return {"ok": self.ok, "compared": self.compared, "differences": self.differences, "steps": self.steps}


def _jtype(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def shape_diff(a, b, path="$", values=False, out=None) -> list[str]:
    """Differences in JSON shape (and, with values, in scalar values) between a and b."""
    out = [] if out is None else out
    ta, tb = _jtype(a), _jtype(b)
    if ta != tb:
        out.append(f"{path}: {ta} vs {tb}")
        return out
    if ta == "object":
        ka, kb = list(a), list(b)
        if set(ka) != set(kb):
            only_a = [k for k in ka if k not in b]
            only_b = [k for k in kb if k not in a]
            out.append(f"{path}: keys only in A {only_a}, only in B {only_b}")
        elif ka != kb:
            out.append(f"{path}: key order {ka} vs {kb}")
        for k in ka:
            if k in b:
                if k in IGNORED_KEYS:
                    continue
                if k == "trace":
                    if _first_line(a[k]) != _first_line(b[k]) and values:
                        out.append(f"{path}.trace first line: {_first_line(a[k])!r} vs {_first_line(b[k])!r}")
                    continue
                shape_diff(a[k], b[k], f"{path}.{k}", values, out)
    elif ta == "array":
        if len(a) != len(b):
            out.append(f"{path}: array length {len(a)} vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            shape_diff(x, y, f"{path}[{i}]", values, out)
    elif values and a != b:
        sa, sb = json.dumps(a), json.dumps(b)
        out.append(f"{path}: {sa[:200]} vs {sb[:200]}")
    return out


def _first_line(s) -> str:
    return (s or "").strip().splitlines()[0] if s else ""


def _get(obj, dotted: str):
    cur = obj
    for part in dotted.split("."):
        if isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return None
    return cur


class _Side:
    def __init__(self, worker: connect.Worker, secret: str, cluster_id: str):
        self.w = worker
        self.secret = secret
        self.cluster_id = cluster_id
        hostport = worker.url.split("://", 1)[1]
        self.subs = [
            (worker.url, "{{WORKER_URL}}"),
            (hostport, "{{WORKER_ID}}"),
            (secret, "{{DB_PROPERTIES}}"),
        ]
        if cluster_id:
            self.subs.append((cluster_id, "{{KAFKA_CLUSTER_ID}}"))

    def prepare_body(self, body, slot_suffix: str):
        """A request body for this worker: the article's secret path and the slot name rewritten."""
        if body is None:
            return None

        def fix_cfg(cfg):
            if not isinstance(cfg, dict):
                return cfg
            cfg = {k: (v.replace("/opt/kafka/external-configuration/db.properties", self.secret) if isinstance(v, str) else v)
                   for k, v in cfg.items()}
            if "slot.name" in cfg and isinstance(cfg["slot.name"], str) and slot_suffix:
                cfg["slot.name"] += slot_suffix
            return cfg

        if isinstance(body, dict) and isinstance(body.get("config"), dict):
            return {**body, "config": fix_cfg(body["config"])}
        return fix_cfg(body)

    def normalise(self, text: str, slot_suffix: str) -> str:
        for a, b in self.subs:
            text = text.replace(a, b)
        if slot_suffix:
            text = re.sub(r"(\w+_slot)" + re.escape(slot_suffix) + r"\b", r"\1", text)
        # Plugin locations in PluginDesc{...} messages: the resolved cache directory.
        text = re.sub(r"file:[^'\"]*?/plugins/", "file:{{PLUGIN_PATH}}/", text)
        return text


def _send(side: _Side, step: dict, slot_suffix: str) -> dict:
    method = step.get("method", "GET")
    path = step["path"]
    ctype = step.get("content_type")
    if "body_raw" in step:
        data = step["body_raw"].encode()
        ctype = ctype or "application/json"
    elif "body" in step:
        data = json.dumps(side.prepare_body(step["body"], slot_suffix)).encode()
        ctype = ctype or "application/json"
    else:
        data = None
    t0 = time.monotonic()
    extra = {"Accept": step["accept"]} if "accept" in step else None
    r = connect.request(side.w.url + path, method, data, ctype, timeout=step.get("timeout", 100), headers=extra)
    ms = (time.monotonic() - t0) * 1000
    text = side.normalise(r.body.decode("utf-8", "replace"), slot_suffix)
    try:
        body = json.loads(text) if text else None
        is_json = bool(text)
    except ValueError:
        body, is_json = text, False
    loc = r.headers.get("location")
    return {
        "status": r.status,
        "content_type": (r.headers.get("content-type") or "").split(";")[0].strip() or None,
        "location": side.normalise(loc, slot_suffix) if loc else None,
        "json": is_json,
        "body": body,
        "ms": round(ms, 1),
    }


def _wait(side: _Side, wait: dict, slot_suffix: str, timeout_s: float = 60.0) -> str | None:
    deadline = time.monotonic() + min(wait.get("timeout", timeout_s), timeout_s)
    last = None
    while time.monotonic() < deadline:
        r = connect.request(side.w.url + wait["path"], timeout=10)
        j = r.json()
        last = (r.status, j)
        if r.status == wait.get("status", 200) and all(_get(j, k) == v for k, v in (wait.get("until") or {}).items()):
            return None
        time.sleep(0.2)
    return f"wait for {wait['path']} {wait.get('until')} timed out on {side.w.label}: last {last}"


def _trim_traces(obj):
    if isinstance(obj, dict):
        return {k: (_first_line(v) + " …" if k == "trace" and isinstance(v, str) else _trim_traces(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_trim_traces(x) for x in obj]
    return obj


def run(requests_file: str, a: connect.Worker, b: connect.Worker, pg: Pg, work: str, password: str,
        fast: bool = False, record: str | None = None, log=print) -> RestResult:
    with open(requests_file, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    res = RestResult()
    setup = spec.get("setup") or {}
    db = setup.get("database", "restdb")
    pg.create_database(db)
    pg.execute_script(db, fill_placeholders(setup.get("sql", ""), {"DEBEZIUM_PASSWORD": password, "DB_NAME": db}, "REST setup"))
    secret = os.path.join(work, "rest.db.properties")
    with open(secret, "w") as f:
        f.write(f"database.hostname={pg.host}\ndatabase.port={pg.port}\ndatabase.user=debezium\n"
                f"database.password={password}\ndatabase.dbname={db}\n")
    env_cluster = {}
    for w in (a, b):
        j = connect.request(w.url + "/").json() or {}
        env_cluster[w.label] = j.get("kafka_cluster_id", "") if isinstance(j, dict) else ""
    sides = {"A": _Side(a, secret, env_cluster["A"]), "B": _Side(b, secret, env_cluster["B"])}
    suffix = {"A": "", "B": "_b"}
    recorded = []
    wait_failed: dict[str, bool] = {}
    for step in spec.get("requests") or []:
        if fast and not step.get("fast", True):
            continue
        name = step.get("name") or f"{step.get('method', 'GET')} {step['path']}"
        if "wait" in step:
            for lbl, side in sides.items():
                # After one timed-out wait a side is presumed broken: later waits on it are short,
                # so a worker that lacks an endpoint fails the run in seconds, not hours.
                problem = _wait(side, step["wait"], suffix[lbl], 3.0 if wait_failed.get(lbl) else 30.0)
                if problem:
                    wait_failed[lbl] = True
                    res.differences.append(f"{name}: {problem}")
        out = {lbl: _send(side, step, suffix[lbl]) for lbl, side in sides.items()}
        ra, rb = out["A"], out["B"]
        diffs = []
        if ra["status"] != rb["status"]:
            diffs.append(f"status {ra['status']} vs {rb['status']}")
        if ra["content_type"] != rb["content_type"]:
            diffs.append(f"content type {ra['content_type']} vs {rb['content_type']}")
        if (ra["location"] is None) != (rb["location"] is None) or ra["location"] != rb["location"]:
            diffs.append(f"Location {ra['location']} vs {rb['location']}")
        mode = step.get("compare", "values" if ra["status"] >= 400 else "shape")
        if mode != "status":
            if ra["json"] and rb["json"]:
                diffs += shape_diff(ra["body"], rb["body"], values=(mode == "values"))
            elif ra["body"] != rb["body"]:
                diffs.append(f"body {str(ra['body'])[:200]!r} vs {str(rb['body'])[:200]!r}")
        if "expect_status" in step and ra["status"] != step["expect_status"]:
            diffs.append(f"reference answered {ra['status']}, the request file expects {step['expect_status']}")
        res.compared += 1
        known = step.get("known_divergence") if b.kind == "connectd" else None
        if diffs and known:
            log(f"  {'known':9} {step.get('method', 'GET'):6} {step['path']:58} A {ra['status']} B {rb['status']}  {name}: {known}")
            res.steps.append({"name": name, "A": ra, "B": rb, "differences": diffs, "known_divergence": known})
            diffs = []
            known_done = True
        else:
            known_done = False
        verdict = "same" if not diffs else "DIFFERENT"
        if not known_done:
            log(f"  {verdict:9} {step.get('method', 'GET'):6} {step['path']:58} A {ra['status']} B {rb['status']}  {name}")
            for d in diffs[:8]:
                log(f"              - {d}")
            res.differences += [f"{name}: {d}" for d in diffs]
            res.steps.append({"name": name, "A": ra, "B": rb, "differences": diffs})
        recorded.append({
            "name": name,
            "request": {
                "method": step.get("method", "GET"),
                "path": step["path"],
                **({"content_type": step.get("content_type") or "application/json"} if ("body" in step or "body_raw" in step) else {}),
                **({"accept": step["accept"]} if "accept" in step else {}),
                **({"body": sides["A"].prepare_body(step["body"], "")} if "body" in step else {}),
                **({"body_raw": step["body_raw"]} if "body_raw" in step else {}),
            },
            "response": {k: (_trim_traces(v) if k == "body" else v) for k, v in ra.items() if k not in ("json", "ms")},
        })
    # Tidy up: connectors the requests left behind, and their slots.
    for lbl, side in sides.items():
        for c in connect.request(side.w.url + "/connectors").json() or []:
            connect.request(f"{side.w.url}/connectors/{c}", "DELETE", timeout=30)
    with pg.connect() as c:
        slots = [r[0] for r in c.execute("SELECT slot_name FROM pg_replication_slots WHERE database = %s", (db,)).fetchall()]
    for s in slots:
        pg.drop_slot(s)
    if record:
        text = json.dumps(
            {
                "about": "Responses of the reference worker (Apache Kafka Connect 4.3.0, distributed mode, with "
                         "Debezium 3.6.1.Final) to tests/conformance/rest/requests.yaml, recorded by "
                         "scripts/oracle/run.sh --record-rest. Worker-specific values are replaced by "
                         "{{WORKER_URL}}, {{WORKER_ID}}, {{KAFKA_CLUSTER_ID}}, {{DB_PROPERTIES}}; traces are cut "
                         "to their first line.",
                "responses": recorded,
            },
            indent=1,
            ensure_ascii=False,
        )
        text = text.replace(secret, "{{DB_PROPERTIES}}")
        with open(record, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        log(f"  recorded A's responses to {record}")
    res.ok = not res.differences
    return res
