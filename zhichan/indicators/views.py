"""The office's indicators pages: figures by province against the plan targets, the verdicts
behind a figure, one patent's evidence, and the inputs, parameters and computation."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Request, UploadFile
from fastapi import Form as FormValue
from fastapi.responses import HTMLResponse, Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, see
from zhichan.http.nav import NavItem
from zhichan.http.pages import pager, render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.indicators import criteria, figures, inputs, jobs, service
from zhichan.indicators.routes import Number, figures_of, read_upload

page_router = Router(include_in_schema=False)
NAV = [NavItem("指标与高价值专利", "/indicators", "indicators.read", order=45)]
PAGE = 50
HOME = "/indicators"


@page_router.get(
    "/indicators", dependencies=[permit("indicators.read")], response_class=HTMLResponse
)
def home(request: Request, session: DbSession, principal: SignedIn) -> Response:
    context = {
        "f": figures_of(request, session),
        "params": service.parameter_list(session=session),
        "operations": service.operations(session=session, principal=principal),
        "loads": service.loads(session=session),
        "layouts": {
            k: (label, [c.header for c in cols]) for k, (label, cols) in inputs.LAYOUTS.items()
        },
        "criteria_labels": criteria.CRITERIA,
        "national": figures.NATIONAL,
    }
    return render(request, "indicators/home.html", context)


@page_router.get(
    "/indicators/patents", dependencies=[permit("indicators.read")], response_class=HTMLResponse
)
def patents(
    request: Request, session: DbSession, principal: SignedIn, window: PageOffset
) -> Response:
    p = request.query_params
    region, verdict, criterion = (
        p.get("region") or None,
        p.get("verdict") or None,
        p.get("criterion") or None,
    )
    if verdict not in (None, *service.VERDICTS) or criterion not in (None, *criteria.CRITERIA):
        verdict, criterion = None, None
    disagree = p.get("disagree") == "1"
    page = service.results(
        session=session,
        region=region,
        verdict=verdict,
        criterion=criterion,
        disagree=disagree,
        limit=PAGE,
        offset=window.offset,
    )
    context = {
        "page": page,
        "disagree": disagree,
        "region": region,
        "verdict": verdict,
        "criterion": criterion,
        "verdicts": service.VERDICTS,
        "criteria_labels": criteria.CRITERIA,
    }
    return render(
        request,
        "indicators/patents.html",
        context | pager(request, window.offset, PAGE, page.total),
    )


@page_router.get(
    "/indicators/patents/{number}",
    dependencies=[permit("indicators.read")],
    response_class=HTMLResponse,
)
def evidence(request: Request, number: Number, session: DbSession, principal: SignedIn) -> Response:
    e = service.evidence(session=session, number=number)
    return render(request, "indicators/evidence.html", {"e": e})


@page_router.post(
    "/indicators/loads", dependencies=[permit("indicators.manage")], response_class=HTMLResponse
)
async def load(
    session: DbSession,
    principal: SignedIn,
    kind: Annotated[str, FormValue()],
    file: Annotated[UploadFile, File()],
) -> Response:
    try:
        data = await read_upload(file)
        done = service.load_file(
            session=session,
            principal=principal,
            kind=kind,
            filename=file.filename or "upload",
            data=data,
        )
    except ZhichanError as exc:
        session.rollback()
        return see(HOME, error=exc.message)
    return see(HOME, f"已导入{done.kind_label} {done.rows} 行；重新计算后计入指标")


@page_router.post(
    "/indicators/loads/{load_id}/delete",
    dependencies=[permit("indicators.manage")],
    response_class=HTMLResponse,
)
def delete_load(load_id: Id, session: DbSession, principal: SignedIn) -> Response:
    try:
        service.delete_load(session=session, principal=principal, load_id=load_id)
    except ZhichanError as exc:
        session.rollback()
        return see(HOME, error=exc.message)
    return see(HOME, "已删除该次导入；重新计算后生效")


@page_router.post(
    "/indicators/parameters",
    dependencies=[permit("indicators.manage")],
    response_class=HTMLResponse,
)
def set_parameter(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        service.set_parameter(
            session=session,
            principal=principal,
            key=str(form.get("key") or ""),
            value=str(form.get("value") or ""),
            note=str(form.get("note") or "") or None,
        )
    except ZhichanError as exc:
        session.rollback()
        return see(HOME, error=exc.message)
    return see(HOME, "参数已保存（已记入审计日志）；重新计算后生效")


@page_router.post(
    "/indicators/compute", dependencies=[permit("indicators.manage")], response_class=HTMLResponse
)
def compute(session: DbSession, principal: SignedIn) -> Response:
    job = jobs.submit(session=session, principal=principal)
    session.commit()
    return see(f"/jobs/{job.id}", "指标计算已在后台开始")
