"""What the open-licence domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain, Work
from zhichan.licensing import access, commands, demo, models, routes, service, views


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        made = demo.load(session=session, principal=ctx.operator, today=ctx.today)
    return f"新建 {made} 份声明，含公告、许可、备案、撤回与调解" if made else "已存在"


def _work(session: Session, principal: Principal) -> list[Work]:
    items = []
    if access.is_office(principal):
        items.append(Work("待审查的开放许可声明",
                          service.count_declarations(session=session, status="submitted"),
                          "/licensing/office", "licensing.office"))  # fmt: skip
    if principal.can_edit:
        drafts = service.count_declarations(
            session=session, status="draft", org_id=principal.org_id
        )
        items.append(Work("未提交的声明草稿", drafts, "/licensing/mine", "licensing.mine"))
    return items


DOMAIN = Domain(
    name="licensing",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("licensing", commands.licensing_app),),
    demo=(DemoStep("开放许可（演示）", 40, _demo),),
    work=_work,
)
