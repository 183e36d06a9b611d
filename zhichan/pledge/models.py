"""Tables of the pledge-financing domain (知识产权质押融资)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
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
Rate = Numeric(9, 4)


class WhiteList(Owned, Timestamped, Base):
    """A white list (白名单) an IP office builds from criteria and pushes to banks."""

    __tablename__ = "pledge_whitelists"

    id: Mapped[IdPk]
    name: Mapped[str] = mapped_column(String(200))
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    pushed_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100))


class WhiteListEntry(Base):
    """One enterprise of a white list, with the reasons and the evidence as it stood."""

    __tablename__ = "pledge_whitelist_entries"
    __table_args__ = (UniqueConstraint("list_id", "enterprise_name"),)

    id: Mapped[IdPk]
    list_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_whitelists.id", ondelete="CASCADE"), index=True
    )
    enterprise_name: Mapped[str] = mapped_column(String(300))
    credit_code: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    reasons: Mapped[list[str]] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    evidence_on: Mapped[date] = mapped_column(Date)


class Feedback(Base):
    """What one bank did with one pushed enterprise (对接 → 申请 → 获批, or why not)."""

    __tablename__ = "pledge_feedback"
    __table_args__ = (UniqueConstraint("entry_id", "bank_org_id"),)

    id: Mapped[IdPk]
    entry_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_whitelist_entries.id", ondelete="CASCADE"), index=True
    )
    bank_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16), default="pushed")
    amount: Mapped[Decimal | None] = mapped_column(Money)
    reason: Mapped[str | None] = mapped_column(Text)
    updated_on: Mapped[date] = mapped_column(Date)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class Referral(Owned, Timestamped, Base):
    """A bank's applicant sent back to the office for evaluation (反向推送); owner = the bank."""

    __tablename__ = "pledge_referrals"

    id: Mapped[IdPk]
    enterprise_name: Mapped[str] = mapped_column(String(300))
    credit_code: Mapped[str | None] = mapped_column(String(32))
    numbers: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    valuations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answered_by: Mapped[str | None] = mapped_column(String(100))
    answered_on: Mapped[date | None] = mapped_column(Date)


class Loan(Owned, Timestamped, Base):
    """A loan application secured by a patent package; owner = the lending bank. Only the
    bank, the enterprise (``enterprise_org_id``) and IP offices read it."""

    __tablename__ = "pledge_loans"

    id: Mapped[IdPk]
    number: Mapped[str] = mapped_column(String(32), unique=True)
    enterprise_org_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    enterprise_name: Mapped[str] = mapped_column(String(300))
    credit_code: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    industry: Mapped[str | None] = mapped_column(String(100))
    sme: Mapped[bool] = mapped_column(Boolean, default=True)
    entry_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("pledge_whitelist_entries.id", ondelete="SET NULL"), index=True
    )
    mode: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal] = mapped_column(Money)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The bank's own loan-to-value ceiling, in percent of the appraised value.
    ltv_limit: Mapped[Decimal | None] = mapped_column(Rate)
    appraised_value: Mapped[Decimal | None] = mapped_column(Money)
    appraisal_method: Mapped[str | None] = mapped_column(String(32))
    appraiser: Mapped[str | None] = mapped_column(String(200))
    report_no: Mapped[str | None] = mapped_column(String(100))
    valued_on: Mapped[date | None] = mapped_column(Date)
    approved_amount: Mapped[Decimal | None] = mapped_column(Money)
    interest_rate: Mapped[Decimal | None] = mapped_column(Rate)
    benchmark_rate: Mapped[Decimal | None] = mapped_column(Rate)
    insurer: Mapped[str | None] = mapped_column(String(200))
    premium_rate: Mapped[Decimal | None] = mapped_column(Rate)
    insurer_share: Mapped[Decimal | None] = mapped_column(Rate)
    guarantor: Mapped[str | None] = mapped_column(String(200))
    contract_items: Mapped[list[str]] = mapped_column(JSON, default=list)
    warnings_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    co_owner_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    disbursed_amount: Mapped[Decimal | None] = mapped_column(Money)
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    repaid_on: Mapped[date | None] = mapped_column(Date)
    overdue_on: Mapped[date | None] = mapped_column(Date)
    default_on: Mapped[date | None] = mapped_column(Date)
    principal_loss: Mapped[Decimal | None] = mapped_column(Money)
    insurer_paid: Mapped[Decimal | None] = mapped_column(Money)
    disposal_route: Mapped[str | None] = mapped_column(String(16))
    recovered: Mapped[Decimal | None] = mapped_column(Money)


