"""Tables of the navigation domain: the applicant alias table and the stored reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, utcnow


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


class FactRow(Base):
    """One record's facts as the analyses read them, kept beside the store (the snapshot a
    report loads: narrow columns, lists joined by tabs, effect phrases already extracted)."""

    __tablename__ = "navigation_facts"
    __audited__ = False  # derived from the patent records, rewritten after every import

    patent_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    #: ``snapshot.VERSION`` when the row was written; another version is stale.
    version: Mapped[int] = mapped_column(Integer)
    filing_year: Mapped[int | None] = mapped_column(Integer)
    publication_year: Mapped[int | None] = mapped_column(Integer)
    grant_year: Mapped[int | None] = mapped_column(Integer)
    patent_type: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    ipc: Mapped[str] = mapped_column(Text)
    names: Mapped[str] = mapped_column(Text)
    normalised: Mapped[str] = mapped_column(Text)
    kinds: Mapped[str] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(String(60))
    inventors: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    #: Tab-joined effect phrases; ``None`` when the record has no text.
    effects: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(Text)
    pledges: Mapped[int] = mapped_column(Integer)
    #: Tab-joined codes of the legal events (``patents.legal``).
    events: Mapped[str] = mapped_column(Text)
    #: Tab-joined names of the strategic emerging industries (confirmed concordance hits).
    sei: Mapped[str] = mapped_column(Text)
