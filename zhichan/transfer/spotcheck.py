"""Spot checks (抽查) of finished inventories by the office, with findings.

The sample is drawn with a recorded seed from the institution's finished items in id order,
so the same check can be drawn again and shown to the institution.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.db.base import Visibility
from zhichan.transfer import service, states
from zhichan.transfer.models import InventoryItem, SpotCheck, SpotCheckItem
from zhichan.transfer.schemas import FindingIn, SpotCheckIn, SpotCheckItemRead, SpotCheckRead

FINISHED = states.SCREENED


def _office(principal: Principal) -> None:
    if not service.is_office(principal) or not principal.can_edit:
        raise PermissionDenied("只有知识产权局可以抽查盘点")


def draw(*, session: Session, principal: Principal, data: SpotCheckIn) -> SpotCheckRead:
    _office(principal)
    population = list(
        session.scalars(
            select(InventoryItem.id)
            .where(
                InventoryItem.owner_org_id == data.institution_org_id,
                InventoryItem.status.in_(FINISHED),
            )
            .order_by(InventoryItem.id)
        )
    )
    if not population:
        raise InvalidInput("该机构没有已完成盘点的专利可供抽查")
    seed = data.seed if data.seed is not None else int(time.time())
    chosen = sorted(random.Random(seed).sample(population, min(data.size, len(population))))
    check = SpotCheck(
        owner_org_id=principal.org_id or data.institution_org_id,
        visibility=Visibility.INTERNAL.value,
        institution_org_id=data.institution_org_id,
        seed=seed,
        size=len(chosen),
        population=len(population),
        actor_label=principal.actor,
    )
    session.add(check)
    session.flush()
    session.add_all(SpotCheckItem(check_id=check.id, item_id=i) for i in chosen)
    session.flush()
    return get(session=session, principal=principal, check_id=check.id)


def record(
    *, session: Session, principal: Principal, check_id: int, item_id: int, data: FindingIn
) -> SpotCheckRead:
    _office(principal)
    row = session.scalar(
        select(SpotCheckItem).where(
            SpotCheckItem.check_id == check_id, SpotCheckItem.item_id == item_id
        )
    )
    if row is None:
        raise NotFound(f"抽查 {check_id} 中没有条目 {item_id}")
    row.finding, row.note = data.finding, data.note
    session.flush()
    return get(session=session, principal=principal, check_id=check_id)


def get(*, session: Session, principal: Principal, check_id: int) -> SpotCheckRead:
    check = session.get(SpotCheck, check_id)
    if check is None or not (
        service.is_office(principal) or principal.org_id == check.institution_org_id
    ):
        raise NotFound(f"抽查 {check_id} 不存在")
    rows = session.execute(
        select(SpotCheckItem, InventoryItem)
        .join(InventoryItem, InventoryItem.id == SpotCheckItem.item_id)
        .where(SpotCheckItem.check_id == check_id)
        .order_by(InventoryItem.id)
    ).all()
    items = [
        SpotCheckItemRead(
            item_id=i.id,
            number=i.number,
            title=i.title,
            status=i.status,
            prospect=i.prospect,
            tier=service.effective_tier(i),
            finding=s.finding,
            note=s.note,
        )
        for s, i in rows
    ]
    return SpotCheckRead(
        id=check.id,
        institution=accounts_service.get_org(session=session, org_id=check.institution_org_id).name,
        seed=check.seed,
        size=check.size,
        population=check.population,
        created_at=check.created_at,
        actor_label=check.actor_label,
        items=items,
        checked=sum(1 for i in items if i.finding),
        failed=sum(1 for i in items if i.finding == "不合格"),
    )
