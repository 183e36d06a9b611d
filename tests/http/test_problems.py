"""Every ZhichanError becomes the same problem+json envelope, or the same error page."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from zhichan.core import errors
from zhichan.core import logging as zlogging
from zhichan.core.settings import Settings
from zhichan.web.app import create_app


def _all_errors() -> list[type[errors.ZhichanError]]:
    found, todo = [], [errors.ZhichanError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__name__)


@pytest.fixture(scope="module")
def raising_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings(
        database_url="sqlite:///:memory:", data_dir=str(tmp_path_factory.mktemp("p"))
    )
    app = create_app(settings)
    by_name = {cls.__name__: cls for cls in _all_errors()}

    def boom(name: str) -> None:
        raise by_name[name]("出错了：测试", details={"field": "x"})

    app.add_api_route("/api/v1/_raise/{name}", boom)
    app.add_api_route("/_raise/{name}", boom)
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


@pytest.mark.parametrize("cls", _all_errors(), ids=lambda c: c.__name__)
def test_api_envelope(raising_client: TestClient, cls: type[errors.ZhichanError]) -> None:
    resp = raising_client.get(f"/api/v1/_raise/{cls.__name__}")
    assert resp.status_code == cls.status
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body == {
        "type": f"/problems/{cls.code}",
        "title": cls.title,
        "status": cls.status,
        "detail": "出错了：测试",
        "instance": f"/api/v1/_raise/{cls.__name__}",
        "code": cls.code,
        "request_id": resp.headers["x-request-id"],
        "details": {"field": "x"},
    }


@pytest.mark.parametrize("cls", _all_errors(), ids=lambda c: c.__name__)
def test_html_error_page(raising_client: TestClient, cls: type[errors.ZhichanError]) -> None:
    resp = raising_client.get(f"/_raise/{cls.__name__}", follow_redirects=False)
    if cls.status == 401:
        assert resp.status_code == 303
        assert resp.headers["location"].startswith("/login?next=")
        return
    assert resp.status_code == cls.status
    assert f"{cls.status} · {cls.title}" in resp.text
    assert "出错了：测试" in resp.text


def test_unexpected_exception_is_a_500_problem_without_internals(
    raising_client: TestClient,
) -> None:
    raising_client.app.add_api_route("/api/v1/_crash", lambda: 1 / 0)  # type: ignore[attr-defined]
    resp = raising_client.get("/api/v1/_crash")
    assert resp.status_code == 500
    assert resp.json()["code"] == "internal-error"
    assert "ZeroDivision" not in resp.text


def test_json_log_lines_carry_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    zlogging.configure("info", "json")
    token = zlogging.request_id.set("req-42")
    try:
        logging.getLogger("zhichan.test").info("导入 %d 条", 3, extra={"batch": "b1"})
    finally:
        zlogging.request_id.reset(token)
        logging.getLogger().handlers.clear()
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["msg"] == "导入 3 条"
    assert line["request_id"] == "req-42"
    assert line["batch"] == "b1"
    assert line["level"] == "info"


@pytest.mark.parametrize(
    ("message", "code", "phrase"),
    [
        ("database is locked", "database-busy", "数据库正忙"),
        ("server closed the connection", "database-unavailable", "暂时无法访问"),
    ],
)
def test_database_errors_are_503_problems(
    raising_client: TestClient, message: str, code: str, phrase: str
) -> None:
    from sqlalchemy.exc import OperationalError

    def fail() -> None:
        raise OperationalError("UPDATE users SET …", {}, Exception(message))

    raising_client.app.add_api_route(f"/api/v1/_db/{code}", fail)  # type: ignore[attr-defined]
    resp = raising_client.get(f"/api/v1/_db/{code}")
    assert resp.status_code == 503
    body = resp.json()
    assert body["code"] == code and phrase in body["detail"] and "未保存" in body["detail"]


def test_request_ids_are_the_servers_and_survive_a_500(raising_client: TestClient) -> None:
    raising_client.app.add_api_route("/api/v1/_crash2", lambda: 1 / 0)  # type: ignore[attr-defined]
    forged = {"X-Request-ID": "audit-row-42\r\n=HYPERLINK(1)"}
    ok = raising_client.get("/api/v1/_raise/NotFound", headers=forged)
    assert ok.headers["x-request-id"] != forged["X-Request-ID"]
    assert (
        len(ok.headers["x-request-id"]) == 16
        and ok.json()["request_id"] == ok.headers["x-request-id"]
    )
    crash = raising_client.get("/api/v1/_crash2", headers=forged)
    assert crash.status_code == 500 and crash.json()["request_id"]


def test_a_form_address_opened_as_a_page_leads_to_its_page(client: TestClient) -> None:
    got = client.get("/transfer/inventory/edit", headers={"accept": "text/html"})
    assert (got.status_code, got.headers["location"]) == (303, "/transfer/inventory")
    api = client.get("/api/transfer/messages/read")
    assert api.status_code == 405
