"""``zhichan import``, ``zhichan export`` and ``zhichan patents …`` commands."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from zhichan import clictx
from zhichan.core import output, tables
from zhichan.core.errors import InvalidInput
from zhichan.jobs import service as jobs_service
from zhichan.jobs.kinds import Registry
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import export as export_mod
from zhichan.patents import loader, service
from zhichan.patents.importers.detect import FORMATS
from zhichan.patents.numbers import TYPE_LABELS

patents_app = typer.Typer(help="专利数据", no_args_is_help=True)


class ProgressLine:
    """One status line on stderr: redrawn in a terminal, at most once a second otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, p: loader.Progress) -> None:
        now = time.monotonic()
        if not self.tty and now - self.last < 1.0:
            return
        self.last = now
        line = (
            f"进度 {p.fraction:6.1%}  已读 {p.read}  新增 {p.inserted}  更新 {p.updated}  "
            f"未变 {p.skipped}  失败 {p.failed}  {p.rate:,.0f} 条/秒"
        )
        sys.stderr.write(("\r" + line) if self.tty else line + "\n")
        sys.stderr.flush()


def import_command(
    path: Annotated[Path, typer.Argument(help="要导入的文件")],
    fmt: Annotated[str, typer.Option("--format", help=f"格式：{'|'.join(FORMATS)}")] = "auto",
    strict: Annotated[bool, typer.Option("--strict", help="任何一行出错则整批不导入")] = False,
    mapping: Annotated[
        Path | None, typer.Option(help="表头映射文件（TOML），用于非标准表头")
    ] = None,
    errors_csv: Annotated[
        Path | None, typer.Option("--errors", help="把逐行错误报告写入此 CSV")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
) -> None:
    """导入专利数据文件（一个文件一个批次），然后同步检索索引。

    默认有错误的行不导入、其余入库；--strict 时任一行出错则整批不导入。"""
    if fmt not in FORMATS:
        raise InvalidInput(f"未知格式 {fmt}；可用：{', '.join(FORMATS)}")
    progress = ProgressLine()
    outcome = service.import_file(
        factory=clictx.runtime().session_factory,
        path=path,
        principal=clictx.operator(),
        fmt=fmt,
        strict=strict,
        mapping_file=mapping,
        on_progress=progress,
        workers=clictx.runtime().settings.workers,
    )
    if progress.tty:
        sys.stderr.write("\n")
    if errors_csv is not None:
        _write_issues(errors_csv, outcome.issues)
    p = outcome.progress
    summary: dict[str, Any] = {
        "batch_id": outcome.batch_id,
        "status": outcome.status,
        "format": outcome.format,
        **loader.counts(p),
        "records_per_second": round(p.rate, 1),
    }
    index_note = _sync_index()
    if as_json:
        issues = [_issue(i) for i in outcome.issues]
        summary |= {"issues": issues, "index": index_note}
        output.print_json(summary)
        return
    typer.echo(f"批次 {outcome.batch_id}（{outcome.format}）已提交：{loader.counts_text(p)}")
    typer.echo(index_note)
    for issue in outcome.issues[:20]:
        typer.echo(f"  [{issue.severity}] {issue.location} {issue.field or ''}：{issue.reason}")
    if len(outcome.issues) > 20:
        typer.echo(f"  …共 {len(outcome.issues)} 条，完整报告用 --errors FILE.csv 导出")


def _sync_index() -> str:
    """Run the index sync the import queued, here and now; say so when it has to wait."""
    rt = clictx.runtime()
    index_kinds = tuple(rt.get(Registry).in_lane("index"))
    worker_of(rt, lanes=("index",)).run_until_idle(timeout=600)
    with rt.session_factory() as session:
        waiting = jobs_service.open_of_kind(session=session, kinds=index_kinds)
    if not waiting:
        return "检索索引已同步，导入的记录已可检索"
    why = waiting[-1].message or "排队中"
    return f"检索索引同步尚未完成（{why}）：Web 服务或 zhichan jobs run 会继续完成"


def _issue(i: loader.Issue) -> dict[str, str | None]:
    return {"severity": i.severity, "location": i.location, "field": i.field, "reason": i.reason}


def _write_issues(path: Path, issues: list[loader.Issue]) -> None:
    rows = ([i.severity, i.location, i.field, i.reason] for i in issues)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(tables.csv_lines(["级别", "位置", "字段", "原因"], rows))


def export_command(
    fmt: Annotated[str, typer.Option("--format", help="jsonl|csv|xlsx")] = "jsonl",
    query: Annotated[str | None, typer.Option(help="筛选条件，如 'PA=华为 AD>=2020-01-01'")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件；jsonl/csv 默认写到标准输出")
    ] = None,
) -> None:
    """导出专利：jsonl 为无损格式，可原样再导入；csv/xlsx 使用中文表头。"""
    if fmt not in export_mod.FORMATS:
        raise InvalidInput(f"未知导出格式 {fmt}；可用：{', '.join(export_mod.FORMATS)}")
    if fmt == "xlsx" and output is None:
        raise InvalidInput("导出 xlsx 需要 --output 文件名")
    with clictx.session() as session:
        recs = service.export_records(session=session, query=query)
        if fmt == "xlsx":
            assert output is not None
            with output.open("wb") as fh:
                n = export_mod.write_xlsx(recs, fh)
        else:
            if output is None:
                n = export_mod.write_text(fmt, recs, sys.stdout)
            else:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    n = export_mod.write_text(fmt, recs, fh)
    typer.echo(f"已导出 {n} 条", err=True)


@patents_app.command("show")
def show(
    number: Annotated[str, typer.Argument(help="公开(公告)号、申请号或本地编号")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """显示一件专利的著录项目、权利要求和法律事件。"""
    with clictx.session() as session:
        d = service.detail(session=session, number=number)
    if as_json:
        output.print_json(d)
        return
    r = d.record
    unknown = set(r["unknown"])

    def show_field(label: str, key: str, value: object) -> None:
        shown = value if value not in (None, [], "") else ("未知" if key in unknown else "—")
        typer.echo(f"{label:　<6}{shown}")

    show_field("编号", "number", r["number"])
    show_field("名称", "title", r["title_zh"] or r["title_en"])
    show_field("类型", "patent_type", TYPE_LABELS.get(r["patent_type"] or "", r["patent_type"]))
    show_field("申请号", "application_number", r["application_number"])
    show_field("申请日", "application_date", r["application_date"])
    show_field("公开日", "publication_date", r["publication_date"])
    show_field("申请人", "applicants", "；".join(p["name_raw"] for p in r["applicants"]))
    show_field("主分类", "ipc", r["ipc_main"])
    show_field("CPC", "cpc", "；".join(c["code"] for c in r["cpc"]))
    show_field("法律状态", "legal_status", r["legal_status"])
    typer.echo(f"权利要求 {len(d.claims_tree)} 项：")
    for node in d.claims_tree[:10]:
        typer.echo(f"{'  ' * (node.depth + 1)}{node.num}. {node.text[:80]}")
    for e in r["legal_events"]:
        typer.echo(f"  {e['date'] or '—'}  {e['text']}")


@patents_app.command("reference")
def reference_command() -> None:
    """从共享数据目录加载 IPC 中文名称表与战略性新兴产业分类对照表。"""
    rt = clictx.runtime()
    data_dir = rt.settings.shared_path / "data"
    with clictx.session() as session:
        ipc_count, sei_count = service.load_reference(session=session, data_dir=data_dir)
    typer.echo(f"已加载 IPC 中文名称 {ipc_count} 条、战略性新兴产业对照规则 {sei_count} 条")
