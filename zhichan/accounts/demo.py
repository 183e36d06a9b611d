"""Demo organisations, one per kind, each with a user, so every dashboard can be tried.

They are named “（演示）” so that nobody mistakes them for real institutions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from zhichan.accounts import secrets, service
from zhichan.accounts.schemas import OrgCreate, UserCreate
from zhichan.core.principal import OrgKind, Principal, Role

DEMO_ORGS: tuple[tuple[str, OrgKind, str, str], ...] = (
    ("演示省知识产权运营中心（演示）", OrgKind.IP_OFFICE, "demo-office", "浙江省"),
    ("演示理工大学（演示）", OrgKind.UNIVERSITY, "demo-univ", "浙江省"),
    ("演示农林大学（演示）", OrgKind.UNIVERSITY, "demo-univ2", "江苏省"),
    ("演示智能装备有限公司（演示）", OrgKind.ENTERPRISE, "demo-firm", "浙江省"),
    ("演示商业银行（演示）", OrgKind.BANK, "demo-bank", "浙江省"),
    ("演示知识产权法庭（演示）", OrgKind.COURT, "demo-court", "浙江省"),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    organisation: str


def load(*, session: Session, principal: Principal) -> list[DemoAccount]:
    """Create the demo organisations and users that do not exist yet; return new logins."""
    created: list[DemoAccount] = []
    for name, kind, username, region in DEMO_ORGS:
        org_id = service.find_org(session=session, name=name)
        if org_id is None:
            org_in = OrgCreate(name=name, kind=kind, region=region)
            org_id = service.create_org(session=session, org_in=org_in, principal=principal).id
        if username in {
            u.username for u in service.list_users(session=session, principal=principal)
        }:
            continue
        password = secrets.new_password()
        user_in = UserCreate(
            username=username,
            display_name=f"{kind.label}演示用户",
            password=password,
            organisation_id=org_id,
            role=Role.ADMIN,
        )
        service.create_user(session=session, user_in=user_in, principal=principal)
        created.append(DemoAccount(username, password, name))
    return created
