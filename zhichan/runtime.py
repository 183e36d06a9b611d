"""Build the engine, an audited session factory, the search engine and the registry of job
kinds from settings (used by web, CLI, tests)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.accounts import audit
from zhichan.core import events
from zhichan.core.settings import Settings
from zhichan.db.engine import make_engine
from zhichan.db.session import make_session_factory
from zhichan.forensics import jobs as forensics_jobs
from zhichan.jobs.kinds import Registry
from zhichan.jobs.worker import Worker
from zhichan.law import jobs as law_jobs
from zhichan.patents import jobs as patents_jobs
from zhichan.patents import service as patents_service
from zhichan.search import jobs as search_jobs
from zhichan.search import service as search_service
from zhichan.search.engine import SearchEngine
from zhichan.transfer import jobs as transfer_jobs


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    search: SearchEngine
    jobs: Registry

    @property
    def model(self) -> str | None:
        return model_of(self.settings)

    def worker(self, **kw: object) -> Worker:
        return Worker(self.session_factory, self.jobs, **kw)  # type: ignore[arg-type]

    def queue_derived(self) -> list[str]:
        """Queue the work that brings derived data up to its source: an index sync when the
        index is behind, patent vectors when some are missing, statute vectors likewise.
        → the job kinds queued"""
        queued: list[str] = []
        status = search_service.status(engine=self.search, factory=self.session_factory)
        if status.get("not_indexed"):
            search_jobs.enqueue_sync(self.session_factory, parent_id=None, owner_org_id=None)
            queued.append(search_jobs.SYNC)
        elif status.get("vectors_pending"):
            search_jobs.enqueue_embed(self.session_factory)
            queued.append(search_jobs.EMBED)
        if law_jobs.enqueue_if_missing(self.session_factory, self.settings.data_path, self.model):
            queued.append(law_jobs.EMBED)
        return queued


def model_of(settings: Settings) -> str | None:
    return None if settings.search_model == "none" else settings.search_model


def _queue_sync(
    factory: sessionmaker[Session],
    *,
    job_id: int | None = None,
    owner_org_id: int | None = None,
    **_: object,
) -> None:
    search_jobs.enqueue_sync(factory, parent_id=job_id, owner_org_id=owner_org_id)


def registry(settings: Settings, factory: sessionmaker[Session], search: SearchEngine) -> Registry:
    model = model_of(settings)
    return Registry(
        [
            patents_jobs.kind(factory, settings.workers, settings.data_path / "uploads"),
            *search_jobs.kinds(factory, search, settings.search_analyser, model),
            law_jobs.kind(factory, settings.data_path, model),
            forensics_jobs.kind(factory, settings.data_path),
            forensics_jobs.verify_kind(factory, settings.data_path),
            transfer_jobs.kind(search if model else None),
            transfer_jobs.sheet_kind(factory, settings.data_path / transfer_jobs.SHEET_UPLOADS),
        ]
    )


def build(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(settings.database_url)
    factory = audit.install(make_session_factory(engine))
    search = SearchEngine(settings.data_path / "search", patents_service.normalise_number)
    rt = Runtime(
        settings=settings,
        engine=engine,
        session_factory=factory,
        search=search,
        jobs=registry(settings, factory, search),
    )
    # Every committed import queues an index sync, a child of the import's job when it ran as
    # one. The listener gets the factory from the event, so it holds no reference to it.
    events.subscribe(factory, patents_service.CHANGED, _queue_sync)
    return rt
