"""``zhichan transfer …``: inventory, matching, batch push and statistics from the shell.

The shell user acts as the platform operator (office and, with ``--org``, the institution).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.accounts import service as accounts_service
from zhichan.core import dates, output
from zhichan.jobs.batch import Batch
from zhichan.search.service import SearchEngine
from zhichan.transfer import learning, push, recommendations, service, sheet, stats

transfer_app = typer.Typer(help="存量专利盘活：盘点、匹配、推送、统计", no_args_is_help=True)
inventory_app = typer.Typer(help="盘点表", no_args_is_help=True)
transfer_app.add_typer(inventory_app, name="inventory")

JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


@transfer_app.command("match")
def match_command(
    need: Annotated[str, typer.Option(help="技术需求（日常语言）")],
    k: Annotated[int, typer.Option(help="返回件数")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """为一段技术需求匹配资源库中的专利，并解释每一件为什么匹配。"""
    rt = clictx.runtime()
    with clictx.session() as session:
        result = recommendations.match_text(
            session=session, text=need, engine=rt.get(SearchEngine), k=k
        )
    if as_json:
        output.print_json(result)
        return
    typer.echo(f"资源库 {result.pool_size} 件；信号权重 {result.weights}")
    if result.note:
        typer.echo(f"注意：{result.note}")
    for n, m in enumerate(result.items, 1):
        typer.echo(
            f"{n}. {m.number} {m.title or ''}（{m.institution}，分层 {m.tier}）得分 {m.score}"
        )
        parts = "；".join(f"{s.label} {s.value}×{s.weight}" for s in m.signals if s.value)
        typer.echo(f"   {parts}")
        if m.terms:
            typer.echo(f"   共有词：{'、'.join(m.terms[:8])}")
        if m.passage:
            typer.echo(f"   相关段落：{m.passage[:120]}")


@transfer_app.command("push")
def push_command(
    k: Annotated[int, typer.Option(help="每家企业、每件专利各推送前 k 个")] = 5,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只预览，不写入、不发消息")] = False,
    export: Annotated[Path | None, typer.Option(help="推送清单导出到 .csv 或 .xlsx")] = None,
    as_json: JsonOpt = False,
) -> None:
    """批量推送：企业的前 k 件新专利与专利的前 k 家企业，去掉已推送过的。"""
    rt = clictx.runtime()
    t = time.perf_counter()
    with clictx.session(will_write=not dry_run) as session:
        report = push.run(
            session=session,
            principal=clictx.operator(),
            k=k,
            dry_run=dry_run,
            engine=rt.get(SearchEngine),
            today=dates.today(),
            batch=rt.get(Batch),
        )
    if export:
        if export.suffix.lower() == ".xlsx":
            export.write_bytes(push.to_xlsx(report))
        else:
            export.write_text(push.to_csv(report), encoding="utf-8")
    if as_json:
        output.print_json(report)
        return
    verb = "预览（未写入）" if dry_run else "已推送"
    typer.echo(
        f"批次 {report.batch} {verb}：{len(report.pairs)} 对（企业 {report.enterprises} 家，"
        f"资源库 {report.pool} 件），用时 {time.perf_counter() - t:.1f} 秒"
    )
    for x in report.pairs[:20]:
        typer.echo(f"  {x.enterprise} ← {x.number} {x.title or ''}（{x.direction}，{x.score}）")
    if export:
        typer.echo(f"清单已导出到 {export}")


@transfer_app.command("stats")
def stats_command(
    unit: Annotated[str, typer.Option(help="期间：month / quarter / year")] = "month",
    export: Annotated[Path | None, typer.Option(help="导出 Excel")] = None,
    as_json: JsonOpt = False,
) -> None:
    """盘活统计：资源库、推送、反馈、交易、转化率与产业化率（附口径）。"""
    with clictx.session() as session:
        result = stats.compute(session=session, principal=clictx.operator(), unit=unit)
    if export:
        export.write_bytes(stats.to_xlsx(result))
    if as_json:
        output.print_json(result)
        return
    typer.echo(
        f"资源库 {result.pool} 件 {result.by_tier}；推送 {result.pushes}，"
        f"打开率 {result.open_rate:.1%}，"
        f"反馈率 {result.feedback_rate:.1%}；意向 {result.intents}；交易 {result.deals}，"
        f"合同金额 {result.amount} 元；转化率 {result.conversion_rate:.2%}，"
        f"产业化率 {result.industrialisation_rate:.2%}"
    )
    for definition in result.definitions.values():
        typer.echo(f"  · {definition}")


@inventory_app.command("add")
def inventory_add(
    org: Annotated[str, typer.Option(help="高校或科研院所名称")],
    patent: Annotated[
        list[str] | None, typer.Option(help="专利号，可重复；不给则按机构名称匹配申请人")
    ] = None,
) -> None:
    """把专利加入机构的盘点表（待盘点）。"""
    with clictx.session(will_write=True) as session:
        n = service.add_patents(
            session=session,
            principal=clictx.operator(),
            numbers=patent,
            org_id=accounts_service.org_id_by_name(session=session, name=org),
        )
    typer.echo(f"新加入盘点 {n} 件")


@inventory_app.command("export")
def inventory_export(
    org: Annotated[str, typer.Option(help="机构名称")], path: Annotated[Path, typer.Argument()]
) -> None:
    """导出盘点表（Excel，含下拉选项）。"""
    with clictx.session() as session:
        page = service.list_items(
            session=session,
            principal=clictx.operator(),
            org_id=accounts_service.org_id_by_name(session=session, name=org),
            limit=1_000_000,
        )
    path.write_bytes(sheet.export_xlsx(page.items))
    typer.echo(f"已导出 {page.total} 件到 {path}")


@inventory_app.command("import")
def inventory_import(
    org: Annotated[str, typer.Option(help="机构名称")], path: Annotated[Path, typer.Argument()]
) -> None:
    """导入填好的盘点表：全部行正确才写入，否则逐行报告错误。"""
    with clictx.session(will_write=True) as session:
        report = sheet.import_xlsx(
            session=session,
            principal=clictx.operator(),
            data=path.read_bytes(),
            org_id=accounts_service.org_id_by_name(session=session, name=org),
            today=dates.today(),
        )
    typer.echo(f"读取 {report.rows} 行，更新 {report.updated} 件并重新分层")


@inventory_app.command("publish")
def inventory_publish(org: Annotated[str, typer.Option(help="机构名称")]) -> None:
    """把已盘点且已分层（非“不入库”）的专利发布到可转化专利资源库。"""
    with clictx.session(will_write=True) as session:
        n = service.publish(
            session=session,
            principal=clictx.operator(),
            org_id=accounts_service.org_id_by_name(session=session, name=org),
            today=dates.today(),
        )
    typer.echo(f"已发布入库 {n} 件")


@transfer_app.command("learn")
def learn_command(as_json: JsonOpt = False) -> None:
    """按企业的反馈训练排序模型；只有在留出的反馈上优于人工权重时才启用。"""
    rt = clictx.runtime()
    with clictx.session(will_write=True) as session:
        trained = learning.train(session=session, engine=rt.get(SearchEngine))
    if as_json:
        output.print_json(trained)
        return
    typer.echo(f"排序模型第 {trained.version} 版：{trained.note}")
