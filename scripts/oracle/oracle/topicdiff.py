"""Record-by-record diff of Kafka topics: side A (the reference) against side B.

For every topic pair it compares, partition by partition and in offset order: the partition, the
key bytes, the value bytes, the header names and values in order, the timestamp type, and the order
of records. Only fields that are processing time or random by nature are ignored, and the report
says which and how often they differed:

  * the record timestamp (the producer's send time / Debezium's envelope ts_ms);
  * the Debezium envelope's ``ts_ms``, ``ts_us``, ``ts_ns`` (connector processing time; the
    ``source`` block's timestamps are commit time and ARE compared);
  * a heartbeat value's ``ts_ms``;
  * the value of the ``__debezium.context.runId`` header (a fresh UUID per task start; its
    presence, position and UUID format are still checked).

Byte differences in JSON keys/values/headers are classified: "formatting" when both parse to the
same JSON (key order, number spelling, whitespace, escaping), "content" otherwise, with the JSON
paths that differ. Any difference not covered by an ignore rule is "unexplained" and makes the exit
status non-zero.

CLI:  python -m oracle.topicdiff --a BOOTSTRAP_A --b BOOTSTRAP_B [--topic T ...] [--topic-regex R]
                                [--b-topic-prefix P | --b-topic-map A=B ...] [--json FILE]
                                [--compare-timestamps] [--allow-formatting]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from . import jsonspan
from .kafkaio import Record, list_topics, read_topic

UUID_RE = re.compile(rb"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# ---------------------------------------------------------------------------------------- ignores
@dataclass(frozen=True)
class Ignore:
    """One field the diff does not compare. ``where`` is timestamp, key, value or header."""

    id: str
    where: str
    reason: str
    path: tuple = ()  # JSON member path for key/value; header name in ``header``
    header: str = ""
    # For header ignores: both values must still match this (bytes) regex; for key/value ignores, a side
    # is masked only where the field's JSON text matches it entirely.
    must_match: re.Pattern | None = None
    # For key/value ignores: only applies when the JSON looks like this kind of record.
    applies_to: str = "any"  # any | envelope | heartbeat
    # For key/value ignores: only records whose envelope op is this (e.g. "r" for snapshot rows).
    only_op: str = ""
    # Key/value path relative to the record's payload (JsonConverter's "payload" member when the
    # record has a {"schema","payload"} envelope, else the root) — the built-in rules; rules given
    # by users are paths from the root, as the report prints them.
    relative: bool = False


DEFAULT_IGNORES = [
    Ignore("record.timestamp", "timestamp", "Kafka record timestamp: producer send time, or Debezium's processing-time ts_ms"),
    Ignore("envelope.ts_ms", "value", "Debezium envelope ts_ms: connector processing time", ("ts_ms",), applies_to="envelope", relative=True),
    Ignore("envelope.ts_us", "value", "Debezium envelope ts_us: connector processing time", ("ts_us",), applies_to="envelope", relative=True),
    Ignore("envelope.ts_ns", "value", "Debezium envelope ts_ns: connector processing time", ("ts_ns",), applies_to="envelope", relative=True),
    Ignore("heartbeat.ts_ms", "value", "Debezium heartbeat ts_ms: processing time", ("ts_ms",), applies_to="heartbeat", relative=True),
    Ignore(
        "header.__debezium.context.runId",
        "header",
        "random UUID generated at each task start (presence, position and UUID format still checked)",
        header="__debezium.context.runId",
        must_match=UUID_RE,
    ),
]


def parse_ignore(spec: str, reason: str = "", only_op: str = "", regex: str = "") -> Ignore:
    """``value:payload.source.ts_ms``, ``key:payload.id``, ``header:NAME`` or ``timestamp``.

    A value/key path goes from the JSON root, dot-separated, as the report prints paths (array
    elements by index). With ``regex``, a value/key field is ignored only where its JSON text matches
    it entirely, on each side (a random part of a field, not the field whatever it holds).
    """
    must_match = re.compile(regex.encode()) if regex else None
    where, _, rest = spec.partition(":")
    if where == "timestamp":
        return Ignore("record.timestamp", "timestamp", reason or "record timestamp")
    if where == "header":
        return Ignore(f"header.{rest}", "header", reason or "ignored by request", header=rest)
    if where in ("key", "value") and rest:
        path = tuple(int(p) if p.isdigit() else p for p in rest.split("."))
        suffix = f" (op {only_op} only)" if only_op else ""
        suffix += f" (matching {regex})" if regex else ""
        return Ignore(f"{where}.{rest}{suffix}", where, reason or "ignored by request", path, only_op=only_op,
                      must_match=must_match)
    raise ValueError(f"bad ignore spec {spec!r} (timestamp | header:NAME | key:a.b | value:a.b)")


# ------------------------------------------------------------------------------------ differences
@dataclass
class Difference:
    topic: str
    partition: int | None
    a_offset: int | None
    b_offset: int | None
    field: str  # topic, record, partition, key, value, headers, header:<name>, timestamp_type, order
    kind: str  # content | formatting | missing | extra | order
    detail: str

    def line(self) -> str:
        where = f"p{self.partition}" if self.partition is not None else "-"
        a = "-" if self.a_offset is None else str(self.a_offset)
        b = "-" if self.b_offset is None else str(self.b_offset)
        return f"{self.topic} {where} A@{a} B@{b}  {self.field}: {self.kind} — {self.detail}"


@dataclass
class TopicResult:
    a_topic: str
    b_topic: str
    a_counts: dict[int, int]
    b_counts: dict[int, int]
    differences: list[Difference] = field(default_factory=list)

    @property
    def a_total(self):
        return sum(self.a_counts.values())

    @property
    def b_total(self):
        return sum(self.b_counts.values())


@dataclass
class Report:
    a_label: str
    b_label: str
    topics: list[TopicResult] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)
    # ignore id -> number of compared record pairs in which that field differed
    ignored_hits: Counter = field(default_factory=Counter)
    allow_formatting: bool = False

    @property
    def differences(self) -> list[Difference]:
        return [d for t in self.topics for d in t.differences]

    @property
    def unexplained(self) -> list[Difference]:
        return [d for d in self.differences if not (self.allow_formatting and d.kind == "formatting")]

    def text(self, max_per_topic: int = 50) -> str:
        out = [f"topic diff: A = {self.a_label}   B = {self.b_label}"]
        for t in self.topics:
            name = t.a_topic if t.a_topic == t.b_topic else f"{t.a_topic} (A) vs {t.b_topic} (B)"
            parts = sorted(set(t.a_counts) | set(t.b_counts))
            per = ", ".join(f"p{p}: {t.a_counts.get(p, 0)}/{t.b_counts.get(p, 0)}" for p in parts)
            verdict = "identical" if not t.differences else f"{len(t.differences)} difference(s)"
            out.append(f"  {name}: A {t.a_total} record(s), B {t.b_total} [{per}] — {verdict}")
            for d in t.differences[:max_per_topic]:
                out.append(f"    - {d.line()}")
            if len(t.differences) > max_per_topic:
                out.append(f"    … {len(t.differences) - max_per_topic} more (see the JSON report)")
        out.append("  ignored fields (processing time or random by nature; compared nowhere else):")
        for ig in self.ignores:
            out.append(f"    * {ig.id}: {ig.reason} — differed in {self.ignored_hits.get(ig.id, 0)} record pair(s)")
        kinds = Counter(d.kind for d in self.differences)
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"
        out.append(
            f"  result: {len(self.topics)} topic(s), A {sum(t.a_total for t in self.topics)} record(s), "
            f"B {sum(t.b_total for t in self.topics)} record(s); differences: {summary}; "
            f"unexplained: {len(self.unexplained)}"
        )
        return "\n".join(out)

    def to_json(self) -> dict:
        return {
            "a": self.a_label,
            "b": self.b_label,
            "topics": [
                {
                    "a_topic": t.a_topic,
                    "b_topic": t.b_topic,
                    "a_counts": t.a_counts,
                    "b_counts": t.b_counts,
                    "differences": [asdict(d) for d in t.differences],
                }
                for t in self.topics
            ],
            "ignored": [
                {"id": i.id, "reason": i.reason, "differed_in": self.ignored_hits.get(i.id, 0)} for i in self.ignores
            ],
            "unexplained": len(self.unexplained),
        }


# ---------------------------------------------------------------------------------- comparison
def _envelope_root(parsed: jsonspan.Parsed) -> tuple[tuple, object]:
    v = parsed.value
    if isinstance(v, jsonspan.Obj) and v.keys() == ["schema", "payload"]:
        return ("payload",), v.get("payload")
    return (), v


def _kind_of(inner) -> str:
    if isinstance(inner, jsonspan.Obj):
        keys = inner.keys()
        if "op" in keys and ("before" in keys or "after" in keys or "source" in keys):
            return "envelope"
        if keys == ["ts_ms"]:
            return "heartbeat"
    return "other"


def _looks_json(b: bytes) -> bool:
    s = b.lstrip()[:1]
    return s in (b"{", b"[", b'"') or (s[:1].isdigit() if s else False) or s in (b"-", b"t", b"f", b"n")


@dataclass
class _Side:
    raw: bytes | None
    parsed: jsonspan.Parsed | None = None
    masked: bytes | None = None
    ignored_paths: list = field(default_factory=list)  # absolute paths
    ignored_ids: dict = field(default_factory=dict)  # ignore id -> bytes of the ignored value


def _prepare(raw: bytes | None, where: str, ignores: list[Ignore]) -> _Side:
    s = _Side(raw)
    if raw is None:
        return s
    rules = [i for i in ignores if i.where == where]
    if not _looks_json(raw):
        s.masked = raw
        return s
    try:
        s.parsed = jsonspan.parse(raw, max_depth=6)
    except jsonspan.JsonSpanError:
        s.masked = raw
        return s
    base, inner = _envelope_root(s.parsed)
    kind = _kind_of(inner)
    spans = []
    for r in rules:
        if r.applies_to not in ("any", kind):
            continue
        if r.only_op and not (isinstance(inner, jsonspan.Obj) and inner.get("op") == r.only_op):
            continue
        p = (base + r.path) if r.relative else r.path
        if p in s.parsed.spans:
            st, en = s.parsed.spans[p]
            if r.must_match is not None and not r.must_match.fullmatch(raw[st:en]):
                continue
            spans.append((st, en))
            s.ignored_paths.append(p)
            s.ignored_ids[r.id] = raw[st:en]
    s.masked = jsonspan.mask(raw, spans) if spans else raw
    return s


def _fingerprint(rec: Record, ignores: list[Ignore]) -> str:
    h = hashlib.sha256()
    for where, raw in (("key", rec.key), ("value", rec.value)):
        s = _prepare(raw, where, ignores)
        h.update(b"N" if raw is None else b"B" + len(s.masked).to_bytes(8, "big") + s.masked)
    hdr_ignored = {i.header for i in ignores if i.where == "header"}
    for name, val in rec.headers:
        h.update(name.encode() + b"\x00")
        if name in hdr_ignored:
            h.update(b"I")
        else:
            h.update(b"N" if val is None else b"B" + len(val).to_bytes(8, "big") + val)
    return h.hexdigest()


def _describe_bytes(b: bytes | None, n: int = 48) -> str:
    if b is None:
        return "null"
    try:
        t = b.decode("utf-8")
        if t.isprintable():
            return json.dumps(t if len(t) <= n else t[:n] + "…", ensure_ascii=False)
    except UnicodeDecodeError:
        pass
    hx = b[: n // 2].hex(" ").upper()
    return f"<{len(b)} bytes: {hx}{' …' if len(b) > n // 2 else ''}>"


def _first_byte_diff(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def _compare_blob(a: bytes | None, b: bytes | None, where: str, ignores: list[Ignore], hits: Counter) -> tuple[str, str] | None:
    """None if equal (modulo ignores); else (kind, detail)."""
    if a == b:
        return None
    if a is None or b is None:
        return "content", f"{_describe_bytes(a)} vs {_describe_bytes(b)}"
    sa, sb = _prepare(a, where, ignores), _prepare(b, where, ignores)
    if sa.masked == sb.masked:
        for rid in set(sa.ignored_ids) | set(sb.ignored_ids):
            if sa.ignored_ids.get(rid) != sb.ignored_ids.get(rid):
                hits[rid] += 1
        return None
    if sa.parsed is not None and sb.parsed is not None:
        pa = jsonspan.drop_paths(jsonspan.to_plain(sa.parsed.value), sa.ignored_paths)
        pb = jsonspan.drop_paths(jsonspan.to_plain(sb.parsed.value), sb.ignored_paths)
        if pa == pb:
            i = _first_byte_diff(sa.masked, sb.masked)
            ctx_a = sa.masked[max(0, i - 20) : i + 20].decode("utf-8", "replace")
            ctx_b = sb.masked[max(0, i - 20) : i + 20].decode("utf-8", "replace")
            return "formatting", f"same JSON, different bytes from byte {i}: A …{ctx_a}… vs B …{ctx_b}…"
        paths = jsonspan.diff_paths(pa, pb)
        return "content", "JSON differs at " + "; ".join(paths)
    i = _first_byte_diff(a, b)
    return "content", (
        f"{len(a)} vs {len(b)} bytes, first difference at byte {i}: {_describe_bytes(a)} vs {_describe_bytes(b)}"
    )


def _compare_records(ra: Record, rb: Record, ignores: list[Ignore], hits: Counter, compare_ts: bool) -> list[Difference]:
    out: list[Difference] = []

    def add(fld, kind, detail):
        out.append(Difference(ra.topic, ra.partition, ra.offset, rb.offset, fld, kind, detail))

    if ra.partition != rb.partition:
        add("partition", "content", f"{ra.partition} vs {rb.partition}")
    for fld, a, b in (("key", ra.key, rb.key), ("value", ra.value, rb.value)):
        r = _compare_blob(a, b, fld, ignores, hits)
        if r:
            add(fld, *r)
    names_a = [h[0] for h in ra.headers]
    names_b = [h[0] for h in rb.headers]
    if names_a != names_b:
        add("headers", "content", f"names/order differ: A {names_a} vs B {names_b}")
    else:
        hdr_rules = {i.header: i for i in ignores if i.where == "header"}
        for (name, va), (_, vb) in zip(ra.headers, rb.headers):
            rule = hdr_rules.get(name)
            if rule is not None:
                bad = [
                    side
                    for side, v in (("A", va), ("B", vb))
                    if rule.must_match is not None and (v is None or not rule.must_match.match(v))
                ]
                if bad:
                    add(f"header:{name}", "content", f"ignored value has the wrong format on {'/'.join(bad)}: {_describe_bytes(va)} vs {_describe_bytes(vb)}")
                elif va != vb:
                    hits[rule.id] += 1
                continue
            r = _compare_blob(va, vb, "header", ignores, hits)
            if r:
                add(f"header:{name}", *r)
    if ra.timestamp_type != rb.timestamp_type:
        add("timestamp_type", "content", f"{ra.timestamp_type} vs {rb.timestamp_type} (1 = CreateTime, 2 = LogAppendTime)")
    if compare_ts:
        if ra.timestamp != rb.timestamp:
            add("timestamp", "content", f"{ra.timestamp} vs {rb.timestamp}")
    elif ra.timestamp != rb.timestamp:
        hits["record.timestamp"] += 1
    return out


def diff_records(a_topic: str, b_topic: str, recs_a: list[Record], recs_b: list[Record], ignores: list[Ignore],
                 hits: Counter, compare_ts: bool = False) -> TopicResult:
    res = TopicResult(a_topic, b_topic, dict(Counter(r.partition for r in recs_a)), dict(Counter(r.partition for r in recs_b)))
    by_a, by_b = defaultdict(list), defaultdict(list)
    for r in recs_a:
        by_a[r.partition].append(r)
    for r in recs_b:
        by_b[r.partition].append(r)
    missing: list[tuple[Record, str]] = []  # in A, not matched in B
    extra: list[tuple[Record, str]] = []  # in B, not matched in A
    for p in sorted(set(by_a) | set(by_b)):
        la, lb = by_a.get(p, []), by_b.get(p, [])
        fa = [_fingerprint(r, ignores) for r in la]
        fb = [_fingerprint(r, ignores) for r in lb]
        sm = difflib.SequenceMatcher(None, fa, fb, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                for ra, rb in zip(la[i1:i2], lb[j1:j2]):
                    res.differences.extend(_compare_records(ra, rb, ignores, hits, compare_ts))
            elif op == "replace" and (i2 - i1) == (j2 - j1) and Counter(fa[i1:i2]) != Counter(fb[j1:j2]):
                for k in range(i2 - i1):
                    if fa[i1 + k] == fb[j1 + k]:
                        res.differences.extend(_compare_records(la[i1 + k], lb[j1 + k], ignores, hits, compare_ts))
                    else:
                        missing.append((la[i1 + k], fa[i1 + k]))
                        extra.append((lb[j1 + k], fb[j1 + k]))
            else:
                missing.extend(zip(la[i1:i2], fa[i1:i2]))
                extra.extend(zip(lb[j1:j2], fb[j1:j2]))
    # Records present on both sides but elsewhere: reordered within a partition, or in another one.
    extra_by_fp: dict[str, list[Record]] = defaultdict(list)
    for r, f in extra:
        extra_by_fp[f].append(r)
    unmatched_missing = []
    for ra, f in missing:
        if extra_by_fp.get(f):
            rb = extra_by_fp[f].pop(0)
            if rb.partition == ra.partition:
                res.differences.append(Difference(ra.topic, ra.partition, ra.offset, rb.offset, "order", "order",
                                                  f"same record at A offset {ra.offset} and B offset {rb.offset}: order within the partition differs"))
            else:
                res.differences.append(Difference(ra.topic, ra.partition, ra.offset, rb.offset, "partition", "content",
                                                  f"record in partition {ra.partition} on A but partition {rb.partition} on B"))
            res.differences.extend(d for d in _compare_records(ra, rb, ignores, hits, compare_ts) if d.field != "partition")
        else:
            unmatched_missing.append(ra)
    unmatched_extra = [r for rs in extra_by_fp.values() for r in rs]
    # Pair what is left positionally per partition so a changed record reads as one change.
    left_a, left_b = defaultdict(list), defaultdict(list)
    for r in unmatched_missing:
        left_a[r.partition].append(r)
    for r in unmatched_extra:
        left_b[r.partition].append(r)
    for p in sorted(set(left_a) | set(left_b)):
        la = sorted(left_a.get(p, []), key=lambda r: r.offset)
        lb = sorted(left_b.get(p, []), key=lambda r: r.offset)
        n = min(len(la), len(lb))
        for ra, rb in zip(la[:n], lb[:n]):
            res.differences.extend(_compare_records(ra, rb, ignores, hits, compare_ts))
        for ra in la[n:]:
            res.differences.append(Difference(ra.topic, p, ra.offset, None, "record", "missing",
                                              f"record missing on B (key {_describe_bytes(ra.key)})"))
        for rb in lb[n:]:
            res.differences.append(Difference(rb.topic, p, None, rb.offset, "record", "extra",
                                              f"extra record on B (key {_describe_bytes(rb.key)})"))
    res.differences.sort(key=lambda d: (d.partition if d.partition is not None else -1,
                                        d.a_offset if d.a_offset is not None else (d.b_offset or 0)))
    return res


def diff_topics(a_bootstrap: str, b_bootstrap: str, pairs: list[tuple[str, str]], ignores: list[Ignore] | None = None,
                compare_ts: bool = False, allow_formatting: bool = False, a_label: str = "", b_label: str = "") -> Report:
    ignores = list(DEFAULT_IGNORES if ignores is None else ignores)
    rep = Report(a_label or a_bootstrap, b_label or b_bootstrap, ignores=ignores, allow_formatting=allow_formatting)
    a_topics = list_topics(a_bootstrap, include_internal=True)
    b_topics = list_topics(b_bootstrap, include_internal=True)
    for ta, tb in pairs:
        if ta not in a_topics and tb not in b_topics:
            res = TopicResult(ta, tb, {}, {})
            res.differences.append(Difference(ta, None, None, None, "topic", "missing", "topic exists on neither side"))
            rep.topics.append(res)
            continue
        ra = read_topic(a_bootstrap, ta) if ta in a_topics else []
        rb = read_topic(b_bootstrap, tb) if tb in b_topics else []
        res = diff_records(ta, tb, ra, rb, ignores, rep.ignored_hits, compare_ts)
        if ta not in a_topics:
            res.differences.insert(0, Difference(ta, None, None, None, "topic", "extra", "topic exists only on B"))
        if tb not in b_topics:
            res.differences.insert(0, Difference(ta, None, None, None, "topic", "missing", "topic exists only on A"))
        if a_topics.get(ta) and b_topics.get(tb) and a_topics[ta] != b_topics[tb]:
            res.differences.insert(0, Difference(ta, None, None, None, "topic", "content",
                                                 f"partition count {a_topics[ta]} vs {b_topics[tb]}"))
        rep.topics.append(res)
    return rep


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="bootstrap servers of side A (the reference)")
    ap.add_argument("--b", required=True, help="bootstrap servers of side B (may equal A with a topic prefix/map)")
    ap.add_argument("--topic", action="append", default=[], help="topic to compare (repeatable)")
    ap.add_argument("--topic-regex", help="compare every non-internal topic of A (and B) matching this regex")
    ap.add_argument("--b-topic-prefix", default="", help="B's topic = prefix + A's topic")
    ap.add_argument("--b-topic-map", action="append", default=[], metavar="A=B", help="explicit A topic -> B topic")
    ap.add_argument("--ignore", action="append", default=[], metavar="SPEC",
                    help="extra ignore: timestamp | header:NAME | key:PATH | value:PATH (PATH from the JSON root, e.g. payload.source.lsn)")
    ap.add_argument("--compare-timestamps", action="store_true", help="do not ignore record timestamps")
    ap.add_argument("--allow-formatting", action="store_true", help="formatting-only (JSON-equal) differences do not fail")
    ap.add_argument("--json", help="also write the report as JSON to this file")
    args = ap.parse_args(argv)

    mapping = dict(m.split("=", 1) for m in args.b_topic_map)
    topics = list(args.topic)
    if args.topic_regex or not topics:
        rx = args.topic_regex or ".*"
        found = set(list_topics(args.a, rx))
        if not args.b_topic_prefix and not mapping:
            found |= set(list_topics(args.b, rx))
        topics += sorted(t for t in found if t not in topics)
    pairs = [(t, mapping.get(t, args.b_topic_prefix + t)) for t in topics]
    ignores = list(DEFAULT_IGNORES) + [parse_ignore(s) for s in args.ignore]
    if args.compare_timestamps:
        ignores = [i for i in ignores if i.where != "timestamp"]
    rep = diff_topics(args.a, args.b, pairs, ignores, args.compare_timestamps, args.allow_formatting)
    print(rep.text())
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rep.to_json(), f, indent=2)
    return 1 if rep.unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
