"""The indicators as an Excel workbook: the figures with definitions and sources, and each
counted patent with the criteria it meets (cells neutralised against formulas by core.tables)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import dates, tables
from zhichan.db.base import utcnow
from zhichan.indicators import criteria
from zhichan.indicators.models import Result
from zhichan.indicators.schemas import FiguresRead, OperationRead, ParameterRead

TEMPLATES = Path(__file__).parent / "templates"

FIGURE_HEADER = ["地区", "本国居民有效发明专利", "高价值发明专利", "无法判断", "常住人口（万人）",
                 "人口年份", "每万人口发明专利拥有量", "每万人口高价值发明专利拥有量",
                 "高价值占比", "目标（每万人口高价值）", "差距", "目标来源"]  # fmt: skip
PATENT_HEADER = ["专利号", "省份", "判定", *criteria.CRITERIA.values(), "与官方标识不一致"]


def _figure_rows(f: FiguresRead) -> Iterator[list[Any]]:
    for r in f.rows:
        target = r.targets.get("hv_per_10k")
        yield [r.region, r.valid_inventions, r.high_value, r.unknown, r.population,
               r.population_year, r.values.get("inv_per_10k"), r.values.get("hv_per_10k"),
               r.values.get("hv_share"), target.value if target else None,
               r.gaps.get("hv_per_10k"), target.source if target else None]  # fmt: skip


def _disagreement(d: dict[str, Any]) -> str:
    label = criteria.CRITERIA.get(d["criterion"], "高价值")
    return f"{label}：官方标识为{'是' if d['imported'] else '否'}"


def _patent_rows(session: Session) -> Iterator[list[Any]]:
    stmt = select(Result).where(Result.eligible == "yes").order_by(Result.number)
    for r in session.scalars(stmt.execution_options(yield_per=2000)):
        states = {t["code"]: criteria.STATES[t["state"]] for t in r.tests}
        verdict = {"yes": "高价值", "no": "不是", "unknown": "无法判断"}[r.high_value]
        wrong = "；".join(_disagreement(d) for d in r.disagreements)
        yield [r.number, r.province, verdict, *(states.get(c) for c in criteria.CRITERIA), wrong]


def _definitions(f: FiguresRead) -> Iterator[list[Any]]:
    for code, d in f.definitions.items():
        yield [code, d["name"], d["definition"]]
    yield ["population", "人口", f.population_source]
    yield ["reference_date", "基准日", str(f.reference_date or "未计算")]
    yield ["inputs_sha256", "输入数据摘要", f.inputs_sha256 or ""]
    for key, value in f.params.items():
        yield [key, "参数", "" if value is None else str(value)]


def pdf(f: FiguresRead, operations: list[OperationRead], params: list[ParameterRead]) -> bytes:
    """The figures, the platform's own and every definition, parameter and source, as a PDF."""
    from weasyprint import HTML  # loads Pango; only reports pay for it

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    made = dates.shanghai_text(utcnow())
    text = env.get_template("report.html").render(f=f, operations=operations, params=params,
                                                  made=made)  # fmt: skip
    data: bytes = HTML(string=text).write_pdf()
    return data


def workbook(session: Session, f: FiguresRead) -> bytes:
    return tables.xlsx_bytes([
        ("指标", FIGURE_HEADER, _figure_rows(f)),
        ("专利判定", PATENT_HEADER, _patent_rows(session)),
        ("定义与来源", ["代码", "名称", "定义或取值"], _definitions(f)),
    ])  # fmt: skip
