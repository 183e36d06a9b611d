"""The valuation domain's background work.

* ``valuation.measures`` (index lane): every record's raw measures brought up to its content
  (and its originality once vectors exist), queued after imports and after new vectors; one
  waiting job covers any number of them.
* ``valuation.inventory``: an institution scores its whole inventory for one scenario.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core import dates, permissions
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.jobs.context import Context, principal_of, principal_params
from zhichan.jobs.kinds import Kind
from zhichan.jobs.models import Job
from zhichan.search.service import SearchEngine
from zhichan.valuation import service, store

MEASURES = "valuation.measures"
INVENTORY = "valuation.inventory"


def queue_measures(factory: sessionmaker[Session], **_: object) -> None:
    with unit_of_work(factory, will_write=True) as session:
        jobs_service.enqueue(session=session, kind=MEASURES, params={}, unique=True)


def submit_inventory(*, session: Session, principal: Principal, scenario: str) -> Job:
    permissions.require(principal, "valuation.score")
    scn = service.scenario_of(scenario)
    return jobs_service.enqueue(
        session=session,
        kind=INVENTORY,
        params={"scenario": scn, "principal": principal_params(principal)},
        owner_org_id=principal.org_id or None,
        principal=principal,
    )


def kinds(search: SearchEngine | None) -> list[Kind]:
    def measures(ctx: Context) -> dict[str, Any]:
        ctx.progress("计算估值基础数据", 0, None, force=True)
        with unit_of_work(ctx.factory, via="job", will_write=True) as session:
            n = store.refresh(
                session,
                dates.today(),
                store.neighbours_of(search),
                on_progress=lambda done, total: ctx.progress("计算估值基础数据", done, total),
            )
        return {"measured": n}

    def inventory(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        ctx.progress("逐件评估盘点专利", 0, None, force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            counts = service.score_inventory(
                session=session,
                principal=who,
                scenario=str(ctx.params["scenario"]),
                today=dates.today(),
                engine=search,
                on_progress=lambda done, total: ctx.progress("逐件评估盘点专利", done, total),
            )
        return counts

    return [
        # On the lane that keeps derived data in step with the records (the index sync's):
        # an import's own lane is never held up by it.
        Kind(MEASURES, "估值基础数据", measures, lane="index"),
        Kind(INVENTORY, "盘点专利批量估值", inventory, lane="default"),
    ]
