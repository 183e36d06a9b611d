"""Headless Chromium: an enterprise makes a competitor report over the CONSTRUCTED records,
sees the drawn charts and the matrix, downloads Word and PDF and re-runs it; the report page
at 390 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, expect

from tests.conftest import SHARED, FreshDatabases
from tests.licensing.test_browser import login
from tests.navigation import constructed
from tests.support.server import serving
from tests.support.stores import OPERATOR, seeded
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.core.settings import Settings
from zhichan.patents import service as patents_service

pytestmark = pytest.mark.browser


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine, factory, _world = seeded(url)
    path = constructed.write_jsonl(tmp_path / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    settings = Settings(
        database_url=url, data_dir=str(tmp_path), shared_dir=str(SHARED), search_model="none"
    )
    with serving(settings, engine) as base:
        yield base
    engine.dispose()


def test_enterprise_makes_a_report_sees_charts_and_downloads_it(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
    tmp_path: Path,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    login(page, server, "firm")
    page.get_by_role("link", name="专利导航").first.click()
    expect(page.locator("#report-form select[name=kind]")).to_have_value("competitor")
    page.locator("#report-form select[name=kind]").select_option("industry")
    page.get_by_label("报告名称").fill("电池与检索专利导航")
    page.get_by_label("IPC 前缀").fill("H01M, G06F")
    page.get_by_role("button", name="生成报告").click()
    expect(page.get_by_role("heading", name="电池与检索专利导航")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("报告已生成")
    expect(page.locator("#manifest")).to_contain_text("IPC G06F、H01M")
    # ECharts draws SVG into every chart box: the trend, composition, applicants…
    expect(page.locator(".chart svg").first).to_be_visible()
    assert page.locator(".chart svg").count() >= 5
    expect(page.get_by_text("HHI：3438")).to_be_visible()
    page.get_by_text("每个单元格的专利").click()
    expect(page.get_by_role("link", name="CN400000003B").first).to_be_visible()
    page.screenshot(path=str(output_dir / f"navigation-report-{backend}.png"), full_page=True)
    for label, suffix, start in (("下载 Word", "docx", b"PK"), ("下载 PDF", "pdf", b"%PDF")):
        with page.expect_download() as got:
            page.get_by_role("link", name=label).click()
        saved = tmp_path / f"report.{suffix}"
        got.value.save_as(saved)
        assert saved.read_bytes().startswith(start)
    assert "技术功效矩阵与空白点" in [
        p.text for p in Document(str(tmp_path / "report.docx")).paragraphs
    ]
    page.get_by_role("link", name="重跑核对").click()
    expect(page.locator("#verdict")).to_contain_text("重跑结果相同")
    narrow = browser.new_page(viewport={"width": 390, "height": 844})
    login(narrow, server, "firm")
    narrow.goto(page.url)
    expect(narrow.locator(".chart svg").first).to_be_visible()
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    narrow.screenshot(path=str(output_dir / f"navigation-report-390-{backend}.png"), full_page=True)
    home = browser.new_page(viewport={"width": 390, "height": 844})
    login(home, server, "firm")
    home.goto(server + "/navigation")
    assert home.evaluate("document.documentElement.scrollWidth") <= 390
    home.screenshot(path=str(output_dir / f"navigation-home-390-{backend}.png"), full_page=True)
    for p in (page, narrow, home):
        p.close()
