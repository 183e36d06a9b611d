"""What the technical-comparison domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.forensics import commands, demo, jobs, models, routes, views
from zhichan.jobs.kinds import Kind


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        compared = demo.load(
            session=session,
            principal=ctx.operator,
            shared_data=ctx.shared,
            data_dir=ctx.runtime.settings.data_path,
        )
    return "演示法庭的一个案件，真实 IR-Plag 代码的比对与报告" if compared else "已存在"


def _jobs(rt: Runtime) -> list[Kind]:
    data = rt.settings.data_path
    return [jobs.kind(rt.session_factory, data), jobs.verify_kind(rt.session_factory, data)]


DOMAIN = Domain(
    name="forensics",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("compare", commands.compare_app), Command("evidence", commands.evidence_app)),
    jobs=_jobs,
    demo=(DemoStep("技术比对（演示）", 60, _demo),),
)
