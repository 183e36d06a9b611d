"""Headless Chromium: the court's investigator opens a case, uploads the deposit and the
product, runs the code comparison with live progress, reads the report and downloads the PDF;
another organisation cannot see the case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import SHARED, FreshDatabases
from tests.forensics.conftest import OPERATOR
from tests.forensics.samples import IRPLAG, deposit_and_product, zipped
from tests.licensing.test_browser import login, logout
from tests.support import factories
from tests.support.server import serving
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.accounts import audit
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work

pytestmark = pytest.mark.browser


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    with unit_of_work(audit.install(make_session_factory(engine)), OPERATOR, via="test") as s:
        factories.build_world(s, OPERATOR)
    settings = Settings(
        database_url=url,
        data_dir=str(tmp_path / "data"),
        shared_dir=str(SHARED),
        search_model="none",
    )
    with serving(settings, engine) as base:
        yield base
    engine.dispose()


def test_case_upload_compare_and_report(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
    tmp_path: Path,
) -> None:
    left, right = deposit_and_product(tmp_path)
    deposit = zipped(left, tmp_path / "登记源代码.zip")
    product = zipped(right, tmp_path / "被诉游戏.zip")
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(page, server, "court")
    nav = page.get_by_role("navigation", name="主导航")
    nav.get_by_role("link", name="技术比对").click()
    form = page.locator("#case-form")
    form.get_by_label("案件名称").fill("某游戏软件著作权纠纷")
    form.get_by_label("案号（可选）").fill("（2026）测01民初7号")
    form.get_by_role("button", name="建立案件").click()
    expect(page.get_by_role("status")).to_contain_text("案件已建立")
    for path, label in ((deposit, "登记源代码"), (product, "被诉游戏")):
        upload = page.locator("#evidence-form")
        upload.get_by_label("名称（如“登记源代码”“被诉游戏安装包”）").fill(label)
        upload.locator("input[type=file]").set_input_files(str(path))
        upload.get_by_role("button", name="上传并计算 SHA-256").click()
        expect(page.get_by_role("status")).to_contain_text(f"已接收证据“{label}”")
    expect(page.locator("#evidence tbody tr")).to_have_count(2)
    run = page.locator("#run-form")
    run.get_by_label("比对类型").select_option("code")
    run.get_by_role("button", name="开始比对").click()
    expect(page.get_by_test_id("run-state")).to_have_text("已完成", timeout=60_000)
    expect(page.locator("#summary")).to_contain_text("差异部分")
    page.screenshot(path=str(output_dir / f"forensics-run-{backend}.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#pdf-link").click()
    pdf = Path(download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="阅读报告").click()
    report = opened.value
    expect(report.locator("h1")).to_have_text("技术比对报告")
    expect(report.locator("body")).to_contain_text("（2026）测01民初7号")  # as typed
    report.screenshot(path=str(output_dir / f"forensics-report-{backend}.png"), full_page=False)
    case_url = page.url
    report.close()
    if backend == "sqlite":  # the one-sided run is a page concern; the API test runs both
        _folder_run(page, tmp_path, output_dir)
    logout(page)

    login(page, server, "firm")
    expect(nav.get_by_role("link", name="技术比对")).to_have_count(0)
    response = page.goto(case_url)  # not a court: the permission matrix refuses the page
    assert response is not None and response.status == 403
    assert not errors, errors


def _folder_run(page: Page, tmp_path: Path, output_dir: Path) -> None:
    """All against all from the same case: one archive of submissions, read at 390 px."""
    page.get_by_role("link", name="← 某游戏软件著作权纠纷").click()
    upload = page.locator("#evidence-form")
    upload.get_by_label("名称（如“登记源代码”“被诉游戏安装包”）").fill("作业提交")
    upload.locator("input[type=file]").set_input_files(
        str(zipped(IRPLAG / "case-06", tmp_path / "作业.zip"))
    )
    upload.get_by_role("button", name="上传并计算 SHA-256").click()
    expect(page.get_by_role("status")).to_contain_text("已接收证据“作业提交”")
    run = page.locator("#run-form")
    run.get_by_label("比对类型").select_option("folder")
    run.get_by_label("左侧（登记/权利人作品）").select_option(label="作业提交")
    run.get_by_role("button", name="开始比对").click()
    expect(page.get_by_test_id("run-state")).to_have_text("已完成", timeout=60_000)
    expect(page.locator("h1")).to_contain_text("作业提交（全量比对）")
    expect(page.locator("#top-pairs tbody tr")).to_have_count(10)
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page scrolls sideways at 390 px: {wide}"
    page.screenshot(path=str(output_dir / "forensics-folder-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 1000})
