"""The valuation API: score a patent for a scenario, expert indicators, money methods, the
organisation's valuations and their reports, the scenario weights and inventory batches."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request
from fastapi.responses import Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.paging import Page
from zhichan.http import downloads
from zhichan.http.deps import DbSession
from zhichan.http.params import Id, Paging
from zhichan.http.routing import Router
from zhichan.search.service import SearchEngine
from zhichan.valuation import catalogue, export, gates, jobs, money, service
from zhichan.valuation.schemas import (
    ComparableRead,
    CostIn,
    ExpertIn,
    ExpertRead,
    IncomeIn,
    IncomeRead,
    MarketIn,
    MoneyRead,
    ScoreIn,
    ValuationRead,
    ValuationRow,
    WeightsRead,
)
from zhichan.valuation.weights import WeightsIn

api_router = Router(prefix="/api/valuation", tags=["valuation"])
Number = Annotated[str, Path(max_length=64, description="公开（公告）号或申请号")]
Scenario = Annotated[str, Path(max_length=16, description="场景代码或中文名")]


def search_engine(request: Request) -> SearchEngine | None:
    engine: SearchEngine | None = getattr(request.app.state, "search", None)
    return engine


@api_router.get(
    "/catalogue",
    dependencies=[permit("valuation.read")],
    summary="指标目录：维度、公式、来源框架与假设",
)
def indicator_catalogue() -> list[dict[str, str | None]]:
    return [
        {
            "key": i.key,
            "dimension": catalogue.DIMENSIONS[i.dimension],
            "name": i.name,
            "source_kind": i.source_kind,
            "framework": i.framework,
            "formula": i.formula,
            "assumption": i.assumption,
            "question": i.question,
            "scale": i.scale,
        }
        for i in catalogue.CATALOGUE
    ]


@api_router.post(
    "/patents/{number}/score",
    status_code=201,
    dependencies=[permit("valuation.score")],
    response_model=ValuationRead,
    summary="按场景评估一件专利（保存结果）",
)
def score(
    request: Request, number: Number, data: ScoreIn, session: DbSession, principal: SignedIn
) -> ValuationRead:
    terms = gates.Terms(data.loan_ends, data.co_owner_consent, data.infringement_on)
    return service.score(
        session=session,
        principal=principal,
        number=number,
        scenario=data.scenario,
        today=dates.today(),
        engine=search_engine(request),
        terms=terms,
    )


@api_router.get(
    "/patents/{number}/expert",
    dependencies=[permit("valuation.read")],
    response_model=list[ExpertRead],
    summary="本机构填写的专家指标",
)
def expert_list(number: Number, session: DbSession, principal: SignedIn) -> list[ExpertRead]:
    return service.expert_inputs(session=session, principal=principal, number=number)


@api_router.put(
    "/patents/{number}/expert",
    dependencies=[permit("valuation.score")],
    response_model=list[ExpertRead],
    summary="填写一项专家指标（记入审计日志）",
)
def expert_set(
    number: Number, data: ExpertIn, session: DbSession, principal: SignedIn
) -> list[ExpertRead]:
    return service.set_expert(
        session=session,
        principal=principal,
        number=number,
        indicator=data.indicator,
        value=data.value,
        note=data.note,
    )


@api_router.post(
    "/patents/{number}/income",
    dependencies=[permit("valuation.score")],
    response_model=IncomeRead,
    summary="收益法：提成率或利润分成，含敏感性分析",
)
def income(number: Number, data: IncomeIn, session: DbSession, principal: SignedIn) -> IncomeRead:
    return service.income(
        session=session, principal=principal, number=number, data=data, today=dates.today()
    )


@api_router.post(
    "/patents/{number}/market",
    dependencies=[permit("valuation.score")],
    response_model=MoneyRead,
    summary="市场法：可比交易价格 × 调整系数",
)
def market(number: Number, data: MarketIn, session: DbSession, principal: SignedIn) -> MoneyRead:
    found = [money.Comparable(c.ref, c.price, c.factors) for c in data.comparables]
    return service.market(session=session, principal=principal, number=number, comparables=found)


@api_router.post(
    "/patents/{number}/cost",
    dependencies=[permit("valuation.score")],
    response_model=MoneyRead,
    summary="成本法（作为下限参考）",
)
def cost(number: Number, data: CostIn, session: DbSession, principal: SignedIn) -> MoneyRead:
    return service.cost(
        session=session,
        principal=principal,
        number=number,
        items=data.items,
        elapsed_years=data.elapsed_years,
        life_years=data.life_years,
    )


@api_router.get(
    "/comparables",
    dependencies=[permit("valuation.read")],
    response_model=list[ComparableRead],
    summary="本平台有金额的交易与许可（市场法可比交易候选）",
)
def comparables(
    session: DbSession, principal: SignedIn, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[ComparableRead]:
    return service.comparables(session=session, principal=principal, limit=limit)


@api_router.get(
    "/weights/{scenario}",
    dependencies=[permit("valuation.read")],
    response_model=WeightsRead,
    summary="场景现行权重及版本",
)
def weights_get(scenario: Scenario, session: DbSession) -> WeightsRead:
    return service.weights_read(session=session, scenario=scenario)


@api_router.put(
    "/weights/{scenario}",
    dependencies=[permit("valuation.weights")],
    response_model=WeightsRead,
    summary="发布场景权重新版本（记入审计日志）",
)
def weights_put(
    scenario: Scenario, data: WeightsIn, session: DbSession, principal: SignedIn
) -> WeightsRead:
    return service.publish_weights(
        session=session, principal=principal, scenario=scenario, data=data
    )


@api_router.post(
    "/inventory",
    status_code=202,
    dependencies=[permit("valuation.score")],
    summary="批量评估本单位盘点表中的全部专利（后台任务）",
)
def inventory(
    session: DbSession,
    principal: SignedIn,
    scenario: Annotated[str, Query(max_length=16)] = "management",
) -> dict[str, int]:
    job = jobs.submit_inventory(session=session, principal=principal, scenario=scenario)
    return {"job_id": job.id}


@api_router.get(
    "",
    dependencies=[permit("valuation.read")],
    response_model=Page[ValuationRow],
    summary="本机构的估值记录",
)
def valuations(
    session: DbSession,
    principal: SignedIn,
    paging: Paging,
    number: Annotated[str | None, Query(max_length=64)] = None,
    scenario: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[ValuationRow]:
    return service.history(
        session=session,
        principal=principal,
        number=number,
        scenario=scenario,
        q=q,
        limit=paging.limit,
        offset=paging.offset,
    )


@api_router.get(
    "/{valuation_id}",
    dependencies=[permit("valuation.read")],
    response_model=ValuationRead,
    summary="一次估值：得分、硬性条件与每项指标的依据",
)
def valuation(valuation_id: Id, session: DbSession, principal: SignedIn) -> ValuationRead:
    return service.get(session=session, principal=principal, valuation_id=valuation_id)


@api_router.get(
    "/{valuation_id}/report.pdf", dependencies=[permit("valuation.read")], summary="估值报告（PDF）"
)
def report_pdf(valuation_id: Id, session: DbSession, principal: SignedIn) -> Response:
    v = service.get(session=session, principal=principal, valuation_id=valuation_id)
    return downloads.download(export.pdf(v), f"估值报告-{v.number}.pdf", "valuation.pdf")


@api_router.get(
    "/{valuation_id}/report.docx",
    dependencies=[permit("valuation.read")],
    summary="估值报告（Word）",
)
def report_docx(valuation_id: Id, session: DbSession, principal: SignedIn) -> Response:
    v = service.get(session=session, principal=principal, valuation_id=valuation_id)
    return downloads.download(export.docx(v), f"估值报告-{v.number}.docx", "valuation.docx")
