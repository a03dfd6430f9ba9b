"""Self-test of the diff tool: deliberately altered copies of side B's topics must be caught.

For each mutation, B's records of a topic are copied (keys, values, headers, timestamps,
partitions kept) to ``oracle-mutant.<mutation>.<topic>`` on B's broker with one deliberate change,
then A's topic is diffed against the copy. The mutation passes when the diff reports exactly the
expected kind of difference at the expected A offset — and the "ignored-only" mutation (only
processing-time fields changed) passes when the diff reports nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from . import jsonspan
from .kafkaio import Record, ensure_topic, list_topics, produce_exact, read_topic
from .topicdiff import DEFAULT_IGNORES, _envelope_root, _fingerprint, diff_topics

RUNID = "__debezium.context.runId"


@dataclass
class Outcome:
    topic: str
    mutation: str
    ok: bool
    detail: str


def _pick(recs: list[Record], pred) -> int | None:
    idx = [i for i, r in enumerate(recs) if pred(r)]
    return idx[len(idx) // 2] if idx else None


def _parsed(b: bytes | None):
    if b is None:
        return None
    try:
        return jsonspan.parse(b, max_depth=6)
    except jsonspan.JsonSpanError:
        return None


def _replace_span(b: bytes, span: tuple[int, int], new: bytes) -> bytes:
    return b[: span[0]] + new + b[span[1] :]


def mutations(recs: list[Record]):
    """Yields (name, mutated records, acceptable {(a_offset, field, kind)}, expect_clean, note)."""
    if not recs:
        return
    # 1. value content: a JSON envelope's op, or a binary value's last byte.
    i = _pick(recs, lambda r: r.value)
    if i is not None:
        r = recs[i]
        p = _parsed(r.value)
        new = None
        if p is not None:
            base, inner = _envelope_root(p)
            span = p.spans.get(base + ("op",)) if isinstance(inner, jsonspan.Obj) and "op" in inner else None
            if span:
                new = _replace_span(r.value, span, b'"x"')
        if new is None:
            new = r.value[:-1] + bytes([r.value[-1] ^ 0x01])
        m = copy.deepcopy(recs)
        m[i].value = new
        yield "value-content", m, {(r.offset, "value", "content")}, False, f"value of A@{r.offset} altered"
    # 2. value formatting only: a space inside a JSON value.
    i = _pick(recs, lambda r: r.value and _parsed(r.value) is not None and r.value.startswith(b"{"))
    if i is not None:
        m = copy.deepcopy(recs)
        m[i].value = b"{ " + m[i].value[1:]
        yield "value-formatting", m, {(recs[i].offset, "value", "formatting")}, False, f"space added to JSON of A@{recs[i].offset}"
    # 3. a header value.
    i = _pick(recs, lambda r: any(n != RUNID for n, _ in r.headers))
    if i is not None:
        m = copy.deepcopy(recs)
        k = max(j for j, (n, _) in enumerate(m[i].headers) if n != RUNID)
        name, val = m[i].headers[k]
        m[i].headers[k] = (name, (val or b"") + b"x")
        yield "header-value", m, {(recs[i].offset, f"header:{name}", "content")}, False, f"header {name} of A@{recs[i].offset} altered"
    # 4. the ignored runId header must still look like a UUID.
    i = _pick(recs, lambda r: any(n == RUNID for n, _ in r.headers))
    if i is not None:
        m = copy.deepcopy(recs)
        m[i].headers = [(n, b"not-a-uuid" if n == RUNID else v) for n, v in m[i].headers]
        yield "runid-format", m, {(recs[i].offset, f"header:{RUNID}", "content")}, False, f"runId of A@{recs[i].offset} not a UUID"
    # 5. a key.
    i = _pick(recs, lambda r: r.key)
    if i is not None:
        m = copy.deepcopy(recs)
        k = m[i].key
        digits = [j for j, c in enumerate(k) if 0x30 <= c <= 0x39]
        if digits:
            j = digits[-1]
            k = k[:j] + bytes([0x30 + (k[j] - 0x30 + 1) % 10]) + k[j + 1 :]
        else:
            k = k + b"x"
        m[i].key = k
        yield "key", m, {(recs[i].offset, "key", "content")}, False, f"key of A@{recs[i].offset} altered"
    # 6. a dropped record.
    i = len(recs) // 2
    m = copy.deepcopy(recs)
    del m[i]
    yield "drop", m, {(recs[i].offset, "record", "missing")}, False, f"A@{recs[i].offset} dropped"
    # 7. two neighbours swapped (only if they differ in more than ignored fields).
    fps = [_fingerprint(r, DEFAULT_IGNORES) for r in recs]
    cand = [j for j in range(len(recs) - 1) if fps[j] != fps[j + 1] and recs[j].partition == recs[j + 1].partition]
    if cand:
        j = cand[len(cand) // 2]
        m = copy.deepcopy(recs)
        m[j], m[j + 1] = m[j + 1], m[j]
        yield "swap", m, {(recs[j].offset, "order", "order"), (recs[j + 1].offset, "order", "order")}, False, \
            f"A@{recs[j].offset} and A@{recs[j + 1].offset} swapped"
    # 8. only processing-time fields changed: must NOT be reported.
    m = copy.deepcopy(recs)
    changed = 0
    for r in m:
        r.timestamp = r.timestamp + 1 if r.timestamp >= 0 else r.timestamp
        p = _parsed(r.value)
        if p is not None:
            base, inner = _envelope_root(p)
            spans = [p.spans[base + (f,)] for f in ("ts_ms", "ts_us", "ts_ns") if base + (f,) in p.spans and isinstance(inner, jsonspan.Obj) and "op" in inner]
            for sp in sorted(spans, reverse=True):
                r.value = _replace_span(r.value, sp, b"1" + r.value[sp[0]:sp[1]])
                changed += 1
        r.headers = [(n, b"00000000-0000-7000-8000-000000000000" if n == RUNID else v) for n, v in r.headers]
    yield "ignored-only", m, set(), True, f"record timestamps, {changed} envelope ts fields and runIds changed"


def run(a_bootstrap: str, b_bootstrap: str, topics: list[str], ignores=None) -> list[Outcome]:
    out: list[Outcome] = []
    parts = list_topics(b_bootstrap, include_internal=True)
    for topic in topics:
        recs = read_topic(b_bootstrap, topic)
        if not recs:
            out.append(Outcome(topic, "-", False, "no records on B to mutate"))
            continue
        for name, mutated, acceptable, expect_clean, note in mutations(recs):
            target = f"oracle-mutant.{name}.{topic}"
            ensure_topic(b_bootstrap, target, parts[topic])
            produce_exact(b_bootstrap, mutated, lambda r: target)
            rep = diff_topics(a_bootstrap, b_bootstrap, [(topic, target)], ignores)
            found = {(d.a_offset, d.field, d.kind) for d in rep.differences}
            if expect_clean:
                hits = sum(rep.ignored_hits.values())
                ok = not found and hits > 0
                detail = f"{note}: {'no difference reported' if not found else 'reported ' + str(sorted(found, key=str))}, ignored-field hits {hits}"
            else:
                ok = bool(found) and found <= acceptable
                lines = "; ".join(d.line() for d in rep.differences[:3])
                detail = f"{note}: {'found ' + lines if found else 'NOT found'}"
                if found - acceptable:
                    detail += f"; unexpected {sorted(found - acceptable, key=str)}"
            out.append(Outcome(topic, name, ok, detail))
    return out
