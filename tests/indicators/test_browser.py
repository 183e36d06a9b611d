"""Headless Chromium: the office opens the indicators page, drills down from a province to its
high-value patents and to one patent's evidence, criterion by criterion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import FreshDatabases
from tests.indicators import constructed
from tests.licensing.test_browser import login
from tests.support.server import serving_store
from tests.support.stores import seeded
from tests.transfer.conftest import OPERATOR
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.db.session import unit_of_work
from zhichan.indicators import service
from zhichan.patents import service as patents_service

pytestmark = pytest.mark.browser


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine, factory, _world = seeded(url)
    path = constructed.write_jsonl(tmp_path / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        for kind, text in constructed.FILES.items():
            service.load_file(session=session, principal=OPERATOR, kind=kind,
                              filename=f"{kind}.csv", data=text.encode())  # fmt: skip
        service.set_parameter(session=session, principal=OPERATOR, key="reference_date",
                              value="2025-12-31", note=None)  # fmt: skip
        service.run(session=session, principal=OPERATOR, today=constructed.TODAY)
    with serving_store(url, engine, tmp_path) as base:
        yield base


def test_office_drills_down_from_a_province_to_a_patents_evidence(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, server, "office")
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="指标与高价值专利"
    ).click()
    figures = page.locator("#figures")
    expect(figures.get_by_role("link", name="浙江省")).to_be_visible()
    page.screenshot(path=str(output_dir / f"indicators-{backend}.png"), full_page=True)
    figures.get_by_role("link", name="浙江省").click()
    expect(page.get_by_role("heading", name="逐件判定 · 浙江省 · 高价值")).to_be_visible()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)  # SEI, > 10 years, a US grant; the pledged one is unknown
    page.get_by_role("link", name="CN200000002B").click()
    expect(page.locator("#verdict")).to_have_text("高价值")
    maintained = page.locator('tr[data-test="maintained"]')
    expect(maintained).to_contain_text("符合")
    expect(maintained).to_contain_text("2010-01-10")
    pledge = page.locator('tr[data-test="pledge"]')
    expect(pledge).to_contain_text("阈值未设置")
    page.screenshot(path=str(output_dir / f"indicators-evidence-{backend}.png"), full_page=True)
    page.close()
