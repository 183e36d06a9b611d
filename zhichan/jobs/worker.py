"""Worker threads that run jobs: one per lane in the web server, the same in
``zhichan jobs run``. Stopping sets a flag that a running job sees at its next progress
report; a resumable job is then queued again, any other fails with a message."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import DatabaseBusy, ZhichanError
from zhichan.db.base import utcnow
from zhichan.db.runtime import Runtime
from zhichan.jobs import service
from zhichan.jobs.context import Context, Snapshot, forget
from zhichan.jobs.kinds import LANES, Interrupted, Kind, Registry, Retry
from zhichan.jobs.models import Job

log = logging.getLogger(__name__)

INTERNAL = "任务运行时发生内部错误，已记录日志"
SHUTDOWN_AGAIN = "服务停止，任务已重新排队"
SHUTDOWN_FAILED = "服务停止，任务中断；请重新提交"


class Worker:
    def __init__(
        self,
        factory: sessionmaker[Session],
        registry: Registry,
        *,
        lanes: tuple[str, ...] = LANES,
        poll_seconds: float = 1.0,
        report: Callable[[Context, Snapshot], None] | None = None,
    ) -> None:
        self.factory = factory
        self.report = report
        self.registry = registry
        self.lanes = lanes
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        #: Kinds of the jobs this worker ran, in order (for a foreground caller's summary).
        self.ran: list[str] = []

    # ---- lifecycle --------------------------------------------------------------------------
    def start(self) -> None:
        service.recover(self.factory, self.registry)
        service.sweep(self.registry)
        for lane in self.lanes:
            if not self.registry.in_lane(lane):
                continue
            thread = threading.Thread(
                target=self._loop, args=(lane,), name=f"zhichan-jobs-{lane}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        service.WAKE.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0.1))
        self._threads.clear()

    def _loop(self, lane: str) -> None:
        kinds = self.registry.in_lane(lane)
        while not self._stop.is_set():
            try:
                if self.run_one(kinds):
                    continue
            except Exception:
                log.exception("jobs lane %s: claiming failed; retrying", lane)
            service.WAKE.wait(self.poll_seconds)
            service.WAKE.clear()

    # ---- one job ----------------------------------------------------------------------------
    def run_one(self, kinds: list[str] | None = None) -> bool:
        """Claim and run one job of ``kinds`` (all of this worker's lanes when None); False
        when idle."""
        names = (
            kinds if kinds is not None else [k.name for k in self.registry if k.lane in self.lanes]
        )
        job = service.claim(self.factory, names, service.worker_id())
        if job is None:
            return False
        kind = self.registry.get(job.kind)
        assert kind is not None
        self._execute(kind, job)
        self.ran.append(job.kind)
        return True

    def run_until_idle(self, timeout: float = 600.0) -> int:
        """Run jobs in this thread until none is waiting (retries not yet due count as idle)."""
        ran, deadline = 0, time.monotonic() + timeout
        while time.monotonic() < deadline and self.run_one():
            ran += 1
        return ran

    def _execute(self, kind: Kind, job: Job) -> None:
        ctx = Context(
            factory=self.factory,
            job_id=job.id,
            params=dict(job.params),
            attempt=job.attempts,
            owner_org_id=job.owner_org_id,
            stop=self._stop,
            report=self.report,
        )
        failure: str | None = None
        beat = _Heartbeat(self.factory, job.id)
        try:
            result = kind.run(ctx)
        except Retry as exc:
            if job.attempts < kind.max_attempts:
                service.retry_later(self.factory, job.id, exc.message, exc.after_seconds)
                return
            failure = exc.message
        except Interrupted:
            if kind.resumable:
                service.requeue(self.factory, job.id, SHUTDOWN_AGAIN)
                return
            failure = SHUTDOWN_FAILED
        except ZhichanError as exc:
            failure = exc.message
        except Exception:
            log.exception("job %s (%s) failed", job.id, job.kind)
            failure = INTERNAL
        finally:
            beat.stop()
            forget(job.id)
        _settle(
            lambda: (
                service.finish(self.factory, job.id, result)
                if failure is None
                else service.fail(self.factory, job.id, failure)
            )
        )
        service.ended(self.registry, job.kind, dict(job.params), failure)


class _Heartbeat:
    """Touches a running job's ``heartbeat_at`` every ``EVERY`` seconds, so workers on other
    hosts never take a long, quiet job for one whose worker died."""

    EVERY = 30.0

    def __init__(self, factory: sessionmaker[Session], job_id: int) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(factory, job_id),
            name=f"zhichan-heartbeat-{job_id}",
            daemon=True,
        )
        self._thread.start()

    def _run(self, factory: sessionmaker[Session], job_id: int) -> None:
        while not self._done.wait(self.EVERY):
            service.try_progress(factory, job_id, heartbeat_at=utcnow())

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)


def _settle(write: Callable[[], None], tries: int = 5) -> None:
    """Record a job's end even through a busy database (SQLite lets one writer in at a time):
    a job left 运行中 by a live worker would only be recovered at the next restart."""
    for attempt in range(tries):
        try:
            write()
            return
        except (SQLAlchemyError, DatabaseBusy):
            if attempt == tries - 1:
                raise
            log.warning("recording a job's end failed; retrying", exc_info=True)
            time.sleep(1 + attempt)


def of(rt: Runtime, **kw: Any) -> Worker:
    """Workers over the process's session factory and registry of job kinds."""
    return Worker(rt.session_factory, rt.get(Registry), **kw)
