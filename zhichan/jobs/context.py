"""What a running job sees: its parameters, a progress reporter and the stop signal.

Progress is kept in memory for this process's pages (live, even while an SQLite import holds
the write lock) and written to the row at most twice a second."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.principal import Principal
from zhichan.db.base import utcnow
from zhichan.db.session import unit_of_work
from zhichan.jobs import service
from zhichan.jobs.kinds import Interrupted
from zhichan.jobs.models import Job


@dataclass(slots=True)
class Snapshot:
    stage: str | None
    done: int
    total: int | None
    counts: dict[str, Any] | None = None


_LIVE: dict[int, Snapshot] = {}
_LIVE_LOCK = threading.Lock()


def live(job_id: int) -> Snapshot | None:
    with _LIVE_LOCK:
        return _LIVE.get(job_id)


def forget(job_id: int) -> None:
    with _LIVE_LOCK:
        _LIVE.pop(job_id, None)


class Context:
    WRITE_EVERY = 0.5

    def __init__(
        self,
        *,
        factory: sessionmaker[Session],
        job_id: int,
        params: dict[str, Any],
        attempt: int,
        owner_org_id: int | None,
        stop: threading.Event,
        report: Callable[[Context, Snapshot], None] | None = None,
    ) -> None:
        self.factory = factory
        self.job_id = job_id
        self.params = params
        self.attempt = attempt
        self.owner_org_id = owner_org_id
        self._stop = stop
        self._report = report
        self._written = 0.0
        self._snap = Snapshot(None, 0, None)

    def check(self) -> None:
        """Raise :class:`Interrupted` when the worker is stopping."""
        if self._stop.is_set():
            raise Interrupted

    def progress(
        self,
        stage: str | None = None,
        done: int | None = None,
        total: int | None = None,
        *,
        counts: dict[str, Any] | None = None,
        force: bool = False,
    ) -> None:
        """Report progress (kept live, written at most twice a second); raises
        :class:`Interrupted` when the worker is stopping."""
        snap = self._snap
        snap.stage = stage if stage is not None else snap.stage
        snap.done = done if done is not None else snap.done
        snap.total = total if total is not None else snap.total
        snap.counts = counts if counts is not None else snap.counts
        with _LIVE_LOCK:
            _LIVE[self.job_id] = Snapshot(snap.stage, snap.done, snap.total, snap.counts)
        now = time.monotonic()
        if force or now - self._written >= self.WRITE_EVERY:
            self._written = now
            if self._report is not None:
                self._report(self, snap)
            service.try_progress(
                self.factory,
                self.job_id,
                stage=snap.stage,
                done=snap.done,
                total=snap.total,
                counts=snap.counts,
                heartbeat_at=utcnow(),
            )
        self.check()


def principal_params(principal: Principal) -> dict[str, Any]:
    """The acting principal, as job parameters (the job runs on its behalf later)."""
    return {
        "user_id": principal.user_id,
        "username": principal.username,
        "org_id": principal.org_id,
        "org_kind": principal.org_kind.value,
        "role": principal.role.value,
        "via": principal.via,
    }


def principal_of(params: dict[str, Any]) -> Principal:
    from zhichan.core.principal import OrgKind, Role

    return Principal(
        params["user_id"],
        params["username"],
        params["org_id"],
        OrgKind(params["org_kind"]),
        Role(params["role"]),
        params.get("via", "web"),
    )


def submit(*, session: Session, principal: Principal, kind: str, **params: Any) -> Job:
    """A job that runs on ``principal``'s behalf, owned by its organisation."""
    return service.enqueue(
        session=session,
        kind=kind,
        params={"principal": principal_params(principal), **params},
        owner_org_id=principal.org_id or None,
        principal=principal,
    )


def queue_once(*, session: Session, kind: str, **params: Any) -> Job:
    """A system job of ``kind`` waiting to run (the one already waiting, if any)."""
    system = Principal.operator("zhichan", via="job")
    return service.enqueue(
        session=session,
        kind=kind,
        unique=True,
        params={"principal": principal_params(system), **params},
    )


def after_change(
    kind: str, wanted: Callable[[Session], bool] | None = None, **params: Any
) -> Callable[..., None]:
    """A listener for another domain's change event (``core.events``): queue one ``kind`` job
    run by the system — one waiting job covers any number of changes — when ``wanted`` says
    there is work for it."""

    def listener(factory: sessionmaker[Session], **_: object) -> None:
        with unit_of_work(factory, will_write=True) as session:
            if wanted is None or wanted(session):
                queue_once(session=session, kind=kind, **params)

    return listener
