"""The transfer pages' forms through the ASGI app: subscriptions an enterprise keeps, and the
inventory's patent picker backed by the search engine."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.transfer.conftest import KPPATENT
from tests.transfer.test_interfaces import api, bearer
from zhichan.search import service as search_service

__all__ = ["api"]  # the fixture, imported for pytest


def _flash(response) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    return (query.get("notice") or [None])[0], (query.get("error") or [None])[0]


def test_enterprise_keeps_its_subscriptions_on_the_page(
    api: tuple[TestClient, sessionmaker[Session]],
) -> None:
    client, factory = api
    firm = bearer(factory, "firm")
    page = client.get("/transfer/needs", headers=firm).text
    assert "还没有订阅" in page and "订阅产业" in page

    notice, _ = _flash(client.post(
        "/transfer/subscriptions", data={"kind": "ipc", "value_ipc": "g06f 16"}, headers=firm
    ))  # fmt: skip
    assert notice == "已订阅IPC 分类：G06F16"
    _, error = _flash(client.post(
        "/transfer/subscriptions", data={"kind": "ipc", "value_ipc": "软件"}, headers=firm
    ))  # fmt: skip
    assert error is not None and "IPC 分类号格式不对" in error
    _, error = _flash(client.post(
        "/transfer/subscriptions", data={"kind": "industry", "value_industry": ""}, headers=firm
    ))  # fmt: skip
    assert error is not None and "订阅内容" in error and "value" not in error
    _, again = _flash(client.post(
        "/transfer/subscriptions", data={"kind": "ipc", "value_ipc": "G06F16"}, headers=firm
    ))  # fmt: skip
    assert again == "已订阅"

    subs = client.get("/api/transfer/subscriptions", headers=firm).json()
    assert [(s["kind"], s["value"]) for s in subs] == [("ipc", "G06F16")]
    page = client.get("/transfer/needs", headers=firm).text
    assert "IPC 分类：<span data-record>G06F16</span>" in page

    # Only enterprises reach the form; the owner removes its own.
    other = bearer(factory, "a_editor")
    assert (
        client.post(f"/transfer/subscriptions/{subs[0]['id']}/delete", headers=other).status_code
        == 403
    )
    assert client.get("/api/transfer/subscriptions", headers=firm).json() == subs
    notice, _ = _flash(client.post(f"/transfer/subscriptions/{subs[0]['id']}/delete", headers=firm))
    assert notice == "已取消订阅"
    assert client.get("/api/transfer/subscriptions", headers=firm).json() == []


def test_inventory_picker_finds_patents_by_search_and_adds_the_ticked(
    api: tuple[TestClient, sessionmaker[Session]],
) -> None:
    client, factory = api
    univ = bearer(factory, "a_editor")
    page = client.get("/transfer/inventory?find=TI%3D%E7%9F%BF%E4%BD%93", headers=univ).text
    assert "检索索引尚未建立" in page  # said, not a 500, before the index exists

    search_service.rebuild(
        factory=factory, engine=client.app.state.search, analyser="bigram", model=None
    )
    first = json.loads(KPPATENT.read_text(encoding="utf-8").splitlines()[0])
    number = f"kppatent-zh:{first['id']}"
    found = client.get(
        "/transfer/inventory", params={"find": f'TI="{first["title"]}"'}, headers=univ
    ).text
    assert f'name="numbers" value="{number}"' in found and first["title"] in found

    notice, _ = _flash(
        client.post("/transfer/inventory/add", data={"numbers": [number]}, headers=univ)
    )
    assert notice is not None and "已加入盘点 1 件" in notice
    again = client.get(
        "/transfer/inventory", params={"find": f'TI="{first["title"]}"'}, headers=univ
    ).text
    assert (
        "已在表中" in again
        and f'name="numbers" value="{number}"'
        not in again.split('id="picker-form"')[1].split("</form>")[0]
    )

    _, error = _flash(client.post("/transfer/inventory/add", data={}, headers=univ))
    assert error == "请先勾选要加入的专利"
    _, error = _flash(client.post(
        "/transfer/inventory/add", data={"numbers": ["CN000000000X"]}, headers=univ
    ))  # fmt: skip
    assert error is not None and "CN000000000X" in error
    page = client.get("/transfer/inventory", params={"find": "TI=("}, headers=univ).text
    assert 'role="alert"' in page  # a malformed query is explained on the page
