"""The law API and pages (in-process) and the statute browser in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect
from sqlalchemy import create_engine

from tests.conftest import SHARED
from tests.law.test_ask import LawDb
from tests.support.server import serving
from tests.web.test_browser import browser  # noqa: F401  (fixture)
from zhichan.core.settings import Settings
from zhichan.web.app import create_app


def _settings(law_db: LawDb, tmp: Path) -> Settings:
    # No embedding model: questions are answered by BM25 (the hybrid path has its own test).
    return Settings(
        database_url=law_db[0],
        data_dir=str(tmp),
        shared_dir=str(SHARED),
        secret_key="t",
        search_model="none",
    )


@pytest.fixture
def client(law_db: LawDb, tmp_path: Path) -> Iterator[TestClient]:
    settings = _settings(law_db, tmp_path)
    engine = create_engine(law_db[0])
    with TestClient(create_app(settings, engine=engine), base_url="https://testserver") as c:
        yield c
    engine.dispose()


def test_api(client: TestClient) -> None:
    art = client.get("/api/law/article", params={"cite": "专利法 42"}).json()
    assert art["citation"] == "《中华人民共和国专利法》第四十二条"
    assert client.get(f"/api/law/articles/{art['id']}").json()["label"] == "第四十二条"
    listing = client.get("/api/law/instruments", params={"level": "法律"}).json()
    assert any(i["short_name"] == "专利法" and i["articles"] == 82 for i in listing)
    ask = client.get("/api/law/ask", params={"q": "注册商标的有效期是几年", "mode": "bm25"}).json()
    assert ask["hits"][0]["citation"].startswith("《中华人民共和国商标法》第三十九条")
    assert ask["answer"] and {"text", "citation", "article_id"} <= set(ask["answer"][0])
    due = client.get("/api/law/deadline", params={"kind": "receipt", "start": "2007-12-15"}).json()
    assert due["due"] == "2007-12-30"  # a deemed receipt is not moved off the holiday
    assert "《中华人民共和国专利法实施细则》第四条第四款" in due["articles"]
    term = client.get("/api/law/term", params={"kind": "natural", "death_year": 1970}).json()
    assert term["ends"] == "2020-12-31"
    money = client.get(
        "/api/law/damages",
        params={"law": "patent", "loss": "100000", "intentional": True, "serious": True},
    ).json()
    assert (money["low"], money["high"]) == ("100000", "500000")
    assert client.get("/api/law/article", params={"cite": "专利法 99"}).status_code == 404
    assert (
        client.get(
            "/api/law/deadline", params={"kind": "coffee", "start": "2020-01-01"}
        ).status_code
        == 422
    )


def test_pages(client: TestClient) -> None:
    assert "中华人民共和国专利法" in client.get("/law").text
    page = client.get("/law/ask", params={"q": "技术调查官可以参与哪些案件", "mode": "bm25"})
    assert page.status_code == 200 and "技术调查官参与知识产权案件诉讼活动" in page.text
    calc = client.get(
        "/law/calculators", params={"calc": "deadline", "kind": "receipt", "start": "2007-12-15"}
    )
    assert "2007-12-30" in calc.text
    bad = client.get("/law/calculators", params={"calc": "deadline", "kind": "receipt"})
    assert bad.status_code == 422 and "起算日" in bad.text
    missing = client.get("/law/ask", params={"q": "专利法第九十九条", "mode": "bm25"}).text
    said = missing.index('id="citation-problem"')
    assert "没有第九十九条" in missing[said:] and said < missing.index('class="hits"')


def test_status_and_paragraph_pages(client: TestClient) -> None:
    listing = client.get("/api/law/instruments", params={"level": "司法解释"}).json()
    old = next(i for i in listing if i["title"].startswith("最高人民法院关于对诉前停止侵犯专利权"))
    assert old["status"] == "repealed" and old["status_label"] == "已废止"
    page = client.get(f"/law/instruments/{old['id']}").text
    assert "已废止" in page and "法释〔2020〕16号" in page
    punitive = next(i for i in listing if "惩罚性赔偿" in i["title"])
    assert "惩罚性赔偿解释" in client.get(f"/law/instruments/{punitive['id']}").text
    art = client.get("/api/law/article", params={"cite": "专利法 69"}).json()
    focused = client.get(f"/law/articles/{art['id']}", params={"p": 2}).text
    assert 'id="p2" class="focus"' in focused
    assert client.get(f"/law/articles/{art['id']}", params={"p": 0}).status_code == 422


@pytest.fixture
def site(law_db: LawDb, tmp_path: Path) -> Iterator[str]:
    engine = create_engine(law_db[0])
    with serving(_settings(law_db, tmp_path), engine) as base:
        yield base
    engine.dispose()


@pytest.mark.browser
def test_statute_browser(browser: Browser, site: str, output_dir: Path, backend: str) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    failed: list[str] = []
    page.on("pageerror", lambda e: failed.append(str(e)))
    page.goto(site + "/law")
    expect(page.get_by_role("heading", level=1)).to_have_text("法律法规")
    page.get_by_label("问题或条文引用").fill("外观设计专利保护期是多久")
    page.get_by_label("方式").select_option("bm25")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#answer")).to_contain_text("《中华人民共和国")
    page.screenshot(path=str(output_dir / f"law-ask-{backend}.png"), full_page=True)
    page.get_by_label("问题或条文引用").fill("专利法第九十九条")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("没有第九十九条")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(output_dir / f"law-ask-citation-390-{backend}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(site + "/law")
    page.get_by_role("link", name="中华人民共和国专利法").first.click()
    toc = page.get_by_role("navigation", name="目录")
    toc.get_by_role("link", name="第五章 专利权的期限、终止和无效").click()
    page.get_by_role("link", name="第七十八条").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("《中华人民共和国专利法》第七十八条")
    page.get_by_role("main").get_by_role("link", name="本法第十九条").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("《中华人民共和国专利法》第十九条")

    page.goto(site + "/law/calculators")
    page.get_by_label("期限类型").select_option("receipt")
    page.get_by_label("起算日").fill("2007-12-15")
    page.get_by_role("button", name="计算期限").click()
    expect(page.locator("#result")).to_contain_text("2007-12-30")
    expect(page.locator("#result")).to_contain_text("元旦")
    page.screenshot(path=str(output_dir / f"law-calculators-{backend}.png"), full_page=True)
    assert failed == [], failed
    page.close()
