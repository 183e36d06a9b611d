"""Patents through the HTTP API and pages: upload with progress, detail, batches, export."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.patents import constructed
from tests.support import factories
from tests.support.sheets import read_xlsx
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.core.settings import Settings
from zhichan.db.session import unit_of_work
from zhichan.web.app import create_app


@pytest.fixture
def site(
    store: tuple[Engine, sessionmaker[Session]], tmp_path: Path
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    engine, factory = store
    operator = Principal.operator("pytest")
    with unit_of_work(factory, operator) as session:
        univ = factories.org(session, operator, "上传大学", OrgKind.UNIVERSITY)
        other = factories.org(session, operator, "别家大学", OrgKind.UNIVERSITY)
        factories.user(session, operator, "up_editor", univ.id, Role.EDITOR)
        factories.user(session, operator, "up_viewer", univ.id, Role.VIEWER)
        factories.user(session, operator, "other_editor", other.id, Role.EDITOR)
    with unit_of_work(factory) as session:
        headers = {
            name: factories.bearer(session, name)
            for name in ("up_editor", "up_viewer", "other_editor")
        }
    settings = Settings(
        database_url=str(engine.url),
        data_dir=str(tmp_path / "var"),
        secret_key="t",
        import_workers=1,
        search_model="none",
    )
    app = create_app(settings, engine=engine)
    with TestClient(app, base_url="https://testserver") as client:
        yield client, headers


def _upload(client: TestClient, headers: dict[str, str], path: Path, **form: str) -> dict:
    with path.open("rb") as fh:
        resp = client.post(
            "/api/v1/patents/imports", files={"file": (path.name, fh)}, data=form, headers=headers
        )
    assert resp.status_code == 202, resp.text
    job = resp.json()
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/v1/patents/imports/{job['id']}", headers=headers).json()
    return job


def test_upload_progress_detail_and_error_report(site, tmp_path: Path) -> None:
    client, headers = site
    job = _upload(client, headers["up_editor"], constructed.write_cnipa_csv(tmp_path / "cnipa.csv"))
    assert job["state"] == "succeeded" and job["fraction"] == 1.0
    assert (job["inserted"], job["failed"], job["warnings"]) == (4, 1, 1)
    detail = client.get("/api/patents/CN111000001A")
    assert detail.status_code == 200
    body = detail.json()
    assert body["record"]["title_zh"].startswith("一种锂电池隔膜")
    assert body["claims_tree"][0]["depth"] == 0
    assert [e["code"] for e in body["record"]["legal_events"]][-1] == "licence_record"
    report = client.get(
        f"/api/v1/patents/batches/{job['batch_id']}/issues.csv", headers=headers["up_editor"]
    )
    lines = report.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0] == "批次,级别,位置,字段,原因" and len(lines) == 3
    # The batch belongs to the uploader's organisation: others do not even learn it exists.
    hidden = client.get(
        f"/api/v1/patents/batches/{job['batch_id']}/issues.csv", headers=headers["other_editor"]
    )
    assert hidden.status_code == 404
    assert client.get("/api/v1/patents/batches", headers=headers["other_editor"]).json() == []
    # The import is a job of the uploader's organisation, with its index sync as a child.
    own = client.get(f"/api/jobs/{job['id']}", headers=headers["up_viewer"]).json()
    assert own["kind"] == "patents.import" and own["state_label"] == "已完成"
    assert [c["kind"] for c in own["children"]] == ["search.sync"]
    assert client.get(f"/api/jobs/{job['id']}", headers=headers["other_editor"]).status_code == 404
    listed = client.get("/api/jobs", headers=headers["other_editor"]).json()
    assert job["id"] not in [j["id"] for j in listed["items"]]


def test_strict_upload_fails_whole(site, tmp_path: Path) -> None:
    client, headers = site
    job = _upload(
        client, headers["up_editor"], constructed.write_cnipa_csv(tmp_path / "c.csv"), strict="true"
    )
    assert job["state"] == "failed" and "严格模式" in job["message"]
    assert client.get("/api/v1/patents").json()["total"] == 0


def test_upload_rights(site, tmp_path: Path) -> None:
    client, headers = site
    path = constructed.write_cnipa_csv(tmp_path / "c.csv")
    with path.open("rb") as fh:
        viewer = client.post(
            "/api/v1/patents/imports", files={"file": ("c.csv", fh)}, headers=headers["up_viewer"]
        )
    assert viewer.status_code == 403
    with path.open("rb") as fh:
        anonymous = client.post("/api/v1/patents/imports", files={"file": ("c.csv", fh)})
    assert anonymous.status_code in (401, 403)  # no bearer token: CSRF or login stops it
    assert (
        client.get("/api/v1/patents/imports/999999", headers=headers["up_editor"]).status_code
        == 404
    )


def test_missing_patent_is_a_problem(site) -> None:
    client, _ = site
    resp = client.get("/api/v1/patents/CN000000000A")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == "application/problem+json"


def test_pages_and_exports(site, tmp_path: Path) -> None:
    client, headers = site
    _upload(client, headers["up_editor"], constructed.write_cnipa_csv(tmp_path / "c.csv"))
    page = client.get("/patents/CN111000001A")
    assert page.status_code == 200
    assert "独立权利要求" in page.text and "H01M50/403" in page.text
    assert "专利实施许可合同备案的生效" in page.text
    # % and _ are characters here, never wildcards.
    for wild in ("PA=%", "PA=_", "PN=%", "LS=%"):
        assert client.get("/api/v1/patents", params={"query": wild}).json()["total"] == 0, wild
    listing = client.get("/patents", params={"q": "PA=浙江构造大学"})
    assert "CN111000001A" in listing.text and "CN212000002U" not in listing.text
    bad = client.get("/patents", params={"q": "ZZ=1"})
    assert "未知键 ZZ" in bad.text
    jsonl = client.get("/api/v1/patents/export", params={"format": "jsonl", "query": "CC=CN"})
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(records) == 4 and {r["number"] for r in records} >= {"CN111000001A", "CN111000001B"}
    bad_export = client.get("/api/v1/patents/export", params={"format": "csv", "query": "ZZ=1"})
    assert bad_export.status_code == 422 and bad_export.json()["code"] == "invalid-input"
    csv_export = client.get("/api/v1/patents/export", params={"format": "csv"})
    assert csv_export.text.lstrip("\ufeff").splitlines()[0].startswith("公开(公告)号,申请号")
    xlsx = client.get("/api/v1/patents/export", params={"format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = read_xlsx(xlsx.content)["专利"]
    assert sheet[0][:2] == ["公开(公告)号", "申请号"]
    assert {"CN111000001A", "CN212000002U"} <= {row[0] for row in sheet[1:]}


def test_reads_stay_fast_while_an_import_holds_the_write_lock(site, tmp_path: Path) -> None:
    from tests.patents.conftest import DATA
    from tests.support import generated

    client, headers = site
    source = generated.write_csv(
        tmp_path / "big.csv", DATA / "patents/kppatent-zh/patents.jsonl", 12_000
    )
    with source.open("rb") as fh:
        started = client.post(
            "/api/v1/patents/imports", files={"file": ("big.csv", fh)}, headers=headers["up_editor"]
        )
    job_id = started.json()["id"]
    status = started.json()
    deadline = time.monotonic() + 300
    while not (status["state"] == "running" and status["read"] >= 2000):  # rows are being written
        assert status["state"] in ("queued", "running"), status
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.05)
        status = client.get(
            f"/api/v1/patents/imports/{job_id}", headers=headers["up_editor"]
        ).json()
    # First use of the viewer's token: its last-use time must be recorded, and on SQLite the
    # import holds the only write lock. The read must neither fail nor wait for the import:
    # it answers while the import is still writing (an order of events, not a stopwatch).
    me = client.get("/api/v1/me", headers=headers["up_viewer"])
    assert me.status_code == 200, me.text
    during = client.get(f"/api/v1/patents/imports/{job_id}", headers=headers["up_editor"]).json()
    assert during["state"] == "running", "the read waited until the import had ended"
    while status["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the import did not end"
        time.sleep(0.2)
        status = client.get(
            f"/api/v1/patents/imports/{job_id}", headers=headers["up_editor"]
        ).json()
    assert status["state"] == "succeeded" and status["inserted"] == 12_000


def test_an_imported_formula_title_exports_as_text(site, tmp_path: Path) -> None:
    import csv
    import io

    import openpyxl

    from tests.search import constructed as search_constructed

    client, headers = site
    rec = search_constructed.records()[0]
    hostile = '=HYPERLINK("http://example.invalid","点击")'
    rec.title_zh = hostile
    path = search_constructed.write_jsonl(tmp_path / "hostile.jsonl", [rec])
    assert _upload(client, headers["up_editor"], path)["state"] == "succeeded"
    # Anonymous exports, as anyone may download them.
    body = client.get("/api/v1/patents/export", params={"format": "csv"}).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0]["发明名称"] == "'" + hostile
    book = client.get("/api/v1/patents/export", params={"format": "xlsx"}).content
    ws = openpyxl.load_workbook(io.BytesIO(book)).active
    assert ws is not None
    title_column = [c.value for c in ws[1]].index("发明名称")
    cell = ws.cell(row=2, column=title_column + 1)
    assert cell.value == hostile and cell.data_type == "s"
