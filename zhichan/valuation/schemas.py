"""API schemas of the valuation domain."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from zhichan.core.paging import Page


class IndicatorRead(BaseModel):
    key: str
    name: str
    dimension: str
    dimension_label: str
    source_kind: str
    score: float | None
    weight: float
    inputs: dict[str, Any]
    note: str
    formula: str
    framework: str
    assumption: str | None


class GateRead(BaseModel):
    key: str
    label: str
    state: str
    state_label: str
    fact: str
    source: str


class ValuationRead(BaseModel):
    id: int
    number: str
    title: str | None
    scenario: str
    scenario_label: str
    model_version: str
    model_label: str
    weights_version: str
    weights_label: str
    score: float | None
    coverage: float
    reference: bool
    tier: str | None
    blocked: bool
    on: date
    cohort: str
    dimensions: dict[str, float | None]
    weights: dict[str, Any]
    indicators: list[IndicatorRead]
    gates: list[GateRead]
    terms: dict[str, Any]
    snapshot: str
    created_by: str
    created_at: datetime
    disclaimer: str


class ValuationRow(BaseModel):
    id: int
    number: str
    title: str | None
    scenario: str
    scenario_label: str
    score: float | None
    coverage: float
    reference: bool
    tier: str | None
    blocked: bool
    on: date
    created_by: str


ValuationPage = Page[ValuationRow]


class ScoreIn(BaseModel):
    scenario: str = Field(
        max_length=16,
        description="finance / licensing / enforcement / management / reporting，或中文场景名",
    )
    loan_ends: date | None = Field(default=None, description="贷款到期日（金融场景）")
    co_owner_consent: bool = Field(default=False, description="共有人已书面同意（金融场景）")
    infringement_on: date | None = Field(default=None, description="侵权行为日期（侵权救济场景）")


class ExpertIn(BaseModel):
    indicator: str = Field(max_length=24)
    value: int = Field(ge=0, le=100, description="0–100；技术成熟度填 TRL 1–9")
    note: str | None = Field(default=None, max_length=1000)


class ExpertRead(BaseModel):
    indicator: str
    name: str
    value: int
    note: str | None
    entered_by: str
    entered_at: datetime


class WeightsRead(BaseModel):
    scenario: str
    scenario_label: str
    version: str
    version_label: str
    dimensions: dict[str, float]
    indicators: dict[str, float]
    note: str | None
    created_by: str | None
    created_at: datetime | None


class IncomeIn(BaseModel):
    method: str = Field(default="royalty", pattern="^(royalty|profit_split)$")
    forecast: list[Decimal] = Field(
        min_length=1, max_length=30, description="逐年预测：销售额（提成法）或利润（分成法），元"
    )
    rate: Decimal = Field(description="提成率或利润分成率，如 0.05")
    tax: Decimal = Field(default=Decimal("0.25"), description="所得税率")
    discount: Decimal = Field(description="折现率，如 0.12")
    justification: str | None = Field(default=None, max_length=1000)


class YearRead(BaseModel):
    year: int
    base: Decimal
    share: Decimal
    cash: Decimal
    factor: Decimal
    present: Decimal


class IncomeRead(BaseModel):
    number: str
    method: str
    method_label: str
    value: Decimal
    formula: str
    years_used: Decimal
    remaining_years: Decimal | None
    rows: list[YearRead]
    warnings: list[str]
    rate_columns: list[Decimal]
    sensitivity: list[tuple[Decimal, list[Decimal]]]
    life: list[tuple[Decimal, Decimal]]
    disclaimer: str


class ComparableIn(BaseModel):
    ref: str = Field(max_length=200)
    price: Decimal
    factors: dict[str, Decimal] = Field(default_factory=dict, max_length=10)


class MarketIn(BaseModel):
    comparables: list[ComparableIn] = Field(min_length=1, max_length=50)


class CostIn(BaseModel):
    items: dict[str, Decimal] = Field(
        min_length=1, max_length=20, description="研发人工、材料、官费与代理费、维持费等，元"
    )
    elapsed_years: Decimal = Field(ge=0, le=50)
    life_years: Decimal = Field(gt=0, le=50)


class MoneyRead(BaseModel):
    number: str
    method: str
    method_label: str
    value: Decimal
    formula: str
    lines: list[tuple[str, Decimal]]
    disclaimer: str


class ComparableRead(BaseModel):
    number: str
    kind: str
    on: date | None
    amount: Decimal
    source: str
