"""The valuation pages: the organisation's valuations, one patent's scoring with the expert form
and the money methods, one valuation's report, the scenario weights and inventory batches."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, refusal, see, strings
from zhichan.http.nav import NavItem
from zhichan.http.pages import pager, render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.patents import service as patents_service
from zhichan.valuation import catalogue, gates, jobs, money, service
from zhichan.valuation.routes import Number, search_engine
from zhichan.valuation.schemas import IncomeIn
from zhichan.valuation.weights import WeightsIn

page_router = Router(include_in_schema=False)
NAV = [NavItem("专利价值评估", "/valuation", "valuation.read", order=47)]
PAGE = 30
HOME = "/valuation"
#: Form field names, as the form labels them (for refusal messages).
FIELDS = {
    "forecast": "逐年预测",
    "rate": "提成率或分成率",
    "tax": "所得税率",
    "discount": "折现率",
    "justification": "理由",
    "dimensions": "一级权重",
    "note": "调整理由",
}


#: Market-method adjustment factors, by form field.
FACTORS = {
    "tech": "技术",
    "term": "剩余期限",
    "exclusive": "独占性",
    "region": "地域",
    "time": "时间",
}
COST_ITEMS = {"labour": "研发人工", "materials": "材料", "fees": "官费与代理费", "upkeep": "维持费"}
#: Comparable rows a market form may carry (the candidates shown plus the blank ones).
MAX_ROWS = 50


def _patent_path(number: str) -> str:
    return f"/valuation/patents/{quote(number, safe='')}"


@page_router.get("/valuation", dependencies=[permit("valuation.read")], response_class=HTMLResponse)
def home(request: Request, session: DbSession, principal: SignedIn, window: PageOffset) -> Response:
    q = (request.query_params.get("q") or "").strip()[:100] or None
    page = service.history(
        session=session, principal=principal, q=q, limit=PAGE, offset=window.offset
    )
    context = {
        "page": page,
        "q": q,
        "scenarios": catalogue.SCENARIOS,
        "weights": [service.weights_read(session=session, scenario=s) for s in catalogue.SCENARIOS],
        "dims": catalogue.DIMENSIONS,
        "catalogue": catalogue.CATALOGUE,
        "disclaimer": catalogue.DISCLAIMER,
    }
    return render(
        request, "valuation/home.html", context | pager(request, window.offset, PAGE, page.total)
    )


@page_router.post(
    "/valuation/open", dependencies=[permit("valuation.read")], response_class=HTMLResponse
)
def open_patent(session: DbSession, form: Form) -> Response:
    number = str(form.get("number") or "").strip()[:64]
    if not number:
        return see(HOME, error="请填写专利号")
    try:
        found = patents_service.find(session=session, number=number)
    except ZhichanError as exc:
        return see(HOME, error=exc.message)
    return see(_patent_path(found.number))


@page_router.get(
    "/valuation/patents/{number}",
    dependencies=[permit("valuation.read")],
    response_class=HTMLResponse,
)
def patent(request: Request, number: Number, session: DbSession, principal: SignedIn) -> Response:
    p = patents_service.profile(session=session, number=number)
    context = {
        "p": p,
        "experts": {
            e.indicator: e
            for e in service.expert_inputs(session=session, principal=principal, number=p.number)
        },
        "questions": [catalogue.BY_KEY[k] for k in catalogue.EXPERT],
        "history": service.history(session=session, principal=principal, number=p.number, limit=20),
        "scenarios": catalogue.SCENARIOS,
        "remaining": service.remaining_years(p, dates.today()),
        "comparables": service.comparables(session=session, principal=principal, limit=20),
        "factors": FACTORS,
        "cost_items": COST_ITEMS,
        "disclaimer": catalogue.DISCLAIMER,
    }
    return render(request, "valuation/patent.html", context)


@page_router.post(
    "/valuation/patents/{number}/score",
    dependencies=[permit("valuation.score")],
    response_class=HTMLResponse,
)
def score(
    request: Request, number: Number, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        terms = gates.Terms(
            loan_ends=_date(form.get("loan_ends"), "贷款到期日"),
            co_owner_consent=form.get("co_owner_consent") == "1",
            infringement_on=_date(form.get("infringement_on"), "侵权行为日期"),
        )
        v = service.score(
            session=session,
            principal=principal,
            number=number,
            scenario=str(form.get("scenario") or ""),
            today=dates.today(),
            engine=search_engine(request),
            terms=terms,
        )
    except ZhichanError as exc:
        session.rollback()
        return see(_patent_path(number), error=exc.message)
    return see(f"/valuation/{v.id}", "已完成评估")


def _date(raw: object, name: str) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{name}格式应为 年-月-日：{text}") from None


@page_router.post(
    "/valuation/patents/{number}/expert",
    dependencies=[permit("valuation.score")],
    response_class=HTMLResponse,
)
def expert(number: Number, session: DbSession, principal: SignedIn, form: Form) -> Response:
    saved = 0
    try:
        for key in catalogue.EXPERT:
            raw = str(form.get(key) or "").strip()
            if not raw:
                continue
            if not raw.isdigit():
                raise InvalidInput(f"{catalogue.BY_KEY[key].name}应填整数：{raw}")
            service.set_expert(
                session=session,
                principal=principal,
                number=number,
                indicator=key,
                value=int(raw),
                note=str(form.get(f"{key}_note") or "")[:1000] or None,
            )
            saved += 1
    except ZhichanError as exc:
        session.rollback()
        return see(_patent_path(number), error=exc.message)
    if not saved:
        return see(_patent_path(number), error="没有填写任何专家指标")
    return see(_patent_path(number), f"已保存 {saved} 项专家指标；重新评估后计入得分")


@page_router.post(
    "/valuation/patents/{number}/income",
    dependencies=[permit("valuation.score")],
    response_class=HTMLResponse,
)
def income(
    request: Request, number: Number, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        data = IncomeIn(
            method=str(form.get("method") or "royalty"),
            forecast=money.numbers(str(form.get("forecast") or ""), "逐年预测"),
            rate=str(form.get("rate") or ""),  # type: ignore[arg-type]
            tax=str(form.get("tax") or "0.25"),  # type: ignore[arg-type]
            discount=str(form.get("discount") or ""),  # type: ignore[arg-type]
            justification=str(form.get("justification") or "") or None,
        )
        result = service.income(
            session=session, principal=principal, number=number, data=data, today=dates.today()
        )
    except (ZhichanError, ValidationError) as exc:
        message, _status = refusal(exc, FIELDS)
        return see(_patent_path(number), error=message)
    return render(request, "valuation/income.html", {"r": result})


@page_router.get(
    "/valuation/{valuation_id}",
    dependencies=[permit("valuation.read")],
    response_class=HTMLResponse,
)
def report(request: Request, valuation_id: Id, session: DbSession, principal: SignedIn) -> Response:
    v = service.get(session=session, principal=principal, valuation_id=valuation_id)
    return render(
        request,
        "valuation/report.html",
        {"v": v, "dims": catalogue.DIMENSIONS, "patent_path": _patent_path(v.number)},
    )


@page_router.post(
    "/valuation/inventory", dependencies=[permit("valuation.score")], response_class=HTMLResponse
)
def inventory(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        job = jobs.submit_inventory(
            session=session, principal=principal, scenario=str(form.get("scenario") or "management")
        )
    except ZhichanError as exc:
        session.rollback()
        return see(HOME, error=exc.message)
    return see(f"/jobs/{job.id}", "已开始批量评估")


@page_router.post(
    "/valuation/weights", dependencies=[permit("valuation.weights")], response_class=HTMLResponse
)
def weights(session: DbSession, principal: SignedIn, form: Form) -> Response:
    scenario = str(form.get("scenario") or "")
    try:
        dims = {d: float(str(form.get(f"w_{d}") or "0")) for d in catalogue.DIMENSIONS}
        data = WeightsIn(dimensions=dims, note=str(form.get("note") or ""))
        got = service.publish_weights(
            session=session, principal=principal, scenario=scenario, data=data
        )
    except ValueError as exc:
        session.rollback()
        message = refusal(exc, FIELDS)[0] if isinstance(exc, ValidationError) else "权重应为数字"
        return see(HOME, error=message)
    except ZhichanError as exc:
        session.rollback()
        return see(HOME, error=exc.message)
    return see(HOME, f"已发布{got.version_label}")


@page_router.post(
    "/valuation/patents/{number}/market",
    dependencies=[permit("valuation.score")],
    response_class=HTMLResponse,
)
def market(
    request: Request, number: Number, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        chosen = sorted({int(v) for v in strings(form, "use") if v.isdigit() and int(v) < MAX_ROWS})
        if not chosen:
            raise InvalidInput("请勾选至少一个可比交易")
        comparables = []
        for i in chosen:
            ref = str(form.get(f"c{i}_ref") or "").strip()[:200] or f"第 {i + 1} 行"
            factors = {
                label: money.number(form.get(f"c{i}_{key}") or "1", f"{ref}的{label}系数")
                for key, label in FACTORS.items()
            }
            price = money.number(form.get(f"c{i}_price"), f"{ref}的价格")
            comparables.append(money.Comparable(ref, price, factors))
        result = service.market(
            session=session, principal=principal, number=number, comparables=comparables
        )
    except ZhichanError as exc:
        return see(_patent_path(number), error=exc.message)
    return render(request, "valuation/money.html", {"r": result})


@page_router.post(
    "/valuation/patents/{number}/cost",
    dependencies=[permit("valuation.score")],
    response_class=HTMLResponse,
)
def cost(
    request: Request, number: Number, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        items = {
            label: money.number(form.get(key), label)
            for key, label in COST_ITEMS.items()
            if str(form.get(key) or "").strip()
        }
        if not items:
            raise InvalidInput("请至少填写一项成本")
        result = service.cost(
            session=session,
            principal=principal,
            number=number,
            items=items,
            elapsed_years=money.number(form.get("elapsed_years"), "已使用年数"),
            life_years=money.number(form.get("life_years"), "经济寿命"),
        )
    except ZhichanError as exc:
        return see(_patent_path(number), error=exc.message)
    return render(request, "valuation/money.html", {"r": result})
