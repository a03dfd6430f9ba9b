"""Reading whole topics (every partition, first to last offset) and copying records, exactly."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

# Topics that are never data: Kafka's own and the oracle workers' internal topics.
INTERNAL = re.compile(r"^(__consumer_offsets|__transaction_state|__share_group_state|_schemas|connectd-oracle-.*)$")


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes | None]] = field(default_factory=list)
    timestamp_type: int = 0  # confluent_kafka.TIMESTAMP_* (1 = CreateTime, 2 = LogAppendTime)
    timestamp: int = -1


def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap})


def list_topics(bootstrap: str, pattern: str | None = None, include_internal: bool = False) -> dict[str, int]:
    """Topic name -> partition count."""
    md = admin(bootstrap).list_topics(timeout=15)
    out = {}
    rx = re.compile(pattern) if pattern else None
    for name, t in md.topics.items():
        if t.error is not None:
            continue
        if not include_internal and INTERNAL.match(name):
            continue
        if rx and not rx.fullmatch(name):
            continue
        out[name] = len(t.partitions)
    return dict(sorted(out.items()))


def end_offsets(bootstrap: str, topics: list[str]) -> dict[tuple[str, int], tuple[int, int]]:
    """(topic, partition) -> (low, high) watermarks; topics that do not exist are left out."""
    parts = list_topics(bootstrap, include_internal=True)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "connectd-oracle-reader", "enable.auto.commit": False})
    try:
        out = {}
        for t in topics:
            for p in range(parts.get(t, 0)):
                out[(t, p)] = c.get_watermark_offsets(TopicPartition(t, p), timeout=10, cached=False)
        return out
    finally:
        c.close()


def read_topic(bootstrap: str, topic: str, timeout_s: float = 60.0) -> list[Record]:
    """Every record of every partition of ``topic``, in partition then offset order."""
    parts = list_topics(bootstrap, include_internal=True).get(topic, 0)
    if parts == 0:
        return []
    c = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "connectd-oracle-reader",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
            "isolation.level": "read_uncommitted",
            # Raw bytes in, no client-side CRC or decompression surprises hidden from us.
            "check.crcs": True,
        }
    )
    try:
        wm = {}
        assign = []
        for p in range(parts):
            lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=10, cached=False)
            wm[p] = (lo, hi)
            if hi > lo:
                assign.append(TopicPartition(topic, p, lo))
        if not assign:
            return []
        c.assign(assign)
        pending = {tp.partition for tp in assign}
        recs: dict[int, list[Record]] = {p: [] for p in pending}
        deadline = time.monotonic() + timeout_s
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic}: partitions {sorted(pending)} did not reach their end offsets")
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                if m.error().code() == -191:  # _PARTITION_EOF
                    p = m.partition()
                    if p in pending and (not recs[p] or recs[p][-1].offset >= wm[p][1] - 1):
                        pending.discard(p)
                    continue
                raise KafkaException(m.error())
            p = m.partition()
            ts_type, ts = m.timestamp()
            recs[p].append(
                Record(topic, p, m.offset(), m.key(), m.value(), list(m.headers() or []), ts_type, ts)
            )
            if m.offset() >= wm[p][1] - 1:
                pending.discard(p)
        out: list[Record] = []
        for p in sorted(recs):
            out.extend(recs[p])
        return out
    finally:
        c.close()


def delete_topics(bootstrap: str, topics: list[str], timeout_s: float = 30.0) -> None:
    """Deletes topics and waits until the broker no longer lists them."""
    a = admin(bootstrap)  # keep a reference: the futures fail if the client is destroyed
    for f in a.delete_topics(topics, operation_timeout=timeout_s).values():
        f.result(timeout_s)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not set(topics) & set(list_topics(bootstrap, include_internal=True)):
            return
        time.sleep(0.2)
    raise TimeoutError(f"topics {topics} still listed after deletion")


def ensure_topic(bootstrap: str, topic: str, partitions: int) -> None:
    a = admin(bootstrap)
    fs = a.create_topics([NewTopic(topic, partitions, 1)])
    for f in fs.values():
        try:
            f.result(15)
        except KafkaException as e:
            if "TOPIC_ALREADY_EXISTS" not in str(e):
                raise


def produce_exact(bootstrap: str, records: list[Record], topic_of) -> None:
    """Writes ``records`` (keys, values, headers, timestamps, partitions unchanged) to topic_of(r)."""
    p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 0, "acks": "all"})
    errors = []

    def cb(err, _msg):
        if err is not None:
            errors.append(err)

    for r in records:
        kwargs = {"partition": r.partition, "headers": r.headers}
        if r.timestamp >= 0:
            kwargs["timestamp"] = r.timestamp
        p.produce(topic_of(r), value=r.value, key=r.key, on_delivery=cb, **kwargs)
        # One in flight at a time per partition is what keeps order; idempotence guarantees it.
    p.flush(30)
    if errors:
        raise KafkaException(errors[0])
