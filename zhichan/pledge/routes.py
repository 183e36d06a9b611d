"""The pledge-financing API: loans and their packages, steps and claims; white lists, the
banks' feedback and referrals; policy rules and pools; the office's statistics."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import File, Form, Path, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.paging import Page
from zhichan.http.deps import DbSession
from zhichan.http.params import Id, Paging
from zhichan.http.routing import Router
from zhichan.pledge import claims, export, service, stats, whitelists
from zhichan.pledge.schemas import (
    AnswerIn,
    BankFeedbackIn,
    ClaimIn,
    ClaimRead,
    DocumentRead,
    EntryRead,
    LoanIn,
    LoanRead,
    LoanRow,
    LoanStepIn,
    PledgeStatsRead,
    PoolRead,
    PushIn,
    ReferralIn,
    ReferralRead,
    RuleIn,
    RuleRead,
    WhiteListIn,
    WhiteListRead,
)

api_router = Router(prefix="/api/pledge", tags=["pledge"])
Year = Annotated[int | None, Query(ge=2000, le=2100, description="统计年度，默认今年")]
Cutoff = Annotated[
    Decimal | None,
    Query(gt=0, le=Decimal("10000000000"), description="普惠口径（元），默认 1,000 万"),
]


class PackageIn(BaseModel):
    numbers: list[str] = Field(max_length=50)
    version: int = Field(ge=1)
    co_owner_consent: bool = False


def _engine(request: Request) -> object | None:
    return getattr(request.app.state, "search", None)


# -- loans -----------------------------------------------------------------------------------


@api_router.get(
    "/loans",
    dependencies=[permit("pledge.read")],
    response_model=Page[LoanRow],
    summary="本机构参与的贷款申请",
)
def loan_list(
    session: DbSession,
    principal: SignedIn,
    window: Paging,
    status: Annotated[str | None, Query(max_length=24)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[LoanRow]:
    return service.listing(
        session=session,
        principal=principal,
        status=status,
        q=q,
        limit=window.limit,
        offset=window.offset,
    )


@api_router.post(
    "/loans",
    status_code=201,
    dependencies=[permit("pledge.bank")],
    response_model=LoanRead,
    summary="银行新建贷款申请（可来自白名单条目）",
)
def loan_create(data: LoanIn, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.create(session=session, principal=principal, data=data, today=dates.today())


@api_router.post(
    "/applications",
    status_code=201,
    dependencies=[permit("pledge.apply")],
    response_model=LoanRead,
    summary="企业向银行申请质押贷款",
)
def loan_apply(data: LoanIn, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.create(session=session, principal=principal, data=data, today=dates.today())


@api_router.get(
    "/loans/{loan_id}",
    dependencies=[permit("pledge.read")],
    response_model=LoanRead,
    summary="贷款申请：质押专利包、资格检查、登记、步骤与贷后提示",
)
def loan_get(loan_id: Id, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.get(session=session, principal=principal, loan_id=loan_id, today=dates.today())


@api_router.put(
    "/loans/{loan_id}/package",
    dependencies=[permit("pledge.act")],
    response_model=LoanRead,
    summary="修改质押专利包",
)
def loan_package(loan_id: Id, data: PackageIn, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.set_package(
        session=session,
        principal=principal,
        loan_id=loan_id,
        numbers=data.numbers,
        version=data.version,
        co_owner_consent=data.co_owner_consent,
        today=dates.today(),
    )


@api_router.post(
    "/loans/{loan_id}/check",
    dependencies=[permit("pledge.act")],
    response_model=LoanRead,
    summary="按记录检查质押资格",
)
def loan_check(loan_id: Id, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.check(session=session, principal=principal, loan_id=loan_id, today=dates.today())


@api_router.post(
    "/loans/{loan_id}/score",
    dependencies=[permit("pledge.bank")],
    response_model=LoanRead,
    summary="按金融场景评估质押专利包",
)
def loan_score(request: Request, loan_id: Id, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.score_package(
        session=session,
        principal=principal,
        loan_id=loan_id,
        today=dates.today(),
        engine=_engine(request),
    )


@api_router.post(
    "/loans/{loan_id}/steps",
    dependencies=[permit("pledge.act")],
    response_model=LoanRead,
    summary="办理一个环节（状态机校验，记入审计日志）",
)
def loan_step(loan_id: Id, data: LoanStepIn, session: DbSession, principal: SignedIn) -> LoanRead:
    return service.act(
        session=session, principal=principal, loan_id=loan_id, data=data, today=dates.today()
    )


@api_router.get(
    "/loans/{loan_id}/claims",
    dependencies=[permit("pledge.read")],
    response_model=list[ClaimRead],
    summary="本笔贷款的补贴与风险补偿申领",
)
def loan_claims(loan_id: Id, session: DbSession, principal: SignedIn) -> list[ClaimRead]:
    return service.claims_for(session=session, principal=principal, loan_id=loan_id)


@api_router.post(
    "/loans/{loan_id}/claims",
    status_code=201,
    dependencies=[permit("pledge.claim")],
    response_model=ClaimRead,
    summary="按政策规则测算申领金额",
)
def claim_compute(loan_id: Id, data: ClaimIn, session: DbSession, principal: SignedIn) -> ClaimRead:
    return service.compute_claim(
        session=session, principal=principal, loan_id=loan_id, data=data, today=dates.today()
    )


@api_router.post(
    "/claims/{claim_id}/{action}",
    dependencies=[permit("pledge.office")],
    response_model=ClaimRead,
    summary="审核、不予支持或登记拨付",
)
def claim_decide(
    claim_id: Id,
    action: Literal["approve", "refuse", "pay"],
    session: DbSession,
    principal: SignedIn,
    ref: Annotated[str | None, Query(max_length=100)] = None,
) -> ClaimRead:
    return claims.decide(
        session=session,
        principal=principal,
        claim_id=claim_id,
        action=action,
        ref=ref,
        today=dates.today(),
    )


@api_router.post(
    "/loans/{loan_id}/documents",
    status_code=201,
    dependencies=[permit("pledge.act")],
    response_model=DocumentRead,
    summary="上传登记材料（PDF、OFD、图片或 Word，至多 20 MB）",
)
def document_upload(
    request: Request,
    loan_id: Id,
    session: DbSession,
    principal: SignedIn,
    file: Annotated[UploadFile, File(description="材料文件")],
    kind: Annotated[str, Form(max_length=24, description="材料类型代码")],
) -> DocumentRead:
    return service.add_document(
        session=session,
        principal=principal,
        loan_id=loan_id,
        kind=kind,
        stream=file.file,
        filename=file.filename or "upload",
        data_dir=request.app.state.ctx.settings.data_path,
    )


@api_router.get(
    "/loans/{loan_id}/documents/{document_id}",
    dependencies=[permit("pledge.read")],
    summary="下载登记材料（仅贷款各方）",
)
def document_download(
    request: Request, loan_id: Id, document_id: Id, session: DbSession, principal: SignedIn
) -> Response:
    path, name = service.document_path(
        session=session,
        principal=principal,
        loan_id=loan_id,
        document_id=document_id,
        data_dir=request.app.state.ctx.settings.data_path,
    )
    return FileResponse(path, media_type="application/octet-stream", filename=name)


# -- white lists and referrals ----------------------------------------------------------------


@api_router.get(
    "/whitelists",
    dependencies=[permit("pledge.read")],
    response_model=Page[WhiteListRead],
    summary="白名单（银行只见推送给本行的）",
)
def whitelist_list(session: DbSession, principal: SignedIn, window: Paging) -> Page[WhiteListRead]:
    return whitelists.lists_for(
        session=session, principal=principal, limit=window.limit, offset=window.offset
    )


@api_router.post(
    "/whitelists",
    status_code=201,
    dependencies=[permit("pledge.office")],
    response_model=WhiteListRead,
    summary="按条件建立白名单（每家企业附证据快照）",
)
def whitelist_build(data: WhiteListIn, session: DbSession, principal: SignedIn) -> WhiteListRead:
    return whitelists.build(session=session, principal=principal, data=data, today=dates.today())


@api_router.get(
    "/whitelists/{list_id}/entries",
    dependencies=[permit("pledge.read")],
    response_model=Page[EntryRead],
    summary="白名单中的企业与银行反馈",
)
def whitelist_entries(
    list_id: Id, session: DbSession, principal: SignedIn, window: Paging
) -> Page[EntryRead]:
    _wl, page = whitelists.entries(
        session=session,
        principal=principal,
        list_id=list_id,
        limit=window.limit,
        offset=window.offset,
    )
    return page


@api_router.post(
    "/whitelists/{list_id}/push",
    dependencies=[permit("pledge.office")],
    response_model=WhiteListRead,
    summary="推送给选定银行",
)
def whitelist_push(
    list_id: Id, data: PushIn, session: DbSession, principal: SignedIn
) -> WhiteListRead:
    return whitelists.push(
        session=session,
        principal=principal,
        list_id=list_id,
        bank_ids=data.bank_ids,
        today=dates.today(),
    )


@api_router.put(
    "/entries/{entry_id}/feedback",
    dependencies=[permit("pledge.bank")],
    response_model=EntryRead,
    summary="银行反馈对接进展",
)
def entry_feedback(
    entry_id: Id, data: BankFeedbackIn, session: DbSession, principal: SignedIn
) -> EntryRead:
    return whitelists.feedback(
        session=session, principal=principal, entry_id=entry_id, data=data, today=dates.today()
    )


@api_router.get(
    "/referrals",
    dependencies=[permit("pledge.read")],
    response_model=Page[ReferralRead],
    summary="银行送评的申请企业",
)
def referral_list(session: DbSession, principal: SignedIn, window: Paging) -> Page[ReferralRead]:
    return whitelists.referrals(
        session=session, principal=principal, limit=window.limit, offset=window.offset
    )


@api_router.post(
    "/referrals",
    status_code=201,
    dependencies=[permit("pledge.bank")],
    response_model=ReferralRead,
    summary="银行把申请企业送知识产权局评估",
)
def referral_create(data: ReferralIn, session: DbSession, principal: SignedIn) -> ReferralRead:
    return whitelists.refer(session=session, principal=principal, data=data)


@api_router.post(
    "/referrals/{referral_id}/answer",
    dependencies=[permit("pledge.office")],
    response_model=ReferralRead,
    summary="知识产权局答复评估（金融场景估值）",
)
def referral_answer(
    request: Request, referral_id: Id, data: AnswerIn, session: DbSession, principal: SignedIn
) -> ReferralRead:
    return whitelists.answer(
        session=session,
        principal=principal,
        referral_id=referral_id,
        text=data.answer,
        today=dates.today(),
        engine=_engine(request),
    )


# -- rules, pools, statistics -------------------------------------------------------------------


@api_router.get(
    "/rules",
    dependencies=[permit("pledge.read")],
    response_model=list[RuleRead],
    summary="政策规则（比例、封顶、年限、条件与来源）",
)
def rule_list(
    session: DbSession, region: Annotated[str | None, Query(max_length=64)] = None
) -> list[RuleRead]:
    return claims.rules(session=session, region=region)


@api_router.put(
    "/rules/{code}",
    dependencies=[permit("pledge.office")],
    response_model=RuleRead,
    summary="录入本地文件规定的比例（记入审计日志）",
)
def rule_set(
    code: Annotated[str, Path(max_length=16, description="规则编号")],
    data: RuleIn,
    session: DbSession,
    principal: SignedIn,
) -> RuleRead:
    return claims.set_rate(
        session=session, principal=principal, code=code, rate=data.rate, note=data.note
    )


@api_router.get(
    "/pools",
    dependencies=[permit("pledge.read")],
    response_model=list[PoolRead],
    summary="风险补偿资金池与余额",
)
def pool_list(session: DbSession) -> list[PoolRead]:
    return claims.pools(session=session)


@api_router.get(
    "/stats",
    dependencies=[permit("pledge.stats")],
    response_model=PledgeStatsRead,
    summary="质押融资统计（登记金额、笔数、专利、企业、普惠占比、同比、补贴、资金池、漏斗）",
)
def statistics(
    session: DbSession, principal: SignedIn, year: Year = None, cutoff: Cutoff = None
) -> PledgeStatsRead:
    return stats.statistics(
        session=session, principal=principal, year=year or dates.today().year, cutoff=cutoff
    )


@api_router.get(
    "/stats.xlsx", dependencies=[permit("pledge.stats")], summary="质押融资统计（Excel）"
)
def statistics_xlsx(
    session: DbSession, principal: SignedIn, year: Year = None, cutoff: Cutoff = None
) -> Response:
    s = stats.statistics(
        session=session, principal=principal, year=year or dates.today().year, cutoff=cutoff
    )
    return Response(
        export.workbook(s),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="pledge-{s.year}.xlsx"'},
    )
