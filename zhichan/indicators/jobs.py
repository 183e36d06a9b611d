"""``indicators.compute``: every patent's verdict recomputed in one transaction, so the
figures never mix two sets of inputs; cut off by a restart, it runs again from the start."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from zhichan.core import dates, permissions
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.indicators import compute, service
from zhichan.jobs import context as jobs_context
from zhichan.jobs.context import Context, principal_of
from zhichan.jobs.kinds import Kind
from zhichan.jobs.models import Job

KIND = "indicators.compute"


def submit(*, session: Session, principal: Principal) -> Job:
    permissions.require(principal, "indicators.manage")
    return jobs_context.submit(session=session, principal=principal, kind=KIND)


#: Imported or changed records: recompute, if the office computes at all (one waiting
#: computation covers any number of imports).
after_import = jobs_context.after_change(
    KIND, lambda session: bool(compute.results_count(session)), incremental=True
)


def kind() -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        ctx.progress("逐件判定高价值发明专利", 0, None, force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            counts = service.run(
                session=session,
                principal=who,
                today=dates.today(),
                on_progress=lambda done, total: ctx.progress("逐件判定高价值发明专利", done, total),
                incremental=bool(ctx.params.get("incremental")),
            )
        # Named for the job page (jobs.states.RESULT_LABELS), not the verdict codes.
        return {
            "judged": counts.get("patents", 0),
            "high_value": counts.get("yes", 0),
            "undecided": counts.get("unknown", 0),
            "disagreements": counts.get("disagreements", 0),
            "incremental": counts.get("incremental", 0),
        }

    return Kind(KIND, "指标计算", run, lane="default")
