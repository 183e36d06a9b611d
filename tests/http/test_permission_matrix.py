"""Every route of the app declares one action of the permission matrix, and holds to it.

For each route and a principal of every organisation kind and role (and anonymous), the
request is refused by the route's declared rule exactly when the matrix says so. Allowed
requests may still fail on the record (a made-up id is not found, an empty body is invalid),
but never with “not signed in” or “no permission”, and never with a server error.

The decision is made in Python before the database is read, so SQLite checks every principal
against every route; PostgreSQL checks one allowed and one refused member per organisation kind
(roles of one kind reach the same queries), which halves the suite's costliest test on the
slower backend.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from tests.support import factories
from tests.support.asgi import direct
from zhichan.accounts import credentials
from zhichan.accounts.deps import declared_routes
from zhichan.accounts.models import ApiToken
from zhichan.accounts.schemas import TokenCreate
from zhichan.core import permissions
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.db.base import utcnow

REFUSALS = {"not-authenticated", "permission-denied"}
#: Path parameters that are not ids, with a value that routes accept as well-formed.
NAMED = {"number": "CN999999999A", "fmt": "json", "what": "payments", "name": "无此检索式"}


def url_of(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: NAMED.get(m.group(1), "987654321"), path)


@pytest.fixture
def principals(
    session_factory: sessionmaker[Session], operator: Principal
) -> dict[str, tuple[Principal | None, dict[str, str]]]:
    """A member of every role in an organisation of every kind, each with an API token."""
    found: dict[str, tuple[Principal | None, dict[str, str]]] = {"anonymous": (None, {})}
    with session_factory() as session:
        for kind in OrgKind:
            org = factories.org(session, operator, f"矩阵{kind.value}", kind)
            for role in Role:
                name = f"m-{kind.value}-{role.value}"
                factories.user(session, operator, name, org.id, role)
                who = factories.principal(session, name)
                made = credentials.create_token(
                    session=session, principal=who, token_in=TokenCreate(name="matrix")
                )
                found[name] = (who, {"Authorization": f"Bearer {made.token}"})
        # Used a moment ago: a refused request rolls back its savepoint, and in this shared
        # test transaction that would undo the use it recorded, so every request would
        # record it again (a separate connection keeps it in production).
        session.execute(update(ApiToken).values(last_used_at=utcnow()))
        session.commit()
    return found


def test_every_route_declares_exactly_one_known_action(app: FastAPI) -> None:
    missing = [
        f"{method} {path}"
        for method, path, actions in declared_routes(app)
        if len(actions) != 1 or actions[0] not in permissions.MATRIX
    ]
    assert not missing, f"routes without one declared permission: {missing}"


def test_every_action_of_the_matrix_is_used(app: FastAPI) -> None:
    used = {a for _, _, actions in declared_routes(app) for a in actions}
    assert set(permissions.MATRIX) - used == set()


def test_navigation_shows_a_page_to_exactly_whom_its_route_admits(app: FastAPI) -> None:
    pages = {path: acts[0] for method, path, acts in declared_routes(app) if method == "GET"}
    for item in app.state.nav:
        assert pages.get(item.path) == item.action, item


def test_every_route_refuses_exactly_whom_the_matrix_refuses(
    app: FastAPI,
    client: TestClient,  # runs the app's start-up
    principals: dict[str, tuple[Principal | None, dict[str, str]]],
    backend: str,
) -> None:
    with direct(app) as fast:
        # Anonymous state-changing requests carry a valid CSRF pair, so that only the
        # permission decides.
        fast.cookies.set("zhichan_csrf", "matrix")
        wrong: list[str] = []
        for method, path, (action,) in declared_routes(app):
            rule = permissions.rule(action)
            if method == "POST" and path in ("/login", "/logout"):
                continue  # would end or start the client's own session, not a permission
            ran: set[tuple[OrgKind, bool]] = set()
            for name, (principal, auth) in principals.items():
                allowed = rule.allows(principal)
                if backend != "sqlite" and principal is not None:
                    if (principal.org_kind, allowed) in ran:
                        continue
                    ran.add((principal.org_kind, allowed))
                headers = {"Accept": "application/json", "X-CSRF-Token": "matrix", **auth}
                resp = fast.request(method, url_of(path), headers=headers)
                code = _code(resp)
                refused = resp.status_code in (401, 403) and code in REFUSALS
                if resp.status_code >= 500:
                    wrong.append(f"{method} {path} as {name}: {resp.status_code}")
                elif refused == allowed:
                    wrong.append(f"{method} {path} ({action}) as {name}: {resp.status_code} {code}")
    assert not wrong, "\n".join(wrong)


def _code(resp: Any) -> str | None:
    if not resp.headers.get("content-type", "").startswith("application/problem+json"):
        return None
    return str(resp.json().get("code"))
