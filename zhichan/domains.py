"""Every domain of the platform, in the order their routes are mounted. A new domain writes its
``<package>/domain.py`` and adds one line here; the web app, the CLI, the runtime, the demo
loader and the migrations read this list and nothing else."""

from __future__ import annotations

from sqlalchemy import MetaData

from zhichan.accounts import commands as accounts_commands
from zhichan.accounts import demo as accounts_demo
from zhichan.accounts import models as accounts_models
from zhichan.accounts import routes as accounts_routes
from zhichan.accounts import views as accounts_views
from zhichan.db.base import Base
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain
from zhichan.forensics.domain import DOMAIN as FORENSICS
from zhichan.indicators.domain import DOMAIN as INDICATORS
from zhichan.jobs import commands as jobs_commands
from zhichan.jobs import models as jobs_models
from zhichan.jobs import routes as jobs_routes
from zhichan.jobs import views as jobs_views
from zhichan.law.domain import DOMAIN as LAW
from zhichan.licensing.domain import DOMAIN as LICENSING
from zhichan.navigation.domain import DOMAIN as NAVIGATION
from zhichan.patents.domain import DOMAIN as PATENTS
from zhichan.pledge.domain import DOMAIN as PLEDGE
from zhichan.search.domain import DOMAIN as SEARCH
from zhichan.transfer.domain import DOMAIN as TRANSFER
from zhichan.valuation.domain import DOMAIN as VALUATION
from zhichan.watch.domain import DOMAIN as WATCH


def _demo_accounts(ctx: DemoContext) -> str:
    rt = ctx.runtime
    with unit_of_work(rt.session_factory, ctx.operator) as session:
        accounts = accounts_demo.load(session=session, principal=ctx.operator)
    path = rt.settings.data_path / "demo-accounts.txt"
    if not accounts:
        return f"演示账号已存在（密码见 {path}）"
    lines = [f"{a.username}\t{a.password}\t{a.organisation}" for a in accounts]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("登录名\t密码\t机构\n" + "\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return "\n".join([f"已创建演示账号（密码同时保存在 {path}）：", *("  " + li for li in lines)])


# Accounts and jobs are shared layers below the domains (every domain uses them), so their
# records are written here rather than in their own packages.
ACCOUNTS = Domain(
    name="accounts",
    routers=(accounts_routes.api_router, accounts_views.page_router),
    nav=accounts_views.NAV,
    models=accounts_models,
    commands=(
        Command("org", accounts_commands.org_app),
        Command("user", accounts_commands.user_app),
        Command("token", accounts_commands.token_app),
    ),
    demo=(DemoStep("演示机构与账号", 10, _demo_accounts, needs_shared=False),),
)

JOBS = Domain(
    name="jobs",
    routers=(jobs_routes.api_router, jobs_views.page_router),
    nav=jobs_views.NAV,
    models=jobs_models,
    commands=(Command("jobs", jobs_commands.jobs_app),),
)

ALL: tuple[Domain, ...] = (
    ACCOUNTS, PATENTS, SEARCH, LAW, LICENSING, TRANSFER, INDICATORS, VALUATION, PLEDGE,
    NAVIGATION, WATCH, FORENSICS, JOBS,
)  # fmt: skip


def metadata() -> MetaData:
    """Every table of every domain (their model modules are imported above)."""
    return Base.metadata
