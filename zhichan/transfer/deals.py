"""Feedback on pool patents and the deals that follow.

An enterprise answers each pushed (or found) patent with one of the programme's intents —
转让 / 许可 / 作价入股 / 技术改进需求 / 产学研合作 / 无需求 (seeds/000 §1.4) — and may give a
professional prospect evaluation that other enterprises see. A deal names a real enterprise and
the patent's institution; whichever side opens it, it waits (待确认) until the other side
accepts. It then moves 对接中 → 签约 → 登记/备案 → 实施, or 终止 with a reason, and each side
moves only its own steps (``STEP_OWNER``): the institution records the contract and its
registration, only the enterprise declares implementation — so neither side alone can make
a patent count as converted. The office reads every deal. A deal in 实施 marks the inventory
item 已转化.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import labels
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.paging import Page
from zhichan.core.principal import OrgKind, Principal
from zhichan.db import lists
from zhichan.db.base import utcnow
from zhichan.transfer import service, states
from zhichan.transfer.models import Deal, DealEvent, Feedback, InventoryItem, Message, Push

INTENTS = ("转让", "许可", "作价入股", "技术改进需求", "产学研合作", "无需求")
STATES = states.DEAL
NEXT = {
    "proposed": "negotiating",
    "negotiating": "signed",
    "signed": "registered",
    "registered": "implemented",
}
#: Who takes each step: the side that did not open the deal accepts it; ending is either side's.
STEP_OWNER = {
    "negotiating": "other",
    "signed": "institution",
    "registered": "institution",
    "implemented": "enterprise",
}
SIDE_LABELS = {"institution": "专利所属单位", "enterprise": "企业"}
MODES = ("转让", "许可", "作价入股", "开放许可", "合作开发", "产学研合作")


class FeedbackIn(BaseModel):
    intent: str = Field(pattern="^(" + "|".join(INTENTS) + ")$")
    prospect: str | None = Field(default=None, pattern="^(好|较好|一般|不明)$")
    evaluation: str | None = Field(default=None, max_length=2000)
    public: bool = False


class FeedbackRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    item_id: int
    enterprise: str = ""
    intent: str
    prospect: str | None
    evaluation: str | None
    public: bool


class DealIn(BaseModel):
    item_id: int
    mode: str = Field(pattern="^(" + "|".join(MODES) + ")$")
    enterprise_org_id: int | None = None


class StepIn(BaseModel):
    #: The status to move to, as its code or its Chinese word.
    to: str = Field(max_length=20)

    @field_validator("to")
    @classmethod
    def _to(cls, v: str) -> str:
        return states.code_of(states.DEAL, v)

    amount: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    reason: str | None = Field(default=None, max_length=2000)
    on: date | None = None


class DealRead(BaseModel):
    id: int
    item_id: int
    number: str
    title: str | None
    institution: str
    enterprise: str
    mode: str
    status: str
    status_label: str = ""
    amount: Decimal | None
    contract_on: date | None
    registered_on: date | None
    implemented_on: date | None
    ended_on: date | None
    reason: str | None
    history: list[str]
    next: str | None
    next_label: str | None = None
    #: Which side takes the next step (专利所属单位 / 企业), for the page to say whose turn it is.
    next_by: str | None = None
    #: The institution's contact for this patent, as its inventory records it (the parties
    #: and the office read deals; nobody else does).
    contact: str | None = None


def _item(session: Session, item_id: int) -> InventoryItem:
    item = session.get(InventoryItem, item_id)
    if item is None or item.status not in service.POOL_STATUSES:
        raise NotFound(f"资源库中没有条目 {item_id}")
    return item


def give_feedback(
    *,
    session: Session,
    principal: Principal,
    item_id: int,
    data: FeedbackIn,
    enterprise_org_id: int | None = None,
) -> FeedbackRead:
    """The enterprise's answer (the platform operator may record it for an enterprise)."""
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能反馈")
    firm = principal.org_id
    if enterprise_org_id is not None and enterprise_org_id != firm:
        if not principal.is_platform_admin:
            raise PermissionDenied("只能以本企业名义反馈")
        firm = enterprise_org_id
    item = _item(session, item_id)
    if item.owner_org_id == firm:
        raise InvalidInput("不能对本机构的专利反馈")
    row = session.scalar(
        select(Feedback).where(Feedback.enterprise_org_id == firm, Feedback.item_id == item.id)
    )
    if row is None:
        row = Feedback(enterprise_org_id=firm, item_id=item.id)
        session.add(row)
    row.intent, row.prospect, row.evaluation, row.public = (
        data.intent, data.prospect, data.evaluation, data.public,
    )  # fmt: skip
    _opened(session, firm, item.id)
    session.flush()
    return _feedback_read(session, row)


