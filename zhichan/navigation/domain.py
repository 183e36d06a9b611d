"""What the navigation domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.navigation import commands, demo, models, routes, views


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        return demo.load(session=session, today=ctx.today)


DOMAIN = Domain(
    name="navigation",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("navigation", commands.navigation_app),),
    demo=(DemoStep("专利导航报告（演示）", 85, _demo),),
)
