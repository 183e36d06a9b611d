"""What the pledge-financing domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.core.principal import OrgKind, Principal
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain, Work
from zhichan.pledge import commands, demo, forms, models, routes, views
from zhichan.pledge.models import Claim, Loan, Referral


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        return demo.load(session=session, principal=ctx.operator, today=ctx.today)


def _count(session: Session, stmt: object) -> int:
    return session.scalar(stmt) or 0  # type: ignore[call-overload]


def _work(session: Session, principal: Principal) -> list[Work]:
    items = []
    if principal.org_kind is OrgKind.BANK:
        waiting = select(func.count()).where(
            Loan.owner_org_id == principal.org_id, Loan.status.in_(("submitted", "bank_review"))
        )
        items.append(
            Work("待办理的质押贷款申请", _count(session, waiting), "/pledge", "pledge.bank")
        )
    if principal.org_kind is OrgKind.IP_OFFICE:
        asked = select(func.count()).select_from(Referral).where(Referral.status == "submitted")
        items.append(Work("银行送评待答复", _count(session, asked), "/pledge", "pledge.office"))
        claimed = select(func.count()).select_from(Claim).where(Claim.status == "computed")
        items.append(Work("待审核的补贴申领", _count(session, claimed), "/pledge", "pledge.office"))
    return items


DOMAIN = Domain(
    name="pledge",
    routers=(routes.api_router, views.page_router, forms.form_router),
    nav=views.NAV,
    models=models,
    commands=(Command("pledge", commands.pledge_app),),
    demo=(DemoStep("知识产权质押融资（演示）", 80, _demo),),
    work=_work,
)
