"""Small factories: a world of organisations of every kind with users of every role."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from zhichan.accounts import credentials, service
from zhichan.accounts.schemas import OrgCreate, OrgRead, TokenCreate, UserCreate, UserRead
from zhichan.core.principal import OrgKind, Principal, Role

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    orgs: dict[str, OrgRead] = field(default_factory=dict)
    users: dict[str, UserRead] = field(default_factory=dict)


def org(session: Session, operator: Principal, name: str, kind: OrgKind) -> OrgRead:
    return service.create_org(
        session=session, org_in=OrgCreate(name=name, kind=kind, region="浙江省"), principal=operator
    )


def user(session: Session, operator: Principal, username: str, org_id: int, role: Role) -> UserRead:
    user_in = UserCreate(
        username=username,
        display_name=username,
        password=PASSWORD,
        organisation_id=org_id,
        role=role,
    )
    return service.create_user(session=session, user_in=user_in, principal=operator)


ORGS = {
    "platform": ("测试平台", OrgKind.PLATFORM),
    "office": ("测试运营中心", OrgKind.IP_OFFICE),
    "univ_a": ("甲大学", OrgKind.UNIVERSITY),
    "univ_b": ("乙大学", OrgKind.UNIVERSITY),
    "firm": ("丙公司", OrgKind.ENTERPRISE),
    "bank": ("丁银行", OrgKind.BANK),
    "court": ("戊法院", OrgKind.COURT),
}

USERS = {
    "root": ("platform", Role.ADMIN),
    "office": ("office", Role.EDITOR),
    "a_admin": ("univ_a", Role.ADMIN),
    "a_editor": ("univ_a", Role.EDITOR),
    "a_viewer": ("univ_a", Role.VIEWER),
    "b_editor": ("univ_b", Role.EDITOR),
    "firm": ("firm", Role.EDITOR),
    "bank": ("bank", Role.VIEWER),
    "court": ("court", Role.EDITOR),
}


def build_world(session: Session, operator: Principal) -> World:
    world = World()
    for key, (name, kind) in ORGS.items():
        world.orgs[key] = org(session, operator, name, kind)
    for username, (org_key, role) in USERS.items():
        world.users[username] = user(session, operator, username, world.orgs[org_key].id, role)
    return world


def principal(session: Session, username: str) -> Principal:
    found = service.get_user(session=session, user_id=_id(session, username))
    return service.principal_for(found)


def _id(session: Session, username: str) -> int:
    from sqlalchemy import select

    from zhichan.accounts.models import User

    ident = session.scalar(select(User.id).where(User.username == username))
    assert ident is not None, username
    return ident


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    found = CSRF_INPUT.search(page.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf(client)
    resp = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert resp.status_code == 303, resp.text


def bearer(session: Session, username: str) -> dict[str, str]:
    created = credentials.create_token(
        session=session, principal=principal(session, username), token_in=TokenCreate(name="t")
    )
    session.commit()
    return {"Authorization": f"Bearer {created.token}"}
