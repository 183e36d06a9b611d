"""Navigation reports over the stored CONSTRUCTED records through the API, on both databases:
figures with hand-computed values (today's report: every filing year up to 2024 is complete),
aliases merging applicants, who sees a report, re-running it, and the Word, PDF and Excel
downloads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.navigation import constructed
from tests.support import factories
from tests.support.pdf import embedded_fonts
from tests.support.stores import OPERATOR
from tests.test_cli import Cli
from zhichan.jobs.worker import Worker
from zhichan.navigation import service
from zhichan.patents import service as patents_service

API = "/api/navigation"
Api = tuple[TestClient, sessionmaker[Session]]
SCOPE = {"ipc": ["H01M", "G06F"]}


def bearer(factory: sessionmaker[Session], name: str) -> dict[str, str]:
    with factory() as session:
        return factories.bearer(session, name)


def _figure(report: dict[str, Any], key: str) -> dict[str, Any]:
    return next(f for c in report["chapters"] for f in c["figures"] if f["key"] == key)


def _make(client: TestClient, who: dict[str, str], title: str = "构造产业导航") -> dict[str, Any]:
    made = client.post(
        f"{API}/reports", json={"kind": "industry", "title": title, "scope": SCOPE}, headers=who
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_an_industry_report_from_the_store(api: Api) -> None:
    client, factory = api
    firm = bearer(factory, "firm")
    r = _make(client, firm)
    assert r["manifest"]["records"] == 4 and r["kind_label"] == "产业规划类导航"
    assert _figure(r, "A2.trend")["rows"] == [
        [2020, 2, 0, 0, "是"],
        [2021, 1, 1, 0, "是"],
        [2022, 1, 2, 1, "是"],
        [2023, 0, 0, 1, "是"],
    ]
    # 甲科技有限责任公司 and 甲科技有限公司 normalise alike: one applicant, shown as first
    # written. Shares 1.5, 1.5, 1 of 4; HHI = 37.5² + 37.5² + 25² = 3437.5.
    applicants = _figure(r, "A5.applicants")
    assert applicants["rows"] == [
        ["乙大学", 2, 0.375],
        ["甲科技有限责任公司", 2, 0.375],
        ["丙电池公司", 1, 0.25],
    ]
    assert applicants["notes"][-1] == "HHI：3438"
    assert _figure(r, "A4.provinces")["rows"] == [
        ["浙江省", 2, 0.5],
        ["广东省", 1, 0.25],
        ["江苏省", 1, 0.25],
    ]
    assert _figure(r, "A7.status")["rows"] == [
        ["有效", 2, 0.5],
        ["失效", 1, 0.25],
        ["审中", 1, 0.25],
    ]
    matrix = _figure(r, "A6.matrix")
    assert matrix["header"] == ["技术分支", "提高效率", "降低成本", "延长寿命"]
    assert matrix["rows"] == [["H01M", 1, 1, 1], ["G06F", 1, 1, 0]]
    assert matrix["cells"]["G06F|降低成本"] == ["CN400000003B"]
    assert _figure(r, "A5.entrants")["rows"] == []  # no first filing in 2024–2026


def test_who_sees_a_report_and_the_alias_table(api: Api) -> None:
    client, factory = api
    firm, univ, bank, office = (bearer(factory, n) for n in ("firm", "b_editor", "bank", "office"))
    r = _make(client, firm)
    assert client.get(f"{API}/reports/{r['id']}", headers=univ).status_code == 404
    assert client.get(f"{API}/reports", headers=bank).status_code == 403
    assert [x["id"] for x in client.get(f"{API}/reports", headers=firm).json()] == [r["id"]]
    merge = {"written": "丙电池公司", "canonical": "乙大学", "note": "构造：并入乙大学"}
    assert client.post(f"{API}/aliases", json=merge, headers=firm).status_code == 403
    assert client.post(f"{API}/aliases", json=merge, headers=office).status_code == 201
    # 乙大学 now ½ + 1 + 1 = 2.5 of 4, 甲 1.5: HHI = 62.5² + 37.5² = 5312.5.
    merged = _figure(_make(client, firm, "合并之后"), "A5.applicants")
    assert merged["rows"] == [["乙大学", 3, 0.625], ["甲科技有限责任公司", 2, 0.375]]
    assert merged["notes"][-1] == "HHI：5312"


def test_rerun_reproduces_and_names_a_changed_store(api: Api, tmp_path: Path) -> None:
    client, factory = api
    firm = bearer(factory, "firm")
    r = _make(client, firm)
    same = client.get(f"{API}/reports/{r['id']}/rerun", headers=firm).json()
    assert same["same"] and not same["snapshot_changed"]
    lapsed = {"CN400000003B": "未缴年费专利权终止"}
    path = constructed.write_jsonl(tmp_path / "second.jsonl", lapsed)
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    changed = client.get(f"{API}/reports/{r['id']}/rerun", headers=firm).json()
    assert changed["snapshot_changed"] and not changed["same"]
    assert changed["message"].startswith("数据已变化：当时 4 件")


def test_downloads_hold_chapters_tables_images_and_fonts(api: Api) -> None:
    client, factory = api
    firm = bearer(factory, "firm")
    r = _make(client, firm)
    got = client.get(f"{API}/reports/{r['id']}/download/docx", headers=firm)
    assert got.status_code == 200 and "filename*=UTF-8''" in got.headers["content-disposition"]
    doc = Document(io.BytesIO(got.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert {"申请趋势", "技术构成", "技术功效矩阵与空白点", "结论与建议"} <= set(headings)
    assert len(doc.tables) >= 10 and len(doc.inline_shapes) >= 5
    pdf = client.get(f"{API}/reports/{r['id']}/download/pdf", headers=firm).content
    assert pdf.startswith(b"%PDF") and b"Noto-Sans-CJK-SC" in embedded_fonts(pdf)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"{API}/reports/{r['id']}/download/xlsx", headers=firm).content)
    )
    assert book.sheetnames[0] == "报告清单" and len(book.sheetnames) >= 10
    assert client.get(f"{API}/reports/{r['id']}/download/odt", headers=firm).status_code == 422


def test_cli_report_and_alias(navigation_engine: Engine, tmp_path: Path) -> None:
    cli = Cli(navigation_engine.url.render_as_string(hide_password=False), tmp_path)
    made = cli("navigation", "report", "--title", "命令行导航", "--ipc", "H01M", "-o", "r.docx")
    assert made.returncode == 0, made.stderr
    assert "计入 3 件" in made.stdout and (tmp_path / "r.docx").read_bytes()[:2] == b"PK"
    report_id = made.stdout.split("：", 1)[0].removeprefix("报告 ")
    again = cli("navigation", "rerun", report_id)
    assert again.returncode == 0 and "重跑结果相同" in again.stdout
    bad = cli("navigation", "report", "--title", "x", "--kind", "nope")
    assert bad.returncode == 2 and "未知的报告类型" in bad.stderr
    years = cli("navigation", "report", "--title", "x", "--years", "2020-20x")
    assert years.returncode == 2 and "年份范围" in years.stderr


def test_the_page_form_refuses_bad_numbers_in_chinese(api: Api) -> None:
    client, _factory = api
    factories.login(client, "firm")
    token = factories.csrf(client, "/navigation")
    for field, value, says in (("top", "9" * 5000, "排行条数"), ("year_from", "20x0", "起始年份")):
        form = {"csrf_token": token, "title": "构造", "kind": "industry", field: value}
        if field == "year_from":
            form["year_to"] = "2024"
        sent = client.post("/navigation/reports", data=form)
        assert sent.status_code == 303, sent.text
        shown = client.get(sent.headers["location"])
        assert says in shown.text and "报告已生成" not in shown.text


def test_a_large_store_makes_its_report_in_the_background(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, factory = api
    firm = bearer(factory, "firm")
    monkeypatch.setattr(service, "INLINE_MOST", 0)
    body = {"kind": "industry", "title": "后台导航", "scope": SCOPE}
    queued = client.post(f"{API}/reports/jobs", json=body, headers=firm)
    assert queued.status_code == 202, queued.text
    registry = client.app.state.jobs_registry  # type: ignore[attr-defined]
    Worker(factory, registry, lanes=("default",)).run_until_idle(timeout=120)
    job = client.get(f"/api/jobs/{queued.json()['job_id']}", headers=firm).json()
    assert job["state"] == "succeeded", job
    made = client.get(f"{API}/reports/{job['result']['report_id']}", headers=firm).json()
    assert made["title"] == "后台导航" and made["manifest"]["records"] == 4
    card = client.get(f"/jobs/{queued.json()['job_id']}", headers=firm).text
    assert f'href="/navigation/reports/{made["id"]}"' in card and "查看报告" in card
    bad = client.post(f"{API}/reports/jobs", json=body | {"kind": "nope"}, headers=firm)
    assert bad.status_code == 422 and "未知的报告类型" in bad.json()["detail"]


def test_a_risk_screening_list_states_facts_for_each_feature(api: Api) -> None:
    client, factory = api
    firm = bearer(factory, "firm")
    body = {"kind": "risk", "title": "产品排查", "features": ["降低成本并延长电池寿命", "检索效率"]}
    made = client.post(f"{API}/reports", json=body, headers=firm)
    assert made.status_code == 201, made.text
    fig = _figure(made.json(), "R1.risk")
    first = {r[0]: r for r in reversed(fig["rows"])}  # each feature's best-ranked row
    # CN400000001B says 可降低成本并延长电池寿命; CN400000003B 提高检索效率; CN400000004B has
    # lapsed and is never listed.
    assert first["1. 降低成本并延长电池寿命"][1] == "CN400000001B"
    assert first["2. 检索效率"][1] == "CN400000003B"
    assert "CN400000004B" not in {r[1] for r in fig["rows"]}
    assert "不表示构成侵权" in fig["rule"] and "第七条" in fig["rule"]
    again = client.get(f"{API}/reports/{made.json()['id']}/rerun", headers=firm).json()
    assert again["same"] is True
    none = client.post(f"{API}/reports", json=body | {"features": []}, headers=firm)
    assert none.status_code == 422 and "技术特征" in none.json()["detail"]
