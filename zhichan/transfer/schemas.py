"""Schemas of the transfer domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhichan.core.inputs import MAX_ID
from zhichan.core.paging import Page
from zhichan.core.text import nfkc
from zhichan.transfer import states, tiering


class ItemUpdate(BaseModel):
    """Fields of the inventory sheet; only those given are changed (bulk edit)."""

    field: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=8)
    maturity: str | None = None
    prospect: str | None = None
    prospect_reasons: str | None = Field(default=None, max_length=4000)
    modes: list[str] | None = None
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: str | None = Field(default=None, max_length=50)
    status: str | None = None

    @field_validator("maturity")
    @classmethod
    def _maturity(cls, v: str | None) -> str | None:
        if v is not None and v not in tiering.MATURITIES:
            raise ValueError(f"成熟度应为 {'、'.join(tiering.MATURITIES)}")
        return v

    @field_validator("prospect")
    @classmethod
    def _prospect(cls, v: str | None) -> str | None:
        if v is not None and v not in tiering.PROSPECTS:
            raise ValueError(f"产业化前景应为 {'、'.join(tiering.PROSPECTS)}")
        return v

    @field_validator("status")
    @classmethod
    def _status(cls, v: str | None) -> str | None:
        return None if v is None else states.code_of(states.ITEM, v)

    @field_validator("modes")
    @classmethod
    def _modes(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and set(v) - set(tiering.MODES):
            raise ValueError(f"转化方式应为 {'、'.join(tiering.MODES)}")
        return v

    @field_validator("field", "prospect_reasons", "contact_name", mode="after")
    @classmethod
    def _normalise(cls, v: str | None) -> str | None:
        return nfkc(v).strip() if v else v


class BulkUpdate(BaseModel):
    numbers: list[str] = Field(min_length=1, max_length=5000)
    changes: ItemUpdate


class OverrideIn(BaseModel):
    tier: str = Field(min_length=1, max_length=8)
    reason: str = Field(min_length=2, max_length=2000)


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_org_id: int
    institution: str = ""
    number: str
    title: str | None
    field: str | None
    industry: str | None
    industry_name: str | None = None
    maturity: str | None
    prospect: str
    prospect_reasons: str | None
    modes: list[str]
    contact_name: str | None
    contact_phone: str | None
    status: str
    status_label: str = ""
    tier: str | None
    tier_reasons: list[str]
    tier_override: str | None
    override_reason: str | None
    override_by: str | None
    effective_tier: str | None = None
    published_on: date | None
    updated_at: datetime


class ItemPage(Page[ItemRead]):
    by_status: dict[str, int] = Field(default_factory=dict)
    by_tier: dict[str, int] = Field(default_factory=dict)


class SheetIssue(BaseModel):
    row: int
    number: str
    message: str


class SheetReport(BaseModel):
    rows: int
    updated: int
    issues: list[SheetIssue]


class SpotCheckIn(BaseModel):
    institution_org_id: int
    size: int = Field(default=10, ge=1, le=500)
    seed: int | None = None


class FindingIn(BaseModel):
    finding: str = Field(pattern="^(合格|不合格)$")
    note: str | None = Field(default=None, max_length=2000)


class SpotCheckItemRead(BaseModel):
    item_id: int
    number: str
    title: str | None
    status: str
    prospect: str
    tier: str | None
    finding: str | None
    note: str | None


class SpotCheckRead(BaseModel):
    id: int
    institution: str
    seed: int
    size: int
    population: int
    created_at: datetime
    actor_label: str
    items: list[SpotCheckItemRead]
    checked: int
    failed: int


class ProfileIn(BaseModel):
    industries: list[str] = Field(default_factory=list, max_length=20)
    region: str | None = Field(default=None, max_length=64)
    scope: str = Field(default="", max_length=4000)
    own_patents: list[str] = Field(default_factory=list, max_length=200)

    @field_validator("scope", mode="after")
    @classmethod
    def _normalise(cls, v: str) -> str:
        return nfkc(v).strip()


class ProfileRead(ProfileIn):
    org_id: int
    org_name: str


class NeedIn(BaseModel):
    title: str = Field(min_length=2, max_length=200)
    text: str = Field(min_length=4, max_length=4000)
    industries: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("title", "text", mode="after")
    @classmethod
    def _normalise(cls, v: str) -> str:
        return nfkc(v).strip()


class NeedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_org_id: int
    title: str
    text: str
    industries: list[str]
    status: str
    created_at: datetime


class SubscriptionIn(BaseModel):
    kind: str = Field(pattern="^(industry|ipc|institution)$")
    value: str = Field(min_length=1, max_length=64)


class SubscriptionRead(SubscriptionIn):
    model_config = ConfigDict(from_attributes=True)

    id: int
    label: str = ""


class SignalRead(BaseModel):
    name: str
    label: str
    value: float
    weight: float
    contribution: float


class MatchRead(BaseModel):
    """One pool patent for a seeker, with why."""

    item_id: int
    number: str
    title: str | None
    institution: str
    tier: str | None
    industry_name: str | None
    score: float
    strength: int | None = None  # 0–100, calibrated on judged pairs (calibration.py)
    band: str | None = None  # 强 / 较强 / 一般
    reasons: list[str] = []  # the signals that carried the match, in words
    signals: list[SignalRead]
    terms: list[str]
    passage: str
    shared_industries: list[str]
    subscribed: bool = False
    pushed: bool = False
    intent: str | None = None
    ranking_version: int | None = None  # the learned model that ordered it, if any


class EnterpriseMatchRead(BaseModel):
    org_id: int
    name: str
    region: str | None
    score: float
    signals: list[SignalRead]
    pushed: bool = False


class MatchResult(BaseModel):
    query: str
    weights: dict[str, float]
    pool_size: int
    semantic: bool
    note: str | None = None
    items: list[MatchRead]
    ranking: str = "人工设定的权重"  # which ranking ordered the items


class MarkReadIn(BaseModel):
    #: The messages to mark read; omitted: all of the organisation's unread messages.
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(default=None, max_length=500)
