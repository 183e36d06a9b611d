"""HTML pages of the search domain: the search page and the query-language help."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.routing import Router
from zhichan.search import service, syntax
from zhichan.search.engine import SORTS
from zhichan.search.routes import engine_of, sets_of
from zhichan.search.schemas import SavedQueryIn

page_router = Router(include_in_schema=False)

NAV = [
    NavItem("专利检索", "/search", "search.query", order=5),
    NavItem("检索语法", "/search/help", "search.query", order=6),
]
FACET_TITLES = {
    "year": "申请年",
    "pt": "专利类型",
    "ipc_sc": "IPC 小类",
    "pa_raw": "申请人",
    "ls": "法律状态",
    "prov": "省份",
}
SORT_LABELS = {
    "relevance": "相关度",
    "ad_desc": "申请日（新→旧）",
    "ad_asc": "申请日（旧→新）",
    "pd_desc": "公开日（新→旧）",
    "pd_asc": "公开日（旧→新）",
}
MODE_LABELS = {
    "bool": "检索式 / 关键词",
    "semantic": "语义（粘贴一段文字）",
    "hybrid": "混合（关键词 + 语义）",
}
EXAMPLES = [
    ("TI=(锂电池 AND 隔膜)", "标题同时含“锂电池”和“隔膜”"),
    ("IPC=H01M*", "IPC 以 H01M 开头（H01M 小类下全部）"),
    ("IPC=H01M10/052", "IPC 恰为 H01M10/052"),
    ("AD>=2020-01-01", "申请日在 2020 年 1 月 1 日及以后"),
    ("AD=2019..2021 AND PT=发明", "2019–2021 年申请的发明专利"),
    ("PA=(清华大学 OR 浙江大学)", "申请人含清华大学或浙江大学"),
    ("TX=石墨烯 NOT LS=失效", "标题、摘要或权利要求含“石墨烯”，且法律状态不是失效"),
    ('TI="lithium ion battery"', "英文短语（词形还原：复数形式也能命中）"),
    ("AB=batter*", "英文前缀通配"),
    ("PN=CN118866379", "公开号（可省略文献类型代码）"),
    ("一种锂电池隔膜的制备方法", "不带字段和运算符：自由文本，按 BM25 相关度排序"),
]


def _links(form: dict[str, object]) -> dict[str, object]:
    """Links that keep the current query: facet clicks, paging, exports."""
    chosen: dict[str, str] = form["chosen"]  # type: ignore[assignment]
    base = [(k, str(form[k])) for k in ("q", "mode", "sort", "like") if form.get(k)]

    def url(**changes: object) -> str:
        params = list(base)
        filters = dict(chosen)
        filters.update({k: str(v) for k, v in changes.pop("add", {}).items()})  # type: ignore[attr-defined]
        for k in changes.pop("drop", ()):  # type: ignore[attr-defined]
            filters.pop(k, None)
        params += [("filter", f"{k}:{v}") for k, v in filters.items()]
        params += [(k, str(v)) for k, v in changes.items()]
        return "/search?" + urlencode(params)

    export = "/api/search/export?" + urlencode(
        base + [("filter", f"{k}:{v}") for k, v in chosen.items()]
    )
    return {"url": url, "export": export}


def _render(
    request: Request,
    saved: list[object],
    form: dict[str, object],
    result: object = None,
    error: ZhichanError | None = None,
) -> Response:
    return render(
        request,
        "search/search.html",
        form
        | {
            "result": result,
            "error": error,
            "saved": saved,
            "fields": syntax.FIELDS,
            "facet_titles": FACET_TITLES | {k: s.label for k, s in sets_of(request).items()},
            "sorts": {k: SORT_LABELS[k] for k in SORTS},
            "modes": MODE_LABELS,
            "status": service.status(
                engine=engine_of(request), factory=request.app.state.ctx.session_factory
            ),
        }
        | _links(form),
        status_code=422 if error else 200,
    )


@page_router.get("/search", dependencies=[permit("search.query")], response_class=HTMLResponse)
def search_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    q: str = "",
    mode: str = "bool",
    sort: str = "relevance",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    filters: Annotated[list[str], Query(alias="filter")] = [],  # noqa: B006
    like: str | None = None,
    saved_as: Annotated[str | None, Query(alias="saved")] = None,
) -> Response:
    result, error, chosen = None, None, {}
    try:
        chosen = service.parse_filters(filters)
        if q.strip() or like or chosen:
            result = service.search(
                session=session,
                engine=engine_of(request),
                q=q,
                mode=mode,
                page=page,
                size=20,
                sort=sort,
                filters=chosen,
                like=like,
                sets=sets_of(request),
                principal=principal,
            )
    except ZhichanError as exc:
        error = exc
    saved = service.saved_queries(session=session, principal=principal) if principal else []
    form = {
        "q": q,
        "mode": mode,
        "sort": sort,
        "page": page,
        "like": like,
        "chosen": chosen,
        "saved_as": saved_as,
        "by_meaning": mode == "bool" and _describes(q),
    }
    return _render(request, list(saved), form, result, error)


def _describes(q: str) -> bool:
    """English or several words without field syntax: a description, which the semantic and
    hybrid modes read by meaning (keyword mode matches the words only)."""
    text = q.strip()
    return bool(text) and "=" not in text and (text.isascii() or len(text) >= 12)


@page_router.post(
    "/search/saved", dependencies=[permit("search.saved")], response_class=HTMLResponse
)
def save_page(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    name: Annotated[str, Form()],
    q: Annotated[str, Form()],
    mode: Annotated[str, Form()] = "bool",
    sort: Annotated[str, Form()] = "relevance",
) -> Response:
    try:
        data = SavedQueryIn(name=name, query=q, mode=mode, sort=sort)  # type: ignore[arg-type]
        service.save_query(session=session, principal=principal, data=data)
    except ZhichanError as exc:
        form = {
            "q": q,
            "mode": mode,
            "sort": sort,
            "page": 1,
            "like": None,
            "chosen": {},
            "saved_as": None,
        }
        return _render(request, [], form, None, exc)
    params = urlencode({"q": q, "mode": mode, "sort": sort, "saved": name})
    return RedirectResponse("/search?" + params, status_code=303)


@page_router.get("/search/help", dependencies=[permit("search.query")], response_class=HTMLResponse)
def help_page(request: Request) -> Response:
    return render(request, "search/help.html", {"fields": syntax.FIELDS, "examples": EXAMPLES})
