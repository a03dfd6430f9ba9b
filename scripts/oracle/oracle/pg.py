"""PostgreSQL helpers for the oracle: the rig's superuser, per-case databases, slots, Flyway-style SQL."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import psycopg

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def fill_placeholders(sql: str, values: dict[str, str], what: str) -> str:
    """Replaces Flyway placeholders ``${NAME}``; an unknown one is an error, as in Flyway."""

    def sub(m):
        if m.group(1) not in values:
            raise ValueError(f"{what}: unknown placeholder ${{{m.group(1)}}} (known: {', '.join(sorted(values))})")
        return values[m.group(1)]

    return _PLACEHOLDER.sub(sub, sql)


class Pg:
    def __init__(self, env: dict[str, str]):
        self.host = env["PGHOST"]
        self.port = int(env["PGPORT"])
        self.user = env.get("PG_SUPERUSER", "postgres")
        self.password = env["PG_SUPERUSER_PASSWORD"]

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://{quote(self.user)}:{quote(self.password)}@{self.host}:{self.port}/{quote(db)}"

    def connect(self, db: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(db), autocommit=True)

    def execute_script(self, db: str, sql: str) -> None:
        """Runs ``sql`` as one simple-query call (as ``psql -c``): one transaction unless it has its own."""
        with self.connect(db) as c:
            c.execute(sql.encode())  # bytes: no client-side parameter parsing of '%' or '{'

    def query_one(self, db: str, sql: str):
        with self.connect(db) as c:
            row = c.execute(sql.encode()).fetchone()
            return None if row is None else row[0]

    def create_database(self, db: str) -> None:
        with self.connect() as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,)).fetchone()
            if exists:
                raise RuntimeError(f"database {db} already exists (one database per case; names must differ)")
            c.execute(f'CREATE DATABASE "{db}"'.encode())

    def slot(self, name: str) -> tuple[bool, str | None] | None:
        """(active, confirmed_flush_lsn) of a replication slot, or None if absent."""
        with self.connect() as c:
            row = c.execute(
                "SELECT active, confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = %s", (name,)
            ).fetchone()
            return None if row is None else (bool(row[0]), row[1])

    def wait_slot_active(self, name: str, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            s = self.slot(name)
            if s is not None and s[0]:
                return
            time.sleep(0.2)
        raise TimeoutError(f"replication slot {name} not active after {timeout_s}s (state: {self.slot(name)})")

    def drop_slot(self, name: str, timeout_s: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            s = self.slot(name)
            if s is None:
                return True
            if not s[0]:
                with self.connect() as c:
                    try:
                        c.execute("SELECT pg_drop_replication_slot(%s)", (name,))
                        return True
                    except psycopg.errors.ObjectInUse:
                        pass
            time.sleep(0.2)
        return False
