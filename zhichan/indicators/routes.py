"""The indicators API: figures by province, the verdicts behind them, each patent's evidence,
and for the office its inputs, parameters and the computation."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Path, Query, Request, UploadFile
from fastapi.responses import Response

from zhichan.accounts.deps import SignedIn, permit
from zhichan.core import dates
from zhichan.core.errors import InvalidInput
from zhichan.core.paging import Page
from zhichan.http.deps import DbSession, get_ctx
from zhichan.http.params import Id, Paging
from zhichan.http.routing import Router
from zhichan.indicators import export, inputs, jobs, service
from zhichan.indicators.schemas import (
    EvidenceRead,
    FiguresRead,
    LoadRead,
    OperationRead,
    ParameterIn,
    ParameterRead,
    ResultRow,
)

api_router = Router(prefix="/api/indicators", tags=["indicators"])
Number = Annotated[str, Path(max_length=64, description="公开（公告）号")]
CRITERION = "^(sei|family|maintained|pledge|award)$"


def figures_of(request: Request, session: DbSession) -> FiguresRead:
    settings = get_ctx(request).settings
    return service.figure_table(
        session=session, data_dir=settings.shared_path / "data", today=dates.today()
    )


@api_router.get("", dependencies=[permit("indicators.read")], response_model=FiguresRead,
                summary="各省指标、定义、人口与规划目标")  # fmt: skip
def figures(request: Request, session: DbSession) -> FiguresRead:
    return figures_of(request, session)


@api_router.get("/operations", dependencies=[permit("indicators.read")],
                response_model=list[OperationRead],
                summary="平台运营指标（盘活与开放许可登记；银行无权查看时为空）")  # fmt: skip
def operations(session: DbSession, principal: SignedIn) -> list[OperationRead]:
    return service.operations(session=session, principal=principal)


@api_router.get("/export.xlsx", dependencies=[permit("indicators.read")],
                summary="指标与逐件判定（Excel）")  # fmt: skip
def export_xlsx(request: Request, session: DbSession) -> Response:
    data = export.workbook(session, figures_of(request, session))
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="indicators.xlsx"'},
    )


@api_router.get("/report.pdf", dependencies=[permit("indicators.read")],
                summary="指标报告（PDF：各地区指标、平台运营指标、定义、参数与来源）")  # fmt: skip
def report_pdf(request: Request, session: DbSession, principal: SignedIn) -> Response:
    data = export.pdf(
        figures_of(request, session),
        service.operations(session=session, principal=principal),
        service.parameter_list(session=session),
    )
    disposition = 'attachment; filename="indicators.pdf"'
    return Response(
        data, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )


@api_router.get("/patents", dependencies=[permit("indicators.read")],
                response_model=Page[ResultRow], summary="指标背后的逐件判定")  # fmt: skip
def results(
    session: DbSession,
    paging: Paging,
    region: Annotated[str | None, Query(max_length=32)] = None,
    verdict: Annotated[str | None, Query(pattern="^(yes|no|unknown)$")] = None,
    criterion: Annotated[
        str | None, Query(pattern="^(sei|family|maintained|pledge|award)$")
    ] = None,
    disagree: Annotated[bool, Query(description="只列与官方标识不一致的")] = False,
) -> Page[ResultRow]:
    return service.results(session=session, region=region, verdict=verdict, criterion=criterion,
                           disagree=disagree, limit=paging.limit, offset=paging.offset)  # fmt: skip


@api_router.get("/patents/{number}", dependencies=[permit("indicators.read")],
                response_model=EvidenceRead, summary="一件专利的判定与依据")  # fmt: skip
def evidence(number: Number, session: DbSession) -> EvidenceRead:
    return service.evidence(session=session, number=number)


@api_router.get("/parameters", dependencies=[permit("indicators.read")],
                response_model=list[ParameterRead], summary="参数及其依据")  # fmt: skip
def parameter_list(session: DbSession) -> list[ParameterRead]:
    return service.parameter_list(session=session)


@api_router.put("/parameters/{key}", dependencies=[permit("indicators.manage")],
                response_model=list[ParameterRead], summary="设置参数（记入审计日志）")  # fmt: skip
def set_parameter(
    key: Annotated[str, Path(max_length=40)], data: ParameterIn, session: DbSession,
    principal: SignedIn,
) -> list[ParameterRead]:  # fmt: skip
    return service.set_parameter(session=session, principal=principal, key=key,
                                 value=data.value, note=data.note)  # fmt: skip


@api_router.get("/loads", dependencies=[permit("indicators.read")],
                response_model=list[LoadRead], summary="已导入的数据")  # fmt: skip
def loads(session: DbSession) -> list[LoadRead]:
    return service.loads(session=session)


async def read_upload(file: UploadFile) -> bytes:
    data = await file.read(inputs.MAX_BYTES + 1)
    if len(data) > inputs.MAX_BYTES:
        raise InvalidInput(f"文件超过 {inputs.MAX_BYTES // 1024 // 1024} MB，请分批导入")
    return data


@api_router.post("/loads", dependencies=[permit("indicators.manage")], response_model=LoadRead,
                 status_code=201, summary="导入同族、质押、获奖、官方标识或规划目标")  # fmt: skip
async def load(
    session: DbSession,
    principal: SignedIn,
    kind: Annotated[str, Query(pattern="^(families|pledges|awards|flags|targets)$")],
    file: Annotated[UploadFile, File(description="CSV 或 Excel（.xlsx）")],
) -> LoadRead:
    data = await read_upload(file)
    return service.load_file(session=session, principal=principal, kind=kind,
                             filename=file.filename or "upload", data=data)  # fmt: skip


@api_router.delete("/loads/{load_id}", dependencies=[permit("indicators.manage")],
                   status_code=204, summary="删除一次导入")  # fmt: skip
def delete_load(load_id: Id, session: DbSession, principal: SignedIn) -> Response:
    service.delete_load(session=session, principal=principal, load_id=load_id)
    return Response(status_code=204)


@api_router.post("/compute", dependencies=[permit("indicators.manage")], status_code=202,
                 summary="重新计算（后台任务）")  # fmt: skip
def compute(session: DbSession, principal: SignedIn) -> dict[str, object]:
    job = jobs.submit(session=session, principal=principal)
    return {"job_id": job.id, "state": job.state}
