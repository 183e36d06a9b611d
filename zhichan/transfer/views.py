"""HTML pages of the transfer domain: the public pool, the institution's inventory, the
enterprise's needs and recommendations with explanations and feedback, deals, the office."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import ZhichanError
from zhichan.http.deps import DbSession
from zhichan.http.forms import Form, refusal, see, strings
from zhichan.http.nav import NavItem
from zhichan.http.pages import pager, render
from zhichan.http.params import Id, PageOffset
from zhichan.http.routing import Router
from zhichan.patents import service as patents_service
from zhichan.transfer import (
    deals,
    enterprise,
    picker,
    push,
    recommendations,
    scoring,
    service,
    states,
    stats,
    tiering,
)
from zhichan.transfer import jobs as transfer_jobs
from zhichan.transfer.routes import engine_of, submit_sheet
from zhichan.transfer.schemas import ItemUpdate, NeedIn, ProfileIn, SubscriptionIn

page_router = Router(include_in_schema=False)
NAV = [
    NavItem("专利资源库", "/transfer", "transfer.pool.read", order=40),
    NavItem("存量专利盘点", "/transfer/inventory", "transfer.inventory.page", order=41),
    NavItem("技术需求与推荐", "/transfer/needs", "transfer.needs.read", order=42),
    NavItem("对接与交易", "/transfer/deals", "transfer.deals.read", order=43),
    NavItem("盘活管理", "/transfer/office", "transfer.office", order=44),
]


def _message(exc: ZhichanError | ValidationError) -> str:
    return refusal(exc)[0]


def _common(session: Session) -> dict[str, Any]:
    return {
        "industries": patents_service.sei_categories(session=session),
        "prospects": tiering.PROSPECTS,
        "maturities": tiering.MATURITIES,
        "statuses": states.ITEM,
        "modes": tiering.MODES,
        "intents": deals.INTENTS,
        "need_states": enterprise.NEED_STATES,
        "deal_states": states.DEAL,
        "signal_labels": scoring.LABELS,
    }


@page_router.get(
    "/transfer", dependencies=[permit("transfer.pool.read")], response_class=HTMLResponse
)
def pool_page(
    request: Request, session: DbSession, principal: CurrentPrincipal, window: PageOffset
) -> Response:
    p = request.query_params
    page = service.list_items(
        session=session,
        principal=principal,
        pool=True,
        tier=p.get("tier") or None,
        industry=p.get("industry") or None,
        q=p.get("q") or None,
        limit=PAGE,
        offset=window.offset,
    )
    return render(
        request,
        "transfer/pool.html",
        _common(session)
        | {"page": page, "p": dict(p)}
        | pager(request, window.offset, PAGE, page.total),
    )


#: Rows per page of the pool and the inventory.
PAGE = 50


@page_router.get(
    "/transfer/inventory",
    dependencies=[permit("transfer.inventory.page")],
    response_class=HTMLResponse,
)
def inventory_page(
    request: Request, session: DbSession, principal: SignedIn, window: PageOffset
) -> Response:
    status = request.query_params.get("status") or None
    q = request.query_params.get("q") or None
    page = service.list_items(
        session=session, principal=principal, status=status, q=q, limit=PAGE, offset=window.offset
    )
    find = (request.query_params.get("find") or "").strip()
    found, find_error = None, None
    if find:
        try:
            found = picker.find(
                session=session, principal=principal, engine=engine_of(request), q=find
            )
        except ZhichanError as exc:
            find_error = exc.message
    return render(
        request,
        "transfer/inventory.html",
        _common(session)
        | {"page": page, "status": status or "", "q": q or ""}
        | {"find": find, "found": found, "find_error": find_error}
        | pager(request, window.offset, PAGE, page.total),
    )


@page_router.post(
    "/transfer/inventory/add",
    dependencies=[permit("transfer.inventory.write")],
    response_class=HTMLResponse,
)
def inventory_add(session: DbSession, principal: SignedIn, form: Form) -> Response:
    everything = form.get("action") == "by-name"
    numbers = strings(form, "numbers")
    if not everything and not numbers:
        return see("/transfer/inventory", error="请先勾选要加入的专利")
    try:
        added = service.add_patents(
            session=session, principal=principal, numbers=None if everything else numbers
        )
    except ZhichanError as exc:
        session.rollback()
        return see("/transfer/inventory", error=exc.message)
    return see("/transfer/inventory", f"已加入盘点 {added} 件（已在表中的不重复加入）")


@page_router.post(
    "/transfer/inventory/edit",
    dependencies=[permit("transfer.inventory.write")],
    response_class=HTMLResponse,
)
def inventory_edit(session: DbSession, principal: SignedIn, form: Form) -> Response:
    numbers = strings(form, "numbers")
    try:
        if form.get("action") == "publish":
            n = service.publish(
                session=session, principal=principal, numbers=numbers or None, today=dates.today()
            )
            return see("/transfer/inventory", f"已发布入库 {n} 件")
        values: dict[str, object] = {}
        for name in ("prospect", "maturity", "status", "field", "prospect_reasons"):
            if got := strings(form, name):
                values[name] = got[0]
        if strings(form, "modes"):
            values["modes"] = strings(form, "modes")
        if not numbers:
            return see("/transfer/inventory", error="请先勾选专利")
        n = service.update_items(
            session=session,
            principal=principal,
            numbers=numbers,
            changes=ItemUpdate.model_validate(values),
            today=dates.today(),
        )
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return see("/transfer/inventory", error=_message(exc))
    return see("/transfer/inventory", f"已更新 {n} 件并重新分层")


@page_router.post(
    "/transfer/inventory/override/{item_id}",
    dependencies=[permit("transfer.inventory.write")],
    response_class=HTMLResponse,
)
def inventory_override(
    item_id: Id, session: DbSession, principal: SignedIn, form: Form
) -> Response:
    try:
        service.override(
            session=session,
            principal=principal,
            item_id=item_id,
            tier=str(form.get("tier") or ""),
            reason=str(form.get("reason") or ""),
        )
    except ZhichanError as exc:
        session.rollback()
        return see("/transfer/inventory", error=exc.message)
    return see("/transfer/inventory", "分层已调整（已记入审计日志）")


@page_router.post(
    "/transfer/inventory/import",
    dependencies=[permit("transfer.inventory.write")],
    response_class=HTMLResponse,
)
def inventory_import(
    request: Request, session: DbSession, principal: SignedIn, file: Annotated[UploadFile, File()]
) -> Response:
    try:
        job = submit_sheet(request, session, principal, file, None)
    except ZhichanError as exc:
        session.rollback()
        return see("/transfer/inventory", error=exc.message)
    return see(f"/jobs/{job.id}", "盘点表已上传，正在后台核对与导入")


@page_router.get(
    "/transfer/needs", dependencies=[permit("transfer.needs.read")], response_class=HTMLResponse
)
def needs_page(request: Request, session: DbSession, principal: SignedIn) -> Response:
    context = _common(session) | {
        "profile": enterprise.profile(
            session=session, principal=principal, org_id=principal.org_id
        ),
        "needs": enterprise.needs(session=session, principal=principal),
        "subs": enterprise.subscriptions(session=session, principal=principal),
        "sub_kinds": enterprise.SUBSCRIPTION_KINDS,
        "institutions": enterprise.pool_institutions(session=session),
        "messages": push.inbox(session=session, principal=principal, limit=10),
    }
    return render(request, "transfer/needs.html", context)


@page_router.get(
    "/transfer/deals", dependencies=[permit("transfer.deals.read")], response_class=HTMLResponse
)
def deals_page(
    request: Request, session: DbSession, principal: SignedIn, window: PageOffset
) -> Response:
    """The organisation's deals (the office: all), whose turn it is, and the latest messages."""
    status = request.query_params.get("status") or None
    q = request.query_params.get("q") or None
    page = deals.deals(session=session, principal=principal, status=status, q=q, limit=PAGE,
                       offset=window.offset)  # fmt: skip
    context = {
        "page": page,
        "status": status or "",
        "q": q or "",
        "messages": push.inbox(session=session, principal=principal, limit=10),
    }
    return render(
        request,
        "transfer/deals.html",
        _common(session) | context | pager(request, window.offset, PAGE, page.total),
    )


