"""A pledge database per backend: the factories' world plus a bank editor, a second bank, the
CONSTRUCTED records of tests/pledge/constructed.py and the shipped policy rules. Tests roll
their changes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import FreshDatabases
from tests.pledge import constructed
from tests.support import factories
from tests.support.rollback import app_client
from tests.support.stores import OPERATOR, seeded
from zhichan.core.principal import OrgKind, Role
from zhichan.db.session import unit_of_work
from zhichan.patents import service as patents_service
from zhichan.pledge import claims


@pytest.fixture(scope="module")
def pledge_engine(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    engine, factory, world = seeded(fresh_db.url())
    path = constructed.write_jsonl(tmp_path_factory.mktemp("pledge") / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    with unit_of_work(factory, OPERATOR, via="test", will_write=True) as session:
        factories.user(session, OPERATOR, "bank_ed", world.orgs["bank"].id, Role.EDITOR)
        other = factories.org(session, OPERATOR, "己银行", OrgKind.BANK)
        factories.user(session, OPERATOR, "bank2", other.id, Role.EDITOR)
        claims.load_rules(session=session)
    yield engine
    engine.dispose()


@pytest.fixture
def api(
    pledge_engine: Engine, tmp_path: Path
) -> Iterator[tuple[TestClient, sessionmaker[Session]]]:
    with app_client(pledge_engine, tmp_path) as got:
        yield got
