"""What the stock-patent transfer domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhichan.core.principal import OrgKind, Principal
from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work
from zhichan.domain import Command, DemoContext, DemoStep, Domain, Work
from zhichan.jobs.batch import Batch
from zhichan.jobs.kinds import Kind
from zhichan.search.service import SearchEngine
from zhichan.transfer import commands, deals, demo, jobs, models, push, routes, service, views


def _demo(ctx: DemoContext) -> str:
    with unit_of_work(ctx.runtime.session_factory, ctx.operator, will_write=True) as session:
        pooled = demo.load(session=session, principal=ctx.operator, today=ctx.today)
    return f"资源库 {pooled} 件真实专利，演示需求、推送、反馈与交易" if pooled else "已存在"


def _work(session: Session, principal: Principal) -> list[Work]:
    items = [
        Work("未读消息", push.unread_count(session=session, principal=principal),
             "/transfer/messages?unread=1", "transfer.deals.read"),
        Work("轮到本方办理的交易", deals.waiting_count(session=session, principal=principal),
             "/transfer/deals", "transfer.deals.read"),
    ]  # fmt: skip
    if principal.org_kind is OrgKind.UNIVERSITY:
        todo = service.list_items(session=session, principal=principal, status="pending", limit=1)
        items.append(Work("待盘点的专利", todo.total, "/transfer/inventory?status=pending",
                          "transfer.inventory.page"))  # fmt: skip
    if principal.org_kind is OrgKind.IP_OFFICE:
        pool = service.list_items(session=session, principal=principal, pool=True, limit=1)
        items.append(Work("资源库专利", pool.total, "/transfer", "transfer.pool.read"))
    return items


def _jobs(rt: Runtime) -> list[Kind]:
    search = rt.get(SearchEngine) if rt.settings.embedding_model else None
    uploads = rt.settings.data_path / jobs.SHEET_UPLOADS
    return [
        jobs.kind(search, rt.get(Batch)),
        jobs.sheet_kind(rt.session_factory, uploads),
        jobs.learn_kind(search),
    ]


DOMAIN = Domain(
    name="transfer",
    routers=(routes.api_router, views.page_router),
    nav=views.NAV,
    models=models,
    commands=(Command("transfer", commands.transfer_app),),
    jobs=_jobs,
    demo=(DemoStep("存量专利盘活（演示）", 50, _demo),),
    work=_work,
)
