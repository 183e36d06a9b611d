"""HTML pages of the patents domain: list, detail, import with progress, batch reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.patents import jobs, legal, service
from zhichan.patents.importers.detect import FORMATS
from zhichan.patents.importers.detect import LABELS as FORMAT_LABELS
from zhichan.patents.numbers import TYPE_LABELS
from zhichan.patents.routes import submit_upload

page_router = Router(include_in_schema=False)

NAV = [
    NavItem("专利数据", "/patents", "patents.read", order=10),
    NavItem("数据导入", "/patents/import", "patents.import", order=11),
]

FIELD_LABELS = {
    "application_number": "申请号",
    "application_date": "申请日",
    "publication_date": "公开(公告)日",
    "grant_date": "授权公告日",
    "applicants": "申请人",
    "inventors": "发明人",
    "ipc": "IPC",
    "legal_status": "法律状态",
    "patent_type": "专利类型",
    "country": "国家/地区",
    "kind": "文献类型",
}


def _common() -> dict[str, object]:
    return {
        "type_labels": TYPE_LABELS,
        "event_labels": legal.EVENT_LABELS,
        "statuses": legal.STATUSES,
    }


@page_router.get("/patents", dependencies=[permit("patents.read")], response_class=HTMLResponse)
def patents_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    window: PageOffset,
    q: str = "",
) -> Response:
    offset = window.offset
    try:
        page, error = (
            service.list_patents(session=session, query=q or None, limit=50, offset=offset),
            None,
        )
    except ZhichanError as exc:
        page, error = service.list_patents(session=session, limit=50), exc.message
    return render(
        request,
        "patents/list.html",
        _common() | {"page": page, "q": q, "offset": offset, "error": error},
    )


@page_router.get(
    "/patents/import", dependencies=[permit("patents.import")], response_class=HTMLResponse
)
def import_page(request: Request, session: DbSession, principal: SignedIn) -> Response:
    batches = service.list_batches(session=session, principal=principal, limit=20)
    return render(
        request,
        "patents/import.html",
        {"batches": batches, "formats": FORMATS, "format_labels": FORMAT_LABELS},
    )


@page_router.post(
    "/patents/import", dependencies=[permit("patents.import")], response_class=HTMLResponse
)
def import_upload(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    file: Annotated[UploadFile, File()],
    fmt: Annotated[str, Form(alias="format")] = "auto",
    strict: Annotated[bool, Form()] = False,
) -> Response:
    try:
        job = submit_upload(request, session, principal, file, fmt, strict)
    except ZhichanError as exc:
        return render(request, "patents/_job.html", {"error": exc.message}, status_code=422)
    return render(request, "patents/_job.html", {"job": job})


@page_router.get(
    "/patents/import/jobs/{job_id}",
    dependencies=[permit("patents.batches")],
    response_class=HTMLResponse,
)
def import_job(
    request: Request,
    session: DbSession,
    job_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    principal: SignedIn,
) -> Response:
    job = jobs.status(session=session, job_id=job_id, principal=principal)
    response = render(request, "patents/_job.html", {"job": job})
    if job.state in ("succeeded", "failed"):
        response.headers["HX-Trigger"] = "batches-changed"  # the batch list reloads at once
    return response


@page_router.get(
    "/patents/import/batches", dependencies=[permit("patents.batches")], response_class=HTMLResponse
)
def import_batches(request: Request, session: DbSession, principal: SignedIn) -> Response:
    batches = service.list_batches(session=session, principal=principal, limit=20)
    return render(
        request, "patents/_batches.html", {"batches": batches, "format_labels": FORMAT_LABELS}
    )


@page_router.get(
    "/patents/batches/{batch_id}",
    dependencies=[permit("patents.batches")],
    response_class=HTMLResponse,
)
def batch_page(request: Request, batch_id: Id, session: DbSession, principal: SignedIn) -> Response:
    batch, issues = service.batch_issues(session=session, principal=principal, batch_id=batch_id)
    return render(
        request,
        "patents/batch.html",
        {
            "batch": batch,
            "issues": issues[:1000],
            "total_issues": len(issues),
            "format_labels": FORMAT_LABELS,
        },
    )


@page_router.get(
    "/patents/{number}", dependencies=[permit("patents.read")], response_class=HTMLResponse
)
def patent_page(
    request: Request, number: str, session: DbSession, principal: CurrentPrincipal
) -> Response:
    detail = service.detail(session=session, number=number)
    batch_link = detail.batch_id is not None and service.batch_readable(
        session=session, principal=principal, batch_id=detail.batch_id
    )
    notes = [
        note
        for source in getattr(request.app.state, "patent_notes", [])
        for note in source.for_(principal, session, detail.record["number"])
    ]
    return render(
        request,
        "patents/detail.html",
        _common()
        | {"d": detail, "r": detail.record, "field_labels": FIELD_LABELS, "batch_link": batch_link}
        | {"notes": notes},
    )