class LoanPatent(Base):
    """A patent of a loan's package, with the eligibility checks as last run."""

    __tablename__ = "pledge_loan_patents"
    __table_args__ = (UniqueConstraint("loan_id", "patent_id"),)

    id: Mapped[IdPk]
    loan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_loans.id", ondelete="CASCADE"), index=True
    )
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    checks: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    checked_on: Mapped[date | None] = mapped_column(Date)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    warned: Mapped[bool] = mapped_column(Boolean, default=False)


class LoanStep(Base):
    """One step of a loan's life, in order (the audit log has the field changes)."""

    __tablename__ = "pledge_loan_steps"

    id: Mapped[IdPk]
    loan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_loans.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_label: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class Registration(Base):
    """The pledge registration (专利权质押登记) of a loan's package at CNIPA."""

    __tablename__ = "pledge_registrations"

    id: Mapped[IdPk]
    loan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_loans.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(24), default="prepared", index=True)
    reg_no: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16), default="online")
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    secured_amount: Mapped[Decimal] = mapped_column(Money)
    filed_on: Mapped[date | None] = mapped_column(Date)
    #: The decision clock's start: the filing, or the day the defects were cured.
    clock_from: Mapped[date | None] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date, index=True)
    refused_ground: Mapped[str | None] = mapped_column(String(32))
    changed_on: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class PolicyRule(Base):
    """One policy rule as data (pledge_rules.md); ``rate`` empty until the office enters it."""

    __tablename__ = "pledge_rules"

    id: Mapped[IdPk]
    code: Mapped[str] = mapped_column(String(16), unique=True)
    region: Mapped[str] = mapped_column(String(64), index=True)
    scheme: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    base: Mapped[str] = mapped_column(String(32))
    rate: Mapped[Decimal | None] = mapped_column(Rate)
    schedule: Mapped[list[str]] = mapped_column(JSON, default=list)
    cap_amount: Mapped[Decimal | None] = mapped_column(Money)
    cap_period: Mapped[str | None] = mapped_column(String(16))
    max_years: Mapped[int | None] = mapped_column(Integer)
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source_doc: Mapped[str] = mapped_column(String(300))
    source_section: Mapped[str] = mapped_column(String(200))
    verified: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class Pool(Base):
    """A risk-compensation pool (风险补偿资金池); its balance is its size less the payouts."""

    __tablename__ = "pledge_pools"

    id: Mapped[IdPk]
    code: Mapped[str] = mapped_column(String(16), unique=True)
    region: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[Decimal] = mapped_column(Money)
    rule_code: Mapped[str | None] = mapped_column(String(16))
    source_doc: Mapped[str] = mapped_column(String(300))
    source_section: Mapped[str] = mapped_column(String(200))
    verified: Mapped[str] = mapped_column(String(100))


class Claim(Base):
    """A subsidy claim or risk-pool compensation computed by a rule, then approved and paid."""

    __tablename__ = "pledge_claims"

    id: Mapped[IdPk]
    loan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_loans.id", ondelete="RESTRICT"), index=True
    )
    enterprise_key: Mapped[str] = mapped_column(String(300), index=True)
    rule_code: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    pool_code: Mapped[str | None] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    year_no: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    steps: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="computed", index=True)
    computed_by: Mapped[str] = mapped_column(String(100))
    computed_on: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[str | None] = mapped_column(String(100))
    paid_on: Mapped[date | None] = mapped_column(Date)
    payment_ref: Mapped[str | None] = mapped_column(String(100))


class Document(Base):
    """A registration document a party uploaded for a loan, hashed as it was written."""

    __tablename__ = "pledge_documents"

    id: Mapped[IdPk]
    loan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("pledge_loans.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    filename: Mapped[str] = mapped_column(String(200))
    stored: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
