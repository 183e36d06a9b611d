"""The scenario-weighted score: each dimension the weighted mean of its indicators that have a
value, the score the weighted mean of the dimensions that have any; what has no value is left
out and the rest renormalised, and the coverage says how much of the weight had data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zhichan.valuation import catalogue
from zhichan.valuation.weights import WeightSet

#: Below this share of the weight with data the score is only a reference value.
MIN_COVERAGE = 0.6
TIERS = (("A", 80.0), ("B", 65.0), ("C", 50.0), ("D", 0.0))
_KEYS = {d: [i.key for i in catalogue.CATALOGUE if i.dimension == d] for d in catalogue.DIMENSIONS}


@dataclass(frozen=True, slots=True)
class Score:
    score: float | None
    coverage: float
    reference: bool
    tier: str | None
    dimensions: dict[str, float | None]


def tier_of(score: float) -> str:
    return next(t for t, floor in TIERS if score >= floor)


def combine(values: Mapping[str, float | None], weights: WeightSet) -> Score:
    dims: dict[str, float | None] = {}
    coverage = 0.0
    w = {k: weights.weight(k) for k in catalogue.BY_KEY}
    for dim, big in weights.dimensions.items():
        keys = [k for k in _KEYS[dim] if w[k]]
        total = sum(w[k] for k in keys)
        have = [k for k in keys if values.get(k) is not None]
        got = sum(w[k] for k in have)
        if not have or not total:
            dims[dim] = None
            continue
        dims[dim] = sum(w[k] * float(values[k] or 0) for k in have) / got
        coverage += big * got / total
    present = {d: v for d, v in dims.items() if v is not None and weights.dimensions[d] > 0}
    if not present:
        return Score(None, round(coverage, 4), True, None, dims)
    big_total = sum(weights.dimensions[d] for d in present)
    score = sum(weights.dimensions[d] * v for d, v in present.items()) / big_total
    score = round(min(100.0, max(0.0, score)), 2)
    rounded = {d: (round(v, 2) if v is not None else None) for d, v in dims.items()}
    return Score(score, round(coverage, 4), coverage < MIN_COVERAGE, tier_of(score), rounded)
