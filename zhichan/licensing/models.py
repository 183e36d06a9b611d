"""Tables of the licensing domain (专利开放许可)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, Timestamped, utcnow

Money = Numeric(16, 2)
Rate = Numeric(7, 4)


class Declaration(Owned, Timestamped, Base):
    """An open-licence declaration (开放许可声明); the owner is the declaring organisation.

    ``visibility`` follows the state: public once announced, internal before.
    """

    __tablename__ = "licensing_declarations"

    id: Mapped[IdPk]
    status: Mapped[str] = mapped_column(String(24), index=True, default="draft")
    declarant_name: Mapped[str] = mapped_column(String(200))
    patentee_name: Mapped[str] = mapped_column(String(300))
    agent_authorisation: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    fixed_fee: Mapped[Decimal | None] = mapped_column(Money)
    fixed_period: Mapped[str] = mapped_column(String(8), default="once")
    sales_rate: Mapped[Decimal | None] = mapped_column(Rate)
    profit_rate: Mapped[Decimal | None] = mapped_column(Rate)
    payment_method: Mapped[str] = mapped_column(String(100))
    payment_schedule: Mapped[str] = mapped_column(String(8), default="once")
    term_years: Mapped[int] = mapped_column(Integer)
    field_of_use: Mapped[str | None] = mapped_column(Text)
    territory: Mapped[str | None] = mapped_column(Text)
    other_terms: Mapped[str | None] = mapped_column(Text)
    confirmations: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(64))
    exam_opinion: Mapped[str | None] = mapped_column(Text)
    examined_on: Mapped[date | None] = mapped_column(Date)
    announcement_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    announced_on: Mapped[date | None] = mapped_column(Date, index=True)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    withdrawal_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    #: Bumped by every transition; a stale form or a concurrent transition is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)


class DeclarationPatent(Base):
    """A patent of a declaration, with what the declaration needed from its record."""

    __tablename__ = "licensing_declaration_patents"
    __table_args__ = (UniqueConstraint("declaration_id", "patent_id"),)

    id: Mapped[IdPk]
    declaration_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("licensing_declarations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    patent_type: Mapped[str | None] = mapped_column(String(16))
    ipc_main: Mapped[str | None] = mapped_column(String(32), index=True)
    evaluation_report: Mapped[str | None] = mapped_column(String(200))
    pledgee_consent: Mapped[str | None] = mapped_column(String(200))


class Transition(Base):
    """One step of a declaration's life, in order (the audit log has the field changes)."""

    __tablename__ = "licensing_transitions"

    id: Mapped[IdPk]
    declaration_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("licensing_declarations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_label: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class Licence(Owned, Timestamped, Base):
    """A licence taken under an announced declaration; the owner is the licensee."""

    __tablename__ = "licensing_licences"
    __table_args__ = (UniqueConstraint("declaration_id", "patent_id", "licensee_name"),)

    id: Mapped[IdPk]
    number: Mapped[str] = mapped_column(String(32), unique=True)
    declaration_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("licensing_declarations.id", ondelete="RESTRICT"), index=True
    )
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="RESTRICT"), index=True
    )
    patent_number: Mapped[str] = mapped_column(String(64), index=True)
    licensee_name: Mapped[str] = mapped_column(String(300))
    notice_on: Mapped[date] = mapped_column(Date)
    notice_ref: Mapped[str | None] = mapped_column(String(200))
    #: The published standard at the time of the notice: every licensee gets the same.
    terms: Mapped[dict[str, str | int | None]] = mapped_column(JSON)
    upfront_due: Mapped[Decimal] = mapped_column(Money)
    upfront_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    paid_on: Mapped[date | None] = mapped_column(Date)
    payment_ref: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    effective_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    filing_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    filed_on: Mapped[date | None] = mapped_column(Date)
    filing_document: Mapped[str | None] = mapped_column(String(200))


class LicenceReport(Base):
    """A licensee's report for one period: use, royalty base and payment."""

    __tablename__ = "licensing_reports"
    __table_args__ = (UniqueConstraint("licence_id", "period_no"),)

    id: Mapped[IdPk]
    licence_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("licensing_licences.id", ondelete="CASCADE"), index=True
    )
    period_no: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    use_note: Mapped[str | None] = mapped_column(Text)
    net_sales: Mapped[Decimal | None] = mapped_column(Money)
    profit: Mapped[Decimal | None] = mapped_column(Money)
    fixed_due: Mapped[Decimal] = mapped_column(Money)
    royalty_due: Mapped[Decimal] = mapped_column(Money)
    paid: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    paid_on: Mapped[date | None] = mapped_column(Date)
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Mediation(Owned, Timestamped, Base):
    """A mediation case (调解) over the implementation of an open licence; owner = applicant."""

    __tablename__ = "licensing_mediations"

    id: Mapped[IdPk]
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    declaration_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("licensing_declarations.id", ondelete="RESTRICT"), index=True
    )
    licence_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("licensing_licences.id", ondelete="RESTRICT")
    )
    applicant_name: Mapped[str] = mapped_column(String(300))
    respondent_name: Mapped[str] = mapped_column(String(300))
    request: Mapped[str] = mapped_column(Text)
    facts: Mapped[str] = mapped_column(Text)
    materials: Mapped[list[str]] = mapped_column(JSON, default=list)
    other_proceedings: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), index=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    registered_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)


class MediationSession(Base):
    __tablename__ = "licensing_mediation_sessions"

    id: Mapped[IdPk]
    mediation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("licensing_mediations.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    participants: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class Counter(Base):
    """Sequence numbers per series and year (announcements, licences, filings, cases)."""

    __tablename__ = "licensing_counters"
    __audited__ = False

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
