"""What the search domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from zhichan.db.runtime import Runtime
from zhichan.domain import Command, Domain
from zhichan.jobs.batch import Batch
from zhichan.jobs.kinds import Kind
from zhichan.patents import service as patents_service
from zhichan.search import commands, jobs, models, routes, service, views
from zhichan.search.engine import SearchEngine


def _jobs(rt: Runtime) -> list[Kind]:
    return jobs.kinds(
        rt.session_factory,
        rt.get(SearchEngine),
        rt.settings.search_analyser,
        rt.settings.embedding_model,
        rt.get(Batch),
    )


def _derived(rt: Runtime) -> list[str]:
    """An index sync when the index is behind its records, else patent vectors if missing."""
    status = service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
    if status.get("not_indexed"):
        jobs.enqueue_sync(rt.session_factory, parent_id=None, owner_org_id=None)
        return [jobs.SYNC]
    if status.get("vectors_pending"):
        jobs.enqueue_embed(rt.session_factory)
        return [jobs.EMBED]
    return []


def _queue_sync(
    factory: sessionmaker[Session],
    *,
    job_id: int | None = None,
    owner_org_id: int | None = None,
    **_: object,
) -> None:
    """An import committed: sync the index, as a child of the import's job when it ran as one."""
    jobs.enqueue_sync(factory, parent_id=job_id, owner_org_id=owner_org_id)


DOMAIN = Domain(
    name="search",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("search", commands.search_command), Command("index", commands.index_app)),
    jobs=_jobs,
    derived=_derived,
    listeners=((patents_service.CHANGED, _queue_sync),),
)
