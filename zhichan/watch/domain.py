"""What the watch domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.jobs.kinds import Kind
from zhichan.patents import service as patents_service
from zhichan.search.engine import SearchEngine
from zhichan.watch import commands, demo, jobs, models, routes, views


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        return demo.load(session=session)


def _jobs(rt: Runtime) -> list[Kind]:
    return [jobs.kind(rt.get(SearchEngine))]


DOMAIN = Domain(
    name="watch",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("watch", commands.watch_app),),
    jobs=_jobs,
    listeners=((patents_service.CHANGED, jobs.after_import),),
    demo=(DemoStep("专利监测（演示）", 86, _demo),),
)
