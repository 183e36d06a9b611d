"""What the indicators domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.domain import Command, Domain
from zhichan.indicators import commands, jobs, models, routes, views
from zhichan.jobs.kinds import Kind


def _jobs(_rt: Runtime) -> list[Kind]:
    return [jobs.kind()]


DOMAIN = Domain(
    name="indicators",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("indicators", commands.indicators_app),),
    jobs=_jobs,
)
