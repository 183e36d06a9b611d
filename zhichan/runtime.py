"""Build what one process opens once — the engine, an audited session factory, the search
engine and the registry of job kinds — from settings and the domain records (used by the web
app, the CLI and tests)."""

from __future__ import annotations

from sqlalchemy import Engine

from zhichan import domains
from zhichan.accounts import audit
from zhichan.core import events
from zhichan.core.settings import Settings
from zhichan.db.engine import check_connection, make_engine
from zhichan.db.runtime import Runtime
from zhichan.db.session import make_session_factory
from zhichan.db.sets import PatentSets
from zhichan.jobs import batch
from zhichan.jobs.batch import Batch
from zhichan.jobs.kinds import Registry
from zhichan.patents import service as patents_service
from zhichan.search.engine import SearchEngine

__all__ = ["Runtime", "build", "build_checked", "queue_derived"]


def queue_derived(rt: Runtime) -> list[str]:
    """Queue the work that brings every domain's derived data up to its source (an index sync
    when the index is behind, missing patent or statute vectors). → the job kinds queued"""
    return [kind for domain in domains.ALL for kind in domain.derived(rt)]


def build(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(settings.database_url)
    factory = audit.install(make_session_factory(engine))
    search = SearchEngine(settings.data_path / "search", patents_service.normalise_number)
    services: dict[type, object] = {SearchEngine: search, Batch: batch.of(settings.dask_scheduler)}
    rt = Runtime(settings=settings, engine=engine, session_factory=factory, services=services)
    # The registry's kinds are built from the runtime itself (they need the search engine).
    services[Registry] = Registry([kind for d in domains.ALL for kind in d.jobs(rt)])
    services[PatentSets] = PatentSets({s.key: s for d in domains.ALL for s in d.patent_sets})
    # Domains react to each other's events (every committed import queues an index sync and,
    # where the office computes indicators, a recomputation). Listeners get the factory from
    # the event, so they hold no reference to it.
    for domain in domains.ALL:
        for topic, listener in domain.listeners:
            events.subscribe(factory, topic, listener)
    return rt


def build_checked(settings: Settings) -> Runtime:
    """A runtime whose database answers (the CLI's, built once per invocation)."""
    rt = build(settings)
    check_connection(rt.engine)
    return rt
