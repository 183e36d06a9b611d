"""Session factory and the unit of work that commits once, at the edge."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.principal import Principal
from zhichan.db.engine import IMMEDIATE

SessionFactory = Callable[[], Session]

ACTOR_KEY = "actor"
VIA_KEY = "via"
REQUEST_KEY = "request_id"


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
    if will_write:
        session.connection(execution_options={IMMEDIATE: True})
    set_actor(session, actor, via=via, request_id=request_id)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
