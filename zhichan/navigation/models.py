"""Tables of the navigation domain: the applicant alias table and the stored reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, IdPk, Owned, utcnow


class Alias(Base):
    """One spelling of an applicant and the name analyses count it under (shared by every
    organisation: a name change of a university is a fact, not an opinion)."""

    __tablename__ = "navigation_aliases"

    id: Mapped[IdPk]
    #: The spelling after ``patents`` name normalisation (unique: one canonical per spelling).
    normalised: Mapped[str] = mapped_column(String(300), unique=True)
    written: Mapped[str] = mapped_column(String(300))
    canonical: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(Owned, Base):
    """A navigation report as made: its scope, manifest and every figure's data."""

    __tablename__ = "navigation_reports"

    id: Mapped[IdPk]
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date] = mapped_column(Date)
    scope: Mapped[dict[str, Any]] = mapped_column(JSON)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: [[chapter title, [figure, …]], …] as ``reports.chart_data`` writes them.
    chapters: Mapped[list[Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
