"""The ``jobs`` table: one row per long task, with its state, progress and outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhichan.db.base import Base, BigId, IdPk, UtcDateTime, utcnow
from zhichan.jobs import states


class Job(Base):
    __tablename__ = "jobs"
    # Progress ticks would flood the audit log; the job row is its own record.
    __audited__ = False

    id: Mapped[IdPk]
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: The organisation whose members may see it; None for platform work (index, vectors).
    owner_org_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    created_by: Mapped[str] = mapped_column(String(100))
    created_by_user_id: Mapped[int | None] = mapped_column(BigId)
    parent_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), default=states.QUEUED, index=True)
    stage: Mapped[str | None] = mapped_column(String(200))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    #: Running tallies a runner reports (rows read, inserted, …), shown while it works.
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: A retrying job is not picked up before this time.
    not_before: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: ``host:pid:thread`` of the worker running it; a dead pid on this host means cut off.
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
