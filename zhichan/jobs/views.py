"""Pages of background jobs: the list of the organisation's work and one job, live."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.routing import Router
from zhichan.jobs import schemas, service, states
from zhichan.jobs.routes import job_read, registry_of

page_router = Router(include_in_schema=False)

NAV = [NavItem("后台任务", "/jobs", "jobs.read", order=90)]
PAGE = 50

JobId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@page_router.get("/jobs", dependencies=[permit("jobs.read")], response_class=HTMLResponse)
def jobs_page(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    state: Annotated[str | None, Query(pattern="^(" + "|".join(states.LABELS) + ")?$")] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    total, rows = service.list_jobs(
        session=session,
        principal=principal,
        state=state or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    labels = registry_of(request).labels()
    context = {
        "jobs": [schemas.read(j, labels) for j in rows],
        "total": total,
        "page": page,
        "pages": max((total + PAGE - 1) // PAGE, 1),
        "state": state or "",
        "state_labels": states.LABELS,
        "counts": service.counts(session=session, principal=principal),
    }
    return render(request, "jobs/list.html", context)


@page_router.get("/jobs/{job_id}", dependencies=[permit("jobs.read")], response_class=HTMLResponse)
def job_page(request: Request, session: DbSession, principal: SignedIn, job_id: JobId) -> Response:
    job = job_read(request, session, job_id, principal)
    return render(request, "jobs/job.html", {"job": job, "result_labels": states.RESULT_LABELS})


@page_router.get(
    "/jobs/{job_id}/card", dependencies=[permit("jobs.read")], response_class=HTMLResponse
)
def job_card(request: Request, session: DbSession, principal: SignedIn, job_id: JobId) -> Response:
    job = job_read(request, session, job_id, principal)
    return render(request, "jobs/_card.html", {"job": job, "result_labels": states.RESULT_LABELS})
