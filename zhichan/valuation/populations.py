"""The measures of every record of the store, grouped by cohort, answering "which cohort is this
record in and where does each of its measures stand in it". One patent or a million are scored
with the same object: each cohort's sorted values are built once and reused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields

from zhichan.valuation import cohorts
from zhichan.valuation.measures import INVERSE, NAMES, CohortKeys, Measures


class Populations:
    def __init__(self, rows: Iterable[tuple[CohortKeys, Measures]]) -> None:
        self._columns: dict[str, list[float | None]] = {n: [] for n in NAMES}
        self._groups: dict[tuple[tuple[str, ...], tuple[str | int, ...]], list[int]] = {}
        self._sorted: dict[tuple[object, str], list[float]] = {}
        for i, (keys, m) in enumerate(rows):
            for f in fields(Measures):
                self._columns[f.name].append(getattr(m, f.name))
            for level, values in cohorts.candidates(keys):
                self._groups.setdefault((level, values), []).append(i)
        self.size = len(self._columns[NAMES[0]])

    def cohort(self, keys: CohortKeys) -> cohorts.Cohort:
        """The narrowest cohort of at least ``MIN_SIZE`` records (the whole store otherwise)."""
        for level, values in cohorts.candidates(keys):
            size = len(self._groups.get((level, values), ()))
            if size >= cohorts.MIN_SIZE or not level:
                return cohorts.Cohort(level, values, size)
        return cohorts.Cohort((), (), self.size)

    def _ordered(self, c: cohorts.Cohort, name: str) -> list[float]:
        key = ((c.fields, c.values), name)
        got = self._sorted.get(key)
        if got is None:
            column = self._columns[name]
            members = self._groups.get((c.fields, c.values), range(self.size))
            got = sorted(v for i in members if (v := column[i]) is not None)
            self._sorted[key] = got
        return got

    def percentiles(self, keys: CohortKeys, m: Measures) -> tuple[cohorts.Cohort, dict[str, float]]:
        c = self.cohort(keys)
        out = {}
        for name in NAMES:
            value = getattr(m, name)
            if value is None:
                continue
            ordered = self._ordered(c, name)
            if ordered:
                out[name] = cohorts.percentile(value, ordered, inverse=name in INVERSE)
        return c, out
