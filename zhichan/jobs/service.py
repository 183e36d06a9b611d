"""Jobs as rows: enqueue inside the caller's transaction, read with visibility, and the state
moves a worker makes (claim, progress, finish, retry, fail, recover) in short transactions of
their own."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import NotFound
from zhichan.core.paging import MAX_LIMIT
from zhichan.core.principal import Principal
from zhichan.db import lists
from zhichan.db.base import as_utc, utcnow
from zhichan.db.engine import BUSY_TIMEOUT_MS
from zhichan.db.session import unit_of_work
from zhichan.jobs import states
from zhichan.jobs.kinds import Registry
from zhichan.jobs.models import Job

log = logging.getLogger(__name__)

#: Set after a commit that enqueued work, so this process's idle workers look at once.
WAKE = threading.Event()
#: A running job on another host whose heartbeat is older than this was cut off.
STALE_AFTER = timedelta(minutes=5)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _wake_after_commit(session: Session) -> None:
    if not session.info.get("zhichan_jobs_wake"):
        session.info["zhichan_jobs_wake"] = True
        event.listen(session, "after_commit", lambda _s: WAKE.set())


def enqueue(
    *,
    session: Session,
    kind: str,
    params: dict[str, Any] | None = None,
    owner_org_id: int | None = None,
    principal: Principal | None = None,
    parent_id: int | None = None,
    unique: bool = False,
) -> Job:
    """Add a job in the caller's transaction (it runs only if that commits). ``unique``: when
    a job of this kind is still waiting to start, return that one instead of adding another."""
    if unique:
        waiting = session.scalar(
            select(Job)
            .where(Job.kind == kind, Job.state.in_((states.QUEUED, states.RETRYING)))
            .order_by(Job.id)
            .limit(1)
        )
        if waiting is not None:
            return waiting
    job = Job(
        kind=kind,
        params=dict(params or {}),
        owner_org_id=owner_org_id,
        created_by=_actor(principal),
        created_by_user_id=principal.user_id if principal and not principal.is_operator else None,
        parent_id=parent_id,
        state=states.QUEUED,
        done=0,
        attempts=0,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    _wake_after_commit(session)
    return job


def _actor(principal: Principal | None) -> str:
    if principal is None:
        return "系统"
    return principal.username


def visible(job: Job, principal: Principal | None) -> bool:
    if principal is None:
        return False
    if principal.is_platform_admin or principal.is_operator:
        return True
    return job.owner_org_id is not None and job.owner_org_id == principal.org_id


def get(*, session: Session, job_id: int, principal: Principal | None) -> Job:
    job = session.get(Job, job_id)
    if job is None or not visible(job, principal):
        raise NotFound(f"任务 {job_id} 不存在", details={"id": job_id})
    return job


def children(*, session: Session, job_id: int) -> list[Job]:
    return list(session.scalars(select(Job).where(Job.parent_id == job_id).order_by(Job.id)))


def list_jobs(
    *,
    session: Session,
    principal: Principal,
    state: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Job]]:
    stmt = select(Job)
    if not (principal.is_platform_admin or principal.is_operator):
        stmt = stmt.where(Job.owner_org_id == principal.org_id)
    if state:
        stmt = stmt.where(Job.state == state)
    if kind:
        stmt = stmt.where(Job.kind == kind)
    return lists.page(session, stmt, Job.id.desc(), limit=min(limit, MAX_LIMIT), offset=offset)


def counts(*, session: Session, principal: Principal | None = None) -> dict[str, int]:
    """Jobs by state (of the principal's organisation; all for the platform)."""
    stmt = select(Job.state, func.count()).group_by(Job.state)
    if principal is not None and not (principal.is_platform_admin or principal.is_operator):
        stmt = stmt.where(Job.owner_org_id == principal.org_id)
    return {state: n for state, n in session.execute(stmt)}


def open_of_kind(*, session: Session, kinds: tuple[str, ...]) -> list[Job]:
    return list(session.scalars(select(Job).where(Job.kind.in_(kinds), Job.state.in_(states.OPEN))))


# ---- worker side -----------------------------------------------------------------------------


def claim(factory: sessionmaker[Session], kinds: list[str], worker: str) -> Job | None:
    """Take the oldest waiting job of ``kinds``; the conditional UPDATE makes two workers
    (threads or processes, SQLite or PostgreSQL) never take the same one."""
    if not kinds:
        return None
    now = utcnow()
    waiting = (
        select(Job.id)
        .where(
            Job.kind.in_(kinds),
            Job.state.in_((states.QUEUED, states.RETRYING)),
            (Job.not_before.is_(None)) | (Job.not_before <= now),
        )
        .order_by(Job.id)
        .limit(5)
    )
    # An idle worker polls with a plain read: SQLite's write lock is taken only when there is
    # something to claim, so polling never competes with the requests' writes.
    with factory() as session:
        if not session.scalars(waiting).first():
            return None
    with unit_of_work(factory, will_write=True) as session:
        candidates = session.scalars(waiting).all()
        for job_id in candidates:
            taken = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.state.in_((states.QUEUED, states.RETRYING)))
                .values(
                    state=states.RUNNING,
                    worker=worker,
                    attempts=Job.attempts + 1,
                    started_at=now,
                    heartbeat_at=now,
                    not_before=None,
                )
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                session.flush()
                job = session.get(Job, job_id)
                assert job is not None
                session.refresh(job)
                session.expunge(job)
                return job
    return None


def _set(factory: sessionmaker[Session], job_id: int, **values: Any) -> None:
    with unit_of_work(factory, will_write=True) as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))


