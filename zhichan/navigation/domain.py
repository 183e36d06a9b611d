"""What the navigation domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.jobs.kinds import Kind
from zhichan.navigation import commands, demo, jobs, models, routes, views
from zhichan.patents import service as patents_service


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        return demo.load(session=session, today=ctx.today)


def _jobs(_rt: Runtime) -> list[Kind]:
    return [jobs.kind(), jobs.report_kind()]


DOMAIN = Domain(
    name="navigation",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("navigation", commands.navigation_app),),
    jobs=_jobs,
    listeners=((patents_service.CHANGED, jobs.after_import),),
    demo=(DemoStep("专利导航报告（演示）", 85, _demo),),
)
