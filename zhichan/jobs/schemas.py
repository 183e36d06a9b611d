"""How a job is shown: state code and its Chinese label, progress, counts, outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from zhichan.core.paging import Page
from zhichan.jobs import states
from zhichan.jobs.context import live
from zhichan.jobs.models import Job


class JobRead(BaseModel):
    id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    stage: str | None
    done: int
    total: int | None
    fraction: float | None
    counts: dict[str, Any] | None
    result: dict[str, Any] | None
    message: str | None
    attempts: int
    parent_id: int | None
    #: The organisation the job works for (``None``: platform work such as the index).
    owner_org_id: int | None = None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    children: list[JobRead] = []


def read(job: Job, labels: dict[str, str], children: list[Job] | None = None) -> JobRead:
    """The row, with this process's live progress when the job runs here."""
    stage, done, total, counts = job.stage, job.done, job.total, job.counts
    snap = live(job.id) if job.state == states.RUNNING else None
    if snap is not None:
        stage, done, total, counts = snap.stage, snap.done, snap.total, snap.counts
    if job.state == states.SUCCEEDED:
        fraction: float | None = 1.0
    elif total:
        fraction = min(done / total, 1.0)
    else:
        fraction = None
    return JobRead(
        id=job.id,
        kind=job.kind,
        kind_label=labels.get(job.kind, job.kind),
        state=job.state,
        state_label=states.label(job.state),
        stage=stage,
        done=done,
        total=total,
        fraction=fraction,
        counts=counts,
        result=job.result,
        message=job.message,
        attempts=job.attempts,
        parent_id=job.parent_id,
        owner_org_id=job.owner_org_id,
        created_by=job.created_by,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        children=[read(c, labels) for c in children or []],
    )


JobPage = Page[JobRead]
