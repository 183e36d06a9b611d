"""The investigator's case workspace over the API and its pages, on SQLite and PostgreSQL:
upload, run with progress, reports, re-run check, and organisation-only visibility."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.forensics.conftest import bearer
from tests.forensics.samples import IRPLAG, deposit_and_product, zipped
from tests.support import factories
from tests.support.processes import dead_pid
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.forensics.models import ComparisonRun
from zhichan.jobs import service as jobs_service
from zhichan.jobs.models import Job


def _wait(client: TestClient, run_id: int, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        run = client.get(f"/api/forensics/runs/{run_id}", headers=headers).json()
        if run["state"] in ("succeeded", "failed"):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def _verified(client: TestClient, run_id: int, headers: dict[str, str]) -> dict[str, Any]:
    """Queue a verification and wait (bounded) for its job's result."""
    queued = client.post(f"/api/forensics/runs/{run_id}/verify", headers=headers)
    assert queued.status_code == 202, queued.text
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{queued.json()['job_id']}", headers=headers).json()
        if job["state"] in ("succeeded", "failed"):
            assert job["state"] == "succeeded", job["message"]
            page = client.get(f"/jobs/{job['id']}", headers=headers).text
            assert "核验结论" in page and job["result"]["verdict"] in page
            return dict(job["result"])
        time.sleep(0.2)
    raise AssertionError(f"verification of run {run_id} did not finish")


def _upload(
    client: TestClient, case_id: int, path: Path, label: str, headers: dict[str, str]
) -> dict[str, Any]:
    with path.open("rb") as fh:
        resp = client.post(
            f"/api/forensics/cases/{case_id}/evidence",
            files={"file": (path.name, fh, "application/zip")},
            data={"label": label},
            headers=headers,
        )
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_case_upload_run_report_and_verify(
    workspace: TestClient, forensics_engine: Engine, tmp_path: Path
) -> None:
    court = bearer(forensics_engine, "court")
    case = workspace.post(
        "/api/forensics/cases",
        json={"title": "某游戏著作权纠纷", "case_number": "（2026）测01民初1号"},
        headers=court,
    ).json()
    left, right = deposit_and_product(tmp_path)
    a = _upload(
        workspace, case["id"], zipped(left, tmp_path / "登记源代码.zip"), "登记源代码", court
    )
    b = _upload(workspace, case["id"], zipped(right, tmp_path / "product.zip"), "被诉游戏", court)
    assert a["size"] == (tmp_path / "登记源代码.zip").stat().st_size and len(a["sha256"]) == 64
    started = workspace.post(
        f"/api/forensics/cases/{case['id']}/runs",
        json={"kind": "code", "left_id": a["id"], "right_id": b["id"]},
        headers=court,
    )
    assert started.status_code == 202
    run = _wait(workspace, started.json()["id"], court)
    assert run["state"] == "succeeded", run["message"]
    result = workspace.get(f"/api/forensics/runs/{run['id']}/report.json", headers=court).json()
    assert result["summary"]["identities_hold"] and len(result["pairs"]) == 2
    assert result["manifest"]["numbers_sha256"] == run["numbers_sha256"]
    html = workspace.get(f"/api/forensics/runs/{run['id']}/report.html", headers=court)
    assert "（2026）测01民初1号" in html.text  # kept as typed and "相同行" in html.text
    pdf = workspace.get(f"/api/forensics/runs/{run['id']}/report.pdf", headers=court)
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    same = _verified(workspace, run["id"], court)
    assert same["changes"] == [] and same["reproduced"] is True
    assert same["numbers_sha256"] == run["numbers_sha256"]
    assert same["verdict"] == "证据未变，重跑结果相同"
    stored = next((tmp_path / "data" / "forensics" / str(case["id"]) / str(a["id"])).iterdir())
    zipped(right, stored)  # someone swaps the deposit on disk
    changed = _verified(workspace, run["id"], court)
    assert changed["reproduced"] is None and changed["changes"]
    assert changed["verdict"].startswith("证据已改变")


