"""A production-shaped deployment, as docs/deploy.md describes it, in real processes: the
database, ``zhichan serve --workers 2`` (web processes without job workers), one ``zhichan jobs
run`` (the search index's single writer) whose batch work goes to a dask.distributed cluster.
An import through the command line ends searchable in the web app, with vectors computed on
the cluster's workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from tests.conftest import SHARED, FreshDatabases
from tests.search import constructed
from tests.support.pgcluster import free_port
from zhichan.db.engine import make_engine
from zhichan.jobs.batch import Batch

pytestmark = pytest.mark.xdist_group("dask")

EXE = str(Path(sys.executable).with_name("zhichan"))
WAIT = 180.0


def _env(url: str, data: Path, scheduler: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")} | {
        "ZHICHAN_DATABASE_URL": url,
        "ZHICHAN_DATA_DIR": str(data),
        "ZHICHAN_SHARED_DIR": str(SHARED),
        "ZHICHAN_SEARCH_MODEL": "e5",
        "ZHICHAN_WEB_JOBS": "false",
        "ZHICHAN_DASK_SCHEDULER": scheduler,
        "ZHICHAN_LOG_LEVEL": "warning",
    }


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        proc.terminate()
    for proc in started:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _job_rows(url: str) -> dict[str, tuple[str, str | None]]:
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT kind, state, stage FROM jobs ORDER BY id")).all()
    engine.dispose()
    return {kind: (state, stage) for kind, state, stage in rows}


def _until(check: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_import_to_search_through_web_processes_jobs_and_a_dask_cluster(
    remote: Batch,
    fresh_db: FreshDatabases,
    tmp_path: Path,
    processes: list[subprocess.Popen[bytes]],
) -> None:
    url = fresh_db.url()
    env = _env(url, tmp_path / "var", remote.address or "")
    subprocess.run([EXE, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    for cmd in ([EXE, "serve", "--port", str(port), "--workers", "2"], [EXE, "jobs", "run"]):
        processes.append(
            subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return httpx.get(base + "/", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    _until(answers, "the web processes")
    web = psutil.Process(processes[0].pid)
    assert len([p for p in web.children(recursive=True) if "python" in p.name()]) >= 2

    records = constructed.write_jsonl(tmp_path / "records.jsonl")
    done = subprocess.run(
        [EXE, "import", str(records)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr

    def vectors_done() -> bool:
        jobs = _job_rows(url)
        return jobs.get("search.embed", ("", None))[0] == "succeeded"

    _until(vectors_done, "the index sync and the vectors")
    jobs = _job_rows(url)
    assert jobs["search.sync"][0] == "succeeded"
    assert "计算集群" in (jobs["search.embed"][1] or "")  # computed on the cluster

    first = constructed.records()[0]
    query = urllib.parse.quote("涂了陶瓷层的电池隔膜")
    for _ in range(4):  # several requests, answered by either web process
        page = httpx.get(f"{base}/search?q={query}&mode=semantic", timeout=30)
        assert page.status_code == 200
        assert first.number in page.text
