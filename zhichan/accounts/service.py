"""Service functions of the accounts domain. They flush, never commit."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhichan.accounts import secrets
from zhichan.accounts.models import ApiToken, AuditEntry, Organisation, User, WebSession
from zhichan.accounts.schemas import (
    AuditPage,
    AuditQuery,
    AuditRead,
    DailyCount,
    OrgCreate,
    OrgRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from zhichan.core.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.core.text import nfkc, tidy
from zhichan.db.base import as_utc, utcnow

log = logging.getLogger(__name__)

PLATFORM_ORG_NAME = "知产平台管理"
ADMIN_USERNAME = "admin"


def principal_for(user: User, *, via: str = "web") -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        org_id=user.organisation_id,
        org_kind=OrgKind(user.organisation.kind),
        role=Role(user.role),
        via=via,
    )


def principal_named(*, session: Session, username: str, via: str = "cli") -> Principal | None:
    """The active account ``username`` as a principal (demo steps act as the demo users)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        return None
    return principal_for(user, via=via)


def org_read(org: Organisation) -> OrgRead:
    kind = OrgKind(org.kind)
    return OrgRead(
        id=org.id,
        name=org.name,
        kind=kind,
        kind_label=kind.label,
        region=org.region,
        credit_code=org.credit_code,
        is_active=org.is_active,
        created_at=org.created_at,
    )


def user_read(user: User) -> UserRead:
    role = Role(user.role)
    return UserRead(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        organisation_id=user.organisation_id,
        organisation_name=user.organisation.name,
        organisation_kind=OrgKind(user.organisation.kind),
        role=role,
        role_label=role.label,
        is_active=user.is_active,
        last_login_at=as_utc(user.last_login_at),
    )


# --- organisations -------------------------------------------------------------------------


def _require_platform_admin(principal: Principal | None) -> None:
    if principal is None:
        raise NotAuthenticated("请先登录")
    if not principal.is_platform_admin:
        raise PermissionDenied("只有平台管理员可以执行此操作")


def create_org(*, session: Session, org_in: OrgCreate, principal: Principal | None) -> OrgRead:
    _require_platform_admin(principal)
    return org_read(_insert_org(session, org_in))


def _insert_org(session: Session, org_in: OrgCreate) -> Organisation:
    if find_org(session=session, name=org_in.name) is not None:
        raise Conflict(f"机构“{org_in.name}”已存在", details={"field": "name"})
    if org_in.credit_code and session.scalar(
        select(Organisation.id).where(Organisation.credit_code == org_in.credit_code)
    ):
        raise Conflict(
            f"统一社会信用代码 {org_in.credit_code} 已被其他机构使用",
            details={"field": "credit_code"},
        )
    org = Organisation(**org_in.model_dump())
    session.add(org)
    _flush_or_conflict(session, "机构已存在")
    return org


def list_orgs(*, session: Session, principal: Principal | None) -> list[OrgRead]:
    """Logged-in users see the directory of organisations (name, kind, region)."""
    if principal is None:
        raise NotAuthenticated("请先登录")
    orgs = session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name))
    return [org_read(o) for o in orgs]


def get_org(*, session: Session, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"机构 {org_id} 不存在", details={"id": org_id})
    return org


# --- users ---------------------------------------------------------------------------------


def create_user(*, session: Session, user_in: UserCreate, principal: Principal | None) -> UserRead:
    """Platform admins add users to any organisation; organisation admins to their own."""
    if principal is None:
        raise NotAuthenticated("请先登录")
    own_org_admin = principal.is_org_admin and principal.org_id == user_in.organisation_id
    if not (principal.is_platform_admin or own_org_admin):
        raise PermissionDenied("只有本机构管理员或平台管理员可以添加用户")
    return user_read(_insert_user(session, user_in))


def _insert_user(session: Session, user_in: UserCreate) -> User:
    org = session.get(Organisation, user_in.organisation_id)
    if org is None:
        raise NotFound(
            f"机构 {user_in.organisation_id} 不存在", details={"field": "organisation_id"}
        )
    if session.scalar(select(User.id).where(User.username == user_in.username)):
        raise Conflict(f"登录名“{user_in.username}”已被使用", details={"field": "username"})
    user = User(
        username=user_in.username,
        display_name=user_in.display_name,
        email=user_in.email,
        password_hash=secrets.hash_password(user_in.password),
        organisation_id=org.id,
        role=user_in.role.value,
    )
    user.organisation = org
    session.add(user)
    _flush_or_conflict(session, "登录名已被使用")
    return user