def test_a_folder_of_submissions_all_against_all(
    workspace: TestClient, forensics_engine: Engine, tmp_path: Path
) -> None:
    court = bearer(forensics_engine, "court")
    case = workspace.post("/api/forensics/cases", json={"title": "课程作业"}, headers=court)
    case_id = case.json()["id"]
    folder = _upload(
        workspace, case_id, zipped(IRPLAG / "case-06", tmp_path / "作业.zip"), "作业", court
    )
    refused = workspace.post(
        f"/api/forensics/cases/{case_id}/runs",
        json={"kind": "code", "left_id": folder["id"]},
        headers=court,
    )
    assert refused.status_code == 422 and "右侧" in refused.text
    started = workspace.post(
        f"/api/forensics/cases/{case_id}/runs",
        json={"kind": "folder", "left_id": folder["id"], "right_id": folder["id"]},
        headers=court,
    )
    assert started.status_code == 202, started.text
    run = _wait(workspace, started.json()["id"], court)
    assert run["state"] == "succeeded" and run["right_id"] is None, run["message"]
    result = workspace.get(f"/api/forensics/runs/{run['id']}/report.json", headers=court).json()
    c = result["collection"]
    assert c["files"] == len(list((IRPLAG / "case-06").rglob("*.java")))
    assert 0 < c["candidates"] < c["all_pairs"] and result["clusters"]
    scores = [p["similarity"] for p in result["pairs"]]
    assert scores == sorted(scores, reverse=True)
    assert result["boilerplate"]["tokens"] > 0 and result["boilerplate"]["passages"]
    page = workspace.get(f"/forensics/runs/{run['id']}", headers=court).text
    assert "（全量比对）" in page and result["pairs"][0]["left"] in page
    html = workspace.get(f"/api/forensics/runs/{run['id']}/report.html", headers=court).text
    assert "全量比对结果" in html and "模板/公共代码（不计入相似度）" in html
    again = _verified(workspace, run["id"], court)
    assert again["reproduced"] is True


def test_only_the_organisation_sees_its_cases(
    workspace: TestClient, forensics_engine: Engine
) -> None:
    court, firm, root = (bearer(forensics_engine, n) for n in ("court", "firm", "root"))
    case = workspace.post("/api/forensics/cases", json={"title": "保密案件"}, headers=court).json()
    evidence = f"/api/forensics/cases/{case['id']}/evidence"
    # An enterprise is not a court: the permission matrix refuses it before any case is read.
    assert workspace.get(evidence, headers=firm).status_code == 403
    assert workspace.get("/api/forensics/cases", headers=firm).status_code == 403
    # The platform may use every function, but a court's cases stay the court's.
    assert workspace.get(evidence, headers=root).status_code == 404
    listed = workspace.get("/api/forensics/cases", headers=root).json()
    assert all(c["id"] != case["id"] for c in listed["items"])
    mine = workspace.get("/api/forensics/cases", params={"q": "保密"}, headers=court).json()
    assert [c["id"] for c in mine["items"]] == [case["id"]] and mine["total"] == 1
    none = workspace.get("/api/forensics/cases", params={"q": "100%_"}, headers=court).json()
    assert none == {"total": 0, "items": []}  # LIKE's wildcards are taken literally
    assert workspace.get("/api/forensics/cases").status_code == 401
    viewer = bearer(forensics_engine, "a_viewer")
    assert (
        workspace.post("/api/forensics/cases", json={"title": "x"}, headers=viewer).status_code
        == 403
    )


def test_bad_runs_are_refused_with_reasons(
    workspace: TestClient, forensics_engine: Engine, tmp_path: Path
) -> None:
    court = bearer(forensics_engine, "court")
    case = workspace.post("/api/forensics/cases", json={"title": "参数检查"}, headers=court).json()
    left, _ = deposit_and_product(tmp_path)
    a = _upload(workspace, case["id"], zipped(left, tmp_path / "l.zip"), "左", court)
    same = workspace.post(
        f"/api/forensics/cases/{case['id']}/runs",
        json={"kind": "code", "left_id": a["id"], "right_id": a["id"]},
        headers=court,
    )
    assert same.status_code == 422 and "不同的证据" in same.json()["detail"]
    foreign = workspace.post(
        f"/api/forensics/cases/{case['id']}/runs",
        json={"kind": "code", "left_id": a["id"], "right_id": 999999},
        headers=court,
    )
    assert foreign.status_code == 422 and "不属于本案件" in foreign.json()["detail"]
    empty = workspace.post(
        f"/api/forensics/cases/{case['id']}/evidence",
        files={"file": ("e.zip", b"", "application/zip")},
        headers=court,
    )
    assert empty.status_code == 422
    folders = sorted(p.name for p in (tmp_path / "data" / "forensics" / str(case["id"])).iterdir())
    assert folders == [str(a["id"])]  # the refused upload left nothing behind
    listed = workspace.get(f"/api/forensics/cases/{case['id']}/evidence", headers=court).json()
    assert [e["id"] for e in listed] == [a["id"]]


