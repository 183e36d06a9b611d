"""What the open-licence domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.licensing import commands, demo, models, routes, views


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        made = demo.load(session=session, principal=ctx.operator, today=ctx.today)
    return f"新建 {made} 份声明，含公告、许可、备案、撤回与调解" if made else "已存在"


DOMAIN = Domain(
    name="licensing",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("licensing", commands.licensing_app),),
    demo=(DemoStep("开放许可（演示）", 40, _demo),),
)
