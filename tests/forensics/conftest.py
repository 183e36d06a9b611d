"""A committed database per backend for the workspace: comparison runs execute in the app's
worker thread, which opens its own sessions, so the test cannot hold them in a rollback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import SHARED, FreshDatabases
from tests.support import factories
from zhichan.accounts import audit
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, unit_of_work
from zhichan.web.app import create_app

OPERATOR = Principal.operator("pytest")


@pytest.fixture(scope="session")
def forensics_engine(fresh_db: FreshDatabases) -> Iterator[Engine]:
    engine = make_engine(fresh_db.url())
    migrate.upgrade(engine)
    with unit_of_work(audit.install(make_session_factory(engine)), OPERATOR, via="test") as s:
        factories.build_world(s, OPERATOR)
    yield engine
    engine.dispose()


@pytest.fixture
def workspace(forensics_engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=str(forensics_engine.url),
        data_dir=str(tmp_path / "data"),
        shared_dir=str(SHARED),
        secret_key="t",
        search_model="none",
    )
    app = create_app(settings, engine=forensics_engine)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        yield client


def bearer(engine: Engine, name: str) -> dict[str, str]:
    session = make_session_factory(engine)()
    try:
        header = factories.bearer(session, name)
        session.commit()
        return header
    finally:
        session.close()
