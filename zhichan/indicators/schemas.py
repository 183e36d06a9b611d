"""What the indicators API answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field


class LoadRead(BaseModel):
    id: int
    kind: str
    kind_label: str
    filename: str
    sha256: str
    rows: int
    loaded_by: str
    loaded_at: datetime


class ParameterRead(BaseModel):
    key: str
    label: str
    value: str
    why: str
    note: str | None
    updated_by: str | None
    value_label: str


class OperationRead(BaseModel):
    name: str
    value: str
    definition: str
    source: str


class ParameterIn(BaseModel):
    value: str = Field(max_length=200, description="空字符串恢复默认值")
    note: str | None = Field(default=None, max_length=2000, description="设置的依据")


class TestRead(BaseModel):
    code: str
    label: str
    state: str
    state_label: str
    why: str
    facts: dict[str, Any]
    source: str


class EvidenceRead(BaseModel):
    """One patent's verdict with every test, what it was computed from, and disagreements with
    the official flags."""

    number: str
    province: str | None
    high_value: str
    high_value_label: str
    eligibility: list[TestRead]
    criteria: list[TestRead]
    disagreements: list[dict[str, Any]]
    params: dict[str, Any]
    inputs_sha256: str
    computed_at: datetime
    definition: str


class ResultRow(BaseModel):
    number: str
    province: str | None
    high_value: str
    high_value_label: str
    met: list[str]
    disagreements: list[dict[str, Any]] = []


class TargetRead(BaseModel):
    year: int
    value: Decimal
    source: str


class FigureRow(BaseModel):
    region: str
    valid_inventions: int
    high_value: int
    unknown: int
    by_criterion: dict[str, int]
    population: int | None = Field(description="年末常住人口（万人）")
    population_year: int | None
    values: dict[str, Decimal | None]
    targets: dict[str, TargetRead]
    gaps: dict[str, Decimal]


class PointRead(BaseModel):
    region: str
    year: int
    valid_inventions: int
    high_value: int
    population: int | None
    hv_per_10k: Decimal | None
    inv_per_10k: Decimal | None


class FiguresRead(BaseModel):
    reference_date: date | None
    computed: int
    inputs_sha256: str | None
    params: dict[str, Any]
    definitions: dict[str, dict[str, str]]
    population_source: str
    rows: list[FigureRow]
    #: Earlier year-ends and the reference year, by region (the last full computation's).
    trend: list[PointRead] = []
    #: Patents whose official flags contradict the computed answer.
    disagreements: int = 0
    notes: list[str]
