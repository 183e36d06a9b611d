"""White lists both ways (北京 "白名单"双向推送, seeds/001 case 2): the office builds a list of
enterprises from criteria over the records and pushes it to banks, each bank records what it
did with each enterprise; banks send their own applicants back for evaluation and the office
answers with 金融-scenario valuations. Flushes, never commits."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import permissions
from zhichan.core.errors import Conflict, InvalidInput, NotFound
from zhichan.core.paging import Page
from zhichan.core.principal import OrgKind, Principal
from zhichan.db import lists
from zhichan.db.base import Visibility
from zhichan.indicators import service as indicators_service
from zhichan.patents import service as patents_service
from zhichan.pledge import access
from zhichan.pledge.catalogue import FEEDBACK, FUNNEL, REFERRAL_STATES
from zhichan.pledge.models import Feedback, Referral, WhiteList, WhiteListEntry
from zhichan.pledge.schemas import (
    BankFeedbackIn,
    BankFeedbackRead,
    EntryRead,
    ReferralIn,
    ReferralRead,
    WhiteListIn,
    WhiteListRead,
)
from zhichan.valuation import service as valuation_service

LIST_STATES = {"draft": "未推送", "pushed": "已推送"}
TIER_ORDER = "ABCD"
EVIDENCE_PER_ENTRY = 50


def _org(session: Session, principal: Principal) -> int:
    if principal.org_id:
        return principal.org_id
    found = accounts_service.platform_org_id(session=session)
    if found is None:
        raise InvalidInput("平台机构不存在，请先运行 zhichan db upgrade")
    return found


def build(
    *, session: Session, principal: Principal, data: WhiteListIn, today: date
) -> WhiteListRead:
    """A new list of the enterprises whose records meet ``data``; each entry keeps the
    evidence (every patent with its status, high-value criteria and 金融 tier) as of today."""
    who = permissions.require(principal, "pledge.office")
    owner = _org(session, who)
    portfolios = patents_service.applicant_portfolios(
        session=session,
        ipc_prefix=data.ipc_prefix,
        min_patents=data.min_patents,
        limit=data.limit * 4,
    )
    ids = [pid for _n, rows in portfolios for pid, _num, _s in rows]
    high = indicators_service.high_value_of(session=session, patent_ids=ids)
    tiers = valuation_service.latest(
        session=session, owner_org_id=owner, patent_ids=ids, scenario="finance"
    )
    wl = WhiteList(
        owner_org_id=owner,
        visibility=Visibility.INTERNAL.value,
        name=data.name,
        criteria=data.model_dump(mode="json"),
        valid_from=today,
        valid_to=data.valid_to,
        created_by=who.actor,
    )
    session.add(wl)
    session.flush()
    made = 0
    for name, rows in portfolios:
        entry = _entry(wl.id, name, rows, high, tiers, data, today)
        if entry is None:
            continue
        org_id = accounts_service.find_org(session=session, name=name)
        if org_id is not None:
            org = accounts_service.get_org(session=session, org_id=org_id)
            entry.region, entry.credit_code = org.region, org.credit_code
        session.add(entry)
        made += 1
        if made >= data.limit:
            break
    session.flush()
    return read_list(session, wl)


def _entry(
    list_id: int,
    name: str,
    rows: list[tuple[int, str, str]],
    high: dict[int, list[str]],
    tiers: dict[int, Any],
    data: WhiteListIn,
    today: date,
) -> WhiteListEntry | None:
    valid = [r for r in rows if r[2] == "valid"]
    hv = [r for r in rows if r[0] in high]
    good = [
        r
        for r in rows
        if r[0] in tiers
        and tiers[r[0]].tier
        and data.tier
        and TIER_ORDER.index(tiers[r[0]].tier) <= TIER_ORDER.index(data.tier)
    ]
    if len(valid) < data.min_valid or len(hv) < data.min_high_value:
        return None
    if data.tier and not good:
        return None
    reasons = [f"专利 {len(rows)} 件，其中有效 {len(valid)} 件"]
    if hv:
        met = Counter(c for r in hv for c in high[r[0]])
        reasons.append(
            f"高价值发明专利 {len(hv)} 件（" + "、".join(f"{k} {v}" for k, v in met.items()) + "）"
        )
    if good:
        reasons.append(f"金融场景估值 {data.tier} 档及以上 {len(good)} 件")
    evidence = [
        {
            "number": num,
            "status": status,
            "high_value": high.get(pid, []),
            "tier": tiers[pid].tier if pid in tiers else None,
            "valuation_id": tiers[pid].id if pid in tiers else None,
        }
        for pid, num, status in sorted(rows, key=lambda r: (r[0] not in high, r[1]))[
            :EVIDENCE_PER_ENTRY
        ]
    ]
    return WhiteListEntry(
        list_id=list_id, enterprise_name=name, reasons=reasons, evidence=evidence, evidence_on=today
    )


def _visible_list(session: Session, principal: Principal, list_id: int) -> WhiteList:
    wl = session.get(WhiteList, list_id)
    if wl is not None and access.is_office(principal):
        return wl
    if wl is not None and wl.status == "pushed" and principal.org_kind is OrgKind.BANK:
        pushed = session.scalar(
            select(func.count())
            .select_from(Feedback)
            .join(WhiteListEntry)
            .where(WhiteListEntry.list_id == wl.id, Feedback.bank_org_id == principal.org_id)
        )
        if pushed:
            return wl
    raise NotFound(f"白名单 {list_id} 不存在", details={"id": list_id})


def push(
    *, session: Session, principal: Principal, list_id: int, bank_ids: list[int], today: date
) -> WhiteListRead:
    who = permissions.require(principal, "pledge.office")
    wl = _visible_list(session, who, list_id)
    banks = accounts_service.orgs_by_id(session=session)
    wrong = [b for b in bank_ids if b not in banks or banks[b].kind is not OrgKind.BANK]
    if wrong:
        raise InvalidInput(
            f"不是金融机构：{'、'.join(map(str, wrong))}", details={"field": "bank_ids"}
        )
    entries = list(session.scalars(select(WhiteListEntry).where(WhiteListEntry.list_id == wl.id)))
    if not entries:
        raise Conflict("白名单没有企业，不能推送")
    have = {
        (f.entry_id, f.bank_org_id)
        for f in session.scalars(
            select(Feedback).where(Feedback.entry_id.in_([e.id for e in entries]))
        )
    }
    for e in entries:
        for b in dict.fromkeys(bank_ids):
            if (e.id, b) not in have:
                session.add(
                    Feedback(
                        entry_id=e.id,
                        bank_org_id=b,
                        stage="pushed",
                        updated_on=today,
                        updated_by=who.actor,
                    )
                )
    wl.status, wl.pushed_on = "pushed", today
    session.flush()
    return read_list(session, wl)


def feedback(
    *, session: Session, principal: Principal, entry_id: int, data: BankFeedbackIn, today: date
) -> EntryRead:
    """A bank's progress with one pushed enterprise; an approval states the amount, a decline
    its reason."""
    who = permissions.require(principal, "pledge.bank")
    row = session.scalar(
        select(Feedback).where(Feedback.entry_id == entry_id, Feedback.bank_org_id == who.org_id)
    )
    if row is None:
        raise NotFound(f"白名单条目 {entry_id} 不存在", details={"id": entry_id})
    if data.stage not in FEEDBACK or data.stage == "pushed":
        raise InvalidInput(f"未知的进展：{data.stage}", details={"field": "stage"})
    if data.stage == "approved" and not data.amount:
        raise InvalidInput("获批须填写金额", details={"field": "amount"})
    if data.stage == "declined" and not (data.reason or "").strip():
        raise InvalidInput("未获批或放弃须填写原因", details={"field": "reason"})
    row.stage, row.amount = data.stage, data.amount
    row.reason = (data.reason or "").strip() or None
    row.updated_on, row.updated_by = today, who.actor
    session.flush()
    entry = session.get(WhiteListEntry, entry_id)
    assert entry is not None
    return _entry_read(session, who, entry)


def mark(
    *,
    session: Session,
    principal: Principal,
    entry_id: int,
    stage: str,
    today: date,
    amount: Decimal | None = None,
) -> None:
    """Move a bank's feedback forward when its loan from the entry advances (never back)."""
    row = session.scalar(
        select(Feedback).where(
            Feedback.entry_id == entry_id, Feedback.bank_org_id == principal.org_id
        )
    )
    if row is None or row.stage == "declined":
        return
    if FUNNEL.index(stage) > (FUNNEL.index(row.stage) if row.stage in FUNNEL else -1):
        row.stage, row.updated_on, row.updated_by = stage, today, principal.actor
        if amount is not None:
            row.amount = amount
    session.flush()


