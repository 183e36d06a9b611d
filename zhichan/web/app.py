"""``create_app(settings)``: the only place that knows every domain."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from sqlalchemy import Engine

from zhichan import __version__
from zhichan.accounts import routes as accounts_routes
from zhichan.accounts import views as accounts_views
from zhichan.core import dates
from zhichan.core.settings import Settings
from zhichan.forensics import routes as forensics_routes
from zhichan.forensics import views as forensics_views
from zhichan.http import csrf, problems
from zhichan.http.context import AppContext
from zhichan.http.nav import NavItem
from zhichan.jobs import routes as jobs_routes
from zhichan.jobs import service as jobs_service
from zhichan.jobs import views as jobs_views
from zhichan.law import routes as law_routes
from zhichan.law import views as law_views
from zhichan.licensing import routes as licensing_routes
from zhichan.licensing import views as licensing_views
from zhichan.patents import routes as patents_routes
from zhichan.patents import views as patents_views
from zhichan.runtime import build
from zhichan.search import routes as search_routes
from zhichan.search import views as search_views
from zhichan.transfer import routes as transfer_routes
from zhichan.transfer import views as transfer_views
from zhichan.web import dashboard, middleware

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
PKG = HERE.parent

#: Domains with templates, by prefix; a later domain adds its folder here.
TEMPLATE_DOMAINS = (
    "accounts",
    "jobs",
    "patents",
    "search",
    "law",
    "licensing",
    "transfer",
    "forensics",
)


def _templates() -> Jinja2Templates:
    loader = ChoiceLoader(
        [
            FileSystemLoader(HERE / "templates"),
            PrefixLoader({d: FileSystemLoader(PKG / d / "templates") for d in TEMPLATE_DOMAINS}),
        ]
    )
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.loader = loader
    templates.env.filters["shanghai"] = dates.shanghai_text
    return templates


def create_app(settings: Settings, *, engine: Engine | None = None) -> FastAPI:
    settings = settings.with_secret()
    runtime = build(settings, engine)
    app = FastAPI(
        title="知产 zhichan",
        version=__version__,
        description="专利转化运用平台 API",
        dependencies=[Depends(csrf.protect)],
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.ctx = AppContext(
        settings=settings,
        engine=runtime.engine,
        session_factory=runtime.session_factory,
        templates=_templates(),
    )
    app.state.search = runtime.search
    app.state.jobs_registry = runtime.jobs
    app.state.busy_reason = lambda: jobs_service.busy_reason(runtime.session_factory, runtime.jobs)
    # The server's own workers: an interrupted job is resumed or failed at start-up, derived
    # data that lags its source (index, vectors) is queued, and workers stop at shutdown.
    worker = runtime.worker()
    app.state.jobs_worker = worker

    def start_jobs() -> None:
        worker.start()
        runtime.queue_derived()

    if settings.web_jobs:
        app.router.add_event_handler("startup", start_jobs)
        app.router.add_event_handler("shutdown", worker.stop)
    nav: list[NavItem] = [
        *dashboard.NAV,
        *search_views.NAV,
        *law_views.NAV,
        *licensing_views.NAV,
        *transfer_views.NAV,
        *forensics_views.NAV,
        *jobs_views.NAV,
        *patents_views.NAV,
        *accounts_views.NAV,
    ]
    app.state.nav = sorted(nav, key=lambda item: item.order)
    problems.install(app)
    app.middleware("http")(middleware.make(settings.cookie_secure))
    app.add_middleware(middleware.BodyLimit)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(dashboard.router)
    app.include_router(accounts_routes.api_router)
    app.include_router(accounts_views.page_router)
    app.include_router(patents_routes.api_router)
    app.include_router(patents_routes.legacy_router)
    app.include_router(patents_views.page_router)
    app.include_router(search_routes.api_router)
    app.include_router(search_views.page_router)
    app.include_router(law_routes.api_router)
    app.include_router(law_views.page_router)
    app.include_router(licensing_routes.api_router)
    app.include_router(licensing_views.page_router)
    app.include_router(transfer_routes.api_router)
    app.include_router(transfer_views.page_router)
    app.include_router(forensics_routes.api_router)
    app.include_router(forensics_views.page_router)
    app.include_router(jobs_routes.api_router)
    app.include_router(jobs_views.page_router)
    return app
