"""The enterprise side: profile, technical needs in business language, subscriptions."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.db.base import Visibility
from zhichan.patents import service as patents_service
from zhichan.transfer.models import InventoryItem, Need, Profile, Subscription
from zhichan.transfer.schemas import (
    NeedIn,
    NeedRead,
    ProfileIn,
    ProfileRead,
    SubscriptionIn,
    SubscriptionRead,
)
from zhichan.transfer.service import POOL_STATUSES

_IPC = re.compile(r"[A-H](\d{2}([A-Z](\d{1,4}(/\d{1,6})?)?)?)?")

#: A need's status codes (stored in English) and what people read.
NEED_STATES = {"open": "征集中", "closed": "已关闭"}


def enterprise_of(principal: Principal, org_id: int | None) -> int:
    if org_id is not None and org_id != principal.org_id:
        if not principal.is_platform_admin:
            raise PermissionDenied("只能维护本企业的信息")
        return org_id
    if principal.is_operator:
        raise InvalidInput("请指定企业（--org）")
    return principal.org_id


def _check_industries(session: Session, codes: list[str]) -> None:
    known = patents_service.sei_categories(session=session)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InvalidInput(f"未知的战略性新兴产业代码：{'、'.join(unknown)}")


def save_profile(
    *, session: Session, principal: Principal, data: ProfileIn, org_id: int | None = None
) -> ProfileRead:
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能修改企业画像")
    owner = enterprise_of(principal, org_id)
    _check_industries(session, data.industries)
    own = [patents_service.rights(session=session, number=n).number for n in data.own_patents]
    row = session.scalar(select(Profile).where(Profile.owner_org_id == owner))
    if row is None:
        row = Profile(owner_org_id=owner, visibility=Visibility.INTERNAL.value)
        session.add(row)
    org = accounts_service.get_org(session=session, org_id=owner)
    row.industries, row.scope, row.own_patents = data.industries, data.scope, own
    row.region = data.region or org.region
    session.flush()
    return profile(session=session, principal=principal, org_id=owner)


def profile(*, session: Session, principal: Principal | None, org_id: int) -> ProfileRead:
    row = session.scalar(select(Profile).where(Profile.owner_org_id == org_id))
    org = accounts_service.get_org(session=session, org_id=org_id)
    if row is None:
        return ProfileRead(org_id=org_id, org_name=org.name, region=org.region)
    return ProfileRead(
        org_id=org_id,
        org_name=org.name,
        industries=row.industries,
        region=row.region,
        scope=row.scope,
        own_patents=row.own_patents,
    )


def add_need(
    *, session: Session, principal: Principal, data: NeedIn, org_id: int | None = None
) -> NeedRead:
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能发布技术需求")
    owner = enterprise_of(principal, org_id)
    _check_industries(session, data.industries)
    need = Need(
        owner_org_id=owner,
        visibility=Visibility.INTERNAL.value,
        title=data.title,
        text=data.text,
        industries=data.industries,
    )
    session.add(need)
    session.flush()
    return NeedRead.model_validate(need)


def needs(*, session: Session, principal: Principal, org_id: int | None = None) -> list[NeedRead]:
    owner = enterprise_of(principal, org_id)
    rows = session.scalars(select(Need).where(Need.owner_org_id == owner).order_by(Need.id.desc()))
    return [NeedRead.model_validate(n) for n in rows]


def get_need(*, session: Session, principal: Principal, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None or not (
        principal.is_platform_admin
        or principal.org_id == need.owner_org_id
        or principal.org_kind.value == "ip_office"
    ):
        raise NotFound(f"技术需求 {need_id} 不存在")
    return need


def close_need(*, session: Session, principal: Principal, need_id: int) -> NeedRead:
    need = get_need(session=session, principal=principal, need_id=need_id)
    if not (principal.is_platform_admin or principal.org_id == need.owner_org_id):
        raise PermissionDenied("只有发布需求的企业可以关闭需求")
    need.status = "closed"
    session.flush()
    return NeedRead.model_validate(need)


def subscribe(
    *, session: Session, principal: Principal, data: SubscriptionIn, org_id: int | None = None
) -> SubscriptionRead:
    owner = enterprise_of(principal, org_id)
    if data.kind == "industry":
        _check_industries(session, [data.value])
    value = data.value.strip()
    if data.kind == "ipc":  # stored as the patents store IPC codes: capitals, no spaces
        value = value.upper().replace(" ", "")
        if not _IPC.fullmatch(value):
            raise InvalidInput(
                f"IPC 分类号格式不对：{data.value}（应如 A01B、G06F16 或 G06F16/30）"
            )
    if data.kind == "institution":
        try:
            accounts_service.get_org(session=session, org_id=int(value))
        except (ValueError, NotFound) as exc:
            raise InvalidInput(f"机构不存在：{data.value}") from exc
    row = Subscription(
        owner_org_id=owner, visibility=Visibility.INTERNAL.value, kind=data.kind, value=value
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:
        raise Conflict("已订阅") from exc
    return _sub_read(session, row)


def subscriptions(
    *, session: Session, principal: Principal, org_id: int | None = None
) -> list[SubscriptionRead]:
    owner = enterprise_of(principal, org_id)
    rows = session.scalars(
        select(Subscription).where(Subscription.owner_org_id == owner).order_by(Subscription.id)
    )
    return [_sub_read(session, r) for r in rows]


def unsubscribe(*, session: Session, principal: Principal, subscription_id: int) -> None:
    row = session.get(Subscription, subscription_id)
    if row is None or not (principal.is_platform_admin or row.owner_org_id == principal.org_id):
        raise NotFound(f"订阅 {subscription_id} 不存在")
    session.delete(row)
    session.flush()


#: What an enterprise may subscribe to, as the page names it.
SUBSCRIPTION_KINDS = {"industry": "产业", "ipc": "IPC 分类", "institution": "机构"}


def pool_institutions(*, session: Session) -> dict[int, str]:
    """The institutions with patents in the public pool, by name: what one may subscribe to."""
    owners = session.scalars(
        select(InventoryItem.owner_org_id).where(InventoryItem.status.in_(POOL_STATUSES)).distinct()
    )
    orgs = accounts_service.orgs_by_id(session=session)
    named = {o: orgs[o].name for o in owners if o in orgs}
    return dict(sorted(named.items(), key=lambda kv: kv[1]))


def _sub_read(session: Session, row: Subscription) -> SubscriptionRead:
    label = row.value
    if row.kind == "industry":
        label = patents_service.sei_categories(session=session).get(row.value, row.value)
    elif row.kind == "institution":
        label = accounts_service.get_org(session=session, org_id=int(row.value)).name
    return SubscriptionRead(id=row.id, kind=row.kind, value=row.value, label=label)