def test_pages_walk_through_a_case(
    workspace: TestClient, forensics_engine: Engine, tmp_path: Path
) -> None:
    factories.login(workspace, "court")
    token = factories.csrf(workspace, "/forensics")
    made = workspace.post("/forensics", data={"title": "页面案件", "csrf_token": token})
    assert made.status_code == 303 and "/forensics/cases/" in made.headers["location"]
    case_path = made.headers["location"].split("?")[0]
    left, right = deposit_and_product(tmp_path)
    for path in (zipped(left, tmp_path / "a.zip"), zipped(right, tmp_path / "b.zip")):
        with path.open("rb") as fh:
            up = workspace.post(
                f"{case_path}/evidence",
                files={"file": (path.name, fh)},
                data={"csrf_token": token, "label": path.stem},
            )
        assert up.status_code == 303 and "notice=" in up.headers["location"]
    page = workspace.get(case_path)
    assert page.status_code == 200 and "开始比对" in page.text
    options = page.text.split('name="left_id">')[1].split("</select>")[0]
    evidence = [int(v.split('"')[0]) for v in options.split('value="')[1:]]
    assert len(evidence) == 2
    go = workspace.post(
        f"{case_path}/runs",
        data={
            "csrf_token": token,
            "kind": "code",
            "left_id": str(evidence[0]),
            "right_id": str(evidence[1]),
        },
    )
    assert go.status_code == 303
    run_path = go.headers["location"].split("?")[0]
    deadline = time.monotonic() + 90
    while 'data-state="succeeded"' not in (card := workspace.get(f"{run_path}/card").text):
        assert time.monotonic() < deadline and 'data-state="failed"' not in card
        time.sleep(0.2)
    assert "不重要左独有" in card and "下载 PDF" in card
    assert workspace.get("/forensics").status_code == 200


def test_runs_cut_off_by_a_restart_run_again(
    workspace: TestClient, forensics_engine: Engine, tmp_path: Path
) -> None:
    court = bearer(forensics_engine, "court")
    case = workspace.post("/api/forensics/cases", json={"title": "重启"}, headers=court).json()
    left, right = deposit_and_product(tmp_path)
    a = _upload(workspace, case["id"], zipped(left, tmp_path / "l.zip"), "左", court)
    b = _upload(workspace, case["id"], zipped(right, tmp_path / "r.zip"), "右", court)
    factory = make_session_factory(forensics_engine)
    # A run whose job a killed worker process (a pid that no longer exists) held.
    with unit_of_work(factory) as session:
        job = Job(
            kind="forensics.run",
            created_by="court",
            state="running",
            attempts=1,
            params={},
            done=0,
            worker=f"{socket.gethostname()}:{dead_pid()}:1",
        )
        session.add(job)
        session.flush()
        run = ComparisonRun(
            case_id=case["id"],
            kind="code",
            left_id=a["id"],
            right_id=b["id"],
            state="running",
            created_by="court",
            job_id=job.id,
        )
        session.add(run)
        session.flush()
        job.params = {"run_id": run.id}
        run_id, job_id = run.id, job.id
    registry = workspace.app.state.jobs_registry  # type: ignore[attr-defined]
    assert jobs_service.recover(factory, registry) == [(job_id, "queued")]
    after = _wait(workspace, run_id, court)  # the app's worker picks the queued job up again
    assert after["state"] == "succeeded" and after["numbers_sha256"]
    with unit_of_work(factory) as session:
        again = session.get(Job, job_id)
        assert again is not None and again.state == "succeeded" and again.attempts == 2
