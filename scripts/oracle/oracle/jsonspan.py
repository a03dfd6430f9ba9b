"""A small JSON reader that remembers where every object member's value sits in the input bytes.

The diff tool must ignore a few fields (envelope ``ts_ms``/``ts_us``/``ts_ns``) while still comparing
everything else byte for byte. Re-serialising parsed JSON would not do: Python and Jackson format
floats and escapes differently, so the re-serialised bytes would say nothing about the original
bytes. Instead we locate the byte span of each ignored value and mask just that span.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_WS = b" \t\r\n"
_NUMBER = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


class JsonSpanError(ValueError):
    pass


@dataclass
class Parsed:
    value: Any
    # path (tuple of str keys / int indexes) -> (start, end) byte offsets of the value
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)


def parse(data: bytes, max_depth: int = 4) -> Parsed:
    """Parses JSON ``data``; records spans of values down to ``max_depth`` levels.

    Objects become lists of (key, value) pairs wrapped in ``Obj`` so that key order and duplicate
    keys survive; numbers become int or Decimal (so 1.0E10 == 10000000000.0 compares equal).
    """
    p = _Parser(data, max_depth)
    p.skip_ws()
    value = p.value(())
    p.skip_ws()
    if p.pos != len(data):
        raise JsonSpanError(f"trailing data at byte {p.pos}")
    return Parsed(value, p.spans)


class Obj(list):
    """A JSON object as an ordered list of (key, value) pairs."""

    def get(self, key, default=None):
        for k, v in self:
            if k == key:
                return v
        return default

    def keys(self):
        return [k for k, _ in self]

    def __contains__(self, key):  # type: ignore[override]
        return any(k == key for k, _ in self)


class _Parser:
    def __init__(self, data: bytes, max_depth: int):
        self.data = data
        self.pos = 0
        self.max_depth = max_depth
        self.spans: dict[tuple, tuple[int, int]] = {}

    def skip_ws(self):
        d, n = self.data, len(self.data)
        while self.pos < n and d[self.pos] in _WS:
            self.pos += 1

    def fail(self, what):
        raise JsonSpanError(f"{what} at byte {self.pos}")

    def value(self, path):
        if self.pos >= len(self.data):
            self.fail("unexpected end")
        c = self.data[self.pos]
        if c == 0x7B:  # {
            return self.obj(path)
        if c == 0x5B:  # [
            return self.arr(path)
        if c == 0x22:  # "
            return self.string()
        if self.data.startswith(b"true", self.pos):
            self.pos += 4
            return True
        if self.data.startswith(b"false", self.pos):
            self.pos += 5
            return False
        if self.data.startswith(b"null", self.pos):
            self.pos += 4
            return None
        m = _NUMBER.match(self.data, self.pos)
        if not m:
            self.fail("unexpected character")
        self.pos = m.end()
        text = m.group(0)
        if any(ch in text for ch in b".eE"):
            return Decimal(text.decode())
        return int(text)

    def string(self):
        start = self.pos
        self.pos += 1
        d, n = self.data, len(self.data)
        while True:
            if self.pos >= n:
                self.fail("unterminated string")
            c = d[self.pos]
            if c == 0x5C:  # backslash
                self.pos += 2
                continue
            self.pos += 1
            if c == 0x22:
                break
        try:
            return json.loads(d[start : self.pos].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise JsonSpanError(f"bad string at byte {start}: {e}") from e

    def obj(self, path):
        self.pos += 1
        out = Obj()
        self.skip_ws()
        if self.data.startswith(b"}", self.pos):
            self.pos += 1
            return out
        while True:
            self.skip_ws()
            if not self.data.startswith(b'"', self.pos):
                self.fail("expected a key")
            key = self.string()
            self.skip_ws()
            if not self.data.startswith(b":", self.pos):
                self.fail("expected ':'")
            self.pos += 1
            self.skip_ws()
            start = self.pos
            sub = None if path is None else path + (key,)
            v = self.value(sub if sub is not None and len(sub) < self.max_depth else None)
            if sub is not None and len(sub) <= self.max_depth:
                self.spans.setdefault(sub, (start, self.pos))
            out.append((key, v))
            self.skip_ws()
            if self.data.startswith(b",", self.pos):
                self.pos += 1
                continue
            if self.data.startswith(b"}", self.pos):
                self.pos += 1
                return out
            self.fail("expected ',' or '}'")

    def arr(self, path):
        self.pos += 1
        out = []
        self.skip_ws()
        if self.data.startswith(b"]", self.pos):
            self.pos += 1
            return out
        i = 0
        while True:
            self.skip_ws()
            start = self.pos
            sub = None if path is None else path + (i,)
            v = self.value(sub if sub is not None and len(sub) < self.max_depth else None)
            if sub is not None and len(sub) <= self.max_depth:
                self.spans.setdefault(sub, (start, self.pos))
            out.append(v)
            i += 1
            self.skip_ws()
            if self.data.startswith(b",", self.pos):
                self.pos += 1
                continue
            if self.data.startswith(b"]", self.pos):
                self.pos += 1
                return out
            self.fail("expected ',' or ']'")


def mask(data: bytes, spans: list[tuple[int, int]], token: bytes = b"\x00IGNORED\x00") -> bytes:
    """Replaces each byte span with ``token`` (spans must not overlap)."""
    out = bytearray()
    last = 0
    for start, end in sorted(spans):
        out += data[last:start]
        out += token
        last = end
    out += data[last:]
    return bytes(out)


def to_plain(v):
    """Obj -> dict (last duplicate wins), recursively: for semantic (order-insensitive) equality."""
    if isinstance(v, Obj):
        return {k: to_plain(x) for k, x in v}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    return v


def drop_paths(v, paths: list[tuple]):
    """Returns a copy of plain JSON ``v`` without the given member paths."""
    if not paths:
        return v
    heads: dict = {}
    for p in paths:
        if p:
            heads.setdefault(p[0], []).append(p[1:])
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in heads:
                rest = heads[k]
                if any(len(r) == 0 for r in rest):
                    continue
                out[k] = drop_paths(x, rest)
            else:
                out[k] = x
        return out
    if isinstance(v, list):
        return [drop_paths(x, heads.get(i, [])) if i in heads else x for i, x in enumerate(v)]
    return v


def diff_paths(a, b, path=(), limit=12) -> list[str]:
    """Lists JSON paths where plain values ``a`` and ``b`` differ (at most ``limit``)."""
    out: list[str] = []

    def walk(x, y, p):
        if len(out) >= limit:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in list(x.keys()) + [k for k in y.keys() if k not in x]:
                if k not in y:
                    out.append(f"{fmt(p + (k,))}: only in A")
                elif k not in x:
                    out.append(f"{fmt(p + (k,))}: only in B")
                else:
                    walk(x[k], y[k], p + (k,))
            return
        if isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                out.append(f"{fmt(p)}: array length {len(x)} vs {len(y)}")
            for i, (u, w) in enumerate(zip(x, y)):
                walk(u, w, p + (i,))
            return
        if type(x) is not type(y) and not (_num(x) and _num(y)):
            out.append(f"{fmt(p)}: {short(x)} vs {short(y)} (type)")
        elif x != y:
            out.append(f"{fmt(p)}: {short(x)} vs {short(y)}")

    walk(a, b, path)
    return out


def _num(x):
    return isinstance(x, (int, Decimal)) and not isinstance(x, bool)


def fmt(path) -> str:
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (("." if s else "") + str(p))
    return s or "(root)"


def short(v, n=60) -> str:
    s = json.dumps(v, default=str, ensure_ascii=False)
    return s if len(s) <= n else s[: n - 1] + "…"
