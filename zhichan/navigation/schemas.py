"""What the navigation domain returns and accepts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field


class FigureRead(BaseModel):
    key: str
    title: str
    chart: str
    header: list[str]
    rows: list[list[Any]]
    needs: list[str]
    missing: dict[str, int]
    total: int
    notes: list[str]
    rule: str
    insufficient: str | None
    cells: dict[str, list[str]] = {}
    blanks: list[str] = []


class ChapterRead(BaseModel):
    title: str
    figures: list[FigureRead]


class ReportRead(BaseModel):
    id: int
    kind: str
    kind_label: str
    standard: str
    title: str
    as_of: date
    scope: dict[str, Any]
    manifest: dict[str, Any]
    chapters: list[ChapterRead]
    created_by: str
    created_at: datetime


class ReportRow(BaseModel):
    id: int
    kind_label: str
    title: str
    as_of: date
    records: int
    created_at: datetime


Short = Annotated[str, Field(max_length=300)]


class ScopeIn(BaseModel):
    ipc: list[Short] = Field(default=[], max_length=20)
    provinces: list[Short] = Field(default=[], max_length=34)
    applicants: list[Short] = Field(default=[], max_length=50)
    year_from: int | None = Field(default=None, ge=1900, le=2100)
    year_to: int | None = Field(default=None, ge=1900, le=2100)


Feature = Annotated[str, Field(max_length=300)]


class ReportIn(BaseModel):
    kind: str = Field(max_length=16)
    title: str = Field(min_length=1, max_length=200)
    scope: ScopeIn = ScopeIn()
    top: int = Field(default=20, ge=5, le=100)
    #: The product's technical features, one per item (the risk screening list only).
    features: list[Feature] = Field(default=[], max_length=30)


class RerunRead(BaseModel):
    same: bool
    snapshot_changed: bool
    records_then: int
    records_now: int
    message: str


class AliasIn(BaseModel):
    written: str = Field(min_length=1, max_length=300)
    canonical: str = Field(min_length=1, max_length=300)
    note: str | None = Field(default=None, max_length=500)


class AliasRead(BaseModel):
    id: int
    written: str
    normalised: str
    canonical: str
    note: str | None
    created_by: str
