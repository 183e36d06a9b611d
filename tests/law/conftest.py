"""A database per backend with the whole statute corpus loaded (read-only for the tests)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED, FreshDatabases
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.law import service
from zhichan.law.schemas import LoadReport

LAW = SHARED / "data/law"
PATENT_LAW = "专利法(2020-10-17).md"


def patent_law_only(url: str, tmp: Path) -> tuple[Engine, sessionmaker[Session]]:
    """A migrated database at ``url`` holding the Patent Law alone (copied under ``tmp/law``)."""
    root = tmp / "law" / "法律"
    root.mkdir(parents=True)
    shutil.copy(LAW / "法律" / PATENT_LAW, root)
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        service.load_corpus(session=session, root=tmp / "law")
    return engine, factory


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