def lists_for(
    *, session: Session, principal: Principal, limit: int, offset: int
) -> Page[WhiteListRead]:
    who = permissions.require(principal, "pledge.read")
    stmt = select(WhiteList)
    if not access.is_office(who):
        mine = (
            select(WhiteListEntry.list_id).join(Feedback).where(Feedback.bank_org_id == who.org_id)
        )
        stmt = stmt.where(WhiteList.id.in_(mine), WhiteList.status == "pushed")
    total, rows = lists.page(session, stmt, WhiteList.id.desc(), limit=limit, offset=offset)
    return Page[WhiteListRead](total=total, items=[read_list(session, r) for r in rows])


def entries(
    *, session: Session, principal: Principal, list_id: int, limit: int, offset: int
) -> tuple[WhiteListRead, Page[EntryRead]]:
    who = permissions.require(principal, "pledge.read")
    wl = _visible_list(session, who, list_id)
    stmt = select(WhiteListEntry).where(WhiteListEntry.list_id == wl.id)
    total, rows = lists.page(session, stmt, WhiteListEntry.id, limit=limit, offset=offset)
    return read_list(session, wl), Page[EntryRead](
        total=total, items=[_entry_read(session, who, e) for e in rows]
    )


def entry(*, session: Session, principal: Principal, entry_id: int) -> EntryRead:
    found = session.get(WhiteListEntry, entry_id)
    if found is None:
        raise NotFound(f"白名单条目 {entry_id} 不存在", details={"id": entry_id})
    _visible_list(session, principal, found.list_id)
    return _entry_read(session, principal, found)


