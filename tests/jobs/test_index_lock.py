"""An import made while another process holds the search index's write lock becomes
searchable once the lock frees: the sync job waits and retries, and says why meanwhile."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FreshDatabases
from tests.search import constructed
from tests.search.conftest import OPERATOR, make_runtime
from zhichan.db.session import unit_of_work
from zhichan.jobs.models import Job
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import service as patents
from zhichan.runtime import Runtime
from zhichan.search import jobs as search_jobs
from zhichan.search import service
from zhichan.search.engine import SearchEngine

HOLD = """
import fcntl, sys, time
fh = open(sys.argv[1], "w")
fcntl.flock(fh, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out after {seconds} s waiting for {what}"
        time.sleep(0.1)


def _hits(rt: Runtime, q: str) -> int:
    with unit_of_work(rt.session_factory) as session:
        return service.search(session=session, engine=rt.get(SearchEngine), q=q).total


def _sync_job(rt: Runtime) -> Job | None:
    with rt.session_factory() as session:
        found = session.query(Job).filter(Job.kind == search_jobs.SYNC).order_by(Job.id).all()
        return found[-1] if found else None


def test_import_waits_for_the_lock_then_becomes_searchable(
    fresh_db: FreshDatabases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_jobs, "LOCK_WAIT", 0.5)
    monkeypatch.setattr(search_jobs, "_pause", lambda attempt: 0.5)
    rt = make_runtime(fresh_db.url(), tmp_path / "var")
    rt.get(SearchEngine).store.root.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(rt.get(SearchEngine).store.root / "write.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    worker = worker_of(rt, poll_seconds=0.2)
    worker.start()
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        patents.import_file(
            factory=rt.session_factory,
            path=constructed.write_jsonl(tmp_path / "c.jsonl"),
            principal=OPERATOR,
        )
        # Stored, but not yet searchable: the sync waits for the lock and says why.
        _wait_for(
            lambda: (job := _sync_job(rt)) is not None and job.state == "retrying",
            60,
            "the sync to find the lock held",
        )
        job = _sync_job(rt)
        assert job is not None and "另一个进程" in (job.message or "")
        status = service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
        assert status["not_indexed"] == len(constructed.records())
        holder.kill()
        holder.wait(timeout=30)
        _wait_for(
            lambda: (job := _sync_job(rt)) is not None and job.state == "succeeded",
            60,
            "the sync to succeed once the lock is free",
        )
        assert _hits(rt, "PA=比亚迪") >= 1
        after = service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
        assert after["not_indexed"] == 0
    finally:
        holder.kill()
        worker.stop()
        rt.engine.dispose()
