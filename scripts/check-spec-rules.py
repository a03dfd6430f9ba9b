#!/usr/bin/env python3
"""Checks that every conformance case (the Postgres golden cases, tests/conformance/cases/*.yaml) names the
spec rules it pins: a top-level `spec_rules:` list with at least one entry, each entry a section id ("§2.4",
"§3") of a heading that exists in debezium-postgres-contract.md. Standard library only (it runs in the lint
label, without the oracle's venv), so it reads the `spec_rules` block itself rather than the whole YAML.

Usage: check-spec-rules.py [--spec FILE] CASE_DIR_OR_FILE...
       (default spec: ../shared/spec/debezium-postgres-contract.md beside the checkout, or $CONNECTD_SHARED/spec/)
Exit status 0 when every case passes; each problem is printed as FILE: message.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

HEADING = re.compile(r"^#{2,4}\s+(\d+(?:\.\d+)*)[.\s]")
RULE = re.compile(r"^§(\d+(?:\.\d+)*)$")


def spec_sections(spec: str) -> set[str]:
    with open(spec, encoding="utf-8") as f:
        return {m.group(1) for line in f if (m := HEADING.match(line))}


def unquote(item: str) -> str:
    item = item.split("#", 1)[0].strip()
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
        item = item[1:-1]
    return item.strip()


def case_rules(path: str) -> list[str] | None:
    """The entries of the top-level spec_rules list, or None when the file has none."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("spec_rules:"):
            continue
        rest = line[len("spec_rules:"):].split("#", 1)[0].strip()
        if rest.startswith("["):
            return [unquote(x) for x in rest.strip("[]").split(",") if unquote(x)]
        if rest:
            return [unquote(rest)]
        items = []
        for nxt in lines[i + 1:]:
            if not nxt.strip() or nxt.lstrip().startswith("#"):
                continue
            m = re.match(r"^\s+-\s+(.*)$", nxt)
            if not m:
                break
            items.append(unquote(m.group(1)))
        return items
    return None


def default_spec() -> str:
    shared = os.environ.get("CONNECTD_SHARED") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
    return os.path.normpath(os.path.join(shared, "spec", "debezium-postgres-contract.md"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", default=default_spec())
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    if not os.path.isfile(args.spec):
        print(f"{args.spec}: the spec is missing (set CONNECTD_SHARED or --spec)")
        return 1
    sections = spec_sections(args.spec)
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            files += [os.path.join(p, f) for f in sorted(os.listdir(p)) if f.endswith((".yaml", ".yml"))]
        else:
            files.append(p)
    if not files:
        print("no case files found")
        return 1
    problems = 0
    for path in files:
        rules = case_rules(path)
        if not rules:
            print(f"{path}: names no spec rule (add `spec_rules: [\"§N.M\", ...]`)")
            problems += 1
            continue
        for rule in rules:
            m = RULE.match(rule)
            if not m:
                print(f"{path}: spec rule {rule!r} is not a section id like \"§2.4\"")
                problems += 1
            elif m.group(1) not in sections:
                print(f"{path}: spec rule {rule} names no section of {os.path.basename(args.spec)}")
                problems += 1
    print(f"{len(files)} cases, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
