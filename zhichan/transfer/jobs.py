"""A batch push (the office's) as a ``transfer.push`` job: planning every enterprise against
the pool takes minutes at provincial scale, so it never runs inside a request. The push is one
transaction, so a push cut off by a restart runs again from the start."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from zhichan.core import dates
from zhichan.core.errors import PermissionDenied
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.jobs.context import Context, principal_of, principal_params
from zhichan.jobs.kinds import Kind
from zhichan.jobs.models import Job
from zhichan.search.engine import SearchEngine
from zhichan.transfer import push, service

KIND = "transfer.push"


def submit(*, session: Session, principal: Principal, k: int) -> Job:
    """Queue a push of each enterprise's and each pool patent's top ``k``."""
    if not service.is_office(principal) or not principal.can_edit:
        raise PermissionDenied("只有知识产权局可以执行批量推送")
    return jobs_service.enqueue(
        session=session,
        kind=KIND,
        params={"k": k, "principal": principal_params(principal)},
        owner_org_id=principal.org_id,
        principal=principal,
    )


def kind(search: SearchEngine | None) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        ctx.progress("匹配企业与专利", 0, None, force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            report = push.run(
                session=session,
                principal=who,
                k=int(ctx.params["k"]),
                engine=search,
                today=dates.today(),
            )
        return {
            "batch": report.batch,
            "pairs": len(report.pairs),
            "enterprises": report.enterprises,
            "pool": report.pool,
        }

    return Kind(KIND, "批量推送", run, lane="default")
