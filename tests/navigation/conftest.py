"""A navigation database per backend: the factories' world and the CONSTRUCTED records of
tests/navigation/constructed.py. Tests roll their changes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import FreshDatabases
from tests.navigation import constructed
from tests.support.rollback import app_client
from tests.support.stores import OPERATOR, seeded
from zhichan.patents import service as patents_service


@pytest.fixture(scope="module")
def navigation_engine(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    engine, factory, _world = seeded(fresh_db.url())
    path = constructed.write_jsonl(tmp_path_factory.mktemp("navigation") / "constructed.jsonl")
    patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    yield engine
    engine.dispose()


@pytest.fixture
def api(
    navigation_engine: Engine, tmp_path: Path
) -> Iterator[tuple[TestClient, sessionmaker[Session]]]:
    with app_client(navigation_engine, tmp_path) as got:
        yield got