def list_users(*, session: Session, principal: Principal | None) -> list[UserRead]:
    if principal is None:
        raise NotAuthenticated("请先登录")
    stmt = select(User).order_by(User.organisation_id, User.username)
    if not principal.is_platform_admin:
        stmt = stmt.where(User.organisation_id == principal.org_id)
    return [user_read(u) for u in session.scalars(stmt)]


def update_user(
    *, session: Session, principal: Principal | None, user_id: int, changes: UserUpdate
) -> UserRead:
    """Change a user's role or (de)activate them. Deactivation ends their browser sessions;
    their API tokens stop working at once. Nobody can lock themselves or the platform out."""
    if principal is None:
        raise NotAuthenticated("请先登录")
    user = session.get(User, user_id)
    visible = user is not None and (
        principal.is_platform_admin or user.organisation_id == principal.org_id
    )
    if user is None or not visible:
        raise NotFound(f"用户 {user_id} 不存在", details={"id": user_id})
    if not principal.is_org_admin:
        raise PermissionDenied("只有本机构管理员或平台管理员可以修改用户")
    demoted = changes.role is not None and changes.role is not Role.ADMIN
    if user.id == principal.user_id and (demoted or changes.is_active is False):
        raise InvalidInput("不能停用自己或取消自己的管理员角色")
    if _is_last_platform_admin(session, user) and (demoted or changes.is_active is False):
        raise Conflict("这是最后一位平台管理员，不能停用或降级")
    if changes.role is not None:
        user.role = changes.role.value
    if changes.is_active is not None:
        user.is_active = changes.is_active
        if not changes.is_active:
            session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    session.flush()
    return user_read(user)


def _is_last_platform_admin(session: Session, user: User) -> bool:
    if user.organisation.kind != OrgKind.PLATFORM.value or user.role != Role.ADMIN.value:
        return False
    others = (
        select(func.count(User.id))
        .join(Organisation)
        .where(
            Organisation.kind == OrgKind.PLATFORM.value,
            User.role == Role.ADMIN.value,
            User.is_active.is_(True),
            User.id != user.id,
        )
    )
    return not session.scalar(others)


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"用户 {user_id} 不存在")
    return user


def _flush_or_conflict(session: Session, message: str) -> None:
    # A concurrent insert can still win between our check and the flush.
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(message) from exc


# --- audit log -----------------------------------------------------------------------------


def _audit_conditions(principal: Principal, query: AuditQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if not principal.is_platform_admin:
        conds.append(AuditEntry.actor_org_id == principal.org_id)
    if query.actor:
        conds.append(AuditEntry.actor_label == query.actor.strip().lower())
    if query.object_type:
        conds.append(AuditEntry.object_type == query.object_type)
    if query.object_id:
        conds.append(AuditEntry.object_id == query.object_id)
    if query.action:
        conds.append(AuditEntry.action == query.action)
    if query.since:
        conds.append(AuditEntry.at >= datetime.combine(query.since, datetime.min.time(), UTC))
    if query.until:
        end = datetime.combine(query.until, datetime.min.time(), UTC) + timedelta(days=1)
        conds.append(AuditEntry.at < end)
    return conds


def query_audit(*, session: Session, principal: Principal | None, query: AuditQuery) -> AuditPage:
    """Platform admins see every entry; organisation admins see what their members did."""
    if principal is None:
        raise NotAuthenticated("请先登录")
    if not principal.is_org_admin:
        raise PermissionDenied("只有管理员可以查看审计日志")
    conds = _audit_conditions(principal, query)
    total = session.scalar(select(func.count(AuditEntry.id)).where(*conds)) or 0
    rows = session.scalars(
        select(AuditEntry)
        .where(*conds)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(query.limit)
        .offset(query.offset)
    )
    items = [AuditRead.model_validate(r) for r in rows]
    for item in items:
        item.at = as_utc(item.at) or item.at
    return AuditPage(total=total, items=items)


def audit_object_types(*, session: Session) -> Sequence[str]:
    return session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    ).all()


