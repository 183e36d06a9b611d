"""The one rolled-back session factory: every test's writes live in one outer transaction on
one connection, undone when the test ends (services commit through savepoints)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.accounts import audit


@contextmanager
def rolled_back(engine: Engine) -> Iterator[sessionmaker[Session]]:
    conn = engine.connect()
    outer = conn.begin()
    try:
        yield audit.install(
            sessionmaker(
                bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
        )
    finally:
        outer.rollback()
        conn.close()


@contextmanager
def app_client(
    engine: Engine, data_dir: Path
) -> Iterator[tuple[TestClient, sessionmaker[Session]]]:
    """The web app over ``engine`` with every request's writes in one rolled-back transaction;
    no job workers (a worker could not see those writes), so tests run jobs themselves."""
    from tests.conftest import SHARED
    from zhichan.core.settings import Settings
    from zhichan.web.app import create_app

    with rolled_back(engine) as factory:
        settings = Settings(database_url=str(engine.url), data_dir=str(data_dir),
                            shared_dir=str(SHARED), secret_key="t", search_model="none",
                            web_jobs=False)  # fmt: skip
        app = create_app(settings, engine=engine)
        app.state.ctx = replace(app.state.ctx, session_factory=factory)
        # https: session and CSRF cookies are Secure, and a client only sends those over TLS.
        with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
            yield client, factory
