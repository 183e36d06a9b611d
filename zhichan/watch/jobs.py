"""``watch.scan``: every active watch scanned after an import (one waiting scan covers any
number of imports), or an organisation's watches when its editor asks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import permissions
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.jobs import context as jobs_context
from zhichan.jobs.context import Context, principal_of
from zhichan.jobs.kinds import Kind, Retry
from zhichan.jobs.models import Job
from zhichan.search.engine import SearchEngine
from zhichan.watch import service
from zhichan.watch.models import Watch

KIND = "watch.scan"


def submit(*, session: Session, principal: Principal) -> Job:
    permissions.require(principal, "watch.manage")
    return jobs_context.submit(session=session, principal=principal, kind=KIND)


def _watching(session: Session) -> bool:
    return session.scalar(select(Watch.id).where(Watch.active.is_(True)).limit(1)) is not None


after_import = jobs_context.after_change(KIND, _watching)


def kind(engine: SearchEngine | None = None) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        ctx.progress("扫描专利监测", 0, None, force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            done = service.scan(
                session=session,
                principal=who,
                progress=lambda n: ctx.progress("扫描专利监测", n, None),
                engine=engine,
            )
        # The other watches are scanned and kept; search-query watches wait for the index
        # sync that the same import queued.
        waiting = [d.waiting for d in done if d.waiting and "未收录" in d.waiting]
        if waiting:
            raise Retry(waiting[0], after_seconds=30)
        # Named for the job page (jobs.states.RESULT_LABELS).
        return {
            "watches": len(done),
            "alerts": sum(d.alerts for d in done),
            "baselines": sum(d.baseline for d in done),
        }

    # Up to 20 runs 30 s apart: an index sync of a large import can take minutes.
    return Kind(KIND, "专利监测扫描", run, lane="default", max_attempts=20)
