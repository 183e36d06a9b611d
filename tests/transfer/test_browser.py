"""Headless Chromium: an institution inventories, tiers and publishes; an enterprise states a
need, reads explained matches, gives feedback and opens a deal; the office sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import SHARED, FreshDatabases
from tests.licensing.test_browser import login, logout
from tests.support import factories
from tests.support.server import serving
from tests.transfer.conftest import KPPATENT, OPERATOR
from tests.transfer.test_matching import NEED
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.accounts import audit
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.patents import service as patents_service
from zhichan.transfer import service

pytestmark = pytest.mark.browser
REAL = 120


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = audit.install(make_session_factory(engine))
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:REAL]
    (tmp_path / "kp.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with unit_of_work(factory, OPERATOR, via="test") as session:
        world = factories.build_world(session, OPERATOR)
        patents_service.load_reference(session=session, data_dir=SHARED / "data")
    patents_service.import_file(factory=factory, path=tmp_path / "kp.jsonl", principal=OPERATOR)
    with unit_of_work(factory, OPERATOR, via="test") as session:
        numbers = [
            p.number for p in patents_service.list_patents(session=session, limit=REAL).items
        ]
        service.add_patents(session=session, principal=OPERATOR, numbers=numbers,
                            org_id=world.orgs["univ_a"].id)  # fmt: skip
    settings = Settings(
        database_url=url, data_dir=str(tmp_path), shared_dir=str(SHARED), search_model="none"
    )
    with serving(settings, engine) as base:
        yield base
    engine.dispose()


def test_inventory_need_match_feedback_deal_and_statistics(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(page, server, "a_editor")
    for offset in range(0, REAL, 50):  # the inventory is paged, 50 a page
        page.goto(f"{server}/transfer/inventory?offset={offset}")
        rows = min(50, REAL - offset)
        expect(page.locator("#inventory tbody tr")).to_have_count(rows)
        expect(page.locator("nav.pager")).to_contain_text(f"共 {REAL} 件")
        for box in page.locator("#inventory input[name=numbers]").all():
            box.check()
        form = page.locator("#inventory-form")
        form.get_by_label("产业化前景").select_option("较好")
        form.get_by_label("状态").select_option("已盘点")
        form.get_by_role("button", name="批量修改所选").click()
        expect(page.get_by_role("status")).to_contain_text(f"已更新 {rows} 件")
    expect(page.locator("#inventory tbody tr").first.locator("td.tier")).not_to_have_text("—")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.locator("#publish").click()  # nothing selected: it asks before publishing all
    expect(page.get_by_role("status")).to_contain_text("已发布入库")
    assert asked and "全部已分层" in asked[0]
    page.screenshot(path=str(output_dir / f"transfer-inventory-{backend}.png"), full_page=False)
    logout(page)

    login(page, server, "firm")
    page.goto(server + "/transfer/needs")
    need = page.locator("#need-form")
    need.get_by_label("标题").fill("有机肥技术")
    need.get_by_label("需求描述（用日常语言写：遇到什么问题，想要什么技术）").fill(NEED)
    need.get_by_role("button", name="发布并匹配").click()
    first = page.locator("#matches li.match").first
    expect(first).to_contain_text("有机肥")
    expect(first).to_contain_text("共有词：")
    expect(first.locator("table.signals")).not_to_be_visible()  # the weights wait behind 详细
    first.get_by_text("详细：得分的构成").click()
    expect(first.locator("table.signals")).to_contain_text("文本相似度")
    page.screenshot(path=str(output_dir / f"transfer-matches-{backend}.png"), full_page=False)
    first.get_by_label("意向").select_option("许可")
    first.get_by_role("button", name="反馈并发起对接").click()
    expect(page.locator("#deal-status")).to_have_text("待确认")
    expect(page.locator("#deal-turn")).to_contain_text("由专利所属单位办理")
    deal_url = page.url.split("?")[0]
    logout(page)

    login(page, server, "a_editor")  # the university accepts the enterprise's proposal
    page.goto(deal_url)
    page.locator("#deal-form").get_by_role("button", name="更新").click()
    expect(page.locator("#deal-status")).to_have_text("对接中")
    logout(page)

    login(page, server, "office")
    page.goto(server + "/transfer/office")
    expect(page.locator("#stat-pool")).to_have_text(str(REAL))
    expect(page.locator("#stat-deals")).to_have_text("1")
    expect(page.get_by_text("（许可，对接中）")).to_be_visible()
    page.screenshot(path=str(output_dir / f"transfer-office-{backend}.png"), full_page=True)
    assert errors == []
