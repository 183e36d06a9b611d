"""A navigation report as Word (editable: an office finalises and stamps it), PDF and an
Excel appendix with every chart's data; the Word and PDF charts are images drawn here."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from zhichan.core import dates, tables
from zhichan.core.labels import actor
from zhichan.db.base import utcnow
from zhichan.navigation import charts
from zhichan.navigation.schemas import FigureRead, ReportRead

TEMPLATES = Path(__file__).parent / "templates"
#: Excel sheet names are at most 31 characters and unique.
SHEET_NAME = 28


def _figures(r: ReportRead) -> Iterator[tuple[str, FigureRead]]:
    for chapter in r.chapters:
        for fig in chapter.figures:
            yield chapter.title, fig


#: The manifest's parameters and reference tables in the report's words.
PARAMETERS = {"top": "排行条数", "lag_years": "公开滞后（年）", "reach": "功效词距（字）"}
REFERENCES = {"ipc_titles": "IPC 类名表", "sei_concordance": "战略性新兴产业与 IPC 对照表"}


def manifest_rows(r: ReportRead) -> list[list[Any]]:
    m = r.manifest
    template, _, version = str(m["template"]).partition("@")
    params = "；".join(f"{PARAMETERS.get(k, k)} {v}" for k, v in m["parameters"].items())
    refs = "；".join(f"{REFERENCES.get(k, k)} {v}" for k, v in m.get("references", {}).items())
    return [
        ["报告类型", f"{r.kind_label}（{r.standard}）"],
        ["报告日", str(r.as_of)],
        ["范围", scope_text(r.scope)],
        ["计入专利", m["records"]],
        ["数据快照", m["snapshot"]],
        ["图表数据 SHA-256", m["chart_data_sha256"]],
        ["模板", f"{r.kind_label}模板 第 {version} 版" if template == r.kind else m["template"]],
        ["参数", params],
        ["参考表", refs or "—"],
        ["软件版本", f"zhichan {m.get('zhichan') or ''}"],
    ]


def scope_text(scope: dict[str, Any]) -> str:
    parts = []
    if scope.get("ipc"):
        parts.append("IPC " + "、".join(scope["ipc"]))
    if scope.get("provinces"):
        parts.append("省份 " + "、".join(scope["provinces"]))
    if scope.get("applicants"):
        parts.append("申请人 " + "、".join(scope["applicants"]))
    if scope.get("years"):
        parts.append(f"申请年 {scope['years'][0]}—{scope['years'][1]}")
    return "；".join(parts) or "全部记录"


def xlsx(r: ReportRead) -> bytes:
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("报告清单", ["项目", "内容"], manifest_rows(r))
    ]
    used: set[str] = set()
    for n, (_chapter, fig) in enumerate(_figures(r), start=1):
        name = f"{n:02d} {fig.title}"[:SHEET_NAME]
        while name in used:
            name = name[:-1] + "_"
        used.add(name)
        rows = fig.rows or [[fig.insufficient or "无数据"]]
        sheets.append((name, fig.header, rows))
        if fig.cells:
            cells = [[key.replace("|", " × "), "、".join(ns)] for key, ns in fig.cells.items()]
            sheets.append((f"{n:02d} 单元格专利"[:SHEET_NAME], ["单元格", "专利"], cells))
    return tables.xlsx_bytes(sheets)


def pdf(r: ReportRead) -> bytes:
    from weasyprint import HTML  # loads Pango; only reports pay for it

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    images = {
        fig.key: base64.b64encode(image).decode()
        for _, fig in _figures(r)
        if (image := charts.png(fig)) is not None
    }
    text = env.get_template("print.html").render(
        r=r,
        images=images,
        manifest=manifest_rows(r),
        made=dates.shanghai_text(utcnow()),
        actor=actor,
    )
    data: bytes = HTML(string=text).write_pdf()
    return data


def docx(r: ReportRead) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.add_heading(r.title, level=0)
    doc.add_paragraph(f"{r.kind_label}（{r.standard}）　报告日 {r.as_of}")
    doc.add_paragraph(
        f"生成于 {dates.shanghai_text(utcnow())}（北京时间），制作人 {actor(r.created_by)}"
    )
    doc.add_heading("检索策略与数据说明", level=1)
    _table(doc, ["项目", "内容"], manifest_rows(r))
    for chapter in r.chapters:
        doc.add_heading(chapter.title, level=1)
        for fig in chapter.figures:
            doc.add_heading(fig.title, level=2)
            if fig.insufficient:
                doc.add_paragraph(fig.insufficient)
                continue
            image = charts.png(fig)
            if image is not None:
                doc.add_picture(io.BytesIO(image), width=Cm(15))
            _table(doc, fig.header, fig.rows)
            for note in [*fig.notes, *fig.blanks]:
                doc.add_paragraph(note, style="List Bullet")
            doc.add_paragraph(f"口径：{fig.rule}")
    doc.add_heading("结论与建议", level=1)
    doc.add_paragraph("（由报告人根据以上图表撰写。）")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = "" if value is None else str(value)
