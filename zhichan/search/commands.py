"""``zhichan search QUERY`` and ``zhichan index rebuild|sync|status``."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.core import output
from zhichan.core.errors import InvalidInput
from zhichan.db.sets import PatentSets
from zhichan.jobs.batch import Batch
from zhichan.patents import service as patents
from zhichan.search import indexer, service
from zhichan.search.engine import SearchEngine

index_app = typer.Typer(help="检索索引", no_args_is_help=True)


def _strip_marks(html: str) -> str:
    return re.sub(r"</?mark>", "", html).replace("&quot;", '"').replace("&amp;", "&")


def search_command(
    query: Annotated[str, typer.Argument(help="检索式，如 'TI=(锂电池 AND 隔膜) AD>=2020'")],
    mode: Annotated[str, typer.Option(help="bool | semantic | hybrid")] = "bool",
    page: Annotated[int, typer.Option(help="页码")] = 1,
    size: Annotated[int, typer.Option(help="每页条数（1–100）")] = 20,
    sort: Annotated[
        str, typer.Option(help="relevance | ad_desc | ad_asc | pd_desc | pd_asc")
    ] = "relevance",
    filters: Annotated[
        list[str], typer.Option("--filter", help="精确筛选，如 pt=invention、year=2020")
    ] = [],  # noqa: B006
    like: Annotated[str | None, typer.Option(help="与该专利相似（专利号）")] = None,
    export: Annotated[
        Path | None, typer.Option(help="把全部命中导出到文件（.jsonl/.csv/.xlsx）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（与 API 相同）")] = False,
) -> None:
    """检索专利：字段检索式、布尔运算、自由文本、语义与混合检索。"""
    rt = clictx.runtime()
    chosen = service.parse_filters(filters)
    with clictx.session() as session:
        if export is not None:
            typer.echo(
                f"已导出 {_export(session, rt, query, mode, sort, chosen, export)} 条", err=True
            )
            return
        result = service.search(
            session=session,
            engine=rt.get(SearchEngine),
            q=query,
            mode=mode,
            page=page,
            size=size,
            sort=sort,
            filters=chosen,
            like=like,
            sets=rt.get(PatentSets),
            principal=clictx.operator(),
        )
    if as_json:
        output.print_json(result)
        return
    for note in result.notes:
        typer.echo(f"注意：{note}", err=True)
    kind = "自由文本（BM25 排序）" if result.free_text else "检索式"
    typer.echo(f"共 {result.total} 件（{kind}，{result.mode}，{result.took_ms} 毫秒）")
    for n, hit in enumerate(result.hits, start=(page - 1) * size + 1):
        typer.echo(f"{n:>4}. {hit.number}  {hit.title or '—'}  [{hit.score}]")
        typer.echo(f"      {_strip_marks(hit.snippet)[:100]}")
        if hit.why:
            typer.echo(f"      命中原因：{'；'.join(hit.why)}")


def _export(session, rt, query, mode, sort, chosen, path: Path) -> int:  # type: ignore[no-untyped-def]
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in patents.EXPORT_FORMATS:
        raise InvalidInput(f"导出文件扩展名应为 {'/'.join(patents.EXPORT_FORMATS)}：{path}")
    rows = list(
        service.export_rows(
            session=session,
            engine=rt.get(SearchEngine),
            q=query,
            mode=mode,
            sort=sort,
            filters=chosen,
            sets=rt.get(PatentSets),
            principal=clictx.operator(),
        )
    )
    tmp = path.with_name(path.name + ".part")
    if fmt == "xlsx":
        tmp.write_bytes(patents.export_xlsx(rows))
    else:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            for piece in patents.export_chunks(fmt, rows):
                fh.write(piece)
    tmp.replace(path)
    return len(rows)


class ProgressLine:
    """One progress line on stderr at most once a second."""

    def __init__(self) -> None:
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, p: indexer.Progress) -> None:
        now = time.monotonic()
        if now - self.last >= 1.0:
            self.last = now
            rate = p.done / max(now - self.started, 1e-6)
            sys.stderr.write(
                f"{p.phase}：已处理 {p.done}，已生成向量 {p.embedded}，{rate:,.0f} 条/秒\n"
            )


@index_app.command("rebuild")
def rebuild(
    analyser: Annotated[
        str | None, typer.Option(help="bigram | jieba；默认取配置 search_analyser")
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="e5 | use | none；默认取配置 search_model")
    ] = None,
) -> None:
    """从专利库完整重建检索索引；新索引建成前旧索引照常可用，失败不影响旧索引。"""
    rt = clictx.runtime()
    chosen_model = model or rt.settings.search_model
    p = service.rebuild(
        factory=rt.session_factory,
        engine=rt.get(SearchEngine),
        analyser=analyser or rt.settings.search_analyser,
        model=None if chosen_model == "none" else chosen_model,
        threads=rt.settings.workers,
        on_progress=ProgressLine(),
        batch=rt.get(Batch),
    )
    typer.echo(f"索引已重建：{p.done} 件专利，新生成 {p.embedded} 个语义向量")
    if p.pending_vectors:
        typer.echo(
            f"另有 {p.pending_vectors} 件的语义向量待生成：Web 服务的后台任务会补齐，"
            "或运行 zhichan index embed"
        )


@index_app.command("sync")
def sync() -> None:
    """把上次同步后新增或更新的专利写入检索索引（导入后会自动执行）。"""
    rt = clictx.runtime()
    p = service.sync(
        factory=rt.session_factory,
        engine=rt.get(SearchEngine),
        analyser=rt.settings.search_analyser,
        model=rt.settings.embedding_model,
        on_progress=ProgressLine(),
        batch=rt.get(Batch),
    )
    typer.echo(f"已同步 {p.done} 件专利，{p.embedded} 个向量")
    if p.pending_vectors:
        typer.echo(
            f"另有 {p.pending_vectors} 件的语义向量待生成：Web 服务的后台任务会补齐，"
            "或运行 zhichan index embed"
        )


@index_app.command("embed")
def embed() -> None:
    """为尚无语义向量的专利生成向量（大批量导入后运行；可随时中断，已完成的部分保留）。"""
    rt = clictx.runtime()
    p = service.embed_missing(
        factory=rt.session_factory,
        engine=rt.get(SearchEngine),
        on_progress=ProgressLine(),
        batch=rt.get(Batch),
    )
    typer.echo(f"已检查 {p.done} 件专利，新生成 {p.embedded} 个向量")


STATUS_LABELS = {
    "generation": "索引版本",
    "analyser": "中文分析器",
    "model": "语义模型",
    "stored": "数据库中的专利",
    "documents": "已进入索引",
    "not_indexed": "尚未进入索引",
    "vectors": "已有语义向量",
    "vectors_pending": "尚无语义向量",
    "vector_coverage": "语义向量覆盖率",
    "vectors_eta_seconds": "补齐向量预计秒数",
    "watermark": "索引已同步到（更新时间）",
    "built_at": "建成时间（UTC）",
    "build_seconds": "建成用时（秒）",
}


@index_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """显示检索索引的状态：尚未进入索引、尚无语义向量的专利数，分析器、模型与建成时间。"""
    rt = clictx.runtime()
    info = service.status(engine=rt.get(SearchEngine), factory=rt.session_factory)
    if as_json:
        output.print_json(info)
        return
    if not info["ready"]:
        stored = info.get("stored", 0)
        typer.echo(f"检索索引尚未建立（数据库中有 {stored} 件专利）；运行 zhichan index rebuild")
        return
    for key, label in STATUS_LABELS.items():
        if key in info:
            typer.echo(f"{label}：{info[key]}")
