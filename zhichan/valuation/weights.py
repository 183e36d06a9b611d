"""Scenario weights: the first-level weights of legal, technical and economic value per
GB/T 42748 scenario, and each indicator's weight inside its dimension.

GB/T 42748-2023 says the weights are adjusted by scenario but its own numbers could not be
read; the defaults are this platform's proposal (docs/valuation.md) and an office may publish
its own version, which is audited and named on every result.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, Field, model_validator

from zhichan.valuation import catalogue

DEFAULT_DIMENSIONS: dict[str, dict[str, float]] = {
    "finance": {"legal": 0.45, "technical": 0.20, "economic": 0.35},
    "licensing": {"legal": 0.35, "technical": 0.30, "economic": 0.35},
    "enforcement": {"legal": 0.50, "technical": 0.25, "economic": 0.25},
    "management": {"legal": 0.25, "technical": 0.40, "economic": 0.35},
    # 财务报告 relies on the money methods; the score is context, weighted like management.
    "reporting": {"legal": 0.25, "technical": 0.40, "economic": 0.35},
}
DEFAULT_INDICATORS: dict[str, float] = {
    "term": 3,
    "stability": 2,
    "scope": 2,
    "family": 1,
    "encumbrance": 1.5,
    "grant_lag": 0.5,
    "enforceability": 2,
    "design_around": 1.5,
    "dependence": 1,
    "forward_citations": 2,
    "backward_citations": 0.5,
    "breadth": 1,
    "originality": 1.5,
    "trl": 2,
    "substitutability": 1.5,
    "operations": 2,
    "policy_fit": 1,
    "maintenance": 1.5,
    "market": 2,
    "competition": 1,
}
DEFAULT_VERSION = "默认-1"


def version_label(code: str) -> str:
    """A weight version as people read it: ``finance-3`` → 金融（质押融资）权重第 3 版."""
    if code == DEFAULT_VERSION:
        return "本平台默认权重"
    scenario, _, n = code.rpartition("-")
    if scenario in catalogue.SCENARIOS and n.isdigit():
        return f"{catalogue.SCENARIOS[scenario]}权重第 {n} 版"
    return code


class WeightSet(BaseModel):
    dimensions: dict[str, float]
    indicators: dict[str, float]

    @model_validator(mode="after")
    def _check(self) -> WeightSet:
        if set(self.dimensions) != set(catalogue.DIMENSIONS):
            raise ValueError("一级权重须且只须包括法律、技术、经济三项")
        if not all(
            math.isfinite(w) for w in [*self.dimensions.values(), *self.indicators.values()]
        ):
            raise ValueError("权重应为数字")
        if any(w < 0 or w > 1 for w in self.dimensions.values()):
            raise ValueError("一级权重应在 0 到 1 之间")
        if abs(sum(self.dimensions.values()) - 1) > 0.001:
            raise ValueError(f"一级权重之和应为 1，现为 {sum(self.dimensions.values()):g}")
        unknown = set(self.indicators) - set(catalogue.BY_KEY)
        if unknown:
            raise ValueError(f"未知的指标：{'、'.join(sorted(unknown))}")
        if any(w < 0 or w > 10 for w in self.indicators.values()):
            raise ValueError("指标权重应在 0 到 10 之间")
        return self

    def weight(self, key: str) -> float:
        return self.indicators.get(key, DEFAULT_INDICATORS[key])


class WeightsIn(BaseModel):
    dimensions: dict[str, float] = Field(max_length=3)
    indicators: dict[str, float] = Field(default_factory=dict, max_length=40)
    note: str = Field(min_length=2, max_length=500, description="调整理由（记入审计日志）")


def default(scenario: str) -> WeightSet:
    return WeightSet(
        dimensions=dict(DEFAULT_DIMENSIONS[scenario]), indicators=dict(DEFAULT_INDICATORS)
    )


def as_json(w: WeightSet) -> dict[str, Any]:
    return w.model_dump()
