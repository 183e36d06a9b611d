"""Tables of the indicators domain: the office's inputs (family members, pledge registrations,
award lists, official flags, plan targets), its parameters, and one computed result per patent.

Inputs are loaded in bulk from files; each load is one audited row (``indicator_loads``) with
the file's SHA-256, so the log says who loaded what without a row per line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, utcnow


class Parameter(Base):
    """One setting the figures depend on, with who set it and why (audited)."""

    __tablename__ = "indicator_parameters"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Load(Base):
    """One file of inputs loaded by the office (audited; its rows are not, one by one)."""

    __tablename__ = "indicator_loads"

    id: Mapped[IdPk]
    kind: Mapped[str] = mapped_column(String(16), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    loaded_by: Mapped[str] = mapped_column(String(100))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class _Loaded:
    id: Mapped[IdPk]
    load_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("indicator_loads.id", ondelete="CASCADE"), index=True
    )
    #: The file and row it came from, or the document a row cites.
    source: Mapped[str] = mapped_column(String(300))


class _Input(_Loaded):
    number: Mapped[str] = mapped_column(String(64), index=True)


class FamilyMember(_Input, Base):
    __tablename__ = "indicator_families"
    __audited__ = False

    member: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(8))
    granted: Mapped[bool | None] = mapped_column(Boolean)
    grant_date: Mapped[date | None] = mapped_column(Date)


class PledgeRecord(_Input, Base):
    __tablename__ = "indicator_pledges"
    __audited__ = False

    registration: Mapped[str] = mapped_column(String(64))
    registered_on: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))


class AwardEntry(_Input, Base):
    __tablename__ = "indicator_awards"
    __audited__ = False

    award: Mapped[str] = mapped_column(String(100))
    edition: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(40))
    project: Mapped[str | None] = mapped_column(Text)


class OfficialFlag(_Input, Base):
    """A flag an official export already carries (高价值专利, 战略新兴产业标识, 海外同族…)."""

    __tablename__ = "indicator_flags"
    __audited__ = False

    flag: Mapped[str] = mapped_column(String(16))
    value: Mapped[bool] = mapped_column(Boolean)


class Target(_Loaded, Base):
    """A plan target for an indicator in a region and year, with its source document."""

    __tablename__ = "indicator_targets"
    __audited__ = False

    #: A province's full name, or 全国.
    region: Mapped[str] = mapped_column(String(32), index=True)
    indicator: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Numeric(12, 2))


class Result(Base):
    """The computed verdict of one patent, with every test's evidence and what it was
    computed from (parameters and the inputs' hash), so a figure can be reproduced."""

    __tablename__ = "indicator_results"
    __audited__ = False  # derived: recomputed from the audited inputs and parameters

    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[str] = mapped_column(String(64), index=True)
    province: Mapped[str | None] = mapped_column(String(16), index=True)
    eligible: Mapped[str] = mapped_column(String(8), index=True)
    high_value: Mapped[str] = mapped_column(String(8), index=True)
    #: The criteria met, comma-delimited at both ends (``,sei,family,``): grouped and filtered
    #: in SQL on both databases, which JSON columns are not.
    met: Mapped[str] = mapped_column(String(64), default=",", index=True)
    tests: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    disagreements: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Whether an official flag disagrees with the computed answer (listed and counted).
    disagree: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    inputs_sha256: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class History(Base):
    """Year-end counts of earlier years, from the last full computation: the same records
    judged as of each 31 December (the trend beside the current figure)."""

    __tablename__ = "indicator_history"
    __audited__ = False  # derived, like the results

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: A province's full name or 省份未知 (the national row is their sum).
    region: Mapped[str] = mapped_column(String(16), primary_key=True)
    valid_inventions: Mapped[int] = mapped_column(Integer)
    high_value: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
