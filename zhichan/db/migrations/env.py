"""Alembic environment: runs on the engine handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from zhichan.db.engine import make_engine
from zhichan.models import metadata

config = context.config


def run() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        from zhichan.core import settings

        engine = make_engine(settings.load().database_url)
    with engine.begin() as conn:
        context.configure(
            connection=conn,
            target_metadata=metadata,
            render_as_batch=conn.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run()