def _opened(session: Session, org_id: int, item_id: int) -> None:
    push = session.scalar(
        select(Push).where(Push.enterprise_org_id == org_id, Push.item_id == item_id)
    )
    if push is not None and push.opened_at is None:
        push.opened_at = utcnow()


def mark_opened(*, session: Session, principal: Principal, item_id: int) -> None:
    _opened(session, principal.org_id, item_id)
    session.flush()


def evaluations(
    *, session: Session, principal: Principal | None, item_id: int
) -> list[FeedbackRead]:
    """Public evaluations of a patent, and the caller's own answer."""
    rows = session.scalars(select(Feedback).where(Feedback.item_id == item_id))
    mine = principal.org_id if principal else None
    return [_feedback_read(session, r) for r in rows if r.public or r.enterprise_org_id == mine]


def _feedback_read(session: Session, row: Feedback) -> FeedbackRead:
    read = FeedbackRead.model_validate(row)
    read.enterprise = accounts_service.get_org(session=session, org_id=row.enterprise_org_id).name
    return read


def open_deal(*, session: Session, principal: Principal, data: DealIn, today: date) -> DealRead:
    """The enterprise, or the patent's institution naming a real enterprise, proposes talks;
    the deal waits for the other side to accept."""
    item = _item(session, data.item_id)
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能发起对接")
    if principal.org_id == item.owner_org_id or principal.is_platform_admin:
        if data.enterprise_org_id is None:
            raise InvalidInput("请指定对接企业", details={"field": "enterprise_org_id"})
        firm = _enterprise(session, data.enterprise_org_id)
    elif principal.org_kind is OrgKind.ENTERPRISE:
        firm = principal.org_id
    else:
        raise PermissionDenied("只有专利所属单位或企业可以发起对接")
    said = session.scalar(
        select(Feedback.intent).where(
            Feedback.enterprise_org_id == firm, Feedback.item_id == item.id
        )
    )
    if said == "无需求":
        raise Conflict("该企业已反馈“无需求”，请先更新反馈")
    opener = item.owner_org_id if principal.is_platform_admin else principal.org_id
    deal = Deal(item_id=item.id, institution_org_id=item.owner_org_id, enterprise_org_id=firm,
                mode=data.mode, status="proposed", opened_by_org_id=opener)  # fmt: skip
    session.add(deal)
    session.flush()
    _event(session, deal, None, "proposed", today, principal, None)
    _notify(session, deal, f"对接邀请：{item.number}（{data.mode}），待对方确认")
    return read(session, deal)


def _enterprise(session: Session, org_id: int) -> int:
    try:
        org = accounts_service.get_org(session=session, org_id=org_id)
    except NotFound:
        org = None
    if org is None or org.kind != OrgKind.ENTERPRISE.value or not org.is_active:
        raise InvalidInput(
            f"对接方 {org_id} 不是平台上的企业", details={"field": "enterprise_org_id"}
        )
    return org.id


def _side(deal: Deal, step: str) -> int | None:
    """The organisation whose step ``step`` is (None: either side's)."""
    owner = STEP_OWNER.get(step)
    if owner == "institution":
        return deal.institution_org_id
    if owner == "enterprise":
        return deal.enterprise_org_id
    if owner == "other":
        opener = deal.opened_by_org_id
        return (
            deal.enterprise_org_id if opener == deal.institution_org_id else deal.institution_org_id
        )
    return None


def advance(
    *, session: Session, principal: Principal, deal_id: int, data: StepIn, today: date
) -> DealRead:
    deal = _deal(session, principal, deal_id, write=True)
    if deal.status in states.CLOSED:
        raise Conflict(f"交易已{STATES[deal.status]}，不能再变更")
    if data.to == "ended":
        if not (data.reason or "").strip():
            raise InvalidInput("终止须写明原因")
        deal.reason, deal.ended_on = data.reason, data.on or today
    elif NEXT.get(deal.status) != data.to:
        raise Conflict(
            f"交易当前为“{STATES[deal.status]}”，下一步只能是“{STATES[NEXT[deal.status]]}”或“终止”"
        )
    side = _side(deal, data.to)
    if side is not None and side != principal.org_id and not principal.is_platform_admin:
        whose = SIDE_LABELS["enterprise" if side == deal.enterprise_org_id else "institution"]
        raise PermissionDenied(f"“{STATES[data.to]}”这一步由{whose}办理")
    on = data.on or today
    if data.to == "signed":
        if data.amount is None:
            raise InvalidInput("签约须填写合同金额（元，可为 0）")
        deal.amount, deal.contract_on = data.amount, on
    elif data.to == "registered":
        deal.registered_on = on
    elif data.to == "implemented":
        deal.implemented_on = on
        item = session.get(InventoryItem, deal.item_id)
        assert item is not None
        item.status = "transferred"
    before = deal.status
    deal.status = data.to
    _event(session, deal, before, data.to, on, principal, data.reason)
    _notify(session, deal, f"交易状态：{STATES[before]} → {STATES[data.to]}")
    session.flush()
    return read(session, deal)


