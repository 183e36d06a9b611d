"""Fixtures for the patents domain: databases loaded with the real shared data."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED, FreshDatabases
from zhichan.accounts import service as accounts_service
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.patents import demo, loader
from zhichan.runtime import build

DATA = SHARED / "data"


@dataclass
class Loaded:
    engine: Engine
    factory: sessionmaker[Session]
    outcomes: list[loader.Outcome]
    operator: Principal


def fresh_store(fresh_db: FreshDatabases) -> tuple[Engine, sessionmaker[Session]]:
    engine = make_engine(fresh_db.url())
    migrate.upgrade(engine)
    # Imports here keep a search index in step: give it a private folder, and no embedding
    # model (the search tests measure that).
    data_dir = tempfile.mkdtemp(prefix="zhichan-patents-")
    factory = build(Settings(data_dir=data_dir, search_model="none"), engine).session_factory
    with unit_of_work(factory) as session:
        accounts_service.ensure_platform_admin(session=session, password="not-used-here-123")
    return engine, factory


@pytest.fixture(scope="session")
def real_db(fresh_db: FreshDatabases) -> Iterator[Loaded]:
    """Every real file of shared/data/patents imported once per backend (read-only for tests)."""
    if not DATA.is_dir():
        pytest.fail(f"共享数据目录不存在：{DATA}")
    engine, factory = fresh_store(fresh_db)
    operator = Principal.operator("pytest")
    outcomes = demo.load(factory=factory, data_dir=DATA, principal=operator, echo=lambda _m: None)
    yield Loaded(engine, factory, outcomes, operator)
    engine.dispose()


@pytest.fixture
def store(fresh_db: FreshDatabases) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    engine, factory = fresh_store(fresh_db)
    yield engine, factory
    engine.dispose()


def import_path(factory: sessionmaker[Session], path: Path, **kwargs: object) -> loader.Outcome:
    from zhichan.patents import service

    return service.import_file(
        factory=factory, path=path, principal=Principal.operator("pytest"), **kwargs
    )  # type: ignore[arg-type]