@page_router.get(
    "/transfer/messages", dependencies=[permit("transfer.messages")], response_class=HTMLResponse
)
def messages_page(
    request: Request, session: DbSession, principal: SignedIn, window: PageOffset
) -> Response:
    unread = request.query_params.get("unread") == "1"
    page = push.inbox(session=session, principal=principal, unread=unread, limit=PAGE,
                      offset=window.offset)  # fmt: skip
    context = {"messages": page, "page": page, "unread": unread}
    return render(
        request,
        "transfer/messages.html",
        _common(session) | context | pager(request, window.offset, PAGE, page.total),
    )


@page_router.post(
    "/transfer/messages/read",
    dependencies=[permit("transfer.messages")],
    response_class=HTMLResponse,
)
def messages_read(session: DbSession, principal: SignedIn, form: Form) -> Response:
    marked = push.mark_read(session=session, principal=principal)
    back = str(form.get("back") or "")
    return see(
        back if back in MESSAGE_PAGES else "/transfer/messages", f"{marked} 条消息已标为已读"
    )


#: The pages that list messages, where marking them read may return.
MESSAGE_PAGES = frozenset({"/transfer/needs", "/transfer/deals", "/transfer/messages"})


@page_router.post(
    "/transfer/needs", dependencies=[permit("transfer.needs.write")], response_class=HTMLResponse
)
def needs_post(session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        if form.get("what") == "profile":
            data = ProfileIn(
                scope=str(form.get("scope") or ""),
                industries=strings(form, "industries"),
                region=str(form.get("region") or "") or None,
            )
            enterprise.save_profile(session=session, principal=principal, data=data)
            return see("/transfer/needs", "企业画像已保存")
        need_in = NeedIn(
            title=str(form.get("title") or ""),
            text=str(form.get("text") or ""),
            industries=strings(form, "industries"),
        )
        need = enterprise.add_need(session=session, principal=principal, data=need_in)
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return see("/transfer/needs", error=_message(exc))
    return see(f"/transfer/needs/{need.id}", "需求已发布，以下是匹配结果")


@page_router.post(
    "/transfer/subscriptions",
    dependencies=[permit("transfer.subscribe")],
    response_class=HTMLResponse,
)
def subscribe(session: DbSession, principal: SignedIn, form: Form) -> Response:
    kind = str(form.get("kind") or "")
    try:
        data = SubscriptionIn(kind=kind, value=str(form.get(f"value_{kind}") or "").strip())
        sub = enterprise.subscribe(session=session, principal=principal, data=data)
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return see("/transfer/needs", error=refusal(exc, SUBSCRIPTION_FIELDS)[0])
    return see("/transfer/needs", f"已订阅{enterprise.SUBSCRIPTION_KINDS[sub.kind]}：{sub.label}")


#: The subscription form's fields as its page names them.
SUBSCRIPTION_FIELDS = {"kind": "订阅类型", "value": "订阅内容"}


@page_router.post(
    "/transfer/subscriptions/{subscription_id}/delete",
    dependencies=[permit("transfer.subscribe")],
    response_class=HTMLResponse,
)
def unsubscribe(subscription_id: Id, session: DbSession, principal: SignedIn) -> Response:
    try:
        enterprise.unsubscribe(
            session=session, principal=principal, subscription_id=subscription_id
        )
    except ZhichanError as exc:
        session.rollback()
        return see("/transfer/needs", error=exc.message)
    return see("/transfer/needs", "已取消订阅")


@page_router.get(
    "/transfer/needs/{need_id}",
    dependencies=[permit("transfer.needs.read")],
    response_class=HTMLResponse,
)
def need_page(request: Request, need_id: Id, session: DbSession, principal: SignedIn) -> Response:
    need = enterprise.get_need(session=session, principal=principal, need_id=need_id)
    result = recommendations.match_need(
        session=session, principal=principal, need_id=need_id, engine=engine_of(request), k=10
    )
    back = f"/transfer/needs/{need_id}"
    context = _common(session) | {"need": need, "result": result, "back": back}
    return render(request, "transfer/matches.html", context)


@page_router.get(
    "/transfer/recommendations",
    dependencies=[permit("transfer.needs.read")],
    response_class=HTMLResponse,
)
def recommendations_page(request: Request, session: DbSession, principal: SignedIn) -> Response:
    result = recommendations.match_enterprise(
        session=session, principal=principal, engine=engine_of(request), k=15
    )
    for m in result.items:
        if m.pushed:  # shown to the enterprise: the push counts as opened
            deals.mark_opened(session=session, principal=principal, item_id=m.item_id)
    return render(
        request,
        "transfer/matches.html",
        _common(session) | {"need": None, "result": result, "back": "/transfer/recommendations"},
    )


@page_router.post(
    "/transfer/feedback/{item_id}",
    dependencies=[permit("transfer.needs.write")],
    response_class=HTMLResponse,
)
def feedback(item_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    back = str(form.get("back") or "/transfer/recommendations")
    try:
        data = deals.FeedbackIn(
            intent=str(form.get("intent") or ""),
            prospect=str(form.get("prospect") or "") or None,
            evaluation=str(form.get("evaluation") or "") or None,
            public=form.get("public") == "on",
        )
        deals.give_feedback(session=session, principal=principal, item_id=item_id, data=data)
        transfer_jobs.retrain_if_due(session)
        if form.get("deal") and data.intent != "无需求":
            mode = data.intent if data.intent in deals.MODES else "产学研合作"
            deal = deals.open_deal(
                session=session,
                principal=principal,
                data=deals.DealIn(item_id=item_id, mode=mode),
                today=dates.today(),
            )
            return see(f"/transfer/deals/{deal.id}", "已发起对接")
    except (ZhichanError, ValidationError) as exc:
        session.rollback()
        return see(back, error=_message(exc))
    return see(back, "反馈已记录")


@page_router.get(
    "/transfer/deals/{deal_id}",
    dependencies=[permit("transfer.deals.read")],
    response_class=HTMLResponse,
)
def deal_page(request: Request, deal_id: Id, session: DbSession, principal: SignedIn) -> Response:
    deal = deals.get(session=session, principal=principal, deal_id=deal_id)
    return render(request, "transfer/deal.html", _common(session) | {"d": deal})


@page_router.post(
    "/transfer/deals/{deal_id}",
    dependencies=[permit("transfer.deals.write")],
    response_class=HTMLResponse,
)
def deal_step(deal_id: Id, session: DbSession, principal: SignedIn, form: Form) -> Response:
    try:
        amount = str(form.get("amount") or "").replace(",", "")
        step = deals.StepIn(
            to=str(form.get("to") or ""),
            amount=Decimal(amount) if amount else None,
            reason=str(form.get("reason") or "") or None,
        )
        deals.advance(
            session=session, principal=principal, deal_id=deal_id, data=step, today=dates.today()
        )
    except (ZhichanError, ValidationError, ArithmeticError) as exc:
        session.rollback()
        message = "金额应为数字" if isinstance(exc, ArithmeticError) else _message(exc)
        return see(f"/transfer/deals/{deal_id}", error=message)
    return see(f"/transfer/deals/{deal_id}", "交易已更新")


@page_router.get(
    "/transfer/office", dependencies=[permit("transfer.office")], response_class=HTMLResponse
)
def office_page(request: Request, session: DbSession, principal: SignedIn) -> Response:
    s = stats.compute(
        session=session, principal=principal, unit=request.query_params.get("unit", "month")
    )
    return render(
        request,
        "transfer/office.html",
        _common(session)
        | {"s": s, "deals": deals.deals(session=session, principal=principal, limit=20).items},
    )


@page_router.post(
    "/transfer/office/push", dependencies=[permit("transfer.push")], response_class=HTMLResponse
)
def office_push(request: Request, session: DbSession, principal: SignedIn, form: Form) -> Response:
    dry = form.get("dry_run") == "on"
    try:
        k = int(str(form.get("k") or "5"))
        if not 1 <= k <= 50:
            raise ValueError
        if not dry:
            job = transfer_jobs.submit(session=session, principal=principal, k=k)
            session.commit()
            return see(f"/jobs/{job.id}", "批量推送已在后台开始，完成后企业会收到站内消息")
        report = push.run(
            session=session,
            principal=principal,
            k=k,
            dry_run=dry,
            engine=engine_of(request),
            today=dates.today(),
        )
    except (ZhichanError, ValueError) as exc:
        session.rollback()
        return see(
            "/transfer/office",
            error=exc.message
            if isinstance(exc, ZhichanError)
            else "每家推送条数应为 1 到 50 的整数",
        )
    return see(
        "/transfer/office",
        f"预览：批次 {report.batch} 将推送 {len(report.pairs)} 对（{report.enterprises} 家企业）",
    )
