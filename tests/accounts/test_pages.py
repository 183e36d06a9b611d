"""HTML pages: login, dashboards per kind, admin forms, error pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.support import factories
from tests.support.factories import World


def test_landing_page_for_anonymous(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "登录" in page.text
    assert "zhichan_csrf" in page.headers["set-cookie"]
    assert "Secure" in page.headers["set-cookie"]


def test_login_sets_secure_httponly_session_cookie(client: TestClient, world: World) -> None:
    token = factories.csrf(client)
    resp = client.post(
        "/login",
        data={
            "username": "a_editor",
            "password": factories.PASSWORD,
            "csrf_token": token,
            "next": "/account",
        },
    )
    assert resp.status_code == 303
    assert resp.headers["location"] == "/account"
    cookie = resp.headers["set-cookie"]
    assert "zhichan_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie
    assert "SameSite=lax" in cookie


def test_login_without_csrf_is_refused(client: TestClient, world: World) -> None:
    client.get("/login")
    resp = client.post("/login", data={"username": "a_editor", "password": factories.PASSWORD})
    assert resp.status_code == 403
    assert "页面已过期" in resp.text


def test_wrong_password_shows_message_without_saying_which(
    client: TestClient, world: World
) -> None:
    token = factories.csrf(client)
    for username in ("a_editor", "no-such-user"):
        resp = client.post(
            "/login", data={"username": username, "password": "nope", "csrf_token": token}
        )
        assert resp.status_code == 401
        assert "登录名或密码错误" in resp.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_next_cannot_redirect_off_site(client: TestClient, world: World, target: str) -> None:
    token = factories.csrf(client)
    resp = client.post(
        "/login",
        data={
            "username": "a_editor",
            "password": factories.PASSWORD,
            "csrf_token": token,
            "next": target,
        },
    )
    assert resp.headers["location"] == "/"


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("root", "平台管理工作台"),
        ("office", "知识产权局 / 运营中心工作台"),
        ("a_viewer", "高校 / 科研院所技术转移工作台"),
        ("firm", "企业知识产权 / 研发工作台"),
        ("bank", "金融机构工作台"),
        ("court", "技术调查官工作台"),
    ],
)
def test_dashboard_per_kind(client: TestClient, world: World, username: str, heading: str) -> None:
    factories.login(client, username)
    page = client.get("/")
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text
    assert 'data-chart="line"' in page.text


def test_navigation_follows_role(client: TestClient, world: World) -> None:
    factories.login(client, "a_viewer")
    page = client.get("/").text
    assert 'href="/account"' in page
    assert 'href="/admin/users"' not in page
    assert 'href="/admin/orgs"' not in page


def test_protected_page_redirects_to_login(client: TestClient) -> None:
    resp = client.get("/account")
    assert resp.status_code == 303
    assert resp.headers["location"] == "/login?next=/account"


def test_forbidden_and_missing_pages_are_consistent(client: TestClient, world: World) -> None:
    factories.login(client, "a_editor")
    forbidden = client.get("/admin/orgs")
    assert forbidden.status_code == 403
    assert "403 · 没有权限" in forbidden.text
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert "404 · 未找到" in missing.text
    assert 'href="/account"' in missing.text or "返回工作台" in missing.text


def test_admin_creates_org_and_duplicate_is_explained(client: TestClient, world: World) -> None:
    factories.login(client, "root")
    token = factories.csrf(client, "/admin/orgs")
    ok = client.post(
        "/admin/orgs", data={"name": "新建研究院", "kind": "university", "csrf_token": token}
    )
    assert (
        ok.status_code == 303
        and "已新增机构“新建研究院”" in client.get(ok.headers["location"]).text
    )
    dup = client.post(
        "/admin/orgs", data={"name": "新建研究院", "kind": "university", "csrf_token": token}
    )
    assert dup.status_code == 409
    assert "已存在" in dup.text
    bad = client.post(
        "/admin/orgs",
        data={"name": "某机构", "kind": "university", "credit_code": "123", "csrf_token": token},
    )
    assert bad.status_code == 422 and "18 位" in bad.text


def test_org_admin_user_form(client: TestClient, world: World) -> None:
    factories.login(client, "a_admin")
    token = factories.csrf(client, "/admin/users")
    form = {
        "username": "a_form_user",
        "display_name": "表单用户",
        "password": "short",
        "organisation_id": str(world.orgs["univ_a"].id),
        "role": "viewer",
        "csrf_token": token,
    }
    short = client.post("/admin/users", data=form)
    assert (
        short.status_code == 422 and "密码：至少" in short.text and "password：" not in short.text
    )
    assert 'value="a_form_user"' in short.text  # what was typed is kept
    ok = client.post("/admin/users", data=dict(form, password="long-enough-pw"))
    assert ok.status_code == 303  # post/redirect/get: a reload does not post again
    shown = client.get(ok.headers["location"]).text
    assert "已新增用户“a_form_user”" in shown and "a_form_user" in shown


def test_token_form_shows_secret_once(client: TestClient, db: Session, world: World) -> None:
    factories.login(client, "firm")
    client.get("/account")
    csrf = factories.csrf(client, "/account")
    part = client.post(
        "/account/tokens",
        data={"name": "同步脚本", "days": "30"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )
    assert part.status_code == 200
    assert 'data-testid="new-token"' in part.text
    assert "<html" not in part.text
    listing = client.get("/account").text
    assert "同步脚本" in listing and 'data-testid="new-token"' not in listing


def test_audit_page_filters(client: TestClient, world: World) -> None:
    factories.login(client, "root")
    page = client.get("/admin/audit", params={"object_type": "users", "action": "create"})
    assert page.status_code == 200
    assert "用户 <span" in page.text and "机构 <span" not in page.text
    assert "导出 CSV" in page.text


def test_logout_ends_session(client: TestClient, world: World) -> None:
    factories.login(client, "court")
    csrf = factories.csrf(client, "/account")
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert client.get("/account").status_code == 303


def test_change_password_keeps_this_session_and_ends_others(
    client: TestClient, app, world: World
) -> None:
    other = TestClient(app, base_url="https://testserver", follow_redirects=False)
    factories.login(other, "bank")
    factories.login(client, "bank")
    client.get("/account")
    csrf = factories.csrf(client, "/account")
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    form = {
        "old_password": "wrong",
        "new_password": "new-password-1",
        "new_password2": "new-password-1",
    }
    wrong = client.post("/account/password", data=form, headers=headers)
    assert wrong.status_code == 422 and "原密码不正确" in wrong.text
    mismatch = dict(form, old_password=factories.PASSWORD, new_password2="different-pw-2")
    assert "不一致" in client.post("/account/password", data=mismatch, headers=headers).text
    ok = client.post(
        "/account/password", data=dict(form, old_password=factories.PASSWORD), headers=headers
    )
    assert ok.status_code == 200 and "密码已修改" in ok.text
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 303
    factories.login(
        TestClient(app, base_url="https://testserver", follow_redirects=False),
        "bank",
        "new-password-1",
    )
