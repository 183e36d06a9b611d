"""``zhichan law …``: load the statutes, look up an article, and the calculators."""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import typer

from zhichan import clictx
from zhichan.core import inputs, output
from zhichan.core.errors import InvalidInput
from zhichan.jobs.batch import Batch
from zhichan.law import damages as damages_mod
from zhichan.law import deadlines, questions, service, terms

law_app = typer.Typer(help="法律法规：条文检索与期限、保护期、赔偿计算", no_args_is_help=True)


def _echo_json(data: Any) -> None:
    output.print_json(data)


def _date(text: str) -> date:
    parsed = inputs.day(text)
    if parsed is None:
        raise InvalidInput("请给出日期 YYYY-MM-DD")
    return parsed


@law_app.command("load")
def load() -> None:
    """从共享数据目录加载全部法律法规（替换已加载的版本）。"""
    rt = clictx.runtime()
    root = rt.settings.shared_path / "data" / "law"
    with clictx.session() as session:
        report = service.load_corpus(session=session, root=root)
    typer.echo(
        f"已加载 {report.instruments} 部法规、{report.articles} 条；条文引用 {report.links} 处，"
        f"其中 {report.resolved_links} 处指向语料中的条文"
    )
    for source, issues in report.issues.items():
        typer.echo(f"  [未能解析] {source}：{'；'.join(issues)}")


@law_app.command("embed")
def embed() -> None:
    """为全部条文生成语义向量（混合检索用；只计算新增或改动的条文）。"""
    rt = clictx.runtime()
    if rt.settings.embedding_model is None:
        raise InvalidInput("未启用语义模型（search_model = none）")
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0 or done == total:
            last[0] = now
            typer.echo(f"  已生成 {done} / {total}", err=True)

    with clictx.session() as session:
        n = service.embed_articles(
            session=session,
            data_dir=rt.settings.data_path,
            model=rt.settings.embedding_model,
            on_progress=progress,
            batch=rt.get(Batch),
        )
    typer.echo(f"新生成 {n} 条条文的语义向量（模型 {rt.settings.embedding_model}）")


