"""Inventory (盘点), tiering and the pool of transferable patents. Flush, never commit.

An institution inventories its patents and assesses each; the office's tiering policy puts
every assessed patent into a tier of the pool or leaves it out, with the reasons; a manual
override needs a reason and is audited; publishing puts tiered patents into the public pool.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import InvalidInput, NotFound, PermissionDenied
from zhichan.core.operations import Operation
from zhichan.core.principal import OrgKind, Principal
from zhichan.db import lists
from zhichan.db.base import Visibility
from zhichan.law import service as law_service
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentRights
from zhichan.transfer import states, tiering
from zhichan.transfer.models import Deal, InventoryItem, TierPolicy
from zhichan.transfer.schemas import ItemPage, ItemRead, ItemUpdate

if TYPE_CHECKING:
    from zhichan.transfer import stats as stats_mod

POOL_STATUSES = states.POOL


def is_office(principal: Principal | None) -> bool:
    if principal is None:
        return False
    return principal.is_platform_admin or principal.org_kind is OrgKind.IP_OFFICE


def institution_of(principal: Principal, org_id: int | None, session: Session) -> int:
    """The institution a principal works on: its own, or any for the platform operator (which
    must then be a university on the platform)."""
    if org_id is None or org_id == principal.org_id:
        if principal.is_operator:
            raise InvalidInput("请指定机构（--org）")
        return principal.org_id
    if not principal.is_platform_admin:
        raise PermissionDenied("只能管理本机构的盘点")
    try:
        kind = accounts_service.get_org(session=session, org_id=org_id).kind
    except NotFound:
        kind = None
    if kind != OrgKind.UNIVERSITY.value:
        raise InvalidInput(f"机构 {org_id} 不是平台上的高校/科研院所", details={"org_id": org_id})
    return org_id


def _editor(principal: Principal) -> None:
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能修改盘点")


# -- policy ---------------------------------------------------------------------------------


def policy(*, session: Session) -> tiering.Policy:
    """The tiering policy in force: the latest one an office saved, else the defaults."""
    row = session.scalar(select(TierPolicy).order_by(TierPolicy.id.desc()).limit(1))
    return tiering.Policy() if row is None else tiering.Policy.model_validate(row.rules)


def set_policy(*, session: Session, principal: Principal, new: tiering.Policy) -> tiering.Policy:
    if not is_office(principal) or not principal.can_edit:
        raise PermissionDenied("只有知识产权局可以设定分层规则")
    session.add(
        TierPolicy(
            owner_org_id=principal.org_id or _platform(session),
            visibility=Visibility.PUBLIC.value,
            rules=new.model_dump(),
        )
    )
    session.flush()
    return new


def _platform(session: Session) -> int:
    found = accounts_service.platform_org_id(session=session)
    if found is None:
        raise InvalidInput("平台机构不存在，请先运行 zhichan db upgrade")
    return found


# -- inventory ------------------------------------------------------------------------------


def add_patents(
    *,
    session: Session,
    principal: Principal,
    numbers: Iterable[str] | None = None,
    org_id: int | None = None,
) -> int:
    """Put patents into the institution's inventory (待盘点): the given numbers, or every
    patent whose applicant or owner name contains the institution's name. Returns how many
    were new; industry defaults to the first SEI category the patent's IPC falls under."""
    _editor(principal)
    owner = institution_of(principal, org_id, session)
    wanted = list(numbers) if numbers is not None else _by_name(session, owner)
    have = set(
        session.scalars(select(InventoryItem.number).where(InventoryItem.owner_org_id == owner))
    )
    found = [patents_service.rights(session=session, number=n) for n in dict.fromkeys(wanted)]
    new = [r for r in found if r.number not in have]
    sei = patents_service.sei_of(session=session, numbers=[r.number for r in new])
    for r in new:
        hits = sei.get(r.number) or []
        session.add(
            InventoryItem(
                owner_org_id=owner,
                visibility=Visibility.INTERNAL.value,
                patent_id=r.id,
                number=r.number,
                title=r.title,
                industry=hits[0].sei_code if hits else None,
            )
        )
    session.flush()
    return len(new)


def _by_name(session: Session, org_id: int) -> list[str]:
    name = accounts_service.get_org(session=session, org_id=org_id).name
    numbers: list[str] = []
    while True:
        page = patents_service.list_patents(
            session=session, query=f"PA={name}", limit=500, offset=len(numbers)
        )
        numbers += [p.number for p in page.items]
        if not page.items or len(numbers) >= page.total:
            return numbers


def _items(session: Session, owner: int, numbers: Iterable[str]) -> list[InventoryItem]:
    wanted = list(dict.fromkeys(n.strip() for n in numbers))
    rows = list(
        session.scalars(
            select(InventoryItem).where(
                InventoryItem.owner_org_id == owner, InventoryItem.number.in_(wanted)
            )
        )
    )
    missing = set(wanted) - {r.number for r in rows}
    if missing:
        raise NotFound(
            f"盘点表中没有：{'、'.join(sorted(missing)[:10])}", details={"numbers": sorted(missing)}
        )
    return rows


