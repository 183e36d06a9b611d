"""The JSON API through the in-process client: envelope, auth, tokens, scoping."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.support import factories
from tests.support.factories import World

PROBLEM = "application/problem+json"


def assert_problem(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM)
    body = resp.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/problems/{code}"
    assert body["title"] and body["detail"]
    assert body["instance"]
    return body


def test_anonymous_gets_401_problem(client: TestClient) -> None:
    resp = client.get("/api/v1/me")
    assert_problem(resp, 401, "not-authenticated")
    assert resp.headers["www-authenticate"] == "Bearer"


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/does-not-exist"), 404, "not-found")


def test_bad_token_is_401(client: TestClient) -> None:
    resp = client.get("/api/v1/me", headers={"Authorization": "Bearer zc_forged"})
    assert_problem(resp, 401, "not-authenticated")


def test_bearer_token_me_and_revocation(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "a_editor")
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.json()["organisation_name"] == "甲大学"
    tokens = client.get("/api/v1/tokens", headers=headers).json()
    assert len(tokens) == 1
    revoked = client.delete(f"/api/v1/tokens/{tokens[0]['id']}", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert_problem(client.get("/api/v1/me", headers=headers), 401, "not-authenticated")


def test_token_created_by_api_works(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "firm")
    created = client.post("/api/v1/tokens", json={"name": "脚本", "days": 7}, headers=headers)
    assert created.status_code == 201
    fresh = {"Authorization": f"Bearer {created.json()['token']}"}
    assert client.get("/api/v1/me", headers=fresh).json()["username"] == "firm"


def test_duplicate_user_is_409_with_reason(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "root")
    body = {
        "username": "a_editor",
        "display_name": "重名",
        "password": "long-enough-pw",
        "organisation_id": world.orgs["univ_a"].id,
    }
    problem = assert_problem(
        client.post("/api/v1/users", json=body, headers=headers), 409, "conflict"
    )
    assert "a_editor" in problem["detail"]
    assert problem["details"]["field"] == "username"


def test_duplicate_org_is_409(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "root")
    resp = client.post(
        "/api/v1/orgs", json={"name": "乙大学", "kind": "university"}, headers=headers
    )
    assert_problem(resp, 409, "conflict")


def test_validation_error_is_422_problem_with_fields(
    client: TestClient, db: Session, world: World
) -> None:
    headers = factories.bearer(db, "root")
    resp = client.post("/api/v1/orgs", json={"name": "x", "kind": "castle"}, headers=headers)
    body = assert_problem(resp, 422, "invalid-input")
    assert {e["field"] for e in body["errors"]} == {"name", "kind"}


def test_non_admin_cannot_create_orgs_or_read_audit(
    client: TestClient, db: Session, world: World
) -> None:
    headers = factories.bearer(db, "a_admin")
    resp = client.post("/api/v1/orgs", json={"name": "偷建机构", "kind": "bank"}, headers=headers)
    assert_problem(resp, 403, "permission-denied")
    assert_problem(
        client.get("/api/v1/audit", headers=factories.bearer(db, "a_editor")),
        403,
        "permission-denied",
    )


def test_org_admin_creates_user_in_own_org(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "a_admin")
    body = {
        "username": "a_new",
        "display_name": "新人",
        "password": "long-enough-pw",
        "organisation_id": world.orgs["univ_a"].id,
        "role": "viewer",
    }
    resp = client.post("/api/v1/users", json=body, headers=headers)
    assert resp.status_code == 201
    assert resp.json()["role_label"] == "只读成员"
    other = dict(body, username="b_new", organisation_id=world.orgs["univ_b"].id)
    assert_problem(
        client.post("/api/v1/users", json=other, headers=headers), 403, "permission-denied"
    )


def test_other_users_token_cannot_be_revoked_and_does_not_leak(
    client: TestClient, db: Session, world: World
) -> None:
    mine = factories.bearer(db, "a_editor")
    token_id = client.get("/api/v1/tokens", headers=mine).json()[0]["id"]
    theirs = factories.bearer(db, "b_editor")
    assert_problem(client.delete(f"/api/v1/tokens/{token_id}", headers=theirs), 404, "not-found")
    assert_problem(client.delete("/api/v1/tokens/99999999", headers=theirs), 404, "not-found")


def test_audit_api_filters_and_csv(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "root")
    page = client.get(
        "/api/v1/audit", params={"object_type": "organisations", "limit": 3}, headers=headers
    )
    assert page.status_code == 200
    data = page.json()
    assert data["total"] >= len(factories.ORGS)
    assert len(data["items"]) == 3
    assert all(e["object_type"] == "organisations" for e in data["items"])
    csv = client.get("/api/v1/audit.csv", params={"object_type": "organisations"}, headers=headers)
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("时间,操作人")
    assert len(lines) == data["total"] + 1
    bad = client.get("/api/v1/audit", params={"action": "explode"}, headers=headers)
    assert_problem(bad, 422, "invalid-input")


def test_dashboard_json_twin(client: TestClient, db: Session, world: World) -> None:
    body = client.get("/api/v1/dashboard", headers=factories.bearer(db, "root")).json()
    assert body["organisation"]["kind"] == "platform"
    assert len(body["writes_by_day"]) == 30
    assert body["orgs_by_kind"]["高校/科研院所"] == 2
    univ = client.get("/api/v1/dashboard", headers=factories.bearer(db, "a_viewer")).json()
    assert univ["member_count"] == 3
    assert univ["orgs_by_kind"] is None


@pytest.mark.parametrize("method", ["post", "delete"])
def test_cookie_session_writes_need_csrf(
    client: TestClient, db: Session, world: World, method: str
) -> None:
    factories.login(client, "a_editor")
    url = "/api/v1/tokens" if method == "post" else "/api/v1/tokens/1"
    kwargs = {"json": {"name": "x"}} if method == "post" else {}
    resp = getattr(client, method)(url, **kwargs)
    assert_problem(resp, 403, "csrf-failed")
    token = factories.csrf(client, "/account")
    ok = client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201


def test_health(client: TestClient, backend: str) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] == backend


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/v1/me",
        "/api/v1/orgs",
        "/api/v1/users",
        "/api/v1/tokens",
        "/api/v1/audit",
    } <= set(paths)


def test_change_password_by_api(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "court")
    short = client.post(
        "/api/v1/me/password",
        json={"old_password": factories.PASSWORD, "new_password": "short"},
        headers=headers,
    )
    assert_problem(short, 422, "invalid-input")
    other = factories.bearer(db, "court")
    ok = client.post(
        "/api/v1/me/password",
        json={"old_password": factories.PASSWORD, "new_password": "a-new-password"},
        headers=headers,
    )
    assert ok.status_code == 204
    # Every token made with the old password ends with it, the one used included.
    for made in (headers, other):
        assert_problem(client.get("/api/v1/me", headers=made), 401, "not-authenticated")


def test_token_use_is_recorded_without_audit_noise(
    client: TestClient, db: Session, world: World
) -> None:
    from sqlalchemy import func, select

    from zhichan.accounts.models import AuditEntry

    headers = factories.bearer(db, "office")
    count = select(func.count(AuditEntry.id)).where(AuditEntry.object_type == "api_tokens")
    before = db.scalar(count)
    for _ in range(3):
        client.get("/api/v1/me", headers=headers)
    assert client.get("/api/v1/tokens", headers=headers).json()[0]["last_used_at"] is not None
    assert db.scalar(count) == before


def test_patch_user_and_page_actions(client: TestClient, db: Session, world: World) -> None:
    headers = factories.bearer(db, "a_admin")
    target = world.users["a_viewer"].id
    resp = client.patch(f"/api/v1/users/{target}", json={"is_active": False}, headers=headers)
    assert resp.status_code == 200 and resp.json()["is_active"] is False
    other = client.patch(
        f"/api/v1/users/{world.users['b_editor'].id}", json={"role": "admin"}, headers=headers
    )
    assert_problem(other, 404, "not-found")
    assert_problem(
        client.patch(f"/api/v1/users/{target}", json={"role": "king"}, headers=headers),
        422,
        "invalid-input",
    )
    factories.login(client, "a_admin")
    csrf = factories.csrf(client, "/admin/users")
    page = client.post(f"/admin/users/{target}", data={"is_active": "true", "csrf_token": csrf})
    assert page.status_code == 303 and page.headers["location"].startswith("/admin/users?notice=")
    assert client.get("/api/v1/users", headers=headers).json()[2]["is_active"] is True
    self_demote = client.post(
        f"/admin/users/{world.users['a_admin'].id}", data={"role": "viewer", "csrf_token": csrf}
    )
    assert self_demote.status_code == 422 and "不能停用自己" in self_demote.text


def test_throttled_login_page_says_so(client: TestClient, world: World) -> None:
    token = factories.csrf(client)
    for _ in range(5):
        client.post("/login", data={"username": "office", "password": "bad", "csrf_token": token})
    locked = client.post(
        "/login", data={"username": "office", "password": factories.PASSWORD, "csrf_token": token}
    )
    assert locked.status_code == 429 and "秒后再试" in locked.text
    # An unknown name from the same address gets the same answers in the same order.
    for _ in range(5):
        unknown = client.post(
            "/login", data={"username": "nobody-here", "password": "bad", "csrf_token": token}
        )
        assert unknown.status_code == 401 and "登录名或密码错误" in unknown.text
    slowed = client.post(
        "/login", data={"username": "nobody-here", "password": "bad", "csrf_token": token}
    )
    assert slowed.status_code == 429 and "秒后再试" in slowed.text