@law_app.command("ask")
def ask_command(
    question: Annotated[list[str], typer.Argument(help="问题，如：外观设计专利保护期是多久")],
    mode: Annotated[str, typer.Option(help="hybrid | bm25 | semantic")] = "hybrid",
    level: Annotated[str | None, typer.Option(help="法律|行政法规|司法解释|地方性法规")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """用日常语言提问：返回相关条文原文与规范引注；计算类问题交给计算器。"""
    rt = clictx.runtime()
    with clictx.session() as session:
        result = questions.ask_question(
            session=session,
            question=" ".join(question),
            data_dir=rt.settings.data_path,
            model=rt.settings.embedding_model,
            analyser=rt.settings.search_analyser,
            mode=mode,
            level=level,
        )
    if as_json:
        output.print_json(result)
        return
    if result.note:
        typer.echo(f"（{result.note}）", err=True)
    if result.calculation:
        typer.echo(f"计算结果：{result.calculation.result}")
        for step in result.calculation.steps:
            typer.echo(f"  · {step}")
    for sentence in result.answer:
        typer.echo(f"{sentence.text}（{sentence.citation}）")
    typer.echo("相关条文：")
    for hit in result.hits:
        typer.echo(f"  {hit.citation}")


@law_app.command("article")
def article_command(
    citation: Annotated[
        list[str], typer.Argument(help="如：专利法 42、专利法第四十二条、细则第85条")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """按引用查条文原文，给出规范引注。"""
    with clictx.session() as session:
        art = service.article_by_citation(session=session, citation=" ".join(citation))
    if as_json:
        output.print_json(art)
        return
    typer.echo(art.citation)
    for p in art.paragraphs:
        typer.echo(f"  {p.text}")
        for item in p.items:
            typer.echo(f"    {item.text}")


@law_app.command("deadline")
def deadline_command(
    kind: Annotated[
        str, typer.Argument(help=f"期限类型：{'、'.join([*deadlines.KINDS, 'reply'])}")
    ],
    start: Annotated[str, typer.Argument(help="起算日 YYYY-MM-DD")],
    months: Annotated[int | None, typer.Option(help="答复期限的月数（reply）")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """专利程序期限：首日不计、月末对应日、法定休假日顺延。"""
    result = deadlines.compute(kind, _date(start), months=months)
    if as_json:
        _echo_json(asdict(result))
        return
    typer.echo(f"{result.label}：{result.due}{'（仅供参考）' if result.provisional else ''}")
    for step in result.steps:
        typer.echo(f"  · {step}")
    typer.echo("依据：" + "；".join(result.articles))


@law_app.command("term")
def term_command(
    kind: Annotated[
        str,
        typer.Argument(
            help="专利：invention|utility_model|design；著作权：natural|legal_person|"
            "audiovisual|software_natural|software_legal|layout|performance|recording|"
            "broadcast|moral"
        ),
    ],
    filing: Annotated[str | None, typer.Option(help="专利申请日")] = None,
    grant: Annotated[str | None, typer.Option(help="授权公告日（期限补偿）")] = None,
    exam_request: Annotated[str | None, typer.Option(help="实质审查请求日（期限补偿）")] = None,
    applicant_delay: Annotated[int, typer.Option(help="申请人引起的延迟天数")] = 0,
    reasonable_delay: Annotated[int, typer.Option(help="合理延迟天数")] = 0,
    drug_approval: Annotated[str | None, typer.Option(help="新药上市许可日")] = None,
    death_year: Annotated[int | None, typer.Option(help="作者死亡年份")] = None,
    created_year: Annotated[int | None, typer.Option(help="创作完成年份")] = None,
    published_year: Annotated[int | None, typer.Option(help="首次发表年份")] = None,
    event_year: Annotated[int | None, typer.Option(help="出版/表演/制作/播放年份")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """专利权期限（含期限补偿）或著作权保护期。"""
    result = terms.term_for(
        kind,
        filing=inputs.day(filing),
        grant=inputs.day(grant),
        exam_request=inputs.day(exam_request),
        reasonable_delay_days=reasonable_delay,
        applicant_delay_days=applicant_delay,
        drug_approval=inputs.day(drug_approval),
        death_year=death_year,
        created_year=created_year,
        published_year=published_year,
        event_year=event_year,
    )
    if as_json:
        _echo_json(asdict(result))
        return
    typer.echo(
        f"届满：{result.ends or '不受限制'}" + ("" if result.protected else "（已不受保护）")
    )
    for step in result.steps:
        typer.echo(f"  · {step}")
    typer.echo("依据：" + "；".join(result.articles))


@law_app.command("damages")
def damages_command(
    law: Annotated[str, typer.Argument(help="patent | copyright | trademark")],
    loss: Annotated[str | None, typer.Option(help="权利人实际损失（元）")] = None,
    gain: Annotated[str | None, typer.Option(help="侵权人获利（元）")] = None,
    licence_fee: Annotated[str | None, typer.Option(help="许可使用费（元）")] = None,
    multiple: Annotated[str, typer.Option(help="许可使用费倍数")] = "1",
    intentional: Annotated[bool, typer.Option(help="故意（商标：恶意）")] = False,
    serious: Annotated[bool, typer.Option(help="情节严重")] = False,
    expenses: Annotated[str, typer.Option(help="制止侵权的合理开支（元）")] = "0",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """侵权赔偿数额范围：按法定顺序，惩罚性赔偿须同时故意且情节严重。"""
    result = damages_mod.damages(
        law,
        actual_loss=inputs.money(loss),
        infringer_gain=inputs.money(gain),
        licence_fee=inputs.money(licence_fee),
        licence_multiple=inputs.money(multiple) or Decimal(1),
        intentional=intentional,
        serious=serious,
        expenses=inputs.money(expenses) or Decimal(0),
    )
    if as_json:
        _echo_json(asdict(result))
        return
    typer.echo(f"赔偿数额：{result.low:,.2f} 元 至 {result.high:,.2f} 元")
    for step in result.steps:
        typer.echo(f"  · {step}")
    typer.echo("依据：" + "；".join(result.articles))
