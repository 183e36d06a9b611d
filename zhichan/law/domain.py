"""What the statutes domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.jobs.batch import Batch
from zhichan.jobs.kinds import Kind
from zhichan.law import commands, jobs, models, routes, service, views


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator) as session:
        report = service.load_corpus(session=session, root=ctx.shared / "law")
    return f"{report.instruments} 部，{report.articles} 条"


def _jobs(rt: Runtime) -> list[Kind]:
    return [
        jobs.kind(
            rt.session_factory, rt.settings.data_path, rt.settings.embedding_model, rt.get(Batch)
        )
    ]


def _derived(rt: Runtime) -> list[str]:
    model = rt.settings.embedding_model
    return (
        [jobs.EMBED]
        if jobs.enqueue_if_missing(rt.session_factory, rt.settings.data_path, model)
        else []
    )


DOMAIN = Domain(
    name="law",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("law", commands.law_app),),
    jobs=_jobs,
    derived=_derived,
    demo=(DemoStep("法律法规", 30, _demo),),
)
