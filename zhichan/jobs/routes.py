"""JSON API of background jobs: the caller's organisation's jobs (the platform sees all)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request

from zhichan.accounts.deps import SignedIn, permit
from zhichan.http.deps import DbSession
from zhichan.http.params import Id, Paging
from zhichan.http.routing import Router
from zhichan.jobs import schemas, service, states
from zhichan.jobs.kinds import Registry

api_router = Router(prefix="/api/jobs", tags=["jobs"])


def registry_of(request: Request) -> Registry:
    found: Registry = request.app.state.jobs_registry
    return found


def job_read(
    request: Request, session: DbSession, job_id: Id, principal: SignedIn
) -> schemas.JobRead:
    job = service.get(session=session, job_id=job_id, principal=principal)
    labels = registry_of(request).labels()
    return schemas.read(job, labels, service.children(session=session, job_id=job.id))


@api_router.get(
    "", dependencies=[permit("jobs.read")], response_model=schemas.JobPage, summary="后台任务列表"
)
def list_jobs(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    paging: Paging,
    state: Annotated[str | None, Query(pattern="^(" + "|".join(states.LABELS) + ")$")] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> schemas.JobPage:
    total, rows = service.list_jobs(
        session=session,
        principal=principal,
        state=state,
        kind=kind,
        limit=paging.limit,
        offset=paging.offset,
    )
    labels = registry_of(request).labels()
    return schemas.JobPage(total=total, items=[schemas.read(j, labels) for j in rows])


@api_router.get(
    "/{job_id}",
    dependencies=[permit("jobs.read")],
    response_model=schemas.JobRead,
    summary="后台任务状态与进度",
)
def get_job(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    job_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
) -> schemas.JobRead:
    return job_read(request, session, job_id, principal)
