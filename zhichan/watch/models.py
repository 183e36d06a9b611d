"""Tables of the watch domain: what an organisation watches, what each watch last saw of the
records in its scope (its baseline), and the alerts a scan raised."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, Owned, utcnow


class Watch(Owned, Base):
    """A watch: an applicant (merged through the alias table), an IPC area or a patent set,
    with the organisation's own patents to compare new records with."""

    __tablename__ = "watch_watches"

    id: Mapped[IdPk]
    name: Mapped[str] = mapped_column(String(200))
    #: applicant / ipc / patents
    kind: Mapped[str] = mapped_column(String(16))
    targets: Mapped[list[str]] = mapped_column(JSON)
    #: Numbers of the organisation's own patents (a new record like one of them is an alert).
    mine: Mapped[list[str]] = mapped_column(JSON, default=list)
    threshold: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Set by the first scan; records stored later (a larger id) are new to the store.
    last_max_id: Mapped[int | None] = mapped_column(BigId)
    last_scan_at: Mapped[datetime | None]
    #: Applicant → IPC subclasses seen in the baseline (a new one is an alert).
    subclasses: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchItem(Base):
    """What a watch last saw of one record in its scope."""

    __tablename__ = "watch_items"
    __audited__ = False  # derived from the patent records; a scan writes thousands

    watch_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("watch_watches.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)


class Alert(Base):
    """One change a scan found, with its evidence (record facts, rule, source)."""

    __tablename__ = "watch_alerts"
    __audited__ = False  # raised by scans, never edited; reading one is not a change of data

    id: Mapped[IdPk]
    watch_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("watch_watches.id", ondelete="CASCADE"), index=True
    )
    owner_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    #: new_publication / entered_scope / new_grant / lapsed / status_change / event /
    #: new_subclass / similar
    kind: Mapped[str] = mapped_column(String(24))
    number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    #: The day the records give for the change (publication, grant, the event), if any.
    happened_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    #: [[label, value], …]: the record facts before and after, the rule and its source.
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    scan: Mapped[int] = mapped_column(Integer)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
