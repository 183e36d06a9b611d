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


def test_transfer_statuses_are_recoded_both_ways(fresh_db: FreshDatabases) -> None:
    """0012 turns the Chinese statuses stored before it into codes, and back on downgrade."""
    from sqlalchemy import text

    engine = make_engine(fresh_db.url())
    try:
        migrate.upgrade(engine, "0011")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO organisations (id, name, kind, is_active, created_at, updated_at)"
                " VALUES (1, '甲大学', 'university', true, '2026-01-01', '2026-01-01')"
            ))  # fmt: skip
            for n, status in enumerate(("待盘点", "已入库", "已转化"), start=1):
                conn.execute(text(
                    "INSERT INTO patents (id, number, content_hash, data, created_at, updated_at)"
                    f" VALUES ({n}, 'CN{n}', 'h{n}', '{{}}', '2026-01-01', '2026-01-01')"
                ))  # fmt: skip
                conn.execute(text(
                    "INSERT INTO transfer_inventory (id, owner_org_id, visibility, patent_id,"
                    " number, prospect, status, modes, tier_reasons, created_at, updated_at)"
                    f" VALUES ({n}, 1, 'internal', {n}, 'CN{n}', '不明', '{status}', '[]', '[]',"
                    " '2026-01-01', '2026-01-01')"
                ))  # fmt: skip
        assert migrate.upgrade(engine) == migrate.head()
        with engine.connect() as conn:
            got = conn.execute(text("SELECT status FROM transfer_inventory ORDER BY id"))
            assert [r[0] for r in got] == ["pending", "pooled", "transferred"]
        command.downgrade(migrate.alembic_config(engine), "0011")
        with engine.connect() as conn:
            got = conn.execute(text("SELECT status FROM transfer_inventory ORDER BY id"))
            assert [r[0] for r in got] == ["待盘点", "已入库", "已转化"]
    finally:
        command.downgrade(migrate.alembic_config(engine), "base")
        engine.dispose()
