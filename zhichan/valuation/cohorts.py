"""Cohorts and percentiles: a count means something only next to patents of the same field and
age (an older patent has had more time to be cited), as the OECD indicators normalise.

The cohort is the IPC subclass × filing year; below ``MIN_SIZE`` records it widens to the IPC
class × year, then the year, then the whole store. The percentile is the mid-rank one
(ties count half), so equal values get equal scores and the scale is symmetric.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from zhichan.valuation.measures import CohortKeys

MIN_SIZE = 30
#: Cohort levels, narrowest first: the key fields each one compares.
LEVELS: tuple[tuple[str, ...], ...] = (("subclass", "year"), ("pclass", "year"), ("year",), ())


@dataclass(frozen=True, slots=True)
class Cohort:
    fields: tuple[str, ...]
    values: tuple[str | int, ...]
    size: int

    @property
    def label(self) -> str:
        if not self.fields:
            return f"全库（{self.size} 件）"
        names = {"subclass": "IPC 小类", "pclass": "IPC 大类", "year": "申请年"}
        parts = [f"{names[f]} {v}" for f, v in zip(self.fields, self.values, strict=True)]
        return f"{' × '.join(parts)}（{self.size} 件）"


def candidates(keys: CohortKeys) -> list[tuple[tuple[str, ...], tuple[str | int, ...]]]:
    """The cohorts a record can belong to, narrowest first (levels needing an unknown key are
    skipped)."""
    out = []
    for level in LEVELS:
        values = tuple(getattr(keys, f) for f in level)
        if all(v is not None for v in values):
            out.append((level, values))
    return out


def percentile(value: float, ordered: Sequence[float], *, inverse: bool = False) -> float:
    """Mid-rank percentile (0–100) of ``value`` among ``ordered`` (ascending, containing it or
    not); inverted when smaller is better."""
    if not ordered:
        raise ValueError("empty cohort")
    below = bisect_left(ordered, value)
    equal = bisect_right(ordered, value) - below
    share = (below + 0.5 * equal) / len(ordered) if equal else below / len(ordered)
    pct = 100.0 * share
    return round(100.0 - pct if inverse else pct, 2)
