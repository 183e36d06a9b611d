"""``zhichan watch …``: watches kept under the platform organisation (the shell user acts as
the platform operator), a scan of every active watch, the alerts and the weekly digest."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.core import dates, output
from zhichan.core.errors import InvalidInput
from zhichan.search.engine import SearchEngine
from zhichan.watch import export, service
from zhichan.watch.schemas import WatchIn

watch_app = typer.Typer(
    help="专利监测：竞争对手、技术领域与专利集合的变化提醒", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


@watch_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="监测名称")],
    target: Annotated[list[str], typer.Option(help="监测对象（申请人、IPC 或专利号），可多次给出")],
    kind: Annotated[
        str, typer.Option(help="applicant=申请人、ipc=IPC 领域、patents=专利集合、query=检索式")
    ] = "applicant",
    mine: Annotated[
        list[str] | None, typer.Option(help="本机构专利号（相似的新记录会提醒）")
    ] = None,
    threshold: Annotated[float, typer.Option(min=0.05, max=0.95, help="相似度阈值")] = 0.35,
) -> None:
    """新建一个监测（下一次扫描建立基线）。"""
    if kind not in service.KINDS:
        known = "、".join(f"{k}={v}" for k, v in service.KINDS.items())
        raise InvalidInput(f"未知的监测类型：{kind}（可选：{known}）")
    data = WatchIn(name=name, kind=kind, targets=target, mine=mine or [], threshold=threshold)  # type: ignore[arg-type]
    with clictx.session(will_write=True) as session:
        w = service.create_watch(session=session, principal=clictx.operator(), data=data)
    typer.echo(f"已新建监测 {w.id}：{w.name}（{w.kind_label}：{'、'.join(w.targets)}）")


@watch_app.command("list")
def list_command(as_json: JsonOpt = False) -> None:
    """列出监测。"""
    with clictx.session() as session:
        rows = service.list_watches(session=session, principal=clictx.operator())
    if as_json:
        output.print_json(rows)
        return
    for w in rows:
        scanned = dates.shanghai_text(w.last_scan_at) if w.last_scan_at else "尚未扫描"
        typer.echo(
            f"{w.id}\t{w.name}\t{w.kind_label}\t{'、'.join(w.targets)}\t"
            f"范围内 {w.items} 件\t未读 {w.unread}\t{scanned}"
        )


@watch_app.command("remove")
def remove_command(watch_id: Annotated[int, typer.Argument(help="监测编号")]) -> None:
    """删除一个监测及其提醒。"""
    with clictx.session(will_write=True) as session:
        service.delete_watch(session=session, principal=clictx.operator(), watch_id=watch_id)
    typer.echo(f"已删除监测 {watch_id}")


@watch_app.command("scan")
def scan_command(
    watch_id: Annotated[int | None, typer.Option("--watch", help="只扫描这个监测")] = None,
    as_json: JsonOpt = False,
) -> None:
    """扫描所有启用的监测（第一次建立基线，此后对比上次扫描）。"""
    with clictx.session(will_write=True) as session:
        done = service.scan(
            session=session,
            principal=clictx.operator(),
            watch_id=watch_id,
            engine=clictx.service(SearchEngine),
        )
    if as_json:
        output.print_json(done)
        return
    for d in done:
        what = d.waiting or ("建立基线" if d.baseline else f"新提醒 {d.alerts} 条")
        typer.echo(
            f"{d.watch_id}\t{d.watch_name}\t读取 {d.read} 件，范围内 {d.in_scope} 件，{what}"
        )


@watch_app.command("alerts")
def alerts_command(
    unread: Annotated[bool, typer.Option("--unread", help="只列未读")] = False,
    limit: Annotated[int, typer.Option(min=1, max=200, help="条数")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """列出提醒（最新在前）及其依据。"""
    with clictx.session() as session:
        page = service.alerts(
            session=session, principal=clictx.operator(), size=limit, unread_only=unread
        )
    if as_json:
        output.print_json(page)
        return
    typer.echo(f"共 {page.total} 条，未读 {page.unread} 条")
    for a in page.items:
        typer.echo(f"[{a.kind_label}] {a.summary}（监测：{a.watch_name}）")
        for k, v in a.evidence:
            typer.echo(f"    {k}：{v}")


@watch_app.command("digest")
def digest_command(
    end: Annotated[str | None, typer.Option(help="截止日（默认今天），如 2026-12-03")] = None,
    days: Annotated[int, typer.Option(min=1, max=92, help="天数")] = 7,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="写出 .xlsx")] = None,
) -> None:
    """周报：一段时间内的提醒，按类型与监测计数。"""
    last = date.fromisoformat(end) if end else dates.today()
    with clictx.session() as session:
        d = service.digest(session=session, principal=clictx.operator(), end=last, days=days)
    typer.echo(f"{d.start} 至 {d.end}：提醒 {len(d.items)} 条")
    for label, n in d.counts.items():
        typer.echo(f"  {label}\t{n}")
    if out is not None:
        out.write_bytes(export.digest_xlsx(d))
        typer.echo(f"已写入 {out}")
