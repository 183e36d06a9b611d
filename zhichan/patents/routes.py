"""JSON API of the patents domain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.core import tables
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.http.deps import DbSession, get_ctx
from zhichan.http.params import Id, Paging
from zhichan.http.routing import Router
from zhichan.patents import export, jobs, service
from zhichan.patents.importers.detect import FORMATS
from zhichan.patents.schemas import BatchRead, JobStatus, PatentDetail, PatentPage

api_router = Router(prefix="/api/v1/patents", tags=["patents"])
legacy_router = Router(prefix="/api/patents", tags=["patents"])


def submit_upload(
    request: Request,
    session: Session,
    principal: Principal,
    file: UploadFile,
    fmt: str,
    strict: bool,
) -> JobStatus:
    """Queue a background import of an uploaded file (shared by the API and the page)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"未知格式 {fmt}；可用：{', '.join(FORMATS)}")
    job = jobs.submit(
        session=session,
        upload_dir=get_ctx(request).settings.data_path / "uploads",
        stream=file.file,
        filename=file.filename or "upload",
        principal=principal,
        fmt=fmt,
        strict=strict,
    )
    session.commit()  # the worker reads the job from its own session
    return jobs.status(session=session, job_id=job.id, principal=principal)


@api_router.get(
    "",
    dependencies=[permit("patents.read")],
    response_model=PatentPage,
    summary="专利列表（可筛选）",
)
def list_patents(
    session: DbSession,
    paging: Paging,
    query: Annotated[str | None, Query(description="筛选条件，如 PA=华为 AD>=2020-01-01")] = None,
) -> PatentPage:
    return service.list_patents(
        session=session, query=query, limit=paging.limit, offset=paging.offset
    )


EXPORT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@api_router.get(
    "/export", dependencies=[permit("patents.read")], summary="导出（jsonl 无损 / csv / xlsx）"
)
def export_patents(
    request: Request,
    session: DbSession,
    fmt: Annotated[str, Query(alias="format", pattern="^(jsonl|csv|xlsx)$")] = "jsonl",
    query: Annotated[str | None, Query()] = None,
) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="patents.{fmt}"'}
    if fmt == "xlsx":
        data = export.xlsx_bytes(service.export_records(session=session, query=query))
        return Response(data, media_type=EXPORT_TYPES[fmt], headers=headers)
    service.check_query(query)
    factory = get_ctx(request).session_factory

    def body() -> Iterator[bytes]:
        # The request's session closes when this function returns; the stream needs its own.
        with factory() as stream_session:
            recs = service.export_records(session=stream_session, query=query)
            for piece in export.stream(fmt, recs):
                yield piece.encode("utf-8")

    return StreamingResponse(body(), media_type=EXPORT_TYPES[fmt], headers=headers)


@api_router.post(
    "/imports",
    dependencies=[permit("patents.import")],
    response_model=JobStatus,
    status_code=202,
    summary="上传并导入（后台进行）",
)
def start_import(
    request: Request,
    session: DbSession,
    principal: SignedIn,
    file: Annotated[UploadFile, File(description="专利数据文件")],
    fmt: Annotated[str, Form(alias="format")] = "auto",
    strict: Annotated[bool, Form()] = False,
) -> JobStatus:
    return submit_upload(request, session, principal, file, fmt, strict)


@api_router.get(
    "/imports/{job_id}",
    dependencies=[permit("patents.batches")],
    response_model=JobStatus,
    summary="导入进度与检索索引状态",
)
def import_status(
    session: DbSession, job_id: Annotated[int, Path(ge=1, le=2**63 - 1)], principal: SignedIn
) -> JobStatus:
    return jobs.status(session=session, job_id=job_id, principal=principal)


@api_router.get(
    "/batches",
    dependencies=[permit("patents.batches")],
    response_model=list[BatchRead],
    summary="导入批次",
)
def batches(session: DbSession, principal: CurrentPrincipal) -> list[BatchRead]:
    return service.list_batches(session=session, principal=principal)


ISSUE_HEADER = ["批次", "级别", "位置", "字段", "原因"]


@api_router.get(
    "/batches/{batch_id}/issues.csv",
    dependencies=[permit("patents.batches")],
    summary="批次逐行错误报告（CSV）",
)
def batch_issues_csv(
    batch_id: Id, session: DbSession, principal: CurrentPrincipal
) -> StreamingResponse:
    batch, issues = service.batch_issues(session=session, principal=principal, batch_id=batch_id)
    rows = ([batch.id, i.severity, i.location, i.field, i.reason] for i in issues)
    return StreamingResponse(
        tables.csv_lines(ISSUE_HEADER, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="batch-{batch.id}-issues.csv"'},
    )


@api_router.get(
    "/{number}",
    dependencies=[permit("patents.read")],
    response_model=PatentDetail,
    summary="专利详情",
)
@legacy_router.get(
    "/{number}",
    dependencies=[permit("patents.read")],
    response_model=PatentDetail,
    summary="专利详情",
    include_in_schema=False,
)
def patent(number: str, session: DbSession) -> PatentDetail:
    return service.detail(session=session, number=number)