def update_items(
    *,
    session: Session,
    principal: Principal,
    numbers: Iterable[str],
    changes: ItemUpdate,
    org_id: int | None = None,
    today: date,
) -> int:
    """Bulk edit: the given fields on every listed item, then their tiers again."""
    _editor(principal)
    owner = institution_of(principal, org_id, session)
    items = _items(session, owner, numbers)
    values = changes.model_dump(exclude_unset=True)
    if values.get("status") == "pooled":
        raise InvalidInput("入库请使用“发布入库”，系统先检查分层结果")
    current = policy(session=session)
    for item in items:
        for key, value in values.items():
            setattr(item, key, value)
    _retier(session, items, current, today)
    session.flush()
    return len(items)


#: Items re-tiered per query of their records.
RETIER_PAGE = 1000


def _facts(item: InventoryItem, rights: PatentRights, today: date) -> tiering.Facts:
    return tiering.Facts(
        status=item.status,
        prospect=item.prospect,
        maturity=item.maturity,
        patent_type=rights.patent_type,
        legal=rights.status_category,
        expiry=law_service.patent_expiry(
            patent_type=rights.patent_type, filing=rights.application_date
        ),
        grant_date=rights.grant_date,
        today=today,
        value_tier=item.value_tier,
        value_score=item.value_score,
    )


def _retier(
    session: Session, items: Sequence[InventoryItem], current: tiering.Policy, today: date
) -> None:
    """Each item through the policy, their records read ``RETIER_PAGE`` to a query."""
    for start in range(0, len(items), RETIER_PAGE):
        page = items[start : start + RETIER_PAGE]
        found = patents_service.rights_of(session=session, ids=[i.patent_id for i in page])
        for item in page:
            result = tiering.evaluate(current, _facts(item, found[item.patent_id], today))
            item.tier, item.tier_reasons = result.tier, result.reasons


def retier(
    *, session: Session, principal: Principal, org_id: int | None = None, today: date
) -> int:
    """Every item of the institution through the policy in force (after a policy change)."""
    owner = institution_of(principal, org_id, session)
    current = policy(session=session)
    items = list(session.scalars(select(InventoryItem).where(InventoryItem.owner_org_id == owner)))
    _retier(session, items, current, today)
    session.flush()
    return len(items)


def override(
    *, session: Session, principal: Principal, item_id: int, tier: str, reason: str
) -> ItemRead:
    """A manual tier with its reason (the institution or the office); the audit log keeps
    who changed what. ``tier`` = ``auto`` removes the override."""
    item = session.get(InventoryItem, item_id)
    if item is None or not (_own(principal, item) or is_office(principal)):
        raise NotFound(f"盘点条目 {item_id} 不存在")
    _editor(principal)
    allowed = [t for t, _m in policy(session=session).tiers] + [tiering.EXCLUDED]
    if tier == "auto":
        item.tier_override = item.override_reason = item.override_by = None
    elif tier not in allowed:
        raise InvalidInput(f"分层应为 {'、'.join(allowed)} 或 auto")
    else:
        item.tier_override, item.override_reason = tier, reason.strip()
        item.override_by = principal.actor
    session.flush()
    return read(session, item)


def _own(principal: Principal, item: InventoryItem) -> bool:
    return principal.is_platform_admin or principal.org_id == item.owner_org_id


def effective_tier(item: InventoryItem) -> str | None:
    return item.tier_override or item.tier


def publish(
    *,
    session: Session,
    principal: Principal,
    numbers: Iterable[str] | None = None,
    org_id: int | None = None,
    today: date,
) -> int:
    """Put assessed, tiered items into the public pool (已入库); items without a tier or
    left out are refused with the reason."""
    _editor(principal)
    owner = institution_of(principal, org_id, session)
    if numbers is None:
        items = list(
            session.scalars(
                select(InventoryItem).where(
                    InventoryItem.owner_org_id == owner, InventoryItem.status == "reviewed"
                )
            )
        )
        items = [i for i in items if effective_tier(i) not in (None, tiering.EXCLUDED)]
    else:
        items = _items(session, owner, numbers)
        bad = [i for i in items if effective_tier(i) in (None, tiering.EXCLUDED)]
        if bad:
            why = "；".join(f"{i.number}：{(i.tier_reasons or ['未分层'])[0]}" for i in bad[:10])
            raise InvalidInput(f"{len(bad)} 件不能入库：{why}")
    for item in items:
        item.status, item.published_on = "pooled", item.published_on or today
        item.visibility = Visibility.PUBLIC.value
    session.flush()
    return len(items)


