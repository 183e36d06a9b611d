"""Migrations build exactly the schema the models declare, on both databases."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tests.conftest import FreshDatabases
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.domains import metadata


def test_upgrade_matches_models_and_downgrade_removes_all(fresh_db: FreshDatabases) -> None:
    engine = make_engine(fresh_db.url())
    try:
        assert migrate.upgrade(engine) == migrate.head()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata())
        assert diff == []
        assert migrate.upgrade(engine) == migrate.head()  # idempotent
        command.downgrade(migrate.alembic_config(engine), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
