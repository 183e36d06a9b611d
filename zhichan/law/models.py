"""Statutes as loaded from ``shared/data/law``: instruments, articles and their references.

Public law text, so not owned by an organisation; ``zhichan law load`` replaces the whole
corpus in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk


class LawInstrument(Base):
    __tablename__ = "law_instruments"
    __audited__ = False  # reference data, replaced as a whole by the loader

    id: Mapped[IdPk]
    source: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    short_name: Mapped[str] = mapped_column(String(200), index=True)
    book: Mapped[str | None] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(16), index=True)
    version_date: Mapped[date | None] = mapped_column(Date)
    promulgated: Mapped[date | None] = mapped_column(Date)
    effective: Mapped[date | None] = mapped_column(Date)
    history: Mapped[list[str]] = mapped_column(JSON)
    preamble: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="in_force", server_default="in_force")
    status_basis: Mapped[str] = mapped_column(Text, default="", server_default="")


class LawArticle(Base):
    __tablename__ = "law_articles"
    __audited__ = False
    __table_args__ = (
        UniqueConstraint("instrument_id", "seq", name="uq_law_articles_instrument_seq"),
        Index("ix_law_articles_instrument_number", "instrument_id", "number"),
    )

    id: Mapped[IdPk]
    instrument_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("law_instruments.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    sub: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(32))
    path: Mapped[list[str]] = mapped_column(JSON)
    paragraphs: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)


class LawLink(Base):
    __tablename__ = "law_links"
    __audited__ = False

    id: Mapped[IdPk]
    article_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("law_articles.id", ondelete="CASCADE"), index=True
    )
    paragraph: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))
    target_name: Mapped[str | None] = mapped_column(String(300))
    target_article_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("law_articles.id", ondelete="SET NULL"), index=True
    )
