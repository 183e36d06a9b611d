"""Headless Chromium: declare → examine → publish → license → public catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import SHARED, FreshDatabases
from tests.licensing import constructed as c
from tests.licensing.conftest import OPERATOR
from tests.support import factories
from tests.support.server import serving
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.accounts import audit
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.law import service as law_service
from zhichan.patents import service as patents_service

pytestmark = pytest.mark.browser


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = audit.install(make_session_factory(engine))
    with unit_of_work(factory, OPERATOR, via="test") as session:
        factories.build_world(session, OPERATOR)
        law_service.load_corpus(session=session, root=SHARED / "data" / "law")
    patents_service.import_file(
        factory=factory, path=c.write_jsonl(tmp_path / "p.jsonl"), principal=OPERATOR
    )
    settings = Settings(
        database_url=url, data_dir=str(tmp_path), shared_dir=str(SHARED), search_model="none"
    )
    with serving(settings, engine) as base:
        yield base
    engine.dispose()


def login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_declare_examine_publish_license_catalogue(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(page, server, "a_editor")
    page.goto(server + "/licensing/mine")
    page.get_by_role("link", name="起草开放许可声明").click()
    form = page.locator("#declaration-form")
    form.get_by_label("专利号（每行一个）").fill(c.OK)
    form.get_by_label("固定费用（元）").fill("50000")
    form.get_by_label("联系人").fill("张老师")
    form.get_by_label("联系电话").fill("0571-12345678")
    form.get_by_label("其他需要明确的事项").fill("本技术国际领先")
    for box in form.locator("input[name=confirmations]").all():
        box.check()
    form.get_by_role("button", name="保存草稿并检查").click()
    expect(page.locator("#decl-status")).to_have_text("草稿")
    expect(page.locator("#check")).to_contain_text("国际领先")
    page.locator("button[data-action=submit]").click()
    expect(page.locator("#decl-error")).to_contain_text("不能提交")
    page.get_by_role("link", name="修改草稿").click()
    page.locator("#declaration-form").get_by_label("其他需要明确的事项").fill("许可方提供技术资料")
    page.get_by_role("button", name="保存草稿并检查").click()
    page.locator("button[data-action=submit]").click()
    expect(page.locator("#decl-status")).to_have_text("已提交")
    page.screenshot(path=str(output_dir / f"licensing-declaration-{backend}.png"), full_page=True)
    logout(page)

    login(page, server, "office")
    page.goto(server + "/licensing/office")
    page.locator("#office-todo a").first.click()
    page.locator("form:has(button[data-action=approve]) input[name=note]").fill("已核实")
    page.locator("button[data-action=approve]").click()
    expect(page.locator("#decl-status")).to_have_text("审查合格")
    page.locator("button[data-action=publish]").click()
    expect(page.locator("#decl-status")).to_have_text("已公告")
    declaration_url = page.url.split("?")[0]
    logout(page)

    login(page, server, "firm")
    page.goto(declaration_url)
    page.locator("#license-box").get_by_role("button", name="提交许可通知").click()
    expect(page.locator("#licence-status")).to_have_text("已生效")
    page.get_by_label("证明达成许可的书面文件").fill("许可通知及付款凭证")
    page.get_by_role("button", name="办理备案").click()
    expect(page.locator("#licence-filing")).to_contain_text("BA")
    logout(page)

    page.goto(server + "/licensing?ipc=G06F16")
    expect(page.locator("#catalogue-total")).to_have_text("1")
    row = page.locator("#catalogue tbody tr").first
    expect(row).to_contain_text(c.OK)
    expect(row.locator("td").last).to_have_text("1")
    page.screenshot(path=str(output_dir / f"licensing-catalogue-{backend}.png"), full_page=True)
    page.goto(server + "/licensing/gazette")
    expect(page.locator("#gazette")).to_contain_text("开放许可声明")

    login(page, server, "office")
    page.goto(server + "/licensing/stats")
    expect(page.locator("#stats-licences")).to_have_text("1")
    expect(page.locator("[data-chart] svg").first).to_be_visible()
    page.screenshot(path=str(output_dir / f"licensing-stats-{backend}.png"), full_page=True)
    assert errors == []
