"""Fixtures: every database test runs on SQLite and on a private PostgreSQL cluster."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from tests.support import factories
from tests.support.pgcluster import Cluster, start_cluster
from tests.support.rollback import rolled_back
from zhichan.accounts import audit
from zhichan.core.principal import Principal
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory, set_actor, unit_of_work
from zhichan.web.app import create_app

BACKENDS = ("sqlite", "postgresql")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUTPUT = ROOT / "test-output"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend", action="append", choices=BACKENDS, help="run database tests on these only"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("backend") or list(BACKENDS)
        metafunc.parametrize("backend", chosen, scope="session")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    yield cluster
    cluster.stop()


class FreshDatabases:
    """Hands out brand-new empty databases of one backend."""

    def __init__(self, backend: str, tmp: Path, request: pytest.FixtureRequest) -> None:
        self.backend, self.tmp, self.request = backend, tmp, request

    def url(self) -> str:
        name = f"zc_{uuid.uuid4().hex[:12]}"
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp / name}.db"
        cluster: Cluster = self.request.getfixturevalue("pg_cluster")
        admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return cluster.url_for(name)


@pytest.fixture(scope="session")
def fresh_db(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> FreshDatabases:
    return FreshDatabases(backend, tmp_path_factory.mktemp(f"db-{backend}"), request)


@pytest.fixture(scope="session")
def engine(fresh_db: FreshDatabases) -> Iterator[Engine]:
    """A migrated database per backend, shared by the tests that roll back their changes."""
    eng = make_engine(fresh_db.url())
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions joined to one outer transaction that is rolled back after the test."""
    with rolled_back(engine) as factory:
        yield factory


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    set_actor(session, None, via="test")
    yield session
    session.close()


@pytest.fixture
def operator() -> Principal:
    return Principal.operator("pytest")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="sqlite:///:memory:",
        data_dir=str(tmp_path),
        shared_dir=str(SHARED),
        secret_key="test-secret",
    )


@pytest.fixture
def app(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]) -> FastAPI:
    # The test's writes live in one rolled-back transaction that no worker could see, and on
    # SQLite a worker's commits would invalidate its read snapshot: no workers here.
    application = create_app(
        replace(settings, database_url=str(engine.url), web_jobs=False), engine=engine
    )
    application.state.ctx = replace(application.state.ctx, session_factory=session_factory)
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # https: session and CSRF cookies are Secure, and a client only sends those over TLS.
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        yield c


@pytest.fixture(scope="session")
def world(engine: Engine) -> factories.World:
    """Organisations of every kind and users of every role, committed once per backend."""
    operator = Principal.operator("pytest")
    factory = audit.install(make_session_factory(engine))
    with unit_of_work(factory, operator, via="test") as session:
        return factories.build_world(session, operator)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
