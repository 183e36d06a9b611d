"""``zhichan navigation …``: make a navigation report over the stored records and write it as
Word, PDF or Excel; re-run a report; keep the applicant alias table. The shell user acts as
the platform operator (reports are stored under the platform organisation)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.core import dates, output
from zhichan.core.errors import InvalidInput
from zhichan.navigation import export, reports, service, snapshot
from zhichan.navigation.schemas import AliasIn, ReportIn, ReportRead, ScopeIn

navigation_app = typer.Typer(help="专利导航：分析报告与申请人别名", no_args_is_help=True)
alias_app = typer.Typer(help="申请人别名表（合并同一申请人的不同写法）", no_args_is_help=True)
navigation_app.add_typer(alias_app, name="alias")
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
WRITERS = {".docx": export.docx, ".pdf": export.pdf, ".xlsx": export.xlsx}


def _years(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    low, _, high = text.partition("-")
    try:
        return int(low), int(high or low)
    except ValueError:
        raise InvalidInput(f"年份范围应写作 2015-2024：{text}") from None


def _write(r: ReportRead, out: Path) -> None:
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        raise InvalidInput("输出文件应以 .docx、.pdf 或 .xlsx 结尾")
    out.write_bytes(writer(r))
    typer.echo(f"已写入 {out}")


def _show(r: ReportRead) -> None:
    typer.echo(f"报告 {r.id}：{r.title}（{r.kind_label}），计入 {r.manifest['records']} 件")
    typer.echo(
        f"数据快照 {r.manifest['snapshot'][:16]}…，图表数据 {r.manifest['chart_data_sha256'][:16]}…"
    )
    for chapter in r.chapters:
        for fig in chapter.figures:
            typer.echo(
                f"  {chapter.title} · {fig.title}：{fig.insufficient or f'{len(fig.rows)} 行'}"
            )


@navigation_app.command("report")
def report_command(
    title: Annotated[str, typer.Option(help="报告名称")],
    kind: Annotated[
        str, typer.Option(help="、".join(f"{k}={v.label}" for k, v in reports.KINDS.items()))
    ] = "industry",
    ipc: Annotated[list[str] | None, typer.Option(help="IPC 前缀，可多次给出")] = None,
    province: Annotated[list[str] | None, typer.Option(help="第一申请人省份")] = None,
    applicant: Annotated[
        list[str] | None, typer.Option(help="申请人（按别名表合并后的名称）")
    ] = None,
    years: Annotated[str | None, typer.Option(help="申请年范围，如 2015-2024")] = None,
    top: Annotated[int, typer.Option(min=5, max=100, help="排行列出的条数")] = 20,
    feature: Annotated[
        list[str] | None, typer.Option(help="产品技术特征（侵权风险排查清单用），可多次给出")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="同时写出 .docx、.pdf 或 .xlsx")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """按范围生成一份导航报告并保存（可同时写出 Word、PDF 或 Excel 附表）。"""
    low, high = _years(years)
    data = ReportIn(
        kind=kind,
        title=title,
        top=top,
        features=feature or [],
        scope=ScopeIn(
            ipc=ipc or [],
            provinces=province or [],
            applicants=applicant or [],
            year_from=low,
            year_to=high,
        ),
    )
    with clictx.session(will_write=True) as session:
        r = service.make_report(
            session=session,
            principal=clictx.operator(),
            data=data,
            today=dates.today(),
            progress=lambda n: typer.echo(f"已读取 {n} 件记录", err=True),
        )
    if as_json:
        output.print_json(r)
    else:
        _show(r)
    if out is not None:
        _write(r, out)


@navigation_app.command("show")
def show_command(
    report_id: Annotated[int, typer.Argument(help="报告编号")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="写出 .docx、.pdf 或 .xlsx")
    ] = None,
) -> None:
    """列出一份报告的章节；给出 -o 时写出文件。"""
    with clictx.session() as session:
        r = service.get_report(session=session, principal=clictx.operator(), report_id=report_id)
    _show(r)
    if out is not None:
        _write(r, out)


@navigation_app.command("rerun")
def rerun_command(report_id: Annotated[int, typer.Argument(help="报告编号")]) -> None:
    """按报告清单重跑，核对数据快照与图表数据是否相同（不同则退出码 1）。"""
    with clictx.session() as session:
        verdict = service.rerun(session=session, principal=clictx.operator(), report_id=report_id)
    typer.echo(verdict.message)
    if not verdict.same or verdict.snapshot_changed:
        raise typer.Exit(1)


@alias_app.command("add")
def alias_add(
    written: Annotated[str, typer.Argument(help="申请人的一种写法")],
    canonical: Annotated[str, typer.Argument(help="统计时使用的名称")],
    note: Annotated[str | None, typer.Option(help="依据，如更名公告")] = None,
) -> None:
    """把一种写法（及规范化后相同的写法）计入统一名称。"""
    with clictx.session(will_write=True) as session:
        a = service.set_alias(
            session=session,
            principal=clictx.operator(),
            data=AliasIn(written=written, canonical=canonical, note=note),
        )
    typer.echo(f"{a.written} → {a.canonical}（编号 {a.id}）")


@alias_app.command("list")
def alias_list(as_json: JsonOpt = False) -> None:
    """列出别名表。"""
    with clictx.session() as session:
        rows = service.aliases(session=session)
    if as_json:
        output.print_json(rows)
        return
    for a in rows:
        typer.echo(f"{a.id}\t{a.written}\t→ {a.canonical}" + (f"\t{a.note}" if a.note else ""))


@navigation_app.command("snapshot")
def snapshot_command() -> None:
    """更新导航数据快照（导入后会自动在后台更新；报告总是读到最新数据）。"""
    with clictx.session(will_write=True) as session:
        counts = snapshot.refresh(
            session, lambda done, total: typer.echo(f"已更新 {done}/{total} 件", err=True)
        )
    typer.echo(f"快照已更新：{counts['refreshed']} 件重写，{counts['removed']} 件删除")
