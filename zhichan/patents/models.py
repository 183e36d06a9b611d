"""Tables of the patents domain.

``patents.data`` holds the whole canonical record (the lossless export is read from it); the
scalar columns and the ``patent_*`` side tables are derived from it on every write, for
filtering and statistics over millions of rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, utcnow

Json = JSON().with_variant(JSONB(), "postgresql")


class ImportBatch(Owned, Base):
    __tablename__ = "import_batches"

    id: Mapped[IdPk]
    source_name: Mapped[str] = mapped_column(String(300))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(32))
    strict: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    actor_label: Mapped[str] = mapped_column(String(100))
    message: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class ImportIssue(Base):
    __tablename__ = "import_issues"
    __audited__ = False  # written in bulk with their batch, which is audited

    id: Mapped[IdPk]
    batch_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    severity: Mapped[str] = mapped_column(String(8))
    location: Mapped[str] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)


class Patent(Base):
    __tablename__ = "patents"
    __audited__ = False  # bulk-written by import batches; the batch is the audited unit
    __table_args__ = (
        Index("ix_patents_application_number", "application_number"),
        Index("ix_patents_publication_date", "publication_date"),
        Index("ix_patents_ipc_main", "ipc_main"),
        Index("ix_patents_family_id", "family_id"),
    )

    id: Mapped[IdPk]
    number: Mapped[str] = mapped_column(String(64), unique=True)
    country: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str | None] = mapped_column(String(4))
    application_number: Mapped[str | None] = mapped_column(String(40))
    family_id: Mapped[str | None] = mapped_column(String(64))
    patent_type: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    first_applicant: Mapped[str | None] = mapped_column(String(300))
    application_date: Mapped[date | None] = mapped_column(Date)
    publication_date: Mapped[date | None] = mapped_column(Date)
    grant_date: Mapped[date | None] = mapped_column(Date)
    ipc_main: Mapped[str | None] = mapped_column(String(32))
    legal_status: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(300))
    batch_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PatentParty(Base):
    """Applicants and current owners in order, for statistics by applicant, type and province."""

    __tablename__ = "patent_parties"
    __audited__ = False
    __table_args__ = (Index("ix_patent_parties_name", "name"),)

    id: Mapped[IdPk]
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(2))
    province: Mapped[str | None] = mapped_column(String(16), index=True)


class PatentClass(Base):
    """Every IPC/CPC symbol of a patent, with the levels statistics group by."""

    __tablename__ = "patent_classes"
    __audited__ = False
    __table_args__ = (
        Index("ix_patent_classes_code", "scheme", "code"),
        Index("ix_patent_classes_subclass", "scheme", "subclass"),
    )

    id: Mapped[IdPk]
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(32))
    subclass: Mapped[str] = mapped_column(String(4))
    main_group: Mapped[str] = mapped_column(String(16))
    is_main: Mapped[bool] = mapped_column(Boolean, default=False)


class PatentCitation(Base):
    """Backward citations as given; forward citations are the reverse look-up on ``cited``."""

    __tablename__ = "patent_citations"
    __audited__ = False

    id: Mapped[IdPk]
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    cited: Mapped[str] = mapped_column(String(64), index=True)


class IpcTitle(Base):
    """Chinese IPC titles down to main groups (CNIPA's Chinese IPC, edition 2026.01)."""

    __tablename__ = "ipc_titles"
    __audited__ = False

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    title_zh: Mapped[str] = mapped_column(Text)


class SeiRule(Base):
    """One row of 《战略性新兴产业分类与国际专利分类参照关系表（2021）》."""

    __tablename__ = "sei_rules"
    __audited__ = False

    id: Mapped[IdPk]
    sei_code: Mapped[str] = mapped_column(String(8), index=True)
    sei_name: Mapped[str] = mapped_column(String(64))
    rule_no: Mapped[int] = mapped_column(Integer)
    source_page: Mapped[int | None] = mapped_column(Integer)
    ipc_patterns: Mapped[list[str]] = mapped_column(Json)
    exclude_patterns: Mapped[list[str]] = mapped_column(Json)
    keywords: Mapped[list[str]] = mapped_column(Json)
