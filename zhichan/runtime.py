"""Build the engine and an audited session factory from settings (used by web, CLI, tests)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.accounts import audit
from zhichan.core.settings import Settings
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]


def build(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(settings.database_url)
    factory = audit.install(make_session_factory(engine))
    return Runtime(settings=settings, engine=engine, session_factory=factory)
