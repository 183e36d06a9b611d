"""Tables of the transfer domain (存量专利盘活)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
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
    status: Mapped[str] = mapped_column(String(8), default="待盘点", index=True)
    tier: Mapped[str | None] = mapped_column(String(8), index=True)
    tier_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    tier_override: Mapped[str | None] = mapped_column(String(8))
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(100))
    published_on: Mapped[date | None] = mapped_column(Date)


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
