"""Headless Chromium against a real server: log in, see the dashboard, use an HTMX form."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.conftest import SHARED, FreshDatabases
from tests.support.server import serving
from zhichan.accounts import service
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "browser-test-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("找不到 Debian chromium；请运行 make system-deps")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    with unit_of_work(make_session_factory(engine)) as session:
        service.ensure_platform_admin(session=session, password=ADMIN_PASSWORD)
    settings = Settings(database_url=url, data_dir=str(tmp_path), shared_dir=str(SHARED))
    with serving(settings, engine) as base:
        yield base
    engine.dispose()


def test_login_dashboard_and_token_form(
    browser: Browser, server: str, output_dir: Path, backend: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("pageerror", lambda e: failed.append(str(e)))

    page.goto(server + "/account")
    expect(page).to_have_url(server + "/login?next=/account")
    page.get_by_label("登录名").fill("admin")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("登录名或密码错误")

    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(server + "/account")

    page.get_by_label("用途").fill("浏览器测试")
    page.get_by_role("button", name="创建令牌").click()
    expect(page.get_by_test_id("new-token")).to_contain_text("zc_")

    nav = page.get_by_role("navigation", name="主导航")
    nav.get_by_role("link", name="工作台").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("平台管理工作台")
    expect(page.locator(".chart svg").first).to_be_visible()
    assert page.locator(".chart").count() == 2
    page.screenshot(path=str(output_dir / f"dashboard-{backend}.png"), full_page=True)

    nav.get_by_role("link", name="审计日志").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("审计日志")
    expect(page.locator("tbody")).to_contain_text("API 令牌 #")
    assert failed == [], failed
    page.close()


def test_import_page_shows_progress_and_result(
    browser: Browser, server: str, output_dir: Path, backend: str, tmp_path: Path
) -> None:
    from tests.patents import constructed

    source = constructed.write_cnipa_csv(tmp_path / "cnipa-export.csv")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(server + "/patents/import")
    page.get_by_label("登录名").fill("admin")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("数据导入")
    page.get_by_label("文件").set_input_files(str(source))
    page.get_by_role("button", name="上传并导入").click()
    job = page.get_by_test_id("import-job")
    expect(job).to_have_attribute("data-state", "succeeded", timeout=30_000)
    expect(page.get_by_test_id("inserted")).to_have_text("4")
    expect(job).to_contain_text("第 10 行")
    expect(page.get_by_test_id("import-state")).to_contain_text("1 行未导入")
    # The import queued an index sync; the card says so until the records can be found.
    expect(job).to_have_attribute("data-index-state", "searchable", timeout=30_000)
    expect(page.get_by_test_id("index-state")).to_contain_text("已可检索")
    expect(page.locator("#batches")).to_contain_text("cnipa-export.csv")
    page.screenshot(path=str(output_dir / f"import-{backend}.png"), full_page=True)
    page.goto(server + "/search?q=" + quote("PA=浙江构造大学"))
    expect(page.locator("#total")).not_to_have_text("0")
    expect(page.locator(".results")).to_contain_text("CN111000001A")
    page.screenshot(path=str(output_dir / f"import-search-{backend}.png"), full_page=True)
    page.goto(server + "/jobs")
    rows = page.get_by_test_id("job-row")
    expect(rows.filter(has_text="专利数据导入")).to_contain_text("已完成")
    expect(rows.filter(has_text="检索索引同步").first).to_contain_text("已完成")
    page.screenshot(path=str(output_dir / f"jobs-{backend}.png"), full_page=True)
    page.goto(server + "/patents/CN111000001A")
    expect(page.get_by_role("heading", level=1)).to_contain_text("锂电池隔膜")
    expect(page.locator("ol.timeline li")).to_have_count(4)
    page.screenshot(path=str(output_dir / f"patent-{backend}.png"), full_page=True)
    page.close()