def writes_by_day(*, session: Session, principal: Principal, days: int = 30) -> list[DailyCount]:
    """Audited writes per day over the last ``days`` days, zero-filled, for the dashboard."""
    start = (utcnow() - timedelta(days=days - 1)).date()
    day = func.date(AuditEntry.at)
    stmt = select(day, func.count()).where(
        AuditEntry.at >= datetime.combine(start, datetime.min.time(), UTC)
    )
    if not principal.is_platform_admin:
        stmt = stmt.where(AuditEntry.actor_org_id == principal.org_id)
    counts = {_as_date(d): n for d, n in session.execute(stmt.group_by(day))}
    return [
        DailyCount(day=start + timedelta(days=i), count=counts.get(start + timedelta(days=i), 0))
        for i in range(days)
    ]


def _as_date(value: object) -> object:
    # SQLite's date() yields text, PostgreSQL's a date.
    if isinstance(value, str):
        return datetime.fromisoformat(value[:10]).date()
    return value


def member_count(*, session: Session, org_id: int) -> int:
    return session.scalar(select(func.count(User.id)).where(User.organisation_id == org_id)) or 0


def active_token_count(*, session: Session, user_id: int) -> int:
    stmt = select(func.count(ApiToken.id)).where(
        ApiToken.user_id == user_id,
        ApiToken.revoked_at.is_(None),
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()),
    )
    return session.scalar(stmt) or 0


def orgs_by_kind(*, session: Session) -> dict[str, int]:
    rows = session.execute(select(Organisation.kind, func.count()).group_by(Organisation.kind))
    return {OrgKind(k).label: n for k, n in rows}


# --- bootstrap -----------------------------------------------------------------------------


def ensure_platform_admin(*, session: Session, password: str | None = None) -> str | None:
    """Create the platform organisation and its ``admin`` user on first start.

    Returns the new admin's password (generated unless given) the one time it is created.
    """
    exists = (
        select(User.id)
        .join(Organisation)
        .where(Organisation.kind == OrgKind.PLATFORM.value, User.role == Role.ADMIN.value)
    )
    if session.scalar(exists.limit(1)) is not None:
        return None
    org = session.scalar(select(Organisation).where(Organisation.kind == OrgKind.PLATFORM.value))
    if org is None:
        org = _insert_org(session, OrgCreate(name=PLATFORM_ORG_NAME, kind=OrgKind.PLATFORM))
    password = password or secrets.new_password()
    _insert_user(
        session,
        UserCreate(
            username=ADMIN_USERNAME,
            display_name="平台管理员",
            password=password,
            organisation_id=org.id,
            role=Role.ADMIN,
        ),
    )
    log.info("created platform administrator %s", ADMIN_USERNAME)
    return password


def platform_org_id(*, session: Session) -> int | None:
    """The platform organisation, which owns what shell operators create."""
    return session.scalar(
        select(Organisation.id)
        .where(Organisation.kind == OrgKind.PLATFORM.value)
        .order_by(Organisation.id)
        .limit(1)
    )


def orgs_by_id(*, session: Session) -> dict[int, OrgRead]:
    """Every organisation by id, for domains that label records with names and regions (no
    permission check: callers show only what their own rules let the user see)."""
    return {o.id: org_read(o) for o in session.scalars(select(Organisation))}


def find_org(*, session: Session, name: str) -> int | None:
    """The id of the organisation named ``name`` as typed, or in another width of the same
    characters (甲大学（研究院） and 甲大学(研究院) are one name); names are stored as typed."""
    wanted = tidy(name)
    found = session.scalar(select(Organisation.id).where(Organisation.name == wanted))
    if found is not None:
        return found
    key = nfkc(wanted)
    # Organisations number in the thousands at most: comparing their keys here is cheap.
    for org_id, stored in session.execute(select(Organisation.id, Organisation.name)):
        if nfkc(stored) == key:
            return int(org_id)
    return None


def org_id_by_name(*, session: Session, name: str) -> int:
    """The id of the organisation with this name (see :func:`find_org`)."""
    found = find_org(session=session, name=name)
    if found is None:
        raise NotFound(f"机构“{name}”不存在（zhichan org list 查看）", details={"name": name})
    return found
