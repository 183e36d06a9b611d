"""Headless Chromium: a university opens an inventory item's valuation, enters two expert
indicators, scores it for 许可转让 and downloads the PDF report; the same page at 390 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import FreshDatabases
from tests.licensing.test_browser import login
from tests.support import factories
from tests.support.server import serving_store
from tests.support.stores import OPERATOR, seeded
from tests.valuation.conftest import PATENTS
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.db.session import unit_of_work
from zhichan.patents import service as patents_service
from zhichan.transfer import service as transfer_service

pytestmark = pytest.mark.browser
US = "US8926509B2"


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine, factory, _world = seeded(url)
    for name in ("xml2014/US08926509.xml", "xml2014/US08930553.xml", "xml2006/US07272630B2.xml"):
        patents_service.import_file(
            factory=factory, path=PATENTS / "uspto-samples" / name, principal=OPERATOR
        )
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        who = factories.principal(session, "a_editor")
        transfer_service.add_patents(session=session, principal=who, numbers=[US, "US8930553B2"])
    with serving_store(url, engine, tmp_path) as base:
        yield base


def test_university_values_an_inventory_item_and_downloads_the_report(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
    tmp_path: Path,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    login(page, server, "a_editor")
    page.goto(server + "/transfer/inventory")
    page.get_by_role("link", name=f"评估 {US}").click()
    expect(page.get_by_role("heading", name=f"专利价值评估 · {US}")).to_be_visible()
    page.screenshot(path=str(output_dir / f"valuation-patent-{backend}.png"), full_page=True)
    page.get_by_label("侵权可判定性", exact=True).fill("80")
    page.get_by_label("侵权可判定性的依据").fill("产品外观可见该结构")
    page.get_by_label("技术成熟度", exact=True).fill("6")
    page.get_by_role("button", name="保存专家指标").click()
    expect(page.get_by_role("status")).to_contain_text("已保存 2 项专家指标")
    expect(page.locator("#experts")).to_contain_text("a_editor")
    page.locator("#scenario").select_option(label="许可转让")
    page.get_by_role("button", name="评估并保存").click()
    expect(page.get_by_role("heading", name=f"估值报告 · {US}")).to_be_visible()
    expect(page.locator("#score")).to_contain_text("分")
    expect(page.locator('tr[data-indicator="enforceability"]')).to_contain_text("80.0")
    expect(page.locator('tr[data-indicator="trl"]')).to_contain_text("66.2")  # TRL 6
    expect(page.locator('tr[data-indicator="term"]')).to_contain_text("35 U.S.C. 154(a)(2)")
    expect(page.locator('tr[data-gate="in_force"]')).to_be_visible()
    page.screenshot(path=str(output_dir / f"valuation-report-{backend}.png"), full_page=True)
    with page.expect_download() as got:
        page.get_by_role("link", name="下载 PDF").click()
    saved = tmp_path / "report.pdf"
    got.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    narrow = browser.new_page(viewport={"width": 390, "height": 844})
    login(narrow, server, "a_editor")
    narrow.goto(page.url)
    expect(narrow.locator("#score")).to_be_visible()
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    narrow.screenshot(path=str(output_dir / f"valuation-report-390-{backend}.png"), full_page=True)
    narrow.close()
    page.close()
