"""Percentiles for the latency figures (kept apart so the report's tests need no Kafka client)."""

from __future__ import annotations


def pct(sorted_vals: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list: the smallest value with at least q % of the
    values at or below it."""
    if not sorted_vals:
        return float("nan")
    n = len(sorted_vals)
    rank = -(-q * n // 100)  # ceil(q/100 * n) without float rounding surprises for whole percentages
    return sorted_vals[max(0, min(n - 1, int(rank) - 1))]