def _deal(session: Session, principal: Principal, deal_id: int, *, write: bool = False) -> Deal:
    deal = session.get(Deal, deal_id)
    parties = {deal.institution_org_id, deal.enterprise_org_id} if deal else set()
    if deal is None or not (
        principal.is_platform_admin or principal.org_id in parties or service.is_office(principal)
    ):
        raise NotFound(f"交易 {deal_id} 不存在")
    if write and not (
        principal.is_platform_admin or (principal.org_id in parties and principal.can_edit)
    ):
        raise PermissionDenied("只有交易双方可以推进交易")
    return deal


def _event(
    session: Session,
    deal: Deal,
    before: str | None,
    after: str,
    on: date,
    principal: Principal,
    note: str | None,
) -> None:
    label = principal.actor
    session.add(
        DealEvent(
            deal_id=deal.id,
            from_status=before,
            to_status=after,
            on=on,
            actor_label=label,
            note=note,
        )
    )


def _notify(session: Session, deal: Deal, subject: str) -> None:
    for org in (deal.institution_org_id, deal.enterprise_org_id):
        session.add(
            Message(org_id=org, subject=subject, body="", link=f"/transfer/deals/{deal.id}")
        )


def deals(
    *,
    session: Session,
    principal: Principal,
    status: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[DealRead]:
    """The organisation's deals (the office: all), newest first; ``q`` finds words of the
    patent's number or title (LIKE's own wildcards taken literally)."""
    stmt = select(Deal)
    if not service.is_office(principal):
        org = principal.org_id
        stmt = stmt.where((Deal.institution_org_id == org) | (Deal.enterprise_org_id == org))
    if status:
        stmt = stmt.where(Deal.status == status)
    if (found := service.containing(q)) is not None:
        stmt = stmt.join(InventoryItem, InventoryItem.id == Deal.item_id).where(found)
    total, rows = lists.page(session, stmt, Deal.id.desc(), limit=limit, offset=offset)
    return Page[DealRead](total=total, items=[read(session, d) for d in rows])


def waiting_count(*, session: Session, principal: Principal) -> int:
    """Deals whose next step is this organisation's to take."""
    org = principal.org_id
    mine = select(Deal).where((Deal.institution_org_id == org) | (Deal.enterprise_org_id == org))
    return sum(
        1
        for d in session.scalars(mine.where(Deal.status.not_in(states.CLOSED)))
        if (step := NEXT.get(d.status)) and _side(d, step) == org
    )


def get(*, session: Session, principal: Principal, deal_id: int) -> DealRead:
    return read(session, _deal(session, principal, deal_id))


def read(session: Session, deal: Deal) -> DealRead:
    item = session.get(InventoryItem, deal.item_id)
    assert item is not None
    events = session.scalars(
        select(DealEvent).where(DealEvent.deal_id == deal.id).order_by(DealEvent.id)
    )
    name = lambda o: accounts_service.get_org(session=session, org_id=o).name  # noqa: E731
    return DealRead(
        id=deal.id, item_id=item.id, number=item.number, title=item.title,
        institution=name(deal.institution_org_id), enterprise=name(deal.enterprise_org_id),
        mode=deal.mode, status=deal.status, status_label=STATES.get(deal.status, deal.status),
        amount=deal.amount, contract_on=deal.contract_on,
        registered_on=deal.registered_on, implemented_on=deal.implemented_on,
        ended_on=deal.ended_on, reason=deal.reason,
        history=[f"{e.on} {_said(e.from_status)} → {_said(e.to_status)}"
                 f"（{labels.actor(e.actor_label)}）" + (f"：{e.note}" if e.note else "")
                 for e in events],
        next=(step := NEXT.get(deal.status)), next_label=STATES[step] if step else None,
        next_by=_next_by(deal),
        contact=" ".join(x for x in (item.contact_name, item.contact_phone) if x) or None,
    )  # fmt: skip


def _said(status: str | None) -> str:
    return "—" if status is None else STATES.get(status, status)


def _next_by(deal: Deal) -> str | None:
    step = NEXT.get(deal.status)
    side = _side(deal, step) if step else None
    if side is None:
        return None
    return SIDE_LABELS["enterprise" if side == deal.enterprise_org_id else "institution"]
