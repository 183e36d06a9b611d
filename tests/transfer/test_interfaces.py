"""The transfer API through the ASGI app, and ``zhichan transfer`` as real processes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.support import factories
from tests.support.rollback import app_client
from tests.test_cli import Cli
from tests.transfer.conftest import KPPATENT
from tests.transfer.test_matching import NEED, real_numbers
from zhichan.jobs.worker import Worker


@pytest.fixture
def api(
    transfer_engine: Engine, tmp_path: Path
) -> Iterator[tuple[TestClient, sessionmaker[Session]]]:
    with app_client(transfer_engine, tmp_path) as got:
        yield got


def bearer(factory: sessionmaker[Session], name: str) -> dict[str, str]:
    session = factory()
    try:
        return factories.bearer(session, name)
    finally:
        session.close()


def test_inventory_to_deal_over_the_api(api: tuple[TestClient, sessionmaker[Session]]) -> None:
    client, factory = api
    univ, firm, office = (bearer(factory, n) for n in ("a_editor", "firm", "office"))
    numbers = real_numbers()[:60]
    assert client.post("/api/transfer/inventory", json=numbers, headers=univ).json() == {
        "added": 60
    }
    bad = client.patch(
        "/api/transfer/inventory",
        json={"numbers": numbers, "changes": {"prospect": "极好"}},
        headers=univ,
    )
    assert bad.status_code == 422
    ok = client.patch(
        "/api/transfer/inventory",
        json={"numbers": numbers, "changes": {"prospect": "较好", "status": "已盘点"}},
        headers=univ,
    )
    assert ok.json() == {"updated": 60}
    sheet = load_workbook(
        io.BytesIO(client.get("/api/transfer/inventory.xlsx", headers=univ).content)
    ).active
    assert sheet is not None and sheet.max_row == 61
    # The sheet comes back as a background job: read outside any transaction, all or nothing.
    raw = client.get("/api/transfer/inventory.xlsx", headers=univ).content
    upload = client.post(
        "/api/transfer/inventory.xlsx", files={"file": ("盘点表.xlsx", raw)}, headers=univ
    )
    assert upload.status_code == 202, upload.text
    registry = client.app.state.jobs_registry  # type: ignore[attr-defined]
    assert Worker(factory, registry, lanes=("default",)).run_until_idle(timeout=120) == 1
    loaded = client.get(f"/api/jobs/{upload.json()['job_id']}", headers=univ).json()
    assert loaded["kind"] == "transfer.sheet" and loaded["state"] == "succeeded", loaded
    assert loaded["result"] == {"rows": 60, "updated": 60}
    assert client.post("/api/transfer/inventory/retier", headers=univ).json() == {"retiered": 60}
    assert client.post("/api/transfer/inventory/publish", headers=univ).json() == {"published": 60}
    assert client.get("/api/transfer/pool").json()["total"] == 60  # public, no login
    need = client.post(
        "/api/transfer/needs", json={"title": "有机肥", "text": NEED}, headers=firm
    ).json()
    matches = client.get(f"/api/transfer/needs/{need['id']}/matches", headers=firm).json()
    assert matches["items"][0]["number"] == "kppatent-zh:kp-test-0010"
    assert client.post("/api/transfer/push?dry_run=true", headers=firm).status_code == 403
    queued = client.post("/api/transfer/push?k=3", headers=office)
    assert queued.status_code == 202 and not queued.json()["dry_run"]
    # The push is a job; a worker on this test's (rolled-back) sessions runs it.
    assert Worker(factory, registry, lanes=("default",)).run_until_idle(timeout=120) == 1
    job = client.get(f"/api/jobs/{queued.json()['job_id']}", headers=office).json()
    assert job["kind"] == "transfer.push" and job["state"] == "succeeded", job
    assert job["result"]["pairs"] > 0 and job["result"]["batch"]
    inbox = client.get("/api/transfer/messages", headers=firm).json()
    assert "为您推荐" in inbox["items"][0]["subject"] and not inbox["items"][0]["read"]
    unread = client.get("/api/transfer/messages?unread=true&limit=1", headers=firm).json()
    assert unread["total"] == inbox["total"] > 0 and len(unread["items"]) == 1  # a GET
    page = client.post(
        "/transfer/messages/read", data={"back": "/transfer/needs"}, headers=firm
    )  # the page's button returns to the page it was on
    assert page.status_code == 303 and "已标为已读" in unquote(page.headers["location"])
    assert page.headers["location"].startswith("/transfer/needs?")
    assert client.get("/api/transfer/messages", headers=firm).json()["items"][0]["read"]
    assert client.get("/api/transfer/messages?unread=true", headers=firm).json()["total"] == 0
    away = client.post("/transfer/messages/read", data={"back": "https://evil.example/"},
                       headers=firm)  # fmt: skip
    assert away.headers["location"].startswith("/transfer/messages?")
    assert client.post("/api/transfer/messages/read", json={}, headers=firm).json() == {"marked": 0}
    item = matches["items"][0]["item_id"]
    assert (
        client.post(
            f"/api/transfer/pool/{item}/feedback", json={"intent": "转让"}, headers=firm
        ).status_code
        == 200
    )
    bank_org = client.get("/api/v1/orgs", headers=univ).json()
    bank_id = next(o["id"] for o in bank_org if o["kind"] == "bank")
    for counterparty in (bank_id, 2**40):  # a bank is no enterprise; an unknown id is no one
        wrong = client.post(
            "/api/transfer/deals",
            json={"item_id": item, "mode": "转让", "enterprise_org_id": counterparty},
            headers=univ,
        )
        assert wrong.status_code == 422 and "不是平台上的企业" in wrong.json()["detail"]
    deal = client.post(
        "/api/transfer/deals", json={"item_id": item, "mode": "转让"}, headers=firm
    ).json()
    assert deal["status"] == "proposed" and deal["status_label"] == "待确认"
    assert deal["next_by"] == "专利所属单位"

    def step(who: dict[str, str], to: str, amount: str | None = None) -> Any:
        body = {"to": to, "amount": amount}
        return client.post(f"/api/transfer/deals/{deal['id']}/steps", json=body, headers=who)

    assert step(firm, "对接中").status_code == 403  # the proposer cannot accept for the other
    assert step(univ, "对接中").json()["status"] == "negotiating"  # the word or the code
    assert step(firm, "signed", "500000").status_code == 403  # the institution records it
    assert step(univ, "signed", "500000").json()["status"] == "signed"
    assert step(univ, "完成").status_code == 422  # no such status
    s = client.get("/api/transfer/stats", headers=office).json()
    assert s["transfers"] == 1 and s["pool"] == 60 and s["deals"] == {"signed": 1}
    listed = client.get("/api/transfer/deals", params={"status": "signed"}, headers=firm).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == deal["id"]
    assert client.get("/api/transfer/deals?status=implemented", headers=univ).json()["total"] == 0
    title = listed["items"][0]["title"][:4]
    page = client.get("/transfer/deals", params={"q": title}, headers=univ).text
    assert f'href="/transfer/deals/{deal["id"]}"' in page
    page = client.get("/transfer/deals", params={"q": "没有这样的专利"}, headers=univ).text
    assert "没有符合条件的交易" in page
    assert client.get("/api/transfer/stats", headers=firm).status_code == 403


def test_office_page_push_runs_as_a_job(api: tuple[TestClient, sessionmaker[Session]]) -> None:
    client, factory = api
    office, firm = bearer(factory, "office"), bearer(factory, "firm")
    started = client.post("/transfer/office/push", data={"k": "2"}, headers=office)
    assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
    job_id = int(started.headers["location"].split("?")[0].rsplit("/", 1)[1])
    job = client.get(f"/api/jobs/{job_id}", headers=office).json()
    assert job["kind_label"] == "批量推送" and job["state"] == "queued"
    assert client.get(f"/api/jobs/{job_id}", headers=firm).status_code == 404
    refused = client.post("/transfer/office/push", data={"k": "99"}, headers=office)
    assert refused.status_code == 303 and "error=" in refused.headers["location"]
    denied = client.post("/transfer/office/push", data={"k": "2"}, headers=firm)
    assert denied.status_code == 403  # not an office: the permission matrix refuses


def test_cli_match_push_and_stats(tmp_path: Path) -> None:
    cli = Cli(
        f"sqlite:///{tmp_path / 'cli.db'}", tmp_path
    )  # SQLite only: process starts cost seconds
    assert cli("db", "upgrade").returncode == 0
    assert cli("org", "add", "甲大学", "--kind", "university").returncode == 0
    assert cli("org", "add", "丙公司", "--kind", "enterprise").returncode == 0
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:80]
    (tmp_path / "kp.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli("import", str(tmp_path / "kp.jsonl")).returncode == 0
    assert (
        "80"
        in cli(
            "transfer",
            "inventory",
            "add",
            "--org",
            "甲大学",
            *[arg for n in real_numbers()[:80] for arg in ("--patent", n)],
        ).stdout
    )
    sheet = tmp_path / "inv.xlsx"
    assert cli("transfer", "inventory", "export", "--org", "甲大学", str(sheet)).returncode == 0
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 6).value, ws.cell(r, 11).value = "较好", "已盘点"
    wb.save(sheet)
    assert (
        "更新 80 件" in cli("transfer", "inventory", "import", "--org", "甲大学", str(sheet)).stdout
    )
    assert "已发布入库 80 件" in cli("transfer", "inventory", "publish", "--org", "甲大学").stdout
    found = json.loads(cli("transfer", "match", "--need", NEED, "--json").stdout)
    assert found["items"][0]["number"] == "kppatent-zh:kp-test-0010" and found["items"][0]["terms"]
    empty = cli("transfer", "push", "--dry-run")
    assert (
        empty.returncode == 0 and "0 对" in empty.stdout
    )  # no enterprise has a need or profile yet
    stats = json.loads(cli("transfer", "stats", "--json").stdout)
    assert stats["pool"] == 80 and stats["pushes"] == 0
