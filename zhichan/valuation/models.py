"""Tables of the valuation domain: each record's raw measures (derived, for cohort
percentiles), what experts entered, the weight versions and the stored valuations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, utcnow


class Measure(Base):
    """The raw measures of one stored record (recomputed from it; never edited)."""

    __tablename__ = "valuation_measures"
    __audited__ = False
    __table_args__ = (
        Index("ix_valuation_measures_cohort", "subclass", "year"),
        Index("ix_valuation_measures_class", "pclass", "year"),
        Index("ix_valuation_measures_year", "year"),
    )

    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="CASCADE"), primary_key=True
    )
    subclass: Mapped[str | None] = mapped_column(String(4))
    pclass: Mapped[str | None] = mapped_column(String(3))
    year: Mapped[int | None] = mapped_column(Integer)
    filed: Mapped[date | None] = mapped_column(Date)
    claims: Mapped[int | None] = mapped_column(Integer)
    independent: Mapped[int | None] = mapped_column(Integer)
    shortest: Mapped[int | None] = mapped_column(Integer)
    subclasses: Mapped[int | None] = mapped_column(Integer)
    classes: Mapped[int | None] = mapped_column(Integer)
    family: Mapped[int | None] = mapped_column(Integer)
    backward: Mapped[int | None] = mapped_column(Integer)
    forward: Mapped[int | None] = mapped_column(Integer)
    grant_lag: Mapped[int | None] = mapped_column(Integer)
    maintained: Mapped[float | None] = mapped_column(Float)
    originality: Mapped[float | None] = mapped_column(Float)
    #: The record's content hash when measured (a changed record is measured again).
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExpertInput(Owned, Base):
    """An indicator a person of the organisation entered for a patent (audited)."""

    __tablename__ = "valuation_expert_inputs"
    __table_args__ = (UniqueConstraint("owner_org_id", "patent_id", "indicator"),)

    id: Mapped[IdPk]
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="RESTRICT"), index=True
    )
    indicator: Mapped[str] = mapped_column(String(24))
    value: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)


class WeightVersion(Base):
    """A published weight set for one scenario (audited); the newest is in force."""

    __tablename__ = "valuation_weights"
    __table_args__ = (UniqueConstraint("scenario", "version"),)

    id: Mapped[IdPk]
    scenario: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[str] = mapped_column(String(32))
    weights: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Valuation(Owned, Base):
    """One stored valuation: the score with everything it was computed from."""

    __tablename__ = "valuation_results"
    __audited__ = False  # derived from audited inputs; batch jobs write thousands
    __table_args__ = (
        Index("ix_valuation_results_lookup", "owner_org_id", "patent_id", "scenario"),
    )

    id: Mapped[IdPk]
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    scenario: Mapped[str] = mapped_column(String(16))
    model_version: Mapped[str] = mapped_column(String(32))
    weights_version: Mapped[str] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float] = mapped_column(Float)
    reference: Mapped[bool] = mapped_column(Boolean)
    tier: Mapped[str | None] = mapped_column(String(2))
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    on: Mapped[date] = mapped_column(Date)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The record's content hash and the measures' time: the data the result was made from.
    snapshot: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
