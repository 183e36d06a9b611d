"""Every route of the app declares one action of the permission matrix, and holds to it.

For each route and a principal of every organisation kind and role (and anonymous), the
request is refused by the route's declared rule exactly when the matrix says so. Allowed
requests may still fail on the record (a made-up id is not found, an empty body is invalid),
but never with “not signed in” or “no permission”, and never with a server error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.support import factories
from zhichan.accounts import credentials
from zhichan.accounts.deps import action_of
from zhichan.accounts.schemas import TokenCreate
from zhichan.core import permissions
from zhichan.core.principal import OrgKind, Principal, Role

REFUSALS = {"not-authenticated", "permission-denied"}
#: Path parameters that are not ids, with a value that routes accept as well-formed.
NAMED = {"number": "CN999999999A", "fmt": "json", "what": "payments", "name": "无此检索式"}


def routes(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    def walk(items: list[Any]) -> Iterator[Any]:
        for item in items:
            if hasattr(item, "original_router"):
                yield from walk(item.original_router.routes)
            elif hasattr(item, "dependant"):
                yield item

    for route in walk(app.routes):
        for method in sorted(route.methods - {"HEAD"}):
            yield method, route.path, route


def declared(route: Any) -> list[str]:
    return [a for d in route.dependant.dependencies if (a := action_of(d.call))]


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
        session.commit()
    return found


def test_every_route_declares_exactly_one_known_action(app: FastAPI) -> None:
    missing = [
        f"{method} {path}"
        for method, path, route in routes(app)
        if len(declared(route)) != 1 or declared(route)[0] not in permissions.MATRIX
    ]
    assert not missing, f"routes without one declared permission: {missing}"


def test_every_action_of_the_matrix_is_used(app: FastAPI) -> None:
    used = {a for _, _, route in routes(app) for a in declared(route)}
    assert set(permissions.MATRIX) - used == set()


def test_navigation_shows_a_page_to_exactly_whom_its_route_admits(app: FastAPI) -> None:
    pages = {path: declared(route)[0] for method, path, route in routes(app) if method == "GET"}
    for item in app.state.nav:
        assert pages.get(item.path) == item.action, item


def test_every_route_refuses_exactly_whom_the_matrix_refuses(
    app: FastAPI,
    client: TestClient,
    principals: dict[str, tuple[Principal | None, dict[str, str]]],
) -> None:
    # Anonymous state-changing requests carry a valid CSRF pair, so that only the
    # permission decides.
    client.cookies.set("zhichan_csrf", "matrix")
    wrong: list[str] = []
    for method, path, route in routes(app):
        (action,) = declared(route)
        rule = permissions.rule(action)
        if method == "POST" and path in ("/login", "/logout"):
            continue  # would end or start the client's own session, not a permission
        for name, (principal, auth) in principals.items():
            headers = {"Accept": "application/json", "X-CSRF-Token": "matrix", **auth}
            resp = client.request(method, url_of(path), headers=headers)
            code = _code(resp)
            refused = resp.status_code in (401, 403) and code in REFUSALS
            if resp.status_code >= 500:
                wrong.append(f"{method} {path} as {name}: {resp.status_code}")
            elif refused == rule.allows(principal):
                wrong.append(f"{method} {path} ({action}) as {name}: {resp.status_code} {code}")
    assert not wrong, "\n".join(wrong)


def _code(resp: Any) -> str | None:
    if not resp.headers.get("content-type", "").startswith("application/problem+json"):
        return None
    return str(resp.json().get("code"))
