"""Dashboards count the work waiting for the organisation and link only where its role may go;
nothing is advertised as planned; codes read as words."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.support import factories
from tests.support.factories import World
from zhichan.core import labels
from zhichan.transfer.models import Message


def test_the_enterprise_dashboard_counts_its_unread_messages(
    client: TestClient, world: World, db: Session
) -> None:
    firm = world.orgs["firm"].id
    db.add_all([Message(org_id=firm, subject=f"推送 {n}", body="正文") for n in range(3)])
    db.flush()
    factories.login(client, "firm")
    page = client.get("/").text
    assert 'id="work"' in page and "规划中" not in page
    work = page.split('id="work"')[1].split("</article>")[0]
    assert '<a href="/transfer/messages?unread=1">未读消息</a> <strong class="">3</strong>' in work


def test_a_bank_sees_no_link_it_cannot_follow(client: TestClient, world: World) -> None:
    factories.login(client, "bank")
    page = client.get("/").text
    assert 'href="/patents/import"' not in page and "可见的导入批次" in page
    assert 'href="/transfer/deals"' not in page


def test_codes_read_as_words() -> None:
    assert labels.actor("cli:root") == "命令行用户 root"
    assert labels.actor("web:demo-firm") == "demo-firm（网页）"
    assert labels.actor("甲大学用户") == "甲大学用户"
    assert labels.value(None) == "（空）" and labels.value(True) == "是"
    assert labels.value({"名称": "有机肥"}) == '{"名称": "有机肥"}'


def test_a_signed_in_users_404_page_shows_their_own_menu(client: TestClient, world: World) -> None:
    factories.login(client, "firm")
    page = client.get("/no-such-page", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert 'href="/transfer/needs"' in page.text and 'href="/login"' not in page.text


def test_descriptions_and_english_are_pointed_to_search_by_meaning() -> None:
    from zhichan.search.views import _describes

    assert _describes("lithium battery separator") and _describes(
        "把板边两面都切出斜口想两面一起切"
    )
    assert not _describes("TI=电池") and not _describes("电池")