def try_progress(factory: sessionmaker[Session], job_id: int, **values: Any) -> bool:
    """Write progress unless the database is busy: on SQLite an import holds the write lock
    for its whole batch, and progress must never wait for it (pages read it live instead); on
    PostgreSQL a row lock on the job is waited for 50 ms at most."""
    bind = factory.kw["bind"]
    engine = getattr(bind, "engine", bind)  # a factory may be bound to a connection
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if sqlite:
                conn.exec_driver_sql("PRAGMA busy_timeout=50")
                conn.commit()
            try:
                if not sqlite:
                    # Never wait on a row lock either (a test's transaction holding the job).
                    conn.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
                conn.execute(update(Job).where(Job.id == job_id).values(**values))
                conn.commit()
            finally:
                if sqlite:
                    conn.rollback()
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                    conn.commit()
        return True
    except SQLAlchemyError:
        log.debug("job %s: progress not written (database busy)", job_id)
        return False


def finish(factory: sessionmaker[Session], job_id: int, result: dict[str, Any] | None) -> None:
    _set(
        factory,
        job_id,
        state=states.SUCCEEDED,
        result=result,
        message=None,
        done=func.coalesce(Job.total, Job.done),
        finished_at=utcnow(),
        heartbeat_at=utcnow(),
    )


def fail(factory: sessionmaker[Session], job_id: int, message: str) -> None:
    _set(factory, job_id, state=states.FAILED, message=message, finished_at=utcnow())


def retry_later(factory: sessionmaker[Session], job_id: int, message: str, after: float) -> None:
    _set(
        factory,
        job_id,
        state=states.RETRYING,
        message=message,
        worker=None,
        not_before=utcnow() + timedelta(seconds=after),
    )


def requeue(factory: sessionmaker[Session], job_id: int, message: str) -> None:
    _set(factory, job_id, state=states.QUEUED, message=message, worker=None, not_before=None)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cut_off(job: Job, now: datetime | None = None) -> bool:
    """Was this running job's worker killed? Decided by its pid on this host, by the age of
    its heartbeat elsewhere."""
    host, _, rest = (job.worker or "").partition(":")
    pid_text = rest.partition(":")[0]
    if host == socket.gethostname() and pid_text.isdigit():
        return int(pid_text) != os.getpid() and not _pid_alive(int(pid_text))
    beat = as_utc(job.heartbeat_at) or as_utc(job.started_at)
    return beat is None or (now or utcnow()) - beat > STALE_AFTER


INTERRUPTED_AGAIN = "服务重启，任务中断，已重新排队（第 {n} 次运行）"
INTERRUPTED_FAILED = "服务重启，任务中断；该类任务不能自动续做，请重新提交"


def recover(factory: sessionmaker[Session], registry: Registry) -> list[tuple[int, str]]:
    """Every running job whose worker is gone is queued again (resumable kinds, attempts
    left) or failed with a message — nothing stays 运行中 forever. → [(job id, new state)]"""
    with factory() as session:
        running = session.scalars(select(Job).where(Job.state == states.RUNNING)).all()
        lost = [(j.id, j.kind, j.attempts, dict(j.params)) for j in running if cut_off(j)]
    moved: list[tuple[int, str]] = []
    for job_id, kind_name, attempts, params in lost:
        kind = registry.get(kind_name)
        if kind is not None and kind.resumable and attempts < kind.max_attempts:
            requeue(factory, job_id, INTERRUPTED_AGAIN.format(n=attempts + 1))
            moved.append((job_id, states.QUEUED))
        else:
            fail(factory, job_id, INTERRUPTED_FAILED)
            ended(registry, kind_name, params, INTERRUPTED_FAILED)
            moved.append((job_id, states.FAILED))
    for job_id, state in moved:
        log.warning("job %s was cut off by a restart: %s", job_id, state)
    return moved


def ended(registry: Registry, kind_name: str, params: dict[str, Any], failure: str | None) -> None:
    """Run the kind's hooks once a job has ended for good."""
    kind = registry.get(kind_name)
    if kind is None:
        return
    try:
        if failure is not None and kind.on_failed is not None:
            kind.on_failed(params, failure)
        if kind.cleanup is not None:
            kind.cleanup(params)
    except Exception:
        log.exception("clean-up of a %s job failed", kind_name)


def complete_inline(*, session: Session, job_id: int, result: dict[str, Any] | None) -> None:
    """Mark a queued job done in the caller's transaction, for work its caller did itself
    (a demo loader computing in the foreground)."""
    job = session.get(Job, job_id)
    if job is not None and job.state in (states.QUEUED, states.RETRYING):
        now = utcnow()
        job.state, job.result, job.attempts = states.SUCCEEDED, result, job.attempts + 1
        job.started_at = job.finished_at = now


def busy_reason(factory: sessionmaker[Session], registry: Registry) -> str | None:
    """What background work is running now, in words (for a "database busy" answer)."""
    try:
        with factory() as session:
            running = session.scalars(
                select(Job).where(Job.state == states.RUNNING).order_by(Job.id).limit(3)
            ).all()
    except SQLAlchemyError:
        return None
    if not running:
        return None
    labels = registry.labels()
    return "、".join(f"后台任务 #{j.id}「{labels.get(j.kind, j.kind)}」正在运行" for j in running)


def get_any(*, session: Session, job_id: int) -> Job | None:
    """A job without a visibility check, for a domain that checked access to its own row."""
    return session.get(Job, job_id)


def sweep(registry: Registry) -> None:
    """Run every kind's start-up clean-up (leftovers of jobs that will never run)."""
    for kind in registry:
        if kind.sweep is None:
            continue
        try:
            kind.sweep()
        except Exception:
            log.exception("start-up clean-up of %s failed", kind.name)
