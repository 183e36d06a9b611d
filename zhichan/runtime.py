"""Build the engine and an audited session factory from settings (used by web, CLI, tests)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.accounts import audit
from zhichan.core import events
from zhichan.core.settings import Settings
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory
from zhichan.patents import service as patents_service
from zhichan.search import service as search_service
from zhichan.search.engine import SearchEngine


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    search: SearchEngine

    @property
    def model(self) -> str | None:
        return model_of(self.settings)

    def sync_search(self) -> None:
        """Lexical index of every change at once; vectors for a few dozen (the rest later)."""
        _sync(self.session_factory, settings=self.settings, engine=self.search)


def model_of(settings: Settings) -> str | None:
    return None if settings.search_model == "none" else settings.search_model


def _sync(
    factory: sessionmaker[Session], *, settings: Settings, engine: SearchEngine, **_: object
) -> None:
    search_service.sync(
        factory=factory,
        engine=engine,
        analyser=settings.search_analyser,
        model=model_of(settings),
    )


def build(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(settings.database_url)
    factory = audit.install(make_session_factory(engine))
    search = SearchEngine(settings.data_path / "search", patents_service.normalise_number)
    rt = Runtime(settings=settings, engine=engine, session_factory=factory, search=search)
    # Keeps the search index in step with every import, from the web or the CLI. The listener
    # gets the factory from the event, so it holds no reference that would keep it alive.
    listener = functools.partial(_sync, settings=settings, engine=search)
    events.subscribe(factory, patents_service.CHANGED, listener)
    return rt
