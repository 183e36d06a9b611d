"""A migrated database with the test world in it: the factories' organisations and users and
the reference tables (IPC titles, the SEI concordance), as most domains' tests start."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED
from tests.support import factories
from zhichan.accounts import audit
from zhichan.core.principal import Principal
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.patents import service as patents_service

OPERATOR = Principal.operator("pytest")


def seeded(url: str) -> tuple[Engine, sessionmaker[Session], factories.World]:
    """``(engine, audited session factory, world)``; the caller disposes of the engine."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = audit.install(make_session_factory(engine))
    with unit_of_work(factory, OPERATOR, via="test") as session:
        world = factories.build_world(session, OPERATOR)
        patents_service.load_reference(session=session, data_dir=SHARED / "data")
    return engine, factory, world