def list_items(
    *,
    session: Session,
    principal: Principal | None,
    org_id: int | None = None,
    pool: bool = False,
    status: str | None = None,
    tier: str | None = None,
    industry: str | None = None,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> ItemPage:
    """The institution's inventory (members, the office) or, with ``pool``, the public pool;
    ``q`` finds a number or words of the title (LIKE's own wildcards taken literally)."""
    stmt = select(InventoryItem)
    if pool:
        stmt = stmt.where(InventoryItem.status.in_(POOL_STATUSES))
        if org_id is not None:
            stmt = stmt.where(InventoryItem.owner_org_id == org_id)
    else:
        if principal is None:
            raise PermissionDenied("请先登录")
        owner = org_id if (org_id is not None and is_office(principal)) else None
        stmt = stmt.where(
            InventoryItem.owner_org_id == (owner or institution_of(principal, org_id, session))
        )
    base = stmt
    if status:
        stmt = stmt.where(InventoryItem.status == status)
    if tier:
        stmt = stmt.where(func.coalesce(InventoryItem.tier_override, InventoryItem.tier) == tier)
    if industry:
        stmt = stmt.where(InventoryItem.industry == industry)
    if (found := containing(q)) is not None:
        stmt = stmt.where(found)
    total, rows = lists.page(session, stmt, InventoryItem.id, limit=limit, offset=offset)
    return ItemPage(
        total=total,
        items=reads(session, rows),
        by_status=_count(session, base, InventoryItem.status),
        by_tier=_count(
            session, base, func.coalesce(InventoryItem.tier_override, InventoryItem.tier)
        ),
    )


def containing(q: str | None) -> ColumnElement[bool] | None:
    """Inventory items whose number or title contains ``q`` (numbers in capitals)."""
    by_title = lists.containing(q, InventoryItem.title)
    by_number = lists.containing((q or "").upper(), InventoryItem.number)
    return None if by_title is None or by_number is None else or_(by_title, by_number)


def _count(session: Session, base: Select[Any], column: Any) -> dict[str, int]:
    stmt = base.with_only_columns(column, func.count()).group_by(column).order_by(None)
    return {str(k): v for k, v in session.execute(stmt) if k is not None}


def read(session: Session, item: InventoryItem) -> ItemRead:
    return reads(session, [item])[0]


def reads(session: Session, items: list[InventoryItem]) -> list[ItemRead]:
    names = patents_service.sei_categories(session=session)
    orgs: dict[int, str] = {}
    out = []
    for item in items:
        if item.owner_org_id not in orgs:
            orgs[item.owner_org_id] = accounts_service.get_org(
                session=session, org_id=item.owner_org_id
            ).name
        r = ItemRead.model_validate(item)
        r.institution = orgs[item.owner_org_id]
        r.industry_name = names.get(item.industry or "")
        r.effective_tier = effective_tier(item)
        r.status_label = states.ITEM.get(item.status, item.status)
        out.append(r)
    return out


def statistics(
    *, session: Session, principal: Principal, unit: str = "month"
) -> stats_mod.TransferStats:
    """The office's revitalisation statistics with their definitions, for other domains."""
    from zhichan.transfer import stats  # stats is built on this module

    return stats.compute(session=session, principal=principal, unit=unit)


def inventory_patents(*, session: Session, owner_org_id: int) -> list[tuple[int, str]]:
    """(patent id, number) of every item of an institution's inventory, in item order."""
    rows = session.execute(
        select(InventoryItem.patent_id, InventoryItem.number)
        .where(InventoryItem.owner_org_id == owner_org_id)
        .order_by(InventoryItem.id)
    )
    return [(pid, number) for pid, number in rows]


def signed_deals(
    *,
    session: Session,
    patent_ids: Collection[int] | None = None,
    priced: bool = False,
    limit: int = 200,
) -> list[Operation]:
    """Deals signed or further (of these patents, or all; with an amount when ``priced``),
    newest first: what valuation counts as operations and offers as comparables."""
    stmt = (
        select(Deal, InventoryItem.number)
        .join(InventoryItem, InventoryItem.id == Deal.item_id)
        .where(Deal.status.in_(states.SIGNED))
    )
    if patent_ids is not None:
        stmt = stmt.where(InventoryItem.patent_id.in_(list(patent_ids)))
    if priced:
        stmt = stmt.where(Deal.amount.is_not(None), Deal.amount > 0)
    rows = session.execute(stmt.order_by(Deal.id.desc()).limit(limit))
    return [
        Operation(
            number,
            f"{states.DEAL[d.status]}（{d.mode}）",
            d.contract_on,
            d.amount,
            f"本平台转化交易 {d.id}",
        )
        for d, number in rows
    ]


def record_values(
    *,
    session: Session,
    owner_org_id: int,
    values: Sequence[tuple[int, float | None, str | None, int]],
    today: date,
) -> int:
    """Note an institution's 管理-scenario valuations — (patent id, score, tier, valuation id)
    — on its inventory items and re-tier them (the policy decides whether the value counts);
    patents not in its inventory are passed over. Returns how many items were noted."""
    by_patent = {v[0]: v for v in values}
    items = session.scalars(
        select(InventoryItem).where(
            InventoryItem.owner_org_id == owner_org_id, InventoryItem.patent_id.in_(list(by_patent))
        )
    ).all()
    current = policy(session=session)
    for item in items:
        _pid, item.value_score, item.value_tier, item.value_ref = by_patent[item.patent_id]
    _retier(session, items, current, today)
    return len(items)
