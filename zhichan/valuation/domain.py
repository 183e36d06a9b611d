"""What the valuation domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from sqlalchemy import func, select

from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.http.nav import PatentNotes
from zhichan.jobs.kinds import Kind
from zhichan.patents import service as patents_service
from zhichan.search import service as search_service
from zhichan.search.service import SearchEngine
from zhichan.valuation import commands, jobs, models, routes, service, store, views


def _demo(ctx: DemoContext) -> str:
    """Measure the demo's real records (originality follows once vectors exist)."""
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        n = store.refresh(session, ctx.today, None)
    return f"已计算 {n} 件专利的估值基础数据（文本原创性在语义向量生成后补齐）"


def _jobs(rt: Runtime) -> list[Kind]:
    return jobs.kinds(rt.get(SearchEngine))


def _derived(rt: Runtime) -> list[str]:
    """The measures when records were never measured."""
    with unit_of_work(rt.session_factory) as session:
        measured = session.scalar(select(func.count()).select_from(models.Measure)) or 0
        behind = patents_service.patent_count(session=session) > measured
    if behind:
        jobs.queue_measures(rt.session_factory)
        return [jobs.MEASURES]
    return []


DOMAIN = Domain(
    name="valuation",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("valuation", commands.valuation_app),),
    jobs=_jobs,
    derived=_derived,
    demo=(DemoStep("专利价值评估基础数据", 75, _demo),),
    listeners=(
        (patents_service.CHANGED, jobs.queue_measures),
        (search_service.VECTORS, jobs.queue_measures),
    ),
    patent_notes=(PatentNotes("valuation.read", service.patent_notes),),
)
