"""JSON API of the transfer domain under ``/api/transfer``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import File, Query, Request, UploadFile
from fastapi.responses import Response

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.core import dates
from zhichan.core.paging import Page
from zhichan.http.deps import DbSession, get_ctx
from zhichan.http.params import Id, OrgId, Paging
from zhichan.http.routing import Router
from zhichan.jobs.models import Job
from zhichan.search.service import SearchEngine
from zhichan.transfer import (
    deals,
    enterprise,
    push,
    recommendations,
    service,
    sheet,
    spotcheck,
    stats,
    tiering,
)
from zhichan.transfer import jobs as transfer_jobs
from zhichan.transfer.schemas import (
    BulkUpdate,
    EnterpriseMatchRead,
    FindingIn,
    ItemPage,
    ItemRead,
    MarkReadIn,
    MatchResult,
    NeedIn,
    NeedRead,
    OverrideIn,
    ProfileIn,
    ProfileRead,
    SpotCheckIn,
    SpotCheckRead,
    SubscriptionIn,
    SubscriptionRead,
)

api_router = Router(prefix="/api/transfer", tags=["transfer"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(body: bytes, name: str) -> Response:
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=XLSX, headers=disposition)


def engine_of(request: Request) -> SearchEngine | None:
    found: SearchEngine | None = getattr(request.app.state, "search", None)
    return found


@api_router.get(
    "/inventory",
    dependencies=[permit("transfer.inventory.read")],
    response_model=ItemPage,
    summary="本机构盘点表（知识产权局可指定机构）",
)
def inventory(
    session: DbSession,
    principal: SignedIn,
    paging: Paging,
    org_id: OrgId = None,
    status: str | None = None,
    tier: str | None = None,
) -> ItemPage:
    return service.list_items(session=session, principal=principal, org_id=org_id, status=status,
                              tier=tier, limit=paging.limit, offset=paging.offset)  # fmt: skip


@api_router.post(
    "/inventory",
    dependencies=[permit("transfer.inventory.write")],
    summary="加入盘点（专利号列表；不给则按机构名称匹配申请人）",
)
def add_to_inventory(
    session: DbSession,
    principal: SignedIn,
    numbers: list[str] | None = None,
    org_id: OrgId = None,
) -> dict[str, int]:
    added = service.add_patents(
        session=session, principal=principal, numbers=numbers, org_id=org_id
    )
    return {"added": added}


@api_router.patch(
    "/inventory",
    dependencies=[permit("transfer.inventory.write")],
    summary="批量修改盘点条目并重新分层",
)
def bulk_update(data: BulkUpdate, session: DbSession, principal: SignedIn) -> dict[str, int]:
    n = service.update_items(session=session, principal=principal, numbers=data.numbers,
                             changes=data.changes, today=dates.today())  # fmt: skip
    return {"updated": n}


@api_router.get(
    "/inventory.xlsx",
    dependencies=[permit("transfer.inventory.read")],
    summary="导出盘点表（Excel）",
)
def export_sheet(session: DbSession, principal: SignedIn, org_id: OrgId = None) -> Response:
    page = service.list_items(session=session, principal=principal, org_id=org_id, limit=100000)
    return _xlsx(sheet.export_xlsx(page.items), "inventory.xlsx")


@api_router.post(
    "/inventory.xlsx",
    dependencies=[permit("transfer.inventory.write")],
    status_code=202,
    summary="导入盘点表（后台任务；全部正确才写入），返回任务编号",
)
def import_sheet(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    file: Annotated[UploadFile, File()],
    org_id: OrgId = None,
) -> dict[str, Any]:
    job = submit_sheet(request, session, principal, file, org_id)
    return {"job_id": job.id, "state": job.state}


def submit_sheet(
    request: Request, session: DbSession, principal: SignedIn, file: UploadFile, org_id: int | None
) -> Job:
    """Queue an uploaded inventory sheet's import (shared by the API and the page)."""
    return transfer_jobs.submit_sheet(
        session=session,
        upload_dir=get_ctx(request).settings.data_path / transfer_jobs.SHEET_UPLOADS,
        stream=file.file,
        filename=file.filename or "inventory.xlsx",
        principal=principal,
        org_id=org_id,
    )


