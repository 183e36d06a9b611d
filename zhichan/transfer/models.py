"""Tables of the transfer domain (存量专利盘活)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, Timestamped, utcnow


class InventoryItem(Owned, Timestamped, Base):
    """One patent of an institution's inventory (盘点) with its assessment and tier.

    The owner is the institution; the pool of transferable patents (可转化专利资源库) is the
    items with status 已入库 and a tier, which are public.
    """

    __tablename__ = "transfer_inventory"
    __table_args__ = (UniqueConstraint("owner_org_id", "patent_id"),)

    id: Mapped[IdPk]
    patent_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("patents.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(8), index=True)
    maturity: Mapped[str | None] = mapped_column(String(16))
    prospect: Mapped[str] = mapped_column(String(8), default="不明")
    prospect_reasons: Mapped[str | None] = mapped_column(Text)
    modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    tier: Mapped[str | None] = mapped_column(String(8), index=True)
    tier_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    tier_override: Mapped[str | None] = mapped_column(String(8))
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(100))
    published_on: Mapped[date | None] = mapped_column(Date)
    #: The latest 管理-scenario valuation of the item (written by the valuation domain).
    value_score: Mapped[float | None] = mapped_column(Float)
    value_tier: Mapped[str | None] = mapped_column(String(2))
    value_ref: Mapped[int | None] = mapped_column(BigId)


class TierPolicy(Owned, Timestamped, Base):
    """The screening and tiering rules an office applies (JSON, validated by ``tiering.Policy``)."""

    __tablename__ = "transfer_policies"

    id: Mapped[IdPk]
    rules: Mapped[dict[str, object]] = mapped_column(JSON)


class SpotCheck(Owned, Base):
    """An office's spot check (抽查) of an institution's finished inventory; owner = office."""

    __tablename__ = "transfer_spot_checks"

    id: Mapped[IdPk]
    institution_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    seed: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_label: Mapped[str] = mapped_column(String(100))


class SpotCheckItem(Base):
    __tablename__ = "transfer_spot_check_items"

    id: Mapped[IdPk]
    check_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transfer_spot_checks.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transfer_inventory.id", ondelete="CASCADE"), index=True
    )
    finding: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


class Profile(Owned, Timestamped, Base):
    """An enterprise's profile for matching; owner = the enterprise (one per organisation)."""

    __tablename__ = "transfer_profiles"
    __table_args__ = (UniqueConstraint("owner_org_id"),)

    id: Mapped[IdPk]
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(Text, default="")
    own_patents: Mapped[list[str]] = mapped_column(JSON, default=list)


class Need(Owned, Timestamped, Base):
    """A technical need (技术需求) in business language; owner = the enterprise."""

    __tablename__ = "transfer_needs"

    id: Mapped[IdPk]
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)


class Subscription(Owned, Base):
    """What an enterprise follows: an industry (SEI code), an IPC prefix or an institution."""

    __tablename__ = "transfer_subscriptions"
    __table_args__ = (UniqueConstraint("owner_org_id", "kind", "value"),)

    id: Mapped[IdPk]
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Push(Base):
    """A pool patent pushed to an enterprise, once (deduplicated), with why and when."""

    __tablename__ = "transfer_pushes"
    __table_args__ = (UniqueConstraint("enterprise_org_id", "item_id"),)

    id: Mapped[IdPk]
    enterprise_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transfer_inventory.id", ondelete="CASCADE"), index=True
    )
    batch: Mapped[str] = mapped_column(String(32), index=True)
    direction: Mapped[str] = mapped_column(String(16))
    score: Mapped[float]
    signals: Mapped[dict[str, object]] = mapped_column(JSON)
    pushed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    opened_at: Mapped[datetime | None]


class Feedback(Base):
    """An enterprise's answer on a pushed or found patent (the seed's six intents)."""

    __tablename__ = "transfer_feedback"
    __table_args__ = (UniqueConstraint("enterprise_org_id", "item_id"),)

    id: Mapped[IdPk]
    enterprise_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transfer_inventory.id", ondelete="CASCADE"), index=True
    )
    intent: Mapped[str] = mapped_column(String(16), index=True)
    prospect: Mapped[str | None] = mapped_column(String(8))
    evaluation: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Deal(Timestamped, Base):
    """A deal between an institution and an enterprise over one pool patent."""

    __tablename__ = "transfer_deals"

    id: Mapped[IdPk]
    item_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transfer_inventory.id", ondelete="RESTRICT"), index=True
    )
    institution_org_id: Mapped[int] = mapped_column(BigId, index=True)
    enterprise_org_id: Mapped[int] = mapped_column(BigId, index=True)
    #: The side that proposed the deal; the other side accepts it (None: before 0011).
    opened_by_org_id: Mapped[int | None] = mapped_column(BigId)
    mode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    contract_on: Mapped[date | None] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date)
    implemented_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)


class DealEvent(Base):
    __tablename__ = "transfer_deal_events"

    id: Mapped[IdPk]
    deal_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transfer_deals.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    on: Mapped[date] = mapped_column(Date)
    actor_label: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class Message(Base):
    """An in-app message to an organisation (push notices, deal changes)."""

    __tablename__ = "transfer_messages"
    __audited__ = False  # written in bulk by pushes, which are recorded themselves

    id: Mapped[IdPk]
    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]


class RankModel(Base):
    """A ranking model learned from enterprises' feedback (``transfer.learning``): one row per
    training, the active one (at most one) re-orders matches."""

    __tablename__ = "transfer_rank_models"
    __audited__ = False  # computed by the platform from feedback, replaced by the next training

    id: Mapped[IdPk]
    version: Mapped[int] = mapped_column(Integer, unique=True)
    coefficients: Mapped[dict[str, float]] = mapped_column(JSON)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)
    train_pairs: Mapped[int] = mapped_column(Integer)
    held_pairs: Mapped[int] = mapped_column(Integer)
    auc_learned: Mapped[float | None] = mapped_column(Float)
    auc_hand: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(default=False, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
