"""JSON API of the forensics workspace under ``/api/forensics`` (own organisation only)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core.errors import InvalidInput
from zhichan.core.paging import Page
from zhichan.forensics import report, service
from zhichan.forensics.schemas import CaseIn, CaseRead, EvidenceRead, RunIn, RunRead
from zhichan.http.deps import DbSession
from zhichan.http.params import Id, Paging
from zhichan.http.routing import Router

api_router = Router(prefix="/api/forensics", tags=["forensics"])


@api_router.post(
    "/cases",
    dependencies=[permit("forensics.write")],
    response_model=CaseRead,
    status_code=201,
    summary="新建案件",
)
def create_case(case_in: CaseIn, session: DbSession, principal: SignedIn) -> CaseRead:
    case = service.create_case(session=session, principal=principal, case_in=case_in)
    return CaseRead.model_validate(case)


@api_router.get(
    "/cases",
    dependencies=[permit("forensics.read")],
    response_model=Page[CaseRead],
    summary="本机构的案件（新的在前；q 按名称或案号中的词查找）",
)
def list_cases(
    session: DbSession,
    principal: SignedIn,
    paging: Paging,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[CaseRead]:
    return service.list_cases(session=session, principal=principal, q=q, limit=paging.limit,
                              offset=paging.offset)  # fmt: skip


@api_router.get(
    "/cases/{case_id}/evidence",
    dependencies=[permit("forensics.read")],
    response_model=list[EvidenceRead],
    summary="案件的证据",
)
def list_evidence(case_id: Id, session: DbSession, principal: SignedIn) -> list[EvidenceRead]:
    service.get_case(session=session, principal=principal, case_id=case_id)
    return [
        EvidenceRead.model_validate(e)
        for e in service.evidence_of(session=session, case_id=case_id)
    ]


@api_router.post(
    "/cases/{case_id}/evidence",
    dependencies=[permit("forensics.write")],
    response_model=EvidenceRead,
    status_code=201,
    summary="上传证据（压缩包 zip/tar/7z 或单个文件），接收时计算 SHA-256",
)
def upload_evidence(
    case_id: Id,
    request: Request,
    session: DbSession,
    principal: SignedIn,
    file: Annotated[UploadFile, File()],
    label: Annotated[str | None, Form()] = None,
) -> EvidenceRead:
    evidence = service.add_evidence(
        session=session,
        principal=principal,
        case_id=case_id,
        stream=file.file,
        filename=file.filename or "evidence",
        label=label,
        data_dir=request.app.state.ctx.settings.data_path,
    )
    return EvidenceRead.model_validate(evidence)


@api_router.post(
    "/cases/{case_id}/runs",
    dependencies=[permit("forensics.write")],
    response_model=RunRead,
    status_code=202,
    summary="开始比对",
)
def start_run(
    case_id: Id, run_in: RunIn, request: Request, session: DbSession, principal: SignedIn
) -> RunRead:
    run = service.create_run(session=session, principal=principal, case_id=case_id, run_in=run_in)
    session.commit()  # the job's worker reads the run from its own session
    return service.run_read(session=session, run=run)


@api_router.get(
    "/runs/{run_id}",
    dependencies=[permit("forensics.read")],
    response_model=RunRead,
    summary="比对状态与进度",
)
def get_run(run_id: Id, session: DbSession, principal: SignedIn) -> RunRead:
    run = service.get_run(session=session, principal=principal, run_id=run_id)
    return service.run_read(session=session, run=run)


@api_router.get(
    "/runs/{run_id}/report.{fmt}",
    dependencies=[permit("forensics.read")],
    summary="报告：html、pdf 或 json",
)
def run_report(run_id: Id, fmt: str, session: DbSession, principal: SignedIn) -> Response:
    run = service.get_run(session=session, principal=principal, run_id=run_id)
    case = service.get_case(session=session, principal=principal, case_id=run.case_id)
    result = service.result_of(run)
    label = " ".join(x for x in (case.case_number, case.title) if x)
    name = f"forensics-run-{run.id}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "html":
        return HTMLResponse(report.html(result, case=label))
    if fmt == "pdf":
        return Response(
            report.pdf(result, case=label), media_type="application/pdf", headers=disposition
        )
    if fmt == "json":
        body = json.dumps(result, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json", headers=disposition)
    raise InvalidInput(f"不支持的报告格式：{fmt}（可选 html、pdf、json）")


@api_router.post(
    "/runs/{run_id}/verify",
    dependencies=[permit("forensics.write")],
    status_code=202,
    summary="核对证据并重跑，确认可复现（后台任务，返回任务编号；结果见任务的 result）",
)
def verify_run(run_id: Id, session: DbSession, principal: SignedIn) -> dict[str, Any]:
    job = service.submit_verify(session=session, principal=principal, run_id=run_id)
    return {"job_id": job.id, "state": job.state}
