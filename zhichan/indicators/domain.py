"""What the indicators domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.db.sets import PatentSet
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.http.nav import PatentNotes
from zhichan.indicators import commands, jobs, models, routes, service, views
from zhichan.jobs.kinds import Kind
from zhichan.patents import service as patents_service


def _demo(ctx: DemoContext) -> str:
    """Judge the demo's real records (no family, pledge or award data: those stay unknown)."""
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        counts = service.run(session=session, principal=ctx.operator, today=ctx.today)
    return (f"已判定 {counts.get('patents', 0)} 件：高价值 {counts.get('yes', 0)}，"
            f"无法判断 {counts.get('unknown', 0)}（演示数据缺少同族、质押与获奖数据）")  # fmt: skip


def _jobs(_rt: Runtime) -> list[Kind]:
    return [jobs.kind()]


DOMAIN = Domain(
    name="indicators",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("indicators", commands.indicators_app),),
    jobs=_jobs,
    demo=(DemoStep("高价值发明专利判定（演示数据）", 70, _demo),),
    listeners=((patents_service.CHANGED, jobs.after_import),),
    patent_notes=(PatentNotes("indicators.read", service.patent_notes),),
    patent_sets=(
        PatentSet("hv", "高价值发明专利", service.HV_VALUES, "indicators.read", service.patent_ids),
    ),
)
