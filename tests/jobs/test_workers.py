"""Two workers never run the same job, and a running job's heartbeat moves while it works."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FreshDatabases
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.base import as_utc
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.jobs import worker as worker_mod
from zhichan.jobs.kinds import Kind, Registry
from zhichan.jobs.models import Job
from zhichan.jobs.worker import Worker
from zhichan.runtime import Runtime, build

JOBS = 20


def _runtime(url: str, data_dir: Path) -> Runtime:
    engine = make_engine(url)
    migrate.upgrade(engine)
    return build(Settings(database_url=url, data_dir=str(data_dir), search_model="none"), engine)


def _wait_for(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_two_workers_never_take_the_same_job(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    rt = _runtime(fresh_db.url(), tmp_path / "var")
    ran: list[int] = []
    lock = threading.Lock()

    def record(ctx: Any) -> dict[str, Any]:
        with lock:
            ran.append(ctx.job_id)
        time.sleep(0.01)
        return {}

    registry = Registry([Kind("test.record", "记录", record)])
    with unit_of_work(rt.session_factory) as session:
        ids = [jobs_service.enqueue(session=session, kind="test.record").id for _ in range(JOBS)]
    workers = [Worker(rt.session_factory, registry, poll_seconds=0.05) for _ in range(2)]
    for w in workers:
        w.start()
    try:
        _wait_for(lambda: len(ran) >= JOBS, 120, "every job to run")
    finally:
        for w in workers:
            w.stop(timeout=30)
    assert sorted(ran) == ids  # each exactly once
    with rt.session_factory() as session:
        jobs = session.query(Job).all()
        assert {(j.state, j.attempts) for j in jobs} == {("succeeded", 1)}
    rt.engine.dispose()


def test_a_running_job_keeps_its_heartbeat_fresh(
    fresh_db: FreshDatabases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_mod._Heartbeat, "EVERY", 0.2)
    rt = _runtime(fresh_db.url(), tmp_path / "var")
    release = threading.Event()

    def quiet(ctx: Any) -> dict[str, Any]:
        assert release.wait(60), "never released"  # reports no progress while it works
        return {}

    registry = Registry([Kind("test.quiet", "安静", quiet)])
    with unit_of_work(rt.session_factory) as session:
        job_id = jobs_service.enqueue(session=session, kind="test.quiet").id
    worker = Worker(rt.session_factory, registry, poll_seconds=0.05)
    worker.start()

    def beat() -> Any:
        with rt.session_factory() as session:
            job = session.get(Job, job_id)
            return as_utc(job.heartbeat_at) if job and job.state == "running" else None

    try:
        _wait_for(lambda: beat() is not None, 60, "the job to start")
        first = beat()
        _wait_for(lambda: (beat() or first) > first, 60, "the heartbeat to move")
    finally:
        release.set()
        worker.stop(timeout=30)
    rt.engine.dispose()
