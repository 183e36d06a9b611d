"""Alembic environment: runs on the engine (and, for comparing, the metadata) its caller hands
over in ``config.attributes``; it imports no domain, so ``db`` stays below them all."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from zhichan.db.engine import make_engine

config = context.config


def run() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        from zhichan.core import settings

        engine = make_engine(settings.load().database_url)
    with engine.begin() as conn:
        context.configure(
            connection=conn,
            target_metadata=config.attributes.get("metadata"),
            render_as_batch=conn.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run()
