"""Conformance case files (tests/conformance/cases/*.yaml): loading and validation.

A case is one YAML file; adding a case needs no code. Keys:

  name:        case name (defaults to the file name)
  fast:        true = part of the fast subset (run.sh --fast)
  spec_rules:  the sections of ../shared/spec/debezium-postgres-contract.md the case pins, e.g. ["§2.4",
               "§3.1"] (at least one; scripts/check-spec-rules.py checks that each names a section)
  database:    database created for the case (default: the name, with - -> _)
  setup:       list of steps run as the superuser before the connectors start, in the case database.
               Each step is {sql: "..."} or {file: path relative to the case file}; each step is one
               simple-query call (one transaction unless it has its own BEGIN/COMMIT). Flyway
               placeholders ${DEBEZIUM_PASSWORD} and ${DB_NAME} are filled in; others are errors.
  connector:   name: connector name
               file: JSON file with the flat connector config (relative to the case file), or
               config: the flat config map inline; overrides: map applied on top (both workers).
               References to /opt/kafka/external-configuration/db.properties (the article's Secret)
               are rewritten to the run's db.properties for this case (host, port, user debezium,
               password, dbname), resolved by the workers' FileConfigProvider.
  changes:     steps like setup, run after both connectors are streaming.
  expect:
    topics:    {topic: exact record count} — the topics to diff; both sides are awaited until they
               reach the count (then a short settle time).
    records:   exact assertions on single records, checked on both sides: topic, partition (0),
               offset, key (text) | key_hex, value_hex | value_text, headers: [[name, matcher], ...]
               in order; a matcher is a string (exact), {regex: uuid | <regex>}, or {sql: query}
               (first column of the first row, as text, from the case database).
  ignore:      extra fields to ignore, [{spec: "value:payload.source.ts_ms", reason: "...",
               only_op: "r"}] (spec: timestamp | header:NAME | key:PATH | value:PATH; only_op limits
               a key/value ignore to records whose envelope op is that value; regex to fields whose
               JSON text matches it entirely on each side)
  show:        true = print side A's records in the report
  selftest:    true = run the diff tool's mutation self-test on this case's topics
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import yaml

KNOWN = {"name", "fast", "spec_rules", "database", "setup", "connector", "changes", "expect", "ignore", "show", "selftest", "description"}


@dataclass
class Case:
    path: str
    name: str
    fast: bool
    spec_rules: list[str]
    database: str
    setup: list[dict]
    connector_name: str
    connector_config: dict
    changes: list[dict]
    expect_topics: dict[str, int]
    expect_records: list[dict]
    ignore: list[dict] = field(default_factory=list)
    show: bool = False
    selftest: bool = False

    def sql_of(self, step: dict) -> tuple[str, str]:
        """(label, SQL text) of a setup/changes step."""
        if "sql" in step:
            return "inline SQL", step["sql"]
        if "file" in step:
            p = os.path.normpath(os.path.join(os.path.dirname(self.path), step["file"]))
            with open(p, encoding="utf-8") as f:
                return os.path.relpath(p), f.read()
        raise ValueError(f"{self.path}: a step needs sql or file: {step}")


def load(path: str) -> Case:
    with open(path, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    if not isinstance(d, dict):
        raise ValueError(f"{path}: not a YAML mapping")
    unknown = set(d) - KNOWN
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
    name = d.get("name") or os.path.splitext(os.path.basename(path))[0]
    conn = d.get("connector") or {}
    if "name" not in conn:
        raise ValueError(f"{path}: connector.name is required")
    if "file" in conn:
        with open(os.path.join(os.path.dirname(path), conn["file"]), encoding="utf-8") as f:
            config = json.load(f)
    elif "config" in conn:
        config = dict(conn["config"])
    else:
        raise ValueError(f"{path}: connector.file or connector.config is required")
    config.update(conn.get("overrides") or {})
    config = {k: v if isinstance(v, str) else json.dumps(v) for k, v in config.items()}
    rules = d.get("spec_rules")
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) and r for r in rules):
        raise ValueError(f"{path}: spec_rules must list the spec sections the case pins (e.g. [\"§2.4\"])")
    exp = d.get("expect") or {}
    topics = exp.get("topics") or {}
    if not topics:
        raise ValueError(f"{path}: expect.topics must name at least one topic")
    return Case(
        path=path,
        name=name,
        fast=bool(d.get("fast", False)),
        spec_rules=list(rules),
        database=d.get("database") or name.replace("-", "_"),
        setup=list(d.get("setup") or []),
        connector_name=conn["name"],
        connector_config=config,
        changes=list(d.get("changes") or []),
        expect_topics={str(k): int(v) for k, v in topics.items()},
        expect_records=list(exp.get("records") or []),
        ignore=list(d.get("ignore") or []),
        show=bool(d.get("show", False)),
        selftest=bool(d.get("selftest", False)),
    )


def load_dir(directory: str) -> list[Case]:
    return [load(os.path.join(directory, f)) for f in sorted(os.listdir(directory)) if f.endswith((".yaml", ".yml"))]
