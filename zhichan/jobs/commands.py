"""``zhichan jobs run|list|show|engine``: a worker process an operator can start, the queue,
and where batch work runs."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.core import output
from zhichan.core.paging import MAX_LIMIT
from zhichan.jobs import schemas, service, states
from zhichan.jobs.batch import Batch
from zhichan.jobs.kinds import LANES, Registry
from zhichan.jobs.worker import of as worker_of

jobs_app = typer.Typer(help="后台任务", no_args_is_help=True)


@jobs_app.command("run")
def run(
    until_idle: Annotated[
        bool, typer.Option("--until-idle", help="队列空了就退出（默认一直运行，Ctrl-C 停止）")
    ] = False,
    lane: Annotated[
        list[str], typer.Option("--lane", help="只处理这些通道：default、index、vectors")
    ] = [],  # noqa: B006
) -> None:
    """启动后台任务进程：处理导入、索引同步、语义向量、技术比对等排队的任务。"""
    rt = clictx.runtime()
    unknown = [x for x in lane if x not in LANES]
    if unknown:
        raise typer.BadParameter(f"未知的通道：{'、'.join(unknown)}；可用：{'、'.join(LANES)}")
    worker = worker_of(rt, lanes=tuple(lane) or LANES)
    if until_idle:
        moved = service.recover(rt.session_factory, rt.get(Registry))
        if moved:
            typer.echo(f"已处理 {len(moved)} 个被中断的任务", err=True)
        ran = worker.run_until_idle()
        typer.echo(f"已运行 {ran} 个任务；队列已空（等待重试的任务留待下次）")
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    typer.echo("后台任务进程已启动（Ctrl-C 停止）", err=True)
    stop.wait()
    typer.echo("正在停止：运行中的任务会在下一个进度点停下并重新排队……", err=True)
    worker.stop()


@jobs_app.command("list")
def list_jobs(
    state: Annotated[
        str | None, typer.Option(help="只看某一状态：" + "、".join(states.LABELS))
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="条数")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """列出最近的后台任务。"""
    rt = clictx.runtime()
    with clictx.session() as session:
        total, rows = service.list_jobs(
            session=session, principal=clictx.operator(), state=state, limit=limit
        )
        items = [schemas.read(j, rt.get(Registry).labels()) for j in rows]
    if as_json:
        output.print_json(items)
        return
    typer.echo(f"共 {total} 个任务，最近 {len(items)} 个：")
    for j in items:
        shown = f"{j.done}/{j.total}" if j.total else ""
        note = j.message or j.stage or ""
        typer.echo(f"#{j.id:<6} {j.kind_label:<10} {j.state_label:<5} {shown:<12} {note}")


@jobs_app.command("show")
def show(job_id: Annotated[int, typer.Argument(min=1, help="任务编号")]) -> None:
    """显示一个后台任务的全部信息（JSON）。"""
    rt = clictx.runtime()
    with clictx.session() as session:
        job = service.get(session=session, job_id=job_id, principal=clictx.operator())
        view = schemas.read(
            job, rt.get(Registry).labels(), service.children(session=session, job_id=job_id)
        )
    output.print_json(view)


ENGINE_LABELS = {
    "scheduler": "调度器",
    "workers": "工作进程",
    "threads": "计算线程",
    "memory_gb": "内存上限（GB）",
}


@jobs_app.command("engine")
def engine(as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """显示批量计算（语义向量、索引分词、批量匹配）在哪里运行：本机或 Dask 集群及其工作进程。"""
    batch = clictx.runtime().get(Batch)
    try:
        info = batch.describe()
    finally:
        batch.close()
    if as_json:
        output.print_json(info)
        return
    for key, value in info.items():
        typer.echo(f"{ENGINE_LABELS[key]}：{value}")
