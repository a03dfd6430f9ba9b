#!/usr/bin/env python3
"""Readiness probe for the test-rig Kafka broker (used by kafka-start.sh).

Sends one Kafka Metadata v4 request (all topics) over plain TCP and checks
that the broker answers with itself in the broker list and a known active
controller. Much cheaper than starting a JVM CLI tool for every poll.

Usage: kafka_probe.py HOST PORT [EXPECTED_CLUSTER_ID]
Exit 0 when ready (prints "brokers=N controller=ID cluster=ID"), 1 otherwise.
"""
import socket
import struct
import sys

METADATA = 3
VERSION = 4  # non-flexible; supported by Kafka 2.x .. 4.x


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return v

    def string(self):
        n = self.take(">h")
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s


def probe(host, port):
    client_id = b"connectd-rig-probe"
    body = struct.pack(">hhih", METADATA, VERSION, 1, len(client_id)) + client_id
    body += struct.pack(">ib", -1, 0)  # topics = null (all), no auto-create
    with socket.create_connection((host, port), timeout=3) as s:
        s.settimeout(3)
        s.sendall(struct.pack(">i", len(body)) + body)
        size = struct.unpack(">i", read_exact(s, 4))[0]
        r = Reader(read_exact(s, size))
    if r.take(">i") != 1:
        raise ValueError("bad correlation id")
    r.take(">i")  # throttle_time_ms
    brokers = []
    for _ in range(r.take(">i")):
        node = r.take(">i")
        bhost = r.string()
        bport = r.take(">i")
        r.string()  # rack
        brokers.append((node, bhost, bport))
    cluster = r.string()
    controller = r.take(">i")
    return brokers, cluster, controller


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    want_cluster = sys.argv[3] if len(sys.argv) > 3 else None
    try:
        brokers, cluster, controller = probe(host, port)
    except (OSError, EOFError, ValueError, struct.error) as e:
        print(f"not ready: {e}", file=sys.stderr)
        return 1
    print(f"brokers={len(brokers)} controller={controller} cluster={cluster}")
    if not brokers or controller < 0:
        return 1
    if want_cluster and cluster != want_cluster:
        print(f"unexpected cluster id {cluster}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
