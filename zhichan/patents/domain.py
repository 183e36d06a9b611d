"""What the patents domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.db.runtime import Runtime
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.jobs.kinds import Kind
from zhichan.patents import commands, demo, jobs, models, routes, views


def _demo(ctx: DemoContext) -> None:
    demo.load(
        factory=ctx.runtime.session_factory,
        data_dir=ctx.shared,
        principal=ctx.operator,
        echo=ctx.echo,
    )


def _jobs(rt: Runtime) -> list[Kind]:
    return [jobs.kind(rt.session_factory, rt.settings.workers, rt.settings.data_path / "uploads")]


DOMAIN = Domain(
    name="patents",
    routers=(routes.api_router, routes.legacy_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(
        Command("patents", commands.patents_app),
        Command("import", commands.import_command),
        Command("export", commands.export_command),
    ),
    jobs=_jobs,
    demo=(DemoStep("专利数据（真实记录）", 20, _demo),),
)