def _entry_read(session: Session, principal: Principal, e: WhiteListEntry) -> EntryRead:
    stmt = select(Feedback).where(Feedback.entry_id == e.id).order_by(Feedback.bank_org_id)
    if not access.is_office(principal):
        stmt = stmt.where(Feedback.bank_org_id == principal.org_id)
    banks = accounts_service.orgs_by_id(session=session)
    return EntryRead(
        id=e.id,
        list_id=e.list_id,
        enterprise_name=e.enterprise_name,
        region=e.region,
        reasons=e.reasons,
        evidence=e.evidence,
        evidence_on=e.evidence_on,
        feedback=[
            BankFeedbackRead(
                bank_id=f.bank_org_id,
                bank_name=banks[f.bank_org_id].name,
                stage=f.stage,
                stage_label=FEEDBACK[f.stage],
                amount=f.amount,
                reason=f.reason,
                updated_on=f.updated_on,
            )
            for f in session.scalars(stmt)
        ],
    )


def funnel(session: Session, list_ids: list[int] | None = None) -> dict[str, Any]:
    """Pushed → contacted → applied → approved (each stage counts those that reached it), the
    declined, and the approved amount."""
    stmt = select(Feedback.stage, Feedback.amount).join(WhiteListEntry)
    if list_ids is not None:
        stmt = stmt.where(WhiteListEntry.list_id.in_(list_ids))
    rows = session.execute(stmt).all()
    reached = {
        s: sum(1 for st, _a in rows if st in FUNNEL and FUNNEL.index(st) >= i)
        for i, s in enumerate(FUNNEL)
    }
    amount = sum((a for st, a in rows if st == "approved" and a is not None), Decimal(0))
    return reached | {"declined": sum(1 for st, _a in rows if st == "declined"), "amount": amount}


