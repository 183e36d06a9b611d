"""The valuation pages through their forms: open a patent, the money methods, weights, and
refusals in Chinese for input a form cannot take (nothing stored, nothing half-done)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.support.rollback import app_client
from tests.transfer.test_interfaces import bearer

US = "US8926509B2"
PAGE = f"/valuation/patents/{US}"


@pytest.fixture
def api(
    valuation_engine: Engine, tmp_path: Path
) -> Iterator[tuple[TestClient, sessionmaker[Session]]]:
    with app_client(valuation_engine, tmp_path) as got:
        yield got


def _flash(response: Response) -> tuple[str | None, str | None]:
    assert response.status_code == 303, response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    return (query.get("notice") or [None])[0], (query.get("error") or [None])[0]


def test_pages_for_every_kind_of_organisation(
    api: tuple[TestClient, sessionmaker[Session]],
) -> None:
    client, factory = api
    for name in ("office", "a_editor", "firm", "bank", "court"):
        who = bearer(factory, name)
        assert "专利价值评估" in client.get("/valuation", headers=who).text
        page = client.get(PAGE, headers=who)
        assert page.status_code == 200 and "剩余法定保护期" in page.text
    # Only members who may score see the forms; a viewer reads
    assert "评估并保存" not in client.get(PAGE, headers=bearer(factory, "bank")).text
    assert "评估并保存" in client.get(PAGE, headers=bearer(factory, "a_editor")).text
    assert client.get("/valuation/patents/CN0", headers=bearer(factory, "firm")).status_code == 404
    anonymous = client.get("/valuation", follow_redirects=False)
    assert anonymous.status_code in (303, 401)


def test_open_score_and_report(api: tuple[TestClient, sessionmaker[Session]]) -> None:
    client, factory = api
    univ = bearer(factory, "a_editor")
    opened = client.post("/valuation/open", data={"number": "us 8926509 b2"}, headers=univ)
    assert opened.status_code == 303 and opened.headers["location"].endswith(PAGE)
    _, error = _flash(client.post("/valuation/open", data={"number": "CN0"}, headers=univ))
    assert error and "不存在" in error
    scored = client.post(f"{PAGE}/score", data={"scenario": "finance", "loan_ends": "2030-02-30"},
                         headers=univ)  # fmt: skip
    _, error = _flash(scored)
    assert error and "贷款到期日格式" in error
    done = client.post(f"{PAGE}/score", data={"scenario": "finance", "loan_ends": "2027-01-01"},
                       headers=univ)  # fmt: skip
    report = client.get(done.headers["location"].split("?")[0], headers=univ).text
    assert "金融（质押融资）" in report and "债务履行期限不超过专利权期限" in report
    # Versions are named in words, never by their codes
    assert "估值模型第 1 版" in report and "本平台默认权重" in report
    assert "zhichan-valuation" not in report and "默认-1" not in report


def test_money_forms(api: tuple[TestClient, sessionmaker[Session]]) -> None:
    client, factory = api
    univ = bearer(factory, "a_editor")
    income = client.post(f"{PAGE}/income", headers=univ, data={
        "method": "royalty", "forecast": "100000，100000", "rate": "0.05", "discount": "0.1"})  # fmt: skip
    assert income.status_code == 200 and "敏感性分析" in income.text
    _, error = _flash(client.post(f"{PAGE}/income", headers=univ, data={
        "forecast": "十万", "rate": "0.05", "discount": "0.1"}))  # fmt: skip
    assert error and "逐年预测" in error
    _, error = _flash(client.post(f"{PAGE}/income", headers=univ, data={
        "forecast": "1000", "rate": "abc", "discount": "0.1"}))  # fmt: skip
    assert error and "提成率或分成率" in error and "rate" not in error
    # Market: two rows typed in by hand, (100,000 × 0.8) and (200,000 × 0.9): mean 130,000
    market = client.post(f"{PAGE}/market", headers=univ, data={
        "use": ["0", "1"], "c0_ref": "甲", "c0_price": "100000", "c0_tech": "0.8",
        "c1_ref": "乙", "c1_price": "200000", "c1_time": "0.9"})  # fmt: skip
    assert market.status_code == 200 and "130,000.00 元" in market.text
    for bad, words in (({"use": ["0"], "c0_price": "NaN"}, "价格应为数字"),
                       ({"use": ["0"], "c0_price": "1e40"}, "元之间"),
                       ({"c0_price": "100"}, "请勾选")):  # fmt: skip
        _, error = _flash(client.post(f"{PAGE}/market", headers=univ, data=bad))
        assert error and words in error, (bad, error)
    cost = client.post(f"{PAGE}/cost", headers=univ, data={
        "labour": "50000", "fees": "50000", "elapsed_years": "4", "life_years": "10"})  # fmt: skip
    assert cost.status_code == 200 and "60,000.00 元" in cost.text
    _, error = _flash(client.post(f"{PAGE}/cost", headers=univ, data={
        "labour": "1", "elapsed_years": "1", "life_years": "0"}))  # fmt: skip
    assert error and "经济寿命应大于 0" in error


def test_weights_form(api: tuple[TestClient, sessionmaker[Session]]) -> None:
    client, factory = api
    office = bearer(factory, "office")
    notice, _ = _flash(client.post("/valuation/weights", headers=office, data={
        "scenario": "management", "w_legal": "0.3", "w_technical": "0.4", "w_economic": "0.3",
        "note": "本省盘活口径"}))  # fmt: skip
    assert notice == "已发布管理（分级与存量盘活）权重第 1 版"
    for data, words in (({"w_legal": "nan", "w_technical": "0", "w_economic": "0"}, "权重应为数字"),
                        ({"w_legal": "x"}, "权重应为数字"),
                        ({"w_legal": "0.5", "w_technical": "0.5", "w_economic": "0.5"}, "之和应为 1")):  # fmt: skip
        _, error = _flash(client.post("/valuation/weights", headers=office,
                                      data={"scenario": "management", "note": "试一试", **data}))  # fmt: skip
        assert error and words in error, (data, error)
    nan = client.put("/api/valuation/weights/finance", headers=office,
                     content='{"dimensions": {"legal": NaN, "technical": 0.5, "economic": 0.5}, "note": "试试"}')  # fmt: skip
    assert nan.status_code == 422
    assert client.post("/valuation/weights", headers=bearer(factory, "a_editor"),
                       data={"scenario": "management"}).status_code == 403  # fmt: skip
