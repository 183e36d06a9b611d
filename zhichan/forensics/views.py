"""HTML pages of the investigator's case workspace: cases, evidence, runs with live progress,
reports to read and download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core.errors import ZhichanError
from zhichan.forensics import runs, service
from zhichan.forensics.media import results as media_results
from zhichan.forensics.schemas import CaseIn, RunIn
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, clean, refusal, see
from zhichan.http.nav import NavItem
from zhichan.http.pages import pager, render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.jobs import states

page_router = Router(include_in_schema=False)
NAV = [NavItem("技术比对", "/forensics", "forensics.read", order=60)]
LABELS = {"title": "案件名称", "case_number": "案号", "left_id": "左侧证据", "right_id": "右侧证据"}


@page_router.get("/forensics", dependencies=[permit("forensics.read")], response_class=HTMLResponse)
def cases_page(
    request: Request, session: DbSession, principal: SignedIn, window: PageOffset
) -> Response:
    q = request.query_params.get("q") or ""
    cases = service.list_cases(session=session, principal=principal, q=q, limit=PAGE,
                               offset=window.offset)  # fmt: skip
    context = {"page": cases, "q": q} | pager(request, window.offset, PAGE, cases.total)
    return render(request, "forensics/cases.html", context)


#: Cases per page.
PAGE = 50


@page_router.post("/forensics", dependencies=[permit("forensics.write")])
def create_case(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        case_in = CaseIn(**clean(form, "title", "case_number", "note"))
        case = service.create_case(session=session, principal=principal, case_in=case_in)
    except (ZhichanError, ValidationError) as exc:
        return see("/forensics", error=refusal(exc, LABELS)[0])
    return see(f"/forensics/cases/{case.id}", "案件已建立，请上传双方证据")


@page_router.get(
    "/forensics/cases/{case_id}",
    dependencies=[permit("forensics.read")],
    response_class=HTMLResponse,
)
def case_page(case_id: Id, request: Request, session: DbSession, principal: SignedIn) -> Response:
    case = service.get_case(session=session, principal=principal, case_id=case_id)
    context = {
        "case": case,
        "evidence": service.evidence_of(session=session, case_id=case.id),
        "runs": service.runs_of(session=session, case_id=case.id),
        "kinds": runs.KINDS,
        "state_labels": states.LABELS,
        "boilerplate_share": runs.DEFAULTS["code"]["boilerplate_share"],
        "cluster_at": runs.DEFAULTS["folder"]["cluster_at"],
    }
    return render(request, "forensics/case.html", context)


@page_router.post("/forensics/cases/{case_id}/evidence", dependencies=[permit("forensics.write")])
def upload(
    case_id: Id,
    request: Request,
    session: DbSession,
    principal: SignedIn,
    form: Form,
    file: Annotated[UploadFile, File()],
) -> Response:
    here = f"/forensics/cases/{case_id}"
    label = form.get("label")
    try:
        evidence = service.add_evidence(
            session=session,
            principal=principal,
            case_id=case_id,
            stream=file.file,
            filename=file.filename or "evidence",
            label=label if isinstance(label, str) else None,
            data_dir=request.app.state.ctx.settings.data_path,
        )
    except ZhichanError as exc:
        session.rollback()
        return see(here, error=exc.message)
    return see(here, f"已接收证据“{evidence.label}”，SHA-256 {evidence.sha256[:16]}…")


@page_router.post("/forensics/cases/{case_id}/runs", dependencies=[permit("forensics.write")])
def start(
    case_id: Id, request: Request, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    here = f"/forensics/cases/{case_id}"
    fields = clean(
        form,
        "kind",
        "left_id",
        "right_id",
        "base_id",
        "min_similarity",
        "similar_threshold",
        "boilerplate_share",
        "cluster_at",
    )
    try:
        run_in = RunIn(
            **fields,
            ignore_case=form.get("keep_case") != "on",
            ignore_comments=form.get("keep_comments") != "on",
        )
        run = service.create_run(
            session=session, principal=principal, case_id=case_id, run_in=run_in
        )
    except (ZhichanError, ValidationError) as exc:
        return see(here, error=refusal(exc, LABELS)[0])
    session.commit()
    return see(f"/forensics/runs/{run.id}", "比对已开始")


@page_router.get(
    "/forensics/runs/{run_id}", dependencies=[permit("forensics.read")], response_class=HTMLResponse
)
def run_page(run_id: Id, request: Request, session: DbSession, principal: SignedIn) -> Response:
    run = service.get_run(session=session, principal=principal, run_id=run_id)
    case = service.get_case(session=session, principal=principal, case_id=run.case_id)
    names = {e.id: e.label for e in service.evidence_of(session=session, case_id=case.id)}
    live = service.run_read(session=session, run=run)
    context = {"run": run, "live": live, "case": case, "names": names} | _card_words()
    return render(request, "forensics/run.html", context)


def _card_words() -> dict[str, Any]:
    return {
        "kinds": runs.KINDS,
        "summary_labels": media_results.SUMMARY_LABELS,
        "media_inputs": media_results.INPUTS,
    }


@page_router.get(
    "/forensics/runs/{run_id}/card",
    dependencies=[permit("forensics.read")],
    response_class=HTMLResponse,
)
def run_card(run_id: Id, request: Request, session: DbSession, principal: SignedIn) -> Response:
    run = service.get_run(session=session, principal=principal, run_id=run_id)
    live = service.run_read(session=session, run=run)
    return render(request, "forensics/_run.html", {"run": run, "live": live} | _card_words())


@page_router.post("/forensics/runs/{run_id}/verify", dependencies=[permit("forensics.write")])
def verify(run_id: Id, session: DbSession, principal: SignedIn) -> Response:
    try:
        job = service.submit_verify(session=session, principal=principal, run_id=run_id)
    except ZhichanError as exc:
        return see(f"/forensics/runs/{run_id}", error=exc.message)
    return see(f"/jobs/{job.id}", "正在后台核对证据并重跑比对，完成后此页显示结论")
