"""JSON API of the licensing domain under ``/api/licensing``."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.responses import Response

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.core import dates
from zhichan.http.deps import DbSession
from zhichan.http.params import Id, OrgId, Paging
from zhichan.http.routing import Router
from zhichan.licensing import catalogue, licences, mediation, service, stats
from zhichan.licensing.declarations import helper
from zhichan.licensing.schemas import (
    CataloguePage,
    CheckRead,
    DeclarationIn,
    DeclarationRead,
    FeeReductionRead,
    FilingIn,
    HelperIn,
    HelperRead,
    LicenceIn,
    LicenceRead,
    MediationDecisionIn,
    MediationIn,
    MediationRead,
    OutcomeIn,
    PaymentIn,
    ReportIn,
    SessionIn,
    StatsRead,
    TransitionIn,
)

api_router = Router(prefix="/api/licensing", tags=["licensing"])


def catalogue_query(
    q: str = "",
    field: str = "",
    ipc: str = "",
    region: str = "",
    patentee: str = "",
    fee_kind: Annotated[str, Query(pattern="^(|fixed|sales|profit|combination)$")] = "",
    max_fixed: Decimal | None = None,
    max_rate: Decimal | None = None,
    scope: Annotated[str, Query(pattern="^(in_effect|withdrawn|all)$")] = "in_effect",
) -> catalogue.Query:
    return catalogue.Query(q, field, ipc, region, patentee, fee_kind, max_fixed, max_rate, scope)


CatalogueQuery = Annotated[catalogue.Query, Depends(catalogue_query)]


@api_router.get(
    "/declarations",
    dependencies=[permit("licensing.mine")],
    response_model=list[DeclarationRead],
    summary="本机构的声明或审查队列",
)
def list_declarations(
    session: DbSession,
    principal: SignedIn,
    scope: Annotated[str, Query(pattern="^(mine|office)$")] = "mine",
    status: str | None = None,
) -> list[DeclarationRead]:
    return service.list_declarations(
        session=session, principal=principal, scope=scope, status=status
    )


@api_router.post(
    "/declarations",
    dependencies=[permit("licensing.declare")],
    response_model=DeclarationRead,
    status_code=201,
    summary="起草开放许可声明",
)
def create_declaration(
    data: DeclarationIn, session: DbSession, principal: SignedIn, org_id: OrgId = None
) -> DeclarationRead:
    return service.create_declaration(
        session=session, principal=principal, data=data, org_id=org_id
    )


@api_router.get(
    "/declarations/{declaration_id}",
    dependencies=[permit("licensing.read")],
    response_model=DeclarationRead,
    summary="声明详情",
)
def get_declaration(
    declaration_id: Id, session: DbSession, principal: CurrentPrincipal
) -> DeclarationRead:
    return service.get_declaration(
        session=session, principal=principal, declaration_id=declaration_id
    )


@api_router.put(
    "/declarations/{declaration_id}",
    dependencies=[permit("licensing.declare")],
    response_model=DeclarationRead,
    summary="修改草稿",
)
def update_declaration(
    declaration_id: Id, data: DeclarationIn, session: DbSession, principal: SignedIn
) -> DeclarationRead:
    return service.update_declaration(
        session=session, principal=principal, declaration_id=declaration_id, data=data
    )


@api_router.get(
    "/declarations/{declaration_id}/check",
    dependencies=[permit("licensing.read")],
    response_model=CheckRead,
    summary="逐条检查（含依据）",
)
def check_declaration(
    declaration_id: Id, session: DbSession, principal: CurrentPrincipal
) -> CheckRead:
    return service.check_declaration(
        session=session, principal=principal, declaration_id=declaration_id, today=dates.today()
    )


@api_router.post(
    "/declarations/{declaration_id}/transitions",
    dependencies=[permit("licensing.declare")],
    response_model=DeclarationRead,
    summary="状态流转：submit / recall / approve / reject / revise / publish / "
    "request_withdrawal / announce_withdrawal",
)
def transition(
    declaration_id: Id, step_in: TransitionIn, session: DbSession, principal: SignedIn
) -> DeclarationRead:
    return service.transition(
        session=session,
        principal=principal,
        declaration_id=declaration_id,
        step_in=step_in,
        today=dates.today(),
    )


@api_router.post(
    "/declarations/{declaration_id}/licences",
    dependencies=[permit("licensing.license")],
    response_model=LicenceRead,
    status_code=201,
    summary="书面通知并付费，取得开放许可",
)
def take_licence(
    declaration_id: Id,
    data: LicenceIn,
    session: DbSession,
    principal: SignedIn,
    licensee_org_id: OrgId = None,
) -> LicenceRead:
    return licences.take_licence(
        session=session,
        principal=principal,
        declaration_id=declaration_id,
        data=data,
        today=dates.today(),
        licensee_org_id=licensee_org_id,
    )


@api_router.get(
    "/licences",
    dependencies=[permit("licensing.mine")],
    response_model=list[LicenceRead],
    summary="本机构的许可（或全部）",
)
def list_licences(
    session: DbSession,
    principal: SignedIn,
    scope: Annotated[str, Query(pattern="^(mine|all)$")] = "mine",
) -> list[LicenceRead]:
    return licences.list_licences(session=session, principal=principal, scope=scope)


@api_router.get(
    "/licences/{licence_id}",
    dependencies=[permit("licensing.mine")],
    response_model=LicenceRead,
    summary="许可详情",
)
def get_licence(licence_id: Id, session: DbSession, principal: SignedIn) -> LicenceRead:
    return licences.get_licence(session=session, principal=principal, licence_id=licence_id)


@api_router.post(
    "/licences/{licence_id}/payments",
    dependencies=[permit("licensing.license")],
    response_model=LicenceRead,
    summary="补缴费用",
)
def pay(licence_id: Id, data: PaymentIn, session: DbSession, principal: SignedIn) -> LicenceRead:
    return licences.pay(session=session, principal=principal, licence_id=licence_id, data=data)


@api_router.post(
    "/licences/{licence_id}/filing",
    dependencies=[permit("licensing.license")],
    response_model=LicenceRead,
    summary="许可备案",
)
def file_licence(
    licence_id: Id, data: FilingIn, session: DbSession, principal: SignedIn
) -> LicenceRead:
    return licences.file_licence(
        session=session, principal=principal, licence_id=licence_id, data=data, today=dates.today()
    )


@api_router.post(
    "/licences/{licence_id}/reports",
    dependencies=[permit("licensing.license")],
    response_model=LicenceRead,
    summary="报告一期实施情况",
)
def add_report(
    licence_id: Id, data: ReportIn, session: DbSession, principal: SignedIn
) -> LicenceRead:
    return licences.add_report(
        session=session, principal=principal, licence_id=licence_id, data=data
    )


@api_router.get(
    "/catalogue",
    dependencies=[permit("licensing.read")],
    response_model=CataloguePage,
    summary="开放许可目录（公开）",
)
def catalogue_page(
    session: DbSession,
    query: CatalogueQuery,
    paging: Paging,
) -> CataloguePage:
    return catalogue.search(session=session, query=query, limit=paging.limit, offset=paging.offset)


@api_router.get(
    "/catalogue.csv", dependencies=[permit("licensing.read")], summary="导出目录（CSV）"
)
def catalogue_csv(session: DbSession, query: CatalogueQuery) -> Response:
    body = catalogue.to_csv(catalogue.rows(session=session, query=query))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="open-licences.csv"'},
    )


@api_router.get(
    "/catalogue.xlsx", dependencies=[permit("licensing.read")], summary="导出目录（Excel）"
)
def catalogue_xlsx(session: DbSession, query: CatalogueQuery) -> Response:
    return Response(
        catalogue.to_xlsx(catalogue.rows(session=session, query=query)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="open-licences.xlsx"'},
    )


@api_router.get(
    "/gazette", dependencies=[permit("licensing.read")], summary="公告列表（按公告顺序，公开）"
)
def gazette(session: DbSession, year: int | None = None) -> list[dict[str, Any]]:
    return [asdict(e) for e in catalogue.gazette(session=session, year=year)]


@api_router.get(
    "/fee-reduction/{number}",
    dependencies=[permit("licensing.read")],
    response_model=FeeReductionRead,
    summary="开放许可年费减免标志",
)
def fee_reduction(number: str, session: DbSession) -> FeeReductionRead:
    return service.fee_reduction(session=session, number=number)


@api_router.get(
    "/helper",
    dependencies=[permit("licensing.read")],
    response_model=HelperRead,
    summary="许可使用费估算（非评估意见）",
)
def fee_helper(session: DbSession, data: Annotated[HelperIn, Query()]) -> HelperRead:
    return helper.estimate(session=session, data=data)


@api_router.get(
    "/stats",
    dependencies=[permit("licensing.office")],
    response_model=StatsRead,
    summary="开放许可统计（知识产权局）",
)
def statistics(
    session: DbSession,
    principal: SignedIn,
    unit: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month",
) -> StatsRead:
    return stats.compute(session=session, principal=principal, unit=unit)


@api_router.get(
    "/stats.xlsx", dependencies=[permit("licensing.office")], summary="导出统计（Excel）"
)
def statistics_xlsx(
    session: DbSession,
    principal: SignedIn,
    unit: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month",
) -> Response:
    body = stats.to_xlsx(stats.compute(session=session, principal=principal, unit=unit))
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="open-licence-stats.xlsx"'},
    )


@api_router.get(
    "/mediations",
    dependencies=[permit("licensing.mediation.read")],
    response_model=list[MediationRead],
    summary="调解案件",
)
def list_mediations(session: DbSession, principal: SignedIn) -> list[MediationRead]:
    return mediation.list_cases(session=session, principal=principal)


@api_router.post(
    "/mediations",
    dependencies=[permit("licensing.mediation.apply")],
    response_model=MediationRead,
    status_code=201,
    summary="申请调解",
)
def apply_mediation(data: MediationIn, session: DbSession, principal: SignedIn) -> MediationRead:
    return mediation.apply(session=session, principal=principal, data=data, today=dates.today())


@api_router.get(
    "/mediations/{case_id}",
    dependencies=[permit("licensing.mediation.read")],
    response_model=MediationRead,
    summary="调解案件详情",
)
def get_mediation(case_id: Id, session: DbSession, principal: SignedIn) -> MediationRead:
    return mediation.get(session=session, principal=principal, case_id=case_id)


@api_router.post(
    "/mediations/{case_id}/decision",
    dependencies=[permit("licensing.mediation.act")],
    response_model=MediationRead,
    summary="受理或不予受理",
)
def decide_mediation(
    case_id: Id, data: MediationDecisionIn, session: DbSession, principal: SignedIn
) -> MediationRead:
    return mediation.decide(
        session=session, principal=principal, case_id=case_id, data=data, today=dates.today()
    )


@api_router.post(
    "/mediations/{case_id}/sessions",
    dependencies=[permit("licensing.mediation.act")],
    response_model=MediationRead,
    summary="记录一次调解",
)
def add_mediation_session(
    case_id: Id, data: SessionIn, session: DbSession, principal: SignedIn
) -> MediationRead:
    return mediation.add_session(session=session, principal=principal, case_id=case_id, data=data)


@api_router.post(
    "/mediations/{case_id}/outcome",
    dependencies=[permit("licensing.mediation.act")],
    response_model=MediationRead,
    summary="结案或撤回",
)
def close_mediation(
    case_id: Id, data: OutcomeIn, session: DbSession, principal: SignedIn
) -> MediationRead:
    return mediation.close(
        session=session, principal=principal, case_id=case_id, data=data, today=dates.today()
    )
