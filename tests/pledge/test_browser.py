"""Headless Chromium: the office builds and pushes a white list, the bank opens a loan from it,
checks the package, takes it through registration and disbursement, and the office's
statistics page shows the registered amount (CONSTRUCTED records, tests/pledge/constructed.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import SHARED, FreshDatabases
from tests.licensing.test_browser import login, logout
from tests.pledge import constructed
from tests.support import factories
from tests.support.server import serving
from tests.support.stores import OPERATOR, seeded
from tests.web.test_browser import browser  # noqa: F401 - the fixture
from zhichan.core.principal import Role
from zhichan.core.settings import Settings
from zhichan.db.session import unit_of_work
from zhichan.patents import service as patents_service
from zhichan.pledge import claims

pytestmark = pytest.mark.browser


@pytest.fixture
def server(fresh_db: FreshDatabases, tmp_path: Path) -> Iterator[str]:
    url = fresh_db.url()
    engine, factory, world = seeded(url)
    path = constructed.write_jsonl(tmp_path / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        factories.user(session, OPERATOR, "bank_ed", world.orgs["bank"].id, Role.EDITOR)
        claims.load_rules(session=session)
    settings = Settings(
        database_url=url, data_dir=str(tmp_path), shared_dir=str(SHARED), search_model="none"
    )
    with serving(settings, engine) as base:
        yield base
    engine.dispose()


def _act(page: Page, action: str, fields: dict[str, str] | None = None) -> None:
    form = page.locator(f'form[data-action="{action}"]')
    if not form.is_visible():
        page.locator(f'details:has(form[data-action="{action}"]) > summary').click()
    for label, value in (fields or {}).items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button").last.click()
    expect(page.get_by_role("status")).to_have_text("已办理")


def test_white_list_to_registered_loan_and_the_office_statistics(
    browser: Browser,  # noqa: F811 - the fixture imported above
    server: str,
    output_dir: Path,
    backend: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, server, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="质押融资").click()
    built = page.get_by_role("form", name="建立白名单")
    built.get_by_label("名单名称").fill("构造白名单")
    built.get_by_label("至少有效专利").fill("3")
    built.get_by_role("button", name="建立白名单").click()
    expect(page.get_by_role("status")).to_have_text("已建立白名单")
    expect(page.get_by_role("heading", name=constructed.FIRM)).to_be_visible()
    page.get_by_role("form", name="推送白名单").get_by_label("丁银行").check()
    page.get_by_role("button", name="推送").click()
    expect(page.get_by_role("status")).to_have_text("已推送")
    logout(page)

    login(page, server, "bank_ed")
    page.goto(server + "/pledge")
    page.get_by_role("link", name="构造白名单").click()
    page.get_by_text("为该企业新建贷款申请").click()
    form = page.get_by_role("form", name="贷款申请")
    form.get_by_label("所在地区").fill("山东省")
    form.get_by_label("金额（元）").fill("1000000")
    form.get_by_label("到期日").fill("2028-12-01")
    form.get_by_label("拟质押专利号（逗号或换行分隔）").fill("\n".join(constructed.VALID[:2]))
    form.get_by_role("button", name="保存申请").click()
    expect(page.get_by_role("status")).to_have_text("已新建贷款申请")
    page.get_by_role("button", name="按记录检查资格").click()
    checks = page.locator("#checklist")
    expect(checks.locator("tr.check-pass").first).to_be_visible()
    expect(checks.locator("tr.check-block")).to_have_count(0)
    upload = page.get_by_role("form", name="上传登记材料")
    upload.get_by_label("材料").select_option("contract")
    upload.get_by_label("文件（PDF、版式文档、图片或文字处理文档，至多 20 MB）").set_input_files(
        files=[{"name": "质押合同.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    upload.get_by_role("button", name="上传").click()
    expect(page.get_by_role("status")).to_have_text("已上传登记材料")
    expect(page.locator("#documents")).to_contain_text("质押合同.pdf")
    for action in ("submit", "precheck", "review", "approve", "sign", "file"):
        _act(page, action)
    _act(page, "register", {"质押登记号": "Y2026370000001"})
    _act(page, "disburse")
    expect(page.locator("#status")).to_have_text("已放款")
    expect(page.locator("#registration")).to_contain_text("Y2026370000001")
    page.screenshot(path=str(output_dir / f"pledge-loan-{backend}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(output_dir / f"pledge-loan-390-{backend}.png"), full_page=True)
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, server, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="质押统计").click()
    amount = page.locator('[data-figure="registered_amount"]')
    expect(amount).to_contain_text("1,000,000.00")
    expect(page.locator('[data-figure="registrations"]')).to_contain_text("1")
    page.screenshot(path=str(output_dir / f"pledge-stats-{backend}.png"), full_page=True)
    page.close()
