"""Public HTML pages of open licensing: catalogue, gazette, declaration page, fee helper.

The signed-in workspaces (patentee, licensee, office) are in :mod:`.workspace`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from zhichan.accounts.deps import CurrentPrincipal, permit
from zhichan.core import inputs
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.licensing import catalogue, forms, mediation_views, service, workspace
from zhichan.licensing.context import common, declaration_context
from zhichan.licensing.declarations import helper
from zhichan.licensing.schemas import HelperIn

page_router = Router(include_in_schema=False)
page_router.include_router(workspace.router)
page_router.include_router(mediation_views.router)

NAV = [
    NavItem("开放许可", "/licensing", "licensing.read", order=30),
    NavItem("我的开放许可", "/licensing/mine", "licensing.mine", order=31),
    NavItem("开放许可审查", "/licensing/office", "licensing.office", order=32),
]


def _query(request: Request) -> catalogue.Query:
    p = request.query_params
    return catalogue.Query(
        q=p.get("q", ""),
        field=p.get("field", ""),
        ipc=p.get("ipc", ""),
        region=p.get("region", ""),
        patentee=p.get("patentee", ""),
        fee_kind=p.get("fee_kind", ""),
        max_fixed=inputs.money(p.get("max_fixed")),
        max_rate=inputs.money(p.get("max_rate")),
        scope=p.get("scope") or "in_effect",
    )


@page_router.get("/licensing", dependencies=[permit("licensing.read")], response_class=HTMLResponse)
def catalogue_page(
    request: Request, session: DbSession, principal: CurrentPrincipal, window: PageOffset
) -> Response:
    error, page = None, None
    offset = window.offset
    try:
        page = catalogue.search(session=session, query=_query(request), limit=30, offset=offset)
    except ZhichanError as exc:
        error = exc.message
    params = {k: v for k, v in request.query_params.items() if k != "offset"}
    return render(
        request,
        "licensing/catalogue.html",
        common()
        | {
            "page": page,
            "error": error,
            "p": params,
            "qs": urlencode(params),
            "offset": offset,
            "scopes": catalogue.SCOPES,
        },
    )


@page_router.get(
    "/licensing/gazette", dependencies=[permit("licensing.read")], response_class=HTMLResponse
)
def gazette_page(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    year = request.query_params.get("year")
    entries = catalogue.gazette(
        session=session, year=int(year) if year and year.isdigit() else None
    )
    return render(request, "licensing/gazette.html", {"entries": entries, "year": year or ""})


@page_router.get(
    "/licensing/declarations/{declaration_id}",
    dependencies=[permit("licensing.read")],
    response_class=HTMLResponse,
)
def declaration_page(
    request: Request, declaration_id: Id, session: DbSession, principal: CurrentPrincipal
) -> Response:
    decl = service.get_declaration(
        session=session, principal=principal, declaration_id=declaration_id
    )
    context = declaration_context(session, principal, decl)
    context["error"] = request.query_params.get("error")
    context["notice"] = request.query_params.get("notice")
    return render(request, "licensing/declaration.html", context)


@page_router.get(
    "/licensing/helper", dependencies=[permit("licensing.read")], response_class=HTMLResponse
)
def helper_page(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    p = dict(request.query_params)
    result, error = None, None
    if p:
        try:
            data = HelperIn.model_validate({k: v for k, v in p.items() if v.strip()})
            result = helper.estimate(session=session, data=data)
        except ValidationError as exc:
            error = forms.validation_message(exc)
    return render(request, "licensing/helper.html", {"p": p, "result": result, "error": error})
