"""The watch API: an organisation's watches, a scan in the background, the alert inbox and
the weekly digest."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from fastapi.responses import Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.http import downloads
from zhichan.http.deps import DbSession
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.watch import export, jobs, rules, service
from zhichan.watch.schemas import AlertPage, DigestRead, ReadIn, WatchIn, WatchRead

api_router = Router(prefix="/api/watch", tags=["watch"])
Page = Annotated[int, Query(ge=1, le=10_000)]
Size = Annotated[int, Query(ge=1, le=200)]
Days = Annotated[int, Query(ge=1, le=92, description="天数（默认 7，一周）")]
AlertKind = Annotated[str | None, Query(max_length=24, description="、".join(rules.KINDS))]


@api_router.get(
    "/watches",
    dependencies=[permit("watch.read")],
    response_model=list[WatchRead],
    summary="本机构的专利监测",
)
def watches(session: DbSession, principal: SignedIn) -> list[WatchRead]:
    return service.list_watches(session=session, principal=principal)


@api_router.post(
    "/watches",
    status_code=201,
    dependencies=[permit("watch.manage")],
    response_model=WatchRead,
    summary="新建监测（申请人、IPC 领域或专利集合）",
)
def create(data: WatchIn, session: DbSession, principal: SignedIn) -> WatchRead:
    return service.create_watch(session=session, principal=principal, data=data)


@api_router.delete(
    "/watches/{watch_id}",
    status_code=204,
    dependencies=[permit("watch.manage")],
    summary="删除监测及其提醒",
)
def remove(watch_id: Id, session: DbSession, principal: SignedIn) -> Response:
    service.delete_watch(session=session, principal=principal, watch_id=watch_id)
    return Response(status_code=204)


@api_router.post(
    "/scan",
    status_code=202,
    dependencies=[permit("watch.manage")],
    summary="扫描本机构的监测（后台任务；导入后也会自动扫描）",
)
def scan(session: DbSession, principal: SignedIn) -> dict[str, object]:
    job = jobs.submit(session=session, principal=principal)
    return {"job_id": job.id, "state": job.state}


@api_router.get(
    "/alerts",
    dependencies=[permit("watch.read")],
    response_model=AlertPage,
    summary="提醒收件箱（最新在前）",
)
def alerts(
    session: DbSession,
    principal: SignedIn,
    page: Page = 1,
    size: Size = 50,
    unread: bool = False,
    watch_id: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    kind: AlertKind = None,
) -> AlertPage:
    return service.alerts(
        session=session,
        principal=principal,
        page=page,
        size=size,
        unread_only=unread,
        watch_id=watch_id,
        kind=kind,
    )


@api_router.post(
    "/alerts/read", dependencies=[permit("watch.read")], summary="把提醒标为已读（指定的，或全部）"
)
def read(data: ReadIn, session: DbSession, principal: SignedIn) -> dict[str, int]:
    changed = service.mark_read(session=session, principal=principal, ids=data.ids, every=data.all)
    return {"changed": changed}


@api_router.get(
    "/digest",
    dependencies=[permit("watch.read")],
    response_model=DigestRead,
    summary="周报：一段时间内的提醒（默认截至今天的 7 天）",
)
def digest(
    session: DbSession, principal: SignedIn, end: date | None = None, days: Days = 7
) -> DigestRead:
    return service.digest(session=session, principal=principal, end=end or dates.today(), days=days)


@api_router.get("/digest.xlsx", dependencies=[permit("watch.read")], summary="周报（Excel）")
def digest_xlsx(
    session: DbSession, principal: SignedIn, end: date | None = None, days: Days = 7
) -> Response:
    d = service.digest(session=session, principal=principal, end=end or dates.today(), days=days)
    return downloads.download(export.digest_xlsx(d), f"监测周报-{d.end}.xlsx", "watch-digest.xlsx")
