"""The one rolled-back session factory: every test's writes live in one outer transaction on
one connection, undone when the test ends (services commit through savepoints)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
