"""A minimal Kafka Connect REST client (urllib; no extra dependency) and the worker description."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Worker:
    label: str  # "A" or "B"
    kind: str  # debezium | connectd
    url: str  # REST base URL
    bootstrap: str  # its Kafka broker

    @property
    def desc(self) -> str:
        return f"{self.label}={self.kind}@{self.url} (Kafka {self.bootstrap})"


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def json(self):
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def request(url: str, method: str = "GET", body: bytes | None = None, content_type: str | None = None,
            timeout: float = 100.0, headers: dict | None = None) -> Response:
    req = urllib.request.Request(url, data=body, method=method)
    if content_type is not None:
        req.add_header("Content-Type", content_type)
    headers = {"Accept": "application/json", **(headers or {})}
    for k, v in headers.items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


def put_json(url: str, obj) -> Response:
    return request(url, "PUT", json.dumps(obj).encode(), "application/json")


def connector_state(base: str, name: str) -> tuple[str | None, str | None, str]:
    """(connector state, task 0 state, trace or message) — None where there is no status yet."""
    r = request(f"{base}/connectors/{name}/status", timeout=10)
    j = r.json()
    if r.status != 200 or not isinstance(j, dict):
        return None, None, (j or {}).get("message", "") if isinstance(j, dict) else ""
    c = (j.get("connector") or {}).get("state")
    tasks = j.get("tasks") or []
    t = tasks[0].get("state") if tasks else None
    trace = (tasks[0].get("trace") if tasks else None) or (j.get("connector") or {}).get("trace") or ""
    return c, t, trace


def wait_running(base: str, name: str, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    last = (None, None, "")
    while time.monotonic() < deadline:
        last = connector_state(base, name)
        if last[0] == "RUNNING" and last[1] == "RUNNING":
            return
        if "FAILED" in (last[0], last[1]):
            raise RuntimeError(f"connector {name} on {base} FAILED: {first_lines(last[2])}")
        time.sleep(0.2)
    raise TimeoutError(f"connector {name} on {base} not RUNNING after {timeout_s}s (last: {last[0]}/{last[1]})")


def first_lines(s: str, n: int = 3) -> str:
    return " | ".join((s or "").strip().splitlines()[:n])
