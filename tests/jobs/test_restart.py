"""A job whose worker process is killed with SIGKILL is resumed (or failed, for kinds that
cannot resume) when workers start again; nothing stays 运行中 forever."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests.conftest import SHARED, FreshDatabases
from tests.support import factories, generated
from tests.support.processes import dead_pid
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.jobs import uploads as upload_store
from zhichan.jobs.kinds import Kind, Registry
from zhichan.jobs.models import Job
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import jobs as patent_jobs
from zhichan.patents.models import Patent
from zhichan.runtime import Runtime, build

OPERATOR = Principal.operator("pytest")
ROWS = 12_000


def _runtime(url: str, data_dir: Path) -> Runtime:
    engine = make_engine(url)
    migrate.upgrade(engine)
    settings = Settings(database_url=url, data_dir=str(data_dir), search_model="none")
    return build(settings, engine)


def _job(rt: Runtime, job_id: int) -> Job:
    with rt.session_factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _writing(rt: Runtime, job_id: int) -> bool:
    """The import is writing its batch: progress shows rows (PostgreSQL), or the batch holds
    SQLite's write lock (where progress cannot be written until the batch commits)."""
    job = _job(rt, job_id)
    if job.state != "running":
        return False
    if rt.engine.dialect.name != "sqlite":
        return (job.done or 0) > 0
    probe = sqlite3.connect(str(rt.engine.url.database), timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        probe.close()


def _wait_for(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_an_import_killed_mid_batch_runs_again_after_restart(
    fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    url = fresh_db.url()
    rt = _runtime(url, tmp_path / "var")
    with unit_of_work(rt.session_factory, OPERATOR) as session:
        univ = factories.org(session, OPERATOR, "重启大学", OrgKind.UNIVERSITY)
        factories.user(session, OPERATOR, "restart_editor", univ.id, Role.EDITOR)
    with unit_of_work(rt.session_factory) as session:
        editor = factories.principal(session, "restart_editor")
    source = generated.write_csv(
        tmp_path / "big.csv", SHARED / "data/patents/kppatent-zh/patents.jsonl", ROWS
    )
    with unit_of_work(rt.session_factory, editor) as session, source.open("rb") as fh:
        job_id = patent_jobs.submit(
            session=session,
            upload_dir=tmp_path / "var" / "uploads",
            stream=fh,
            filename="big.csv",
            principal=editor,
            fmt="auto",
            strict=False,
        ).id
    upload = Path(_job(rt, job_id).params["path"])
    env = os.environ | {
        "ZHICHAN_DATABASE_URL": url,
        "ZHICHAN_DATA_DIR": str(tmp_path / "var"),
        "ZHICHAN_SEARCH_MODEL": "none",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "zhichan.cli", "jobs", "run", "--lane", "default"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Killed while the batch is being written: the job is running and has reported rows.
        _wait_for(lambda: _writing(rt, job_id), 120, "the worker process to write the batch")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    cut = _job(rt, job_id)
    assert cut.state == "running" and str(worker.pid) in (cut.worker or "")
    with rt.session_factory() as session:
        assert session.scalar(select(func.count(Patent.id))) == 0  # the batch rolled back
    assert upload.exists()  # kept, so the job can run again

    assert jobs_service.recover(rt.session_factory, rt.get(Registry)) == [(job_id, "queued")]
    assert "重新排队" in (_job(rt, job_id).message or "")
    assert worker_of(rt, lanes=("default",)).run_until_idle(timeout=300) == 1
    done = _job(rt, job_id)
    assert done.state == "succeeded" and done.attempts == 2
    assert done.result is not None and done.result["inserted"] == ROWS
    assert not upload.exists()  # removed once the job ended for good
    with rt.session_factory() as session:
        assert session.scalar(select(func.count(Patent.id))) == ROWS
    rt.engine.dispose()


def test_kinds_that_cannot_resume_fail_with_a_reason(
    fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    rt = _runtime(fresh_db.url(), tmp_path / "var")
    cleaned: list[dict[str, Any]] = []
    registry = Registry(
        [
            Kind("test.once", "一次性", lambda ctx: {}, resumable=False, cleanup=cleaned.append),
            Kind("test.again", "可续做", lambda ctx: {"ran": ctx.attempt}, max_attempts=2),
        ]
    )
    dead = f"{socket.gethostname()}:{dead_pid()}:1"
    with unit_of_work(rt.session_factory) as session:
        once = jobs_service.enqueue(session=session, kind="test.once", params={"x": 1})
        again = jobs_service.enqueue(session=session, kind="test.again")
        spent = jobs_service.enqueue(session=session, kind="test.again")
        for job, attempts in ((once, 1), (again, 1), (spent, 2)):
            job.state, job.worker, job.attempts = "running", dead, attempts
        ids = once.id, again.id, spent.id
    moved = dict(jobs_service.recover(rt.session_factory, registry))
    assert moved == {ids[0]: "failed", ids[1]: "queued", ids[2]: "failed"}
    assert "中断" in (_job(rt, ids[0]).message or "") and cleaned == [{"x": 1}]
    # A job of this very process is not taken for cut off, nor is a finished one.
    assert jobs_service.recover(rt.session_factory, registry) == []
    from zhichan.jobs.worker import Worker

    assert Worker(rt.session_factory, registry).run_until_idle(timeout=60) == 1
    assert _job(rt, ids[1]).result == {"ran": 2}
    rt.engine.dispose()


def test_uploads_no_job_will_read_are_swept_at_start(
    fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    rt = _runtime(fresh_db.url(), tmp_path / "var")
    uploads = tmp_path / "var" / "uploads"
    with unit_of_work(rt.session_factory) as session:
        factories.org(session, OPERATOR, "清理大学", OrgKind.UNIVERSITY)
    stale, fresh = uploads / "left-by-a-dead-request", uploads / "still-arriving"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
        (folder / "a.csv").write_text("x")
    os.utime(stale / "a.csv", (time.time() - 2 * upload_store.GRACE_S,) * 2)
    with unit_of_work(rt.session_factory, OPERATOR) as session, (fresh / "a.csv").open("rb") as fh:
        queued = patent_jobs.submit(
            session=session,
            upload_dir=uploads,
            stream=fh,
            filename="q.csv",
            principal=OPERATOR,
            fmt="auto",
            strict=False,
        )
        waiting = Path(queued.params["path"]).parent
    os.utime(waiting / "q.csv", (time.time() - 2 * upload_store.GRACE_S,) * 2)
    assert patent_jobs.sweep_uploads(rt.session_factory, uploads) == 1
    assert not stale.exists() and fresh.exists() and waiting.exists()
    rt.engine.dispose()


def test_shutdown_puts_a_running_job_back_in_the_queue(
    fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    import threading

    from zhichan.jobs.worker import SHUTDOWN_AGAIN, Worker

    rt = _runtime(fresh_db.url(), tmp_path / "var")
    started = threading.Event()

    def endless(ctx: Any) -> dict[str, Any]:
        n = 0
        while True:  # ends only through Interrupted, raised by progress() once stopping
            n += 1
            ctx.progress("数数", n, None)
            started.set()
            time.sleep(0.01)

    registry = Registry([Kind("test.endless", "无尽", endless, lane="default")])
    with unit_of_work(rt.session_factory) as session:
        job_id = jobs_service.enqueue(session=session, kind="test.endless").id
    worker = Worker(rt.session_factory, registry, poll_seconds=0.1)
    worker.start()
    try:
        assert started.wait(60), "the job did not start"
    finally:
        worker.stop(timeout=30)
    back = _job(rt, job_id)
    assert back.state == "queued" and back.message == SHUTDOWN_AGAIN and back.worker is None
    rt.engine.dispose()