@api_router.post(
    "/inventory/{item_id}/override",
    dependencies=[permit("transfer.inventory.write")],
    response_model=ItemRead,
    summary="人工调整分层（须写理由）",
)
def override(item_id: Id, data: OverrideIn, session: DbSession, principal: SignedIn) -> ItemRead:
    return service.override(session=session, principal=principal, item_id=item_id, tier=data.tier,
                            reason=data.reason)  # fmt: skip


@api_router.post(
    "/inventory/publish",
    dependencies=[permit("transfer.inventory.write")],
    summary="发布入库（不给专利号则发布全部已分层的已盘点专利）",
)
def publish(
    session: DbSession, principal: SignedIn, numbers: list[str] | None = None
) -> dict[str, int]:
    n = service.publish(session=session, principal=principal, numbers=numbers, today=dates.today())
    return {"published": n}


@api_router.post(
    "/inventory/retier",
    dependencies=[permit("transfer.inventory.write")],
    summary="按现行分层规则重新分层本机构全部条目",
)
def retier(session: DbSession, principal: SignedIn, org_id: OrgId = None) -> dict[str, int]:
    n = service.retier(session=session, principal=principal, org_id=org_id, today=dates.today())
    return {"retiered": n}


@api_router.get(
    "/pool",
    dependencies=[permit("transfer.pool.read")],
    response_model=ItemPage,
    summary="可转化专利资源库（公开）",
)
def pool(
    session: DbSession,
    principal: CurrentPrincipal,
    paging: Paging,
    tier: str | None = None,
    industry: str | None = None,
    org_id: OrgId = None,
) -> ItemPage:
    return service.list_items(
        session=session, principal=principal, pool=True, tier=tier, industry=industry,
        org_id=org_id, limit=paging.limit, offset=paging.offset,
    )  # fmt: skip


@api_router.get(
    "/policy", dependencies=[permit("transfer.pool.read")], summary="分层规则（含默认值）"
)
def get_policy(session: DbSession) -> dict[str, Any]:
    return service.policy(session=session).model_dump()


@api_router.put(
    "/policy", dependencies=[permit("transfer.policy")], summary="设定分层规则（知识产权局）"
)
def set_policy(data: tiering.Policy, session: DbSession, principal: SignedIn) -> dict[str, Any]:
    return service.set_policy(session=session, principal=principal, new=data).model_dump()


@api_router.post(
    "/spot-checks",
    dependencies=[permit("transfer.spotcheck.write")],
    response_model=SpotCheckRead,
    summary="抽查盘点（知识产权局）",
)
def draw(data: SpotCheckIn, session: DbSession, principal: SignedIn) -> SpotCheckRead:
    return spotcheck.draw(session=session, principal=principal, data=data)


@api_router.get(
    "/spot-checks/{check_id}",
    dependencies=[permit("transfer.spotcheck.read")],
    response_model=SpotCheckRead,
    summary="抽查结果",
)
def get_check(check_id: Id, session: DbSession, principal: SignedIn) -> SpotCheckRead:
    return spotcheck.get(session=session, principal=principal, check_id=check_id)


@api_router.post(
    "/spot-checks/{check_id}/items/{item_id}",
    dependencies=[permit("transfer.spotcheck.write")],
    response_model=SpotCheckRead,
    summary="记录抽查结论",
)
def record(
    check_id: Id, item_id: Id, data: FindingIn, session: DbSession, principal: SignedIn
) -> SpotCheckRead:
    return spotcheck.record(session=session, principal=principal, check_id=check_id,
                            item_id=item_id, data=data)  # fmt: skip


