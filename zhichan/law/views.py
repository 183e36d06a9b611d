"""HTML pages of the law domain: statute browser, ask page, calculators."""

from __future__ import annotations

import html
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from zhichan.accounts.deps import CurrentPrincipal, permit
from zhichan.core import inputs
from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.http.deps import DbSession, get_ctx
from zhichan.http.nav import NavItem
from zhichan.http.pages import render
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.law import corpus, deadlines, questions, service, terms
from zhichan.law import damages as damages_mod
from zhichan.law.routes import model_of
from zhichan.law.schemas import ArticleRead, LinkRead

page_router = Router(include_in_schema=False)

NAV = [
    NavItem("法律法规", "/law", "law.read", order=20),
    NavItem("期限计算", "/law/calculators", "law.read", order=21),
]
MODES = {"hybrid": "混合（关键词 + 语义）", "bm25": "关键词", "semantic": "语义"}
RANK_LABELS = {
    "bm25_article": "关键词·全条",
    "bm25_passage": "关键词·单款",
    "sem_article": "语义·全条",
    "sem_passage": "语义·单款",
}
DEADLINE_LABELS = {k: v.label for k, v in deadlines.KINDS.items()} | {"reply": "答复审查意见通知书"}
TERM_LABELS = {
    "invention": "发明专利",
    "utility_model": "实用新型专利",
    "design": "外观设计专利",
    "natural": "自然人作品（含合作作品）",
    "legal_person": "法人或非法人组织作品、职务作品",
    "audiovisual": "视听作品",
    "software_natural": "软件（自然人）",
    "software_legal": "软件（单位）",
    "layout": "版式设计",
    "performance": "表演者权",
    "recording": "录音录像制品",
    "broadcast": "广播电视",
    "moral": "署名权、修改权、保护作品完整权",
}
LAW_LABELS = {"patent": "专利法", "copyright": "著作权法", "trademark": "商标法"}


def linked(text: str, links: list[LinkRead]) -> Markup:
    """Statute text with its cross-references turned into links to the cited articles."""
    spans = sorted(
        (lk for lk in links if lk.target_id and text[lk.start : lk.end] == lk.text),
        key=lambda lk: lk.start,
    )
    out, pos = [], 0
    for lk in spans:
        if lk.start < pos:
            continue
        out.append(html.escape(text[pos : lk.start]))
        title = html.escape(lk.target or "")
        out.append(
            f'<a href="/law/articles/{lk.target_id}" title="{title}">{html.escape(lk.text)}</a>'
        )
        pos = lk.end
    out.append(html.escape(text[pos:]))
    return Markup("".join(out))


def _article_context(art: ArticleRead, focus: int | None = None) -> dict[str, Any]:
    return {"a": art, "linked": linked, "focus": focus}


@page_router.get("/law", dependencies=[permit("law.read")], response_class=HTMLResponse)
def law_home(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    listing = service.instruments(session=session)
    by_level = {level: [i for i in listing if i.level == level] for level in corpus.LEVELS}
    return render(
        request, "law/home.html", {"by_level": by_level, "modes": MODES, "levels": corpus.LEVELS}
    )


@page_router.get("/law/ask", dependencies=[permit("law.read")], response_class=HTMLResponse)
def ask_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    q: str = "",
    mode: str = "hybrid",
    level: str = "",
) -> Response:
    result, error = None, None
    try:
        if q.strip():
            ctx = get_ctx(request)
            result = questions.ask_question(
                session=session,
                question=q,
                data_dir=ctx.settings.data_path,
                model=model_of(request),
                analyser=ctx.settings.search_analyser,
                mode=mode,
                level=level or None,
            )
    except ZhichanError as exc:
        error = exc.message
    return render(
        request,
        "law/ask.html",
        {
            "q": q,
            "mode": mode,
            "level": level,
            "result": result,
            "error": error,
            "modes": MODES,
            "levels": corpus.LEVELS,
            "rank_labels": RANK_LABELS,
        },
        status_code=422 if error else 200,
    )


@page_router.get(
    "/law/instruments/{instrument_id}",
    dependencies=[permit("law.read")],
    response_class=HTMLResponse,
)
def instrument_page(
    request: Request, instrument_id: Id, session: DbSession, principal: CurrentPrincipal
) -> Response:
    inst = service.instrument(session=session, instrument_id=instrument_id)
    headings: list[tuple[int, str, int]] = []  # (depth, heading, first article id)
    seen: set[tuple[str, ...]] = set()
    for art in inst.articles:
        for depth in range(1, len(art.path) + 1):
            key = tuple(art.path[:depth])
            if key not in seen:
                seen.add(key)
                headings.append((depth, art.path[depth - 1], art.id))
    return render(
        request, "law/instrument.html", {"inst": inst, "headings": headings, "linked": linked}
    )


@page_router.get(
    "/law/articles/{article_id}", dependencies=[permit("law.read")], response_class=HTMLResponse
)
def article_page(
    request: Request,
    article_id: Id,
    session: DbSession,
    principal: CurrentPrincipal,
    p: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> Response:
    art = service.article(session=session, article_id=article_id)
    focus = p if p is not None and any(x.number == p for x in art.paragraphs) else None
    return render(request, "law/article.html", _article_context(art, focus))


def _calculate(calc: str, p: dict[str, str]) -> dict[str, Any]:
    if calc == "deadline":
        start = inputs.day(p.get("start"))
        if start is None:
            raise InvalidInput("请填写起算日")
        return asdict(
            deadlines.compute(p.get("kind", ""), start, months=inputs.whole(p.get("months")))
        )
    if calc == "term":
        return asdict(
            terms.term_for(
                p.get("kind", ""),
                filing=inputs.day(p.get("filing")),
                grant=inputs.day(p.get("grant")),
                exam_request=inputs.day(p.get("exam_request")),
                applicant_delay_days=inputs.whole(p.get("applicant_delay")) or 0,
                drug_approval=inputs.day(p.get("drug_approval")),
                death_year=inputs.whole(p.get("death_year")),
                created_year=inputs.whole(p.get("created_year")),
                published_year=inputs.whole(p.get("published_year")),
                event_year=inputs.whole(p.get("event_year")),
            )
        )
    if calc == "damages":
        return asdict(
            damages_mod.damages(
                p.get("law", ""),
                actual_loss=inputs.money(p.get("loss")),
                infringer_gain=inputs.money(p.get("gain")),
                licence_fee=inputs.money(p.get("licence_fee")),
                licence_multiple=inputs.money(p.get("multiple")) or Decimal(1),
                intentional=p.get("intentional") == "on",
                serious=p.get("serious") == "on",
                expenses=inputs.money(p.get("expenses")) or Decimal(0),
            )
        )
    raise InvalidInput(f"未知的计算器：{calc}")


@page_router.get("/law/calculators", dependencies=[permit("law.read")], response_class=HTMLResponse)
def calculators(request: Request, principal: CurrentPrincipal, calc: str = "") -> Response:
    params = dict(request.query_params)
    result, error = None, None
    if calc:
        try:
            result = _calculate(calc, params)
        except ZhichanError as exc:
            error = exc.message
    return render(
        request,
        "law/calculators.html",
        {
            "calc": calc,
            "p": params,
            "result": result,
            "error": error,
            "deadline_labels": DEADLINE_LABELS,
            "term_labels": TERM_LABELS,
            "law_labels": LAW_LABELS,
        },
        status_code=422 if error else 200,
    )
