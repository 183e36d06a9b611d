"""Session factory and the unit of work that commits once, at the edge."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import DatabaseBusy
from zhichan.core.principal import Principal
from zhichan.db.engine import IMMEDIATE

SessionFactory = Callable[[], Session]

ACTOR_KEY = "actor"
VIA_KEY = "via"
REQUEST_KEY = "request_id"

#: How long a unit of work that will write waits its turn among this process's writers.
WRITE_WAIT_S = 20.0
# A plain Lock, not an RLock: the web framework may enter and leave a request's unit of work
# on different threads, and only a plain Lock may be released by another thread.
_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def _writer_turn(session: Session) -> threading.Lock | None:
    """This process's queue for SQLite's one write lock (None for PostgreSQL).

    SQLite lets one writer in at a time and makes the others poll with growing sleeps, so
    under a burst of requests some wait past any timeout while others pass them. Threads
    queue here instead and are woken the moment the writer before them is done; other
    processes (the command line, a worker) are still waited for by SQLite's busy timeout.
    """
    bind = session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return None
    with _GUARD:
        return _WRITERS.setdefault(bind, threading.Lock())


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def set_actor(
    session: Session, actor: Principal | None, *, via: str, request_id: str | None = None
) -> None:
    """Record who acts in this session so the audit log can name them."""
    session.info[ACTOR_KEY] = actor
    session.info[VIA_KEY] = via
    session.info[REQUEST_KEY] = request_id


@contextmanager
def unit_of_work(
    factory: SessionFactory,
    actor: Principal | None = None,
    *,
    via: str = "cli",
    request_id: str | None = None,
    will_write: bool = False,
) -> Iterator[Session]:
    """Open a session, commit if the block succeeds, roll back everything if it raises.

    ``will_write`` takes SQLite's write lock at the start (``BEGIN IMMEDIATE``), so the unit
    waits for a running import instead of failing when it reaches its first write.
    """
    session = factory()
    turn = _writer_turn(session) if will_write else None
    if turn is not None and not turn.acquire(timeout=WRITE_WAIT_S):
        session.close()
        raise DatabaseBusy(
            f"数据库正忙：排队等待写入超过 {WRITE_WAIT_S:.0f} 秒，本次操作未保存；请稍后重试"
        )
    try:
        if will_write:
            session.connection(execution_options={IMMEDIATE: True})
        set_actor(session, actor, via=via, request_id=request_id)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        if turn is not None:
            turn.release()
