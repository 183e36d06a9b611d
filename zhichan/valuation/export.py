"""A valuation as a PDF and as a Word document: the score, the gates, every indicator with its
inputs, formula and source, the weights and the data it was made from."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from zhichan.core import dates
from zhichan.core.labels import actor
from zhichan.db.base import utcnow
from zhichan.valuation.catalogue import DIMENSIONS
from zhichan.valuation.schemas import ValuationRead

TEMPLATES = Path(__file__).parent / "templates"


def _score(v: ValuationRead) -> str:
    if v.score is None:
        return "无法评分（没有任何指标有数据）"
    text = f"{v.score:.1f} 分（{v.tier} 档）"
    return text + ("，参考值（数据不完整）" if v.reference else "")


def pdf(v: ValuationRead) -> bytes:
    from weasyprint import HTML  # loads Pango; only reports pay for it

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    text = env.get_template("print.html").render(
        v=v, score=_score(v), dims=DIMENSIONS, made=dates.shanghai_text(utcnow()), actor=actor
    )
    data: bytes = HTML(string=text).write_pdf()
    return data


def docx(v: ValuationRead) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.add_heading(f"专利价值评估：{v.number}", level=1)
    doc.add_paragraph(v.disclaimer)
    facts = [
        ("专利", f"{v.number} {v.title or ''}"),
        ("场景", v.scenario_label),
        ("评分", _score(v)),
        ("数据覆盖", f"{v.coverage * 100:.0f}%（有数据的指标所占权重）"),
        ("评估日", str(v.on)),
        ("模型与权重", f"{v.model_label}；{v.weights_label}"),
        ("同组", v.cohort),
        ("数据快照", v.snapshot),
        ("评估人", actor(v.created_by)),
        ("生成于", f"{dates.shanghai_text(utcnow())}（北京时间）"),
    ]
    _table(doc, ["项目", "内容"], [list(f) for f in facts])
    if v.gates:
        doc.add_heading("硬性条件", level=2)
        _table(
            doc,
            ["条件", "结论", "依据的事实", "来源"],
            [[g.label, g.state_label, g.fact, g.source] for g in v.gates],
        )
    doc.add_heading("各维度", level=2)
    _table(
        doc,
        ["维度", "一级权重", "维度得分"],
        [
            [DIMENSIONS[d], str(v.weights["dimensions"][d]), "无数据" if s is None else f"{s:.1f}"]
            for d, s in v.dimensions.items()
        ],
    )
    doc.add_heading("指标、依据与公式", level=2)
    rows = []
    for i in v.indicators:
        inputs = "；".join(f"{k}：{x}" for k, x in i.inputs.items()) or i.note
        value = "无数据（不计入）" if i.score is None else f"{i.score:.1f}"
        rows.append(
            [
                f"{i.dimension_label}·{i.name}",
                value,
                str(i.weight),
                inputs,
                i.formula + (f"（假设：{i.assumption}）" if i.assumption else ""),
                i.framework,
            ]
        )
    _table(doc, ["指标", "得分", "权重", "输入与依据", "公式", "来源框架"], rows)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