def read_list(session: Session, wl: WhiteList) -> WhiteListRead:
    count = (
        session.scalar(
            select(func.count()).select_from(WhiteListEntry).where(WhiteListEntry.list_id == wl.id)
        )
        or 0
    )
    bank_ids = session.scalars(
        select(Feedback.bank_org_id)
        .join(WhiteListEntry)
        .where(WhiteListEntry.list_id == wl.id)
        .distinct()
    ).all()
    banks = accounts_service.orgs_by_id(session=session)
    return WhiteListRead(
        id=wl.id,
        name=wl.name,
        criteria=wl.criteria,
        status=wl.status,
        status_label=LIST_STATES[wl.status],
        valid_from=wl.valid_from,
        valid_to=wl.valid_to,
        pushed_on=wl.pushed_on,
        created_by=wl.created_by,
        entries=count,
        banks=sorted(banks[b].name for b in bank_ids),
        funnel=funnel(session, [wl.id]),
    )


# -- referrals: the banks' applicants sent back to the office ---------------------------------


def refer(*, session: Session, principal: Principal, data: ReferralIn) -> ReferralRead:
    who = permissions.require(principal, "pledge.bank")
    numbers = []
    for raw in dict.fromkeys(n.strip() for n in data.numbers if n.strip()):
        numbers.append(patents_service.find(session=session, number=raw).number)
    row = Referral(
        owner_org_id=who.org_id,
        visibility=Visibility.INTERNAL.value,
        enterprise_name=data.enterprise_name.strip(),
        credit_code=data.credit_code,
        numbers=numbers,
        note=data.note,
    )
    session.add(row)
    session.flush()
    return _referral_read(session, row)


def answer(
    *,
    session: Session,
    principal: Principal,
    referral_id: int,
    text: str,
    today: date,
    engine: Any = None,
) -> ReferralRead:
    """The office's evaluation: a 金融-scenario valuation of every patent, and its words."""
    who = permissions.require(principal, "pledge.office")
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound(f"评估请求 {referral_id} 不存在", details={"id": referral_id})
    found = []
    for n in row.numbers:
        v = valuation_service.score(
            session=session, principal=who, number=n, scenario="finance", today=today, engine=engine
        )
        found.append(
            {
                "number": n,
                "valuation_id": v.id,
                "score": v.score,
                "tier": v.tier,
                "coverage": v.coverage,
                "blocked": v.blocked,
            }
        )
    row.valuations, row.answer = found, text.strip()
    row.status, row.answered_by, row.answered_on = "answered", who.actor, today
    session.flush()
    return _referral_read(session, row)


def referrals(
    *, session: Session, principal: Principal, limit: int, offset: int
) -> Page[ReferralRead]:
    who = permissions.require(principal, "pledge.read")
    stmt = select(Referral)
    if not access.is_office(who):
        stmt = stmt.where(Referral.owner_org_id == who.org_id)
    total, rows = lists.page(session, stmt, Referral.id.desc(), limit=limit, offset=offset)
    return Page[ReferralRead](total=total, items=[_referral_read(session, r) for r in rows])


def _referral_read(session: Session, r: Referral) -> ReferralRead:
    banks = accounts_service.orgs_by_id(session=session)
    return ReferralRead(
        id=r.id,
        bank_name=banks[r.owner_org_id].name,
        enterprise_name=r.enterprise_name,
        credit_code=r.credit_code,
        numbers=r.numbers,
        note=r.note,
        status=r.status,
        status_label=REFERRAL_STATES[r.status],
        answer=r.answer,
        valuations=r.valuations,
        answered_by=r.answered_by,
        answered_on=r.answered_on,
    )
