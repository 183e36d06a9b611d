"""``create_app(settings)``: the only place that knows every domain."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from sqlalchemy import Engine

from zhichan import __version__, domains
from zhichan.accounts import deps as accounts_deps
from zhichan.core import dates, labels
from zhichan.core import logging as zlogging
from zhichan.core import settings as settings_mod
from zhichan.core.settings import Settings
from zhichan.db.runtime import Runtime
from zhichan.db.sets import PatentSets
from zhichan.http import csrf, problems
from zhichan.http.context import AppContext
from zhichan.http.nav import NavItem
from zhichan.jobs import service as jobs_service
from zhichan.jobs import worker as jobs_worker
from zhichan.jobs.kinds import Registry
from zhichan.runtime import build, queue_derived
from zhichan.search.engine import SearchEngine
from zhichan.web import apidocs, dashboard, middleware

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
PKG = HERE.parent


def _templates() -> Jinja2Templates:
    loader = ChoiceLoader(
        [
            FileSystemLoader(HERE / "templates"),
            PrefixLoader(
                {
                    d.name: FileSystemLoader(PKG / d.name / "templates")
                    for d in domains.ALL
                    if d.templates
                }
            ),
        ]
    )
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.loader = loader
    templates.env.filters["shanghai"] = dates.shanghai_text
    templates.env.filters.update(labels.FILTERS)
    return templates


def from_settings() -> FastAPI:
    """The app of one of several web processes (``zhichan serve --workers N``), built from the
    settings in force, logging as the CLI's own process does."""
    settings = settings_mod.load()
    zlogging.configure(settings.log_level, settings.log_format)
    return create_app(settings)


def create_app(
    settings: Settings, *, engine: Engine | None = None, runtime: Runtime | None = None
) -> FastAPI:
    """The web app over ``runtime`` (the CLI's ``serve`` hands over its own, so the process
    holds one search engine), or over a runtime built here on ``engine``."""
    settings = settings.with_secret()
    runtime = runtime or build(settings, engine)
    app = FastAPI(
        title="知产 zhichan",
        version=__version__,
        description="专利转化运用平台 API",
        dependencies=[Depends(csrf.protect)],
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.ctx = AppContext(
        settings=settings,
        engine=runtime.engine,
        session_factory=runtime.session_factory,
        templates=_templates(),
    )
    registry = runtime.get(Registry)
    app.state.identify = accounts_deps.identify
    app.state.search = runtime.get(SearchEngine)
    app.state.patent_sets = runtime.get(PatentSets)
    app.state.jobs_registry = registry
    app.state.busy_reason = lambda: jobs_service.busy_reason(runtime.session_factory, registry)
    # The server's own workers: an interrupted job is resumed or failed at start-up, derived
    # data that lags its source (index, vectors) is queued, and workers stop at shutdown.
    worker = jobs_worker.of(runtime)
    app.state.jobs_worker = worker

    def start_jobs() -> None:
        worker.start()
        queue_derived(runtime)

    if settings.web_jobs:
        app.router.add_event_handler("startup", start_jobs)
        app.router.add_event_handler("shutdown", worker.stop)
    nav: list[NavItem] = [*dashboard.NAV, *(item for d in domains.ALL for item in d.nav)]
    app.state.nav = sorted(nav, key=lambda item: item.order)
    app.state.patent_notes = [n for d in domains.ALL for n in d.patent_notes]
    problems.install(app)
    app.add_middleware(middleware.Headers, cookie_secure=settings.cookie_secure)
    app.add_middleware(middleware.BodyLimit)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(dashboard.router)
    app.include_router(apidocs.router)
    for domain in domains.ALL:
        for router in domain.routers:
            app.include_router(router)
    return app
