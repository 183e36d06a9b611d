"""The navigation API: make a report over a scope, read and re-run it, download it as Word,
PDF or Excel; the applicant alias table."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path
from fastapi.responses import Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.http import downloads
from zhichan.http.deps import DbSession
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.navigation import export, jobs, service
from zhichan.navigation.schemas import (
    AliasIn,
    AliasRead,
    ReportIn,
    ReportRead,
    ReportRow,
    RerunRead,
)

api_router = Router(prefix="/api/navigation", tags=["navigation"])
Format = Annotated[Literal["docx", "pdf", "xlsx"], Path(description="docx、pdf 或 xlsx")]
WRITERS = {"docx": export.docx, "pdf": export.pdf, "xlsx": export.xlsx}


@api_router.get(
    "/reports",
    dependencies=[permit("navigation.read")],
    response_model=list[ReportRow],
    summary="本机构的导航报告（最新在前）",
)
def reports(session: DbSession, principal: SignedIn) -> list[ReportRow]:
    return service.list_reports(session=session, principal=principal)


@api_router.post(
    "/reports",
    status_code=201,
    dependencies=[permit("navigation.report")],
    response_model=ReportRead,
    summary="按范围生成一份导航报告（保存，附数据清单）",
)
def make_report(data: ReportIn, session: DbSession, principal: SignedIn) -> ReportRead:
    return service.make_report(session=session, principal=principal, data=data, today=dates.today())


@api_router.post(
    "/reports/jobs",
    status_code=202,
    dependencies=[permit("navigation.report")],
    summary="在后台生成一份导航报告（大型专利库用；完成后任务结果含报告编号）",
)
def make_report_job(data: ReportIn, session: DbSession, principal: SignedIn) -> dict[str, object]:
    service.check(data)
    job = jobs.submit_report(session=session, principal=principal, data=data)
    return {"job_id": job.id, "state": job.state}


@api_router.get(
    "/reports/{report_id}",
    dependencies=[permit("navigation.read")],
    response_model=ReportRead,
    summary="一份导航报告：章节、图表数据、口径与数据清单",
)
def report(report_id: Id, session: DbSession, principal: SignedIn) -> ReportRead:
    return service.get_report(session=session, principal=principal, report_id=report_id)


@api_router.get(
    "/reports/{report_id}/rerun",
    dependencies=[permit("navigation.read")],
    response_model=RerunRead,
    summary="按清单重跑并核对（数据快照与图表数据是否相同）",
)
def rerun(report_id: Id, session: DbSession, principal: SignedIn) -> RerunRead:
    return service.rerun(session=session, principal=principal, report_id=report_id)


@api_router.get(
    "/reports/{report_id}/download/{fmt}",
    dependencies=[permit("navigation.read")],
    summary="下载报告：Word（可编辑）、PDF 或 Excel 附表",
)
def download(report_id: Id, fmt: Format, session: DbSession, principal: SignedIn) -> Response:
    r = service.get_report(session=session, principal=principal, report_id=report_id)
    return downloads.download(
        WRITERS[fmt](r), f"导航报告-{r.id}-{r.title}.{fmt}", f"navigation-{r.id}.{fmt}"
    )


@api_router.get(
    "/aliases",
    dependencies=[permit("navigation.read")],
    response_model=list[AliasRead],
    summary="申请人别名表",
)
def aliases(session: DbSession) -> list[AliasRead]:
    return service.aliases(session=session)


@api_router.post(
    "/aliases",
    status_code=201,
    dependencies=[permit("navigation.alias")],
    response_model=AliasRead,
    summary="把申请人的一种写法计入统一名称（记入审计日志）",
)
def set_alias(data: AliasIn, session: DbSession, principal: SignedIn) -> AliasRead:
    return service.set_alias(session=session, principal=principal, data=data)


@api_router.delete(
    "/aliases/{alias_id}",
    status_code=204,
    dependencies=[permit("navigation.alias")],
    summary="删除一条别名",
)
def delete_alias(alias_id: Id, session: DbSession, principal: SignedIn) -> Response:
    service.delete_alias(session=session, principal=principal, alias_id=alias_id)
    return Response(status_code=204)
