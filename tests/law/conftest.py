"""A database per backend with the whole statute corpus loaded (read-only for the tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED, FreshDatabases
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.law import service
from zhichan.law.schemas import LoadReport

LAW = SHARED / "data/law"


@pytest.fixture(scope="session")
def law_db(fresh_db: FreshDatabases) -> Iterator[tuple[str, sessionmaker[Session], LoadReport]]:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        report = service.load_corpus(session=session, root=LAW)
    yield url, factory, report
    engine.dispose()
