"""Headless Chromium: an enterprise watches a competitor (the scan sets the baseline; after a
second CONSTRUCTED import the next scan fills the inbox with alerts and their evidence), makes
a report over the CONSTRUCTED records, sees the drawn charts and the matrix, downloads Word
and PDF and re-runs it; the watch and report pages at 390 px."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from tests.conftest import FreshDatabases
from tests.licensing.test_browser import login
from tests.navigation import constructed
from tests.support.server import serving_store
from tests.support.stores import OPERATOR, seeded
from tests.watch import test_scan
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.patents import service as patents_service

pytestmark = pytest.mark.browser


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """The served app, and a second import into its store (the watch test's changes)."""
    url = fresh_db.url()
    engine, factory, _world = seeded(url)
    path = constructed.write_jsonl(tmp_path / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    second = test_scan.write(tmp_path / "second.jsonl", test_scan.second_import())

    def again() -> None:
        patents_service.import_file(factory=factory, path=second, principal=OPERATOR)

    with serving_store(url, engine, tmp_path) as base:
        yield base, again


def _scan(page: Page, base: str) -> None:
    """Start a scan from the watch page and wait (bounded) for its job to finish."""
    page.goto(base + "/watch")
    page.get_by_role("button", name="立即扫描").click()
    expect(page.locator("main")).to_contain_text("已完成", timeout=30_000)
    page.goto(base + "/watch")


def test_enterprise_watches_a_competitor_and_reads_the_alerts(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: tuple[str, Callable[[], None]],
    output_dir: Path,
    backend: str,
) -> None:
    base, import_again = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, base, "firm")
    page.get_by_role("link", name="专利监测").first.click()
    expect(page.locator("#watch-form select[name=kind]")).to_have_value("applicant")
    page.get_by_label("监测名称").fill("竞争对手甲")
    page.get_by_label("监测对象").fill("甲科技有限公司")
    page.get_by_label("本机构专利（可选）").fill("CN400000001B")
    page.get_by_role("button", name="新建监测").click()
    expect(page.get_by_role("status")).to_contain_text("已新建监测")
    expect(page.locator("#watches")).to_contain_text("尚未扫描")
    _scan(page, base)
    expect(page.locator("#watches tbody tr").first.locator("td").nth(3)).to_have_text("2")
    expect(page.locator("#alerts")).to_contain_text("没有提醒")
    import_again()
    _scan(page, base)
    expect(page.locator("#alerts > li")).to_have_count(6)
    expect(page.locator("#alerts")).to_contain_text("进入新的技术领域 H02J")
    page.locator("#alerts details").first.click()
    expect(page.locator("#alerts dl").first).to_contain_text("规则")
    page.screenshot(path=str(output_dir / f"watch-inbox-{backend}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(output_dir / f"watch-inbox-390-{backend}.png"), full_page=True)
    page.goto(base + "/watch/digest")
    expect(page.locator("#by-kind")).to_contain_text("与本机构专利相似的新记录")
    page.close()


def test_enterprise_makes_a_report_sees_charts_and_downloads_it(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: tuple[str, Callable[[], None]],
    output_dir: Path,
    backend: str,
    tmp_path: Path,
) -> None:
    base, _again = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    login(page, base, "firm")
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
    login(narrow, base, "firm")
    narrow.goto(page.url)
    expect(narrow.locator(".chart svg").first).to_be_visible()
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    narrow.screenshot(path=str(output_dir / f"navigation-report-390-{backend}.png"), full_page=True)
    home = browser.new_page(viewport={"width": 390, "height": 844})
    login(home, base, "firm")
    home.goto(base + "/navigation")
    assert home.evaluate("document.documentElement.scrollWidth") <= 390
    home.screenshot(path=str(output_dir / f"navigation-home-390-{backend}.png"), full_page=True)
    for p in (page, narrow, home):
        p.close()
