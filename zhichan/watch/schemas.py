"""What the watch domain returns and accepts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

Short = Annotated[str, Field(min_length=1, max_length=300)]
Number = Annotated[str, Field(min_length=1, max_length=40)]


class WatchIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["applicant", "ipc", "patents", "query"]
    targets: list[Short] = Field(min_length=1, max_length=200)
    #: The organisation's own patents: a new record like one of them is an alert.
    mine: list[Number] = Field(default=[], max_length=200)
    threshold: float = Field(default=0.35, ge=0.05, le=0.95)


class WatchRead(BaseModel):
    id: int
    name: str
    kind: str
    kind_label: str
    targets: list[str]
    mine: list[str]
    threshold: float
    active: bool
    items: int
    unread: int
    last_scan_at: datetime | None
    created_by: str
    created_at: datetime


class AlertRead(BaseModel):
    id: int
    watch_id: int
    watch_name: str
    kind: str
    kind_label: str
    number: str
    title: str | None
    happened_on: date | None
    summary: str
    evidence: list[tuple[str, str]]
    detected_at: datetime
    read: bool


class AlertPage(BaseModel):
    total: int
    unread: int
    page: int
    size: int
    items: list[AlertRead]


class ScanRead(BaseModel):
    """One watch's scan: a first one sets its baseline; later ones raise alerts."""

    watch_id: int
    watch_name: str
    baseline: bool
    read: int
    in_scope: int
    alerts: int
    #: A search-query watch waits while the index has not taken in the latest import.
    waiting: str | None = None


class ReadIn(BaseModel):
    ids: list[int] = Field(default=[], max_length=500)
    #: Mark every alert of the organisation read.
    all: bool = False


class DigestRead(BaseModel):
    start: date
    end: date
    counts: dict[str, int]
    by_watch: list[tuple[str, int]]
    items: list[AlertRead]
