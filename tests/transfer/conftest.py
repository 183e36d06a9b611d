"""A transfer database per backend: the factories' organisations, the reference tables and
constructed patents (tests/licensing/constructed.py). Tests roll their changes back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED, FreshDatabases
from tests.licensing import constructed
from tests.support import factories
from tests.support.stores import seeded
from zhichan.accounts import audit
from zhichan.core.principal import Principal
from zhichan.db.session import set_actor
from zhichan.patents import service as patents_service

OPERATOR = Principal.operator("pytest")
KPPATENT = SHARED / "data" / "patents" / "kppatent-zh" / "patents.jsonl"
REAL = 300
TODAY = date(2026, 11, 21)


@pytest.fixture(scope="session")
def transfer_engine(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    engine, factory, _world = seeded(fresh_db.url())
    tmp = tmp_path_factory.mktemp("transfer")
    path = constructed.write_jsonl(tmp / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    # The first 300 real KPPatent-ZH records (the test split, with titles and claims).
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:REAL]
    (tmp / "kppatent.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    patents_service.import_file(factory=factory, path=tmp / "kppatent.jsonl", principal=OPERATOR)
    yield engine
    engine.dispose()


@pytest.fixture
def tdb(transfer_engine: Engine) -> Iterator[Session]:
    conn = transfer_engine.connect()
    outer = conn.begin()
    factory: sessionmaker[Session] = audit.install(
        sessionmaker(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    )
    session = factory()
    set_actor(session, None, via="test")
    yield session
    session.close()
    outer.rollback()
    conn.close()


@pytest.fixture
def who(tdb: Session) -> dict[str, Principal]:
    return {name: factories.principal(tdb, name) for name in factories.USERS}
