"""Build what one process opens once — the engine, an audited session factory, the search
engine and the registry of job kinds — from settings and the domain records (used by the web
app, the CLI and tests)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan import domains
from zhichan.accounts import audit
from zhichan.core import events
from zhichan.core.settings import Settings
from zhichan.db.engine import check_connection, make_engine
from zhichan.db.runtime import Runtime
from zhichan.db.session import make_session_factory
from zhichan.jobs.kinds import Registry
from zhichan.patents import service as patents_service
from zhichan.search import jobs as search_jobs
from zhichan.search.engine import SearchEngine

__all__ = ["Runtime", "build", "build_checked", "queue_derived"]


def queue_derived(rt: Runtime) -> list[str]:
    """Queue the work that brings every domain's derived data up to its source (an index sync
    when the index is behind, missing patent or statute vectors). → the job kinds queued"""
    return [kind for domain in domains.ALL for kind in domain.derived(rt)]


def _queue_sync(
    factory: sessionmaker[Session],
    *,
    job_id: int | None = None,
    owner_org_id: int | None = None,
    **_: object,
) -> None:
    search_jobs.enqueue_sync(factory, parent_id=job_id, owner_org_id=owner_org_id)


def build(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(settings.database_url)
    factory = audit.install(make_session_factory(engine))
    search = SearchEngine(settings.data_path / "search", patents_service.normalise_number)
    services: dict[type, object] = {SearchEngine: search}
    rt = Runtime(settings=settings, engine=engine, session_factory=factory, services=services)
    # The registry's kinds are built from the runtime itself (they need the search engine).
    services[Registry] = Registry([kind for d in domains.ALL for kind in d.jobs(rt)])
    # Every committed import queues an index sync, a child of the import's job when it ran as
    # one. The listener gets the factory from the event, so it holds no reference to it.
    events.subscribe(factory, patents_service.CHANGED, _queue_sync)
    return rt


def build_checked(settings: Settings) -> Runtime:
    """A runtime whose database answers (the CLI's, built once per invocation)."""
    rt = build(settings)
    check_connection(rt.engine)
    return rt
