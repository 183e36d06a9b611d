"""``navigation.snapshot``: the snapshot's stale rows rewritten after an import (one waiting
refresh covers any number of imports; a report never waits for it, it reads stale records
live). ``navigation.report``: a report over a large store made in the background."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import dates, permissions
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.jobs import context as jobs_context
from zhichan.jobs.context import Context, principal_of
from zhichan.jobs.kinds import Kind
from zhichan.jobs.models import Job
from zhichan.navigation import service, snapshot
from zhichan.navigation.models import Report
from zhichan.navigation.schemas import ReportIn

KIND = snapshot.KIND
REPORT_KIND = "navigation.report"


def submit_report(*, session: Session, principal: Principal, data: ReportIn) -> Job:
    permissions.require(principal, "navigation.report")
    return jobs_context.submit(
        session=session, principal=principal, kind=REPORT_KIND, data=data.model_dump()
    )


def report_kind() -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        data = ReportIn.model_validate(ctx.params["data"])
        ctx.progress("读取专利记录", 0, None, force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            made = service.make_report(
                session=session,
                principal=who,
                data=data,
                today=dates.today(),
                progress=lambda n: ctx.progress("读取专利记录", n, None),
            )
        # ``link`` is shown on the job page to the organisation that asked.
        return {
            "records": made.manifest["records"],
            "report_id": made.id,
            "link": f"/navigation/reports/{made.id}",
            "link_label": "查看报告",
        }

    # Cut off by a restart it starts over: nothing is stored before the report is complete.
    return Kind(REPORT_KIND, "生成导航报告", run, lane="default")


def _in_use(session: Session) -> bool:
    """Keep the snapshot only once someone makes reports (the first report queues it)."""
    return session.scalar(select(Report.id).limit(1)) is not None


after_import = jobs_context.after_change(KIND, _in_use)


def kind() -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        ctx.progress("更新导航数据快照", 0, None, force=True)
        with unit_of_work(ctx.factory, will_write=True) as session:
            return snapshot.refresh(
                session, lambda done, total: ctx.progress("更新导航数据快照", done, total)
            )

    return Kind(KIND, "导航数据快照", run, lane="default")