@api_router.get(
    "/profile",
    dependencies=[permit("transfer.needs.read")],
    response_model=ProfileRead,
    summary="本企业画像",
)
def get_profile(session: DbSession, principal: SignedIn) -> ProfileRead:
    return enterprise.profile(session=session, principal=principal, org_id=principal.org_id)


@api_router.put(
    "/profile",
    dependencies=[permit("transfer.needs.write")],
    response_model=ProfileRead,
    summary="保存企业画像",
)
def put_profile(data: ProfileIn, session: DbSession, principal: SignedIn) -> ProfileRead:
    return enterprise.save_profile(session=session, principal=principal, data=data)


@api_router.get(
    "/needs",
    dependencies=[permit("transfer.needs.read")],
    response_model=list[NeedRead],
    summary="本企业技术需求",
)
def list_needs(session: DbSession, principal: SignedIn) -> list[NeedRead]:
    return enterprise.needs(session=session, principal=principal)


@api_router.post(
    "/needs",
    dependencies=[permit("transfer.needs.write")],
    response_model=NeedRead,
    status_code=201,
    summary="发布技术需求",
)
def add_need(data: NeedIn, session: DbSession, principal: SignedIn) -> NeedRead:
    return enterprise.add_need(session=session, principal=principal, data=data)


@api_router.get(
    "/needs/{need_id}/matches",
    dependencies=[permit("transfer.needs.read")],
    response_model=MatchResult,
    summary="需求的匹配专利（含解释）",
)
def need_matches(
    need_id: Id, request: Request, session: DbSession, principal: SignedIn,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> MatchResult:  # fmt: skip
    return recommendations.match_need(session=session, principal=principal, need_id=need_id,
                            engine=engine_of(request), k=k)  # fmt: skip


@api_router.get(
    "/matches",
    dependencies=[permit("transfer.needs.read")],
    response_model=MatchResult,
    summary="为本企业匹配（画像与全部需求）",
)
def my_matches(
    request: Request, session: DbSession, principal: SignedIn,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> MatchResult:  # fmt: skip
    return recommendations.match_enterprise(
        session=session, principal=principal, engine=engine_of(request), k=k
    )


@api_router.get(
    "/pool/{item_id}/enterprises",
    dependencies=[permit("transfer.reverse")],
    response_model=list[EnterpriseMatchRead],
    summary="该专利适合推送的企业",
)
def patent_matches(
    item_id: Id, request: Request, session: DbSession, principal: SignedIn,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[EnterpriseMatchRead]:  # fmt: skip
    return recommendations.match_patent(session=session, principal=principal, item_id=item_id,
                              engine=engine_of(request), k=k)  # fmt: skip


@api_router.get(
    "/subscriptions",
    dependencies=[permit("transfer.subscriptions")],
    response_model=list[SubscriptionRead],
    summary="本企业订阅",
)
def list_subscriptions(session: DbSession, principal: SignedIn) -> list[SubscriptionRead]:
    return enterprise.subscriptions(session=session, principal=principal)


@api_router.post(
    "/subscriptions",
    dependencies=[permit("transfer.subscribe")],
    response_model=SubscriptionRead,
    status_code=201,
    summary="订阅产业、IPC 或机构",
)
def subscribe(data: SubscriptionIn, session: DbSession, principal: SignedIn) -> SubscriptionRead:
    return enterprise.subscribe(session=session, principal=principal, data=data)


@api_router.post(
    "/push",
    dependencies=[permit("transfer.push")],
    summary="批量推送（知识产权局）：dry_run 当场预览；否则作为后台任务执行，返回任务编号",
)
def run_push(
    request: Request, response: Response, session: DbSession, principal: SignedIn,
    k: Annotated[int, Query(ge=1, le=50)] = 5, dry_run: bool = False,
) -> dict[str, Any]:  # fmt: skip
    if not dry_run:
        job = transfer_jobs.submit(session=session, principal=principal, k=k)
        response.status_code = 202
        return {"job_id": job.id, "state": job.state, "dry_run": False}
    report = push.run(session=session, principal=principal, k=k, dry_run=True,
                      engine=engine_of(request), today=dates.today())  # fmt: skip
    return {**asdict(report), "pairs": [asdict(p) for p in report.pairs]}


@api_router.get(
    "/messages",
    dependencies=[permit("transfer.messages")],
    response_model=Page[push.MessageItem],
    summary="本机构的站内消息（新的在前；unread=true 只列未读）",
)
def messages(
    session: DbSession, principal: SignedIn, paging: Paging, unread: bool = False
) -> Page[push.MessageItem]:
    return push.inbox(session=session, principal=principal, unread=unread,
                      limit=paging.limit, offset=paging.offset)  # fmt: skip


@api_router.post(
    "/messages/read", dependencies=[permit("transfer.messages")], summary="标记消息已读"
)
def read_messages(data: MarkReadIn, session: DbSession, principal: SignedIn) -> dict[str, int]:
    return {"marked": push.mark_read(session=session, principal=principal, ids=data.ids)}


@api_router.post(
    "/pool/{item_id}/feedback",
    dependencies=[permit("transfer.needs.write")],
    response_model=deals.FeedbackRead,
    summary="反馈意向与评价",
)
def feedback(
    item_id: Id, data: deals.FeedbackIn, session: DbSession, principal: SignedIn
) -> deals.FeedbackRead:
    read = deals.give_feedback(session=session, principal=principal, item_id=item_id, data=data)
    transfer_jobs.retrain_if_due(session)
    return read


@api_router.get(
    "/pool/{item_id}/evaluations",
    dependencies=[permit("transfer.pool.read")],
    response_model=list[deals.FeedbackRead],
    summary="公开的产业化前景评价",
)
def evaluations(
    item_id: Id, session: DbSession, principal: CurrentPrincipal
) -> list[deals.FeedbackRead]:
    return deals.evaluations(session=session, principal=principal, item_id=item_id)


@api_router.get(
    "/deals",
    dependencies=[permit("transfer.deals.read")],
    response_model=Page[deals.DealRead],
    summary="交易（新的在前；可按状态、专利号或名称中的词筛选）",
)
def list_deals(
    session: DbSession,
    principal: SignedIn,
    paging: Paging,
    status: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[deals.DealRead]:
    return deals.deals(session=session, principal=principal, status=status, q=q,
                       limit=paging.limit, offset=paging.offset)  # fmt: skip


@api_router.post(
    "/deals",
    dependencies=[permit("transfer.deals.write")],
    response_model=deals.DealRead,
    status_code=201,
    summary="发起对接",
)
def open_deal(data: deals.DealIn, session: DbSession, principal: SignedIn) -> deals.DealRead:
    return deals.open_deal(session=session, principal=principal, data=data, today=dates.today())


@api_router.post(
    "/deals/{deal_id}/steps",
    dependencies=[permit("transfer.deals.write")],
    response_model=deals.DealRead,
    summary="推进交易：签约、登记备案、实施或终止",
)
def advance(
    deal_id: Id, data: deals.StepIn, session: DbSession, principal: SignedIn
) -> deals.DealRead:
    return deals.advance(
        session=session, principal=principal, deal_id=deal_id, data=data, today=dates.today()
    )


@api_router.get(
    "/stats",
    dependencies=[permit("transfer.office")],
    response_model=stats.TransferStats,
    summary="盘活统计（知识产权局）",
)
def statistics(
    session: DbSession, principal: SignedIn,
    unit: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month",
) -> stats.TransferStats:  # fmt: skip
    return stats.compute(session=session, principal=principal, unit=unit)


@api_router.get(
    "/stats.xlsx", dependencies=[permit("transfer.office")], summary="导出盘活统计（Excel）"
)
def statistics_xlsx(session: DbSession, principal: SignedIn) -> Response:
    body = stats.to_xlsx(stats.compute(session=session, principal=principal))
    return _xlsx(body, "transfer-stats.xlsx")
