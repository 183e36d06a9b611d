"""``zhichan valuation …``: score a patent for a scenario, the income method, the measures the
cohorts are drawn from, the indicator catalogue and the reports. The shell user acts as the
platform operator (valuations are stored under the platform organisation)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from zhichan import clictx
from zhichan.core import dates, output
from zhichan.core.errors import InvalidInput
from zhichan.search.service import SearchEngine
from zhichan.valuation import catalogue, export, gates, money, service, store
from zhichan.valuation.schemas import IncomeIn, ValuationRead

valuation_app = typer.Typer(help="专利价值评估", no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _engine() -> SearchEngine | None:
    return clictx.runtime().get(SearchEngine)


def _show(v: ValuationRead) -> None:
    score = "无法评分" if v.score is None else f"{v.score:.1f} 分（{v.tier} 档）"
    typer.echo(
        f"{v.number} · {v.scenario_label}：{score}，数据覆盖 {v.coverage * 100:.0f}%"
        + ("，参考值（数据不完整）" if v.reference else "")
    )
    typer.echo(f"同组：{v.cohort}；{v.model_label}，{v.weights_label}；估值编号 {v.id}")
    for g in v.gates:
        typer.echo(f"  [{g.state_label}] {g.label}：{g.fact}（{g.source}）")
    for i in v.indicators:
        shown = "无数据" if i.score is None else f"{i.score:.1f}"
        typer.echo(f"  {i.dimension_label}·{i.name}：{shown}（{i.note}）")
    typer.echo(v.disclaimer)


@valuation_app.command("score")
def score_command(
    number: Annotated[str, typer.Argument(help="公开（公告）号或申请号")],
    scenario: Annotated[
        str, typer.Option(help="金融、许可转让、侵权救济、管理、财务报告")
    ] = "管理",
    loan_ends: Annotated[str | None, typer.Option(help="贷款到期日 YYYY-MM-DD（金融）")] = None,
    consent: Annotated[bool, typer.Option(help="共有人已书面同意（金融）")] = False,
    infringement_on: Annotated[str | None, typer.Option(help="侵权行为日期（侵权救济）")] = None,
    as_json: JsonOpt = False,
) -> None:
    """按场景评估一件专利，保存并列出每项指标的依据。"""
    terms = gates.Terms(_date(loan_ends), consent, _date(infringement_on))
    with clictx.session(will_write=True) as session:
        v = service.score(
            session=session,
            principal=clictx.operator(),
            number=number,
            scenario=scenario,
            today=dates.today(),
            engine=_engine(),
            terms=terms,
        )
    if as_json:
        output.print_json(v)
    else:
        _show(v)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"日期格式应为 YYYY-MM-DD：{text}") from None


@valuation_app.command("income")
def income_command(
    number: Annotated[str, typer.Argument(help="公开（公告）号或申请号")],
    forecast: Annotated[str, typer.Option(help="逐年销售额或利润（元），逗号分隔")],
    rate: Annotated[str, typer.Option(help="提成率或利润分成率，如 0.05")],
    discount: Annotated[str, typer.Option(help="折现率，如 0.12")],
    tax: Annotated[str, typer.Option(help="所得税率")] = "0.25",
    method: Annotated[
        str, typer.Option(help="royalty（提成）或 profit_split（利润分成）")
    ] = "royalty",
    justification: Annotated[str | None, typer.Option(help="比率超过开放许可上限的理由")] = None,
    as_json: JsonOpt = False,
) -> None:
    """收益法估算（含敏感性分析；经济寿命不超过剩余法定保护期）。"""
    bases = money.numbers(forecast, "预测金额")
    data = IncomeIn(
        method=method,
        forecast=bases,
        rate=money.number(rate, "比率"),
        tax=money.number(tax, "所得税率"),
        discount=money.number(discount, "折现率"),
        justification=justification,
    )
    with clictx.session() as session:
        r = service.income(
            session=session,
            principal=clictx.operator(),
            number=number,
            data=data,
            today=dates.today(),
        )
    if as_json:
        output.print_json(r)
        return
    typer.echo(f"{r.number} · {r.method_label}：{r.value:,.2f} 元（计入 {r.years_used} 年）")
    typer.echo(r.formula)
    for w in r.warnings:
        typer.echo(f"提示：{w}")
    for y in r.rows:
        typer.echo(f"  第 {y.year} 年：{y.base:,.2f} → 税后 {y.cash:,.2f}，现值 {y.present:,.2f}")
    typer.echo("敏感性（行：折现率；列：比率 " + "、".join(str(k) for k in r.rate_columns) + "）")
    for rr, cells in r.sensitivity:
        typer.echo(f"  {rr}：" + "  ".join(f"{c:,.2f}" for c in cells))
    typer.echo(r.disclaimer)


@valuation_app.command("measure")
def measure_command(
    full: Annotated[bool, typer.Option(help="全部重新计算（默认只算有变化的）")] = False,
) -> None:
    """计算全部专利的估值基础数据（同组百分位由此得出）。"""
    with clictx.session(will_write=True) as session:
        n = store.refresh(
            session, dates.today(), store.neighbours_of(_engine()), only_changed=not full
        )
    typer.echo(f"已计算 {n} 件专利的估值基础数据")


@valuation_app.command("catalogue")
def catalogue_command() -> None:
    """列出指标目录：维度、计算、来源框架与假设。"""
    for i in catalogue.CATALOGUE:
        kind = "记录计算" if i.source_kind == "record" else "专家填写"
        typer.echo(
            f"{catalogue.DIMENSIONS[i.dimension]} · {i.name}（{i.key}，{kind}）：{i.formula}"
        )
        typer.echo(f"    来源：{i.framework}" + (f"；假设：{i.assumption}" if i.assumption else ""))


@valuation_app.command("report")
def report_command(
    valuation_id: Annotated[int, typer.Argument(help="估值编号")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件：.pdf 或 .docx")],
) -> None:
    """把一次估值写成 PDF 或 Word 报告。"""
    if out.suffix.lower() not in (".pdf", ".docx"):
        raise InvalidInput("输出文件应以 .pdf 或 .docx 结尾")
    with clictx.session() as session:
        v = service.get(session=session, principal=clictx.operator(), valuation_id=valuation_id)
    out.write_bytes(export.pdf(v) if out.suffix.lower() == ".pdf" else export.docx(v))
    typer.echo(f"已写入 {out}")
