"""The search page in headless Chromium: query builder, results, facets, an error that points
at its position, semantic paste mode, and the help page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import SHARED, FreshDatabases
from tests.search import constructed
from tests.search.conftest import load, make_runtime
from tests.support.server import serving
from tests.web.test_browser import browser  # noqa: F401  (fixture)
from zhichan.core.settings import Settings
from zhichan.jobs.worker import of as worker_of

pytestmark = pytest.mark.browser


@pytest.fixture
def site(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    rt = make_runtime(fresh_db.url(), tmp_path / "var", model="use")
    load(rt, constructed.write_jsonl(tmp_path / "constructed.jsonl"))
    # Vectors first, so the server starts settled and no embedding competes with the browser.
    worker_of(rt, lanes=("vectors",)).run_until_idle(timeout=300)
    url = rt.engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, data_dir=str(tmp_path / "var"), shared_dir=str(SHARED))
    with serving(settings, rt.engine) as base:
        yield base
    rt.engine.dispose()


def test_search_page(browser: Browser, site: str, output_dir: Path, backend: str) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    failed: list[str] = []
    page.on("pageerror", lambda e: failed.append(str(e)))
    page.goto(site + "/search")
    expect(page.get_by_role("heading", level=1)).to_have_text("专利检索")

    page.get_by_text("检索式构造助手").click()
    page.get_by_label("字段").select_option("TI")
    page.get_by_label("值", exact=True).fill("锂电池")
    page.get_by_role("button", name="加入检索式").click()
    page.get_by_label("字段").select_option("IPC")
    page.get_by_label("值", exact=True).fill("H01M*")
    page.get_by_role("button", name="加入检索式").click()
    expect(page.locator("#q")).to_have_value("TI=锂电池 AND IPC=H01M*")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator("#total")).to_have_text("1")
    expect(page.locator(".hit h3")).to_contain_text("锂电池隔膜")
    expect(page.locator(".hit .why")).to_contain_text("标题含“锂电池”")

    page.locator("#q").fill("IPC=H01M*")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator("#total")).to_have_text("4")
    facets = page.get_by_role("complementary", name="分面筛选")
    facets.get_by_role("link", name="实用新型").click()
    expect(page.locator("#total")).to_have_text("1")
    expect(page.locator(".hit h3")).to_contain_text("电池包散热装置")
    page.screenshot(path=str(output_dir / f"search-{backend}.png"), full_page=True)

    page.locator("#q").fill("TI=(锂电池 AND")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("第 12 个字符处")

    page.goto(site + "/search")
    page.get_by_label("方式").select_option("semantic")
    page.locator("textarea#q").fill("聚乙烯基膜表面涂覆陶瓷层的电池隔膜")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator(".hit").first).to_contain_text("语义相似度")
    page.screenshot(path=str(output_dir / f"search-semantic-{backend}.png"), full_page=True)

    page.goto(site + "/search/help")
    page.get_by_role("link", name="IPC=H01M*").first.click()
    expect(page.locator("#total")).to_have_text("4")
    assert failed == [], failed
    page.close()
