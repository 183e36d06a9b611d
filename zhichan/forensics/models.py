"""Tables of the forensics domain: an investigator's cases, their evidence and comparison runs.

Evidence files live under ``<data dir>/forensics/<case>/<evidence>/``; the table keeps their
SHA-256 taken while they were received, so a later change on disk is detected.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, Timestamped, UtcDateTime, utcnow


class ForensicCase(Owned, Timestamped, Base):
    __tablename__ = "forensic_cases"

    id: Mapped[IdPk]
    title: Mapped[str] = mapped_column(String(200))
    case_number: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))


class Evidence(Base):
    __tablename__ = "forensic_evidence"

    id: Mapped[IdPk]
    case_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("forensic_cases.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    stored: Mapped[str] = mapped_column(String(500))  # relative to the data directory
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ComparisonRun(Timestamped, Base):
    __tablename__ = "forensic_runs"

    id: Mapped[IdPk]
    case_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("forensic_cases.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    left_id: Mapped[int] = mapped_column(BigId, ForeignKey("forensic_evidence.id"))
    #: None for a one-sided run (all against all within the left evidence)
    right_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("forensic_evidence.id"))
    base_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("forensic_evidence.id"))
    #: The shared job state codes (zhichan.jobs.states); progress is on the job.
    state: Mapped[str] = mapped_column(String(16), default="queued")
    job_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("jobs.id", ondelete="SET NULL"))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    numbers_sha256: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
