"""The forms the pledge pages post: each parses the fields into the API's schema, calls the same
service function, and comes back to the page with a notice, or with the refusal in Chinese and
nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import File, Path, Request, UploadFile
from fastapi import Form as FormValue
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, clean, refusal, see, strings
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.pledge import claims, service, whitelists
from zhichan.pledge.schemas import (
    BankFeedbackIn,
    ClaimIn,
    LoanIn,
    LoanStepIn,
    ReferralIn,
    RuleIn,
    WhiteListIn,
)

form_router = Router(include_in_schema=False)
Code = Annotated[str, Path(max_length=16, description="规则编号")]
HOME = "/pledge"
#: Form fields, as the forms label them (for refusal messages).
FIELDS = {
    "name": "名单名称", "min_patents": "至少专利件数", "min_valid": "至少有效专利",
    "min_high_value": "至少高价值发明专利", "tier": "估值档次", "limit": "至多企业数",
    "enterprise_name": "企业名称", "amount": "金额（元）", "starts_on": "起始日",
    "ends_on": "到期日", "numbers": "专利号", "ltv_limit": "质押率上限（%）", "rate": "比例（%）",
    "base_amount": "基数（元）", "year_no": "年度序号", "days": "计息天数",
    "benchmark_rate": "基准利率（%）", "interest_rate": "贷款利率（%）",
    "premium_rate": "保险年费率（%）",
    "insurer_share": "保险公司分担比例（%）", "answer": "评估意见", "stage": "进展",
}  # fmt: skip


def _run(back: str, done: str, session: Session, call: Callable[[], Any]) -> Response:
    try:
        result = call()
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return see(back, error=refusal(exc, FIELDS)[0])
    target = result if isinstance(result, str) else back
    return see(target, done)


def _numbers(form: FormData) -> list[str]:
    text = str(form.get("numbers") or "")
    return [
        n
        for n in text.replace("，", ",").replace("\n", ",").replace(" ", ",").split(",")
        if n.strip()
    ][:60]


def _back(form: FormData) -> str:
    """The page a form came from (only a pledge page: never an open redirect)."""
    back = str(form.get("back") or "")[:200]
    return back if back.startswith("/pledge/") and "//" not in back else HOME


def _loan_path(loan_id: int) -> str:
    return f"/pledge/loans/{loan_id}"


@form_router.post(
    "/pledge/whitelists", dependencies=[permit("pledge.office")], response_class=HTMLResponse
)
def build(session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> str:
        data = WhiteListIn(
            **clean(
                form,
                "name",
                "ipc_prefix",
                "min_patents",
                "min_valid",
                "min_high_value",
                "tier",
                "limit",
                "valid_to",
            )
        )
        wl = whitelists.build(session=session, principal=principal, data=data, today=dates.today())
        return f"/pledge/whitelists/{wl.id}"

    return _run(HOME, "已建立白名单", session, call)


@form_router.post(
    "/pledge/whitelists/{list_id}/push",
    dependencies=[permit("pledge.office")],
    response_class=HTMLResponse,
)
def push(list_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    back = f"/pledge/whitelists/{list_id}"

    def call() -> None:
        ids = [int(b) for b in strings(form, "bank_ids") if b.isdigit()][:50]
        if not ids:
            raise InvalidInput("请至少选择一家银行")
        whitelists.push(
            session=session, principal=principal, list_id=list_id, bank_ids=ids, today=dates.today()
        )

    return _run(back, "已推送", session, call)


@form_router.post(
    "/pledge/entries/{entry_id}/feedback",
    dependencies=[permit("pledge.bank")],
    response_class=HTMLResponse,
)
def feedback(entry_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    back = _back(form)

    def call() -> None:
        data = BankFeedbackIn(**clean(form, "stage", "amount", "reason"))
        whitelists.feedback(
            session=session, principal=principal, entry_id=entry_id, data=data, today=dates.today()
        )

    return _run(back, "已记录进展", session, call)


def _loan_in(form: FormData) -> LoanIn:
    fields = clean(
        form,
        "enterprise_name",
        "credit_code",
        "region",
        "industry",
        "bank_id",
        "entry_id",
        "mode",
        "amount",
        "starts_on",
        "ends_on",
        "purpose",
        "ltv_limit",
    )
    return LoanIn(
        **fields,
        sme=form.get("sme") == "1",
        numbers=_numbers(form),
        co_owner_consent=form.get("co_owner_consent") == "1",
    )


@form_router.post(
    "/pledge/loans", dependencies=[permit("pledge.bank")], response_class=HTMLResponse
)
def create(session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> str:
        found = service.create(
            session=session, principal=principal, data=_loan_in(form), today=dates.today()
        )
        return _loan_path(found.id)

    return _run(_back(form), "已新建贷款申请", session, call)


@form_router.post(
    "/pledge/applications", dependencies=[permit("pledge.apply")], response_class=HTMLResponse
)
def apply(session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> str:
        found = service.create(
            session=session, principal=principal, data=_loan_in(form), today=dates.today()
        )
        return _loan_path(found.id)

    return _run(HOME, "已保存申请草稿，提交后银行即可办理", session, call)


@form_router.post(
    "/pledge/loans/{loan_id}/package",
    dependencies=[permit("pledge.act")],
    response_class=HTMLResponse,
)
def package(loan_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> None:
        service.set_package(
            session=session,
            principal=principal,
            loan_id=loan_id,
            numbers=_numbers(form),
            version=_version(form),
            co_owner_consent=form.get("co_owner_consent") == "1",
            today=dates.today(),
        )

    return _run(_loan_path(loan_id), "已更新质押专利包", session, call)


def _version(form: FormData) -> int:
    raw = str(form.get("version") or "")
    if not raw.isdigit():
        raise InvalidInput("表单已过期，请刷新后重试")
    return int(raw)


@form_router.post(
    "/pledge/loans/{loan_id}/check",
    dependencies=[permit("pledge.act")],
    response_class=HTMLResponse,
)
def check(loan_id: Id, session: DbSession, principal: SignedIn) -> Response:
    def call() -> None:
        service.check(session=session, principal=principal, loan_id=loan_id, today=dates.today())

    return _run(_loan_path(loan_id), "已按记录检查质押资格", session, call)


@form_router.post(
    "/pledge/loans/{loan_id}/score",
    dependencies=[permit("pledge.bank")],
    response_class=HTMLResponse,
)
def score(request: Request, loan_id: Id, session: DbSession, principal: SignedIn) -> Response:
    def call() -> None:
        service.score_package(
            session=session,
            principal=principal,
            loan_id=loan_id,
            today=dates.today(),
            engine=getattr(request.app.state, "search", None),
        )

    return _run(_loan_path(loan_id), "已按金融场景评估质押专利包", session, call)


@form_router.post(
    "/pledge/loans/{loan_id}/steps",
    dependencies=[permit("pledge.act")],
    response_class=HTMLResponse,
)
def step(loan_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> None:
        fields = clean(
            form,
            "action",
            "version",
            "note",
            "on",
            "amount",
            "appraiser",
            "method",
            "report_no",
            "reg_no",
            "channel",
            "ground",
            "route",
            "interest_rate",
            "benchmark_rate",
            "premium_rate",
            "insurer",
            "insurer_share",
            "guarantor",
        )
        data = LoanStepIn(
            **fields,
            contract_items=strings(form, "contract_items") or None,
            documents=strings(form, "documents") or None,
            warnings_accepted=form.get("warnings_accepted") == "1",
        )
        service.act(
            session=session, principal=principal, loan_id=loan_id, data=data, today=dates.today()
        )

    return _run(_loan_path(loan_id), "已办理", session, call)


@form_router.post(
    "/pledge/loans/{loan_id}/claims",
    dependencies=[permit("pledge.claim")],
    response_class=HTMLResponse,
)
def claim(loan_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> None:
        data = ClaimIn(
            **clean(
                form,
                "rule_code",
                "year_no",
                "base_amount",
                "benchmark_rate",
                "days",
                "pool_code",
                "on",
            )
        )
        service.compute_claim(
            session=session, principal=principal, loan_id=loan_id, data=data, today=dates.today()
        )

    return _run(_loan_path(loan_id), "已测算申领金额", session, call)


@form_router.post(
    "/pledge/claims/{claim_id}/decide",
    dependencies=[permit("pledge.office")],
    response_class=HTMLResponse,
)
def decide(claim_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    back = _back(form)

    def call() -> None:
        claims.decide(
            session=session,
            principal=principal,
            claim_id=claim_id,
            action=str(form.get("action") or ""),
            ref=str(form.get("ref") or "") or None,
            today=dates.today(),
        )

    return _run(back, "已办理申领", session, call)


@form_router.post(
    "/pledge/referrals", dependencies=[permit("pledge.bank")], response_class=HTMLResponse
)
def refer(session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> None:
        data = ReferralIn(
            **clean(form, "enterprise_name", "credit_code", "note"), numbers=_numbers(form)[:20]
        )
        whitelists.refer(session=session, principal=principal, data=data)

    return _run(HOME, "已送知识产权局评估", session, call)


@form_router.post(
    "/pledge/referrals/{referral_id}/answer",
    dependencies=[permit("pledge.office")],
    response_class=HTMLResponse,
)
def answer(
    request: Request, referral_id: Id, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    def call() -> None:
        whitelists.answer(
            session=session,
            principal=principal,
            referral_id=referral_id,
            text=str(form.get("answer") or "")[:4000],
            today=dates.today(),
            engine=getattr(request.app.state, "search", None),
        )

    return _run(HOME, "已答复评估", session, call)


@form_router.post(
    "/pledge/rules/{code}", dependencies=[permit("pledge.office")], response_class=HTMLResponse
)
def rule(code: Code, session: DbSession, principal: SignedIn, form: Form) -> Response:
    def call() -> None:
        data = RuleIn(**clean(form, "rate", "note"))
        claims.set_rate(
            session=session, principal=principal, code=code, rate=data.rate, note=data.note
        )

    return _run("/pledge/rules", "已录入本地比例", session, call)


@form_router.post(
    "/pledge/loans/{loan_id}/documents",
    dependencies=[permit("pledge.act")],
    response_class=HTMLResponse,
)
def document(
    request: Request,
    loan_id: Id,
    session: DbSession,
    principal: SignedIn,
    kind: Annotated[str, FormValue(max_length=24)],
    file: Annotated[UploadFile, File()],
) -> Response:
    def call() -> None:
        service.add_document(
            session=session,
            principal=principal,
            loan_id=loan_id,
            kind=kind,
            stream=file.file,
            filename=file.filename or "upload",
            data_dir=request.app.state.ctx.settings.data_path,
        )

    return _run(_loan_path(loan_id), "已上传登记材料", session, call)
