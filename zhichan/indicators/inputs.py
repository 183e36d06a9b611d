"""The office's inputs from CSV or Excel files, each kind with a documented layout
(docs/indicators.md): family members, pledge registrations, award lists, the flags official
exports carry, and plan targets. A file is checked whole first: one bad row and nothing is
written, with every problem named by its row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from zhichan.core import inputs
from zhichan.core.errors import InvalidInput
from zhichan.core.text import nfkc
from zhichan.indicators.figures import INDICATORS, NATIONAL
from zhichan.indicators.population import PROVINCES
from zhichan.patents import service as patents_service

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
REGIONS = frozenset({NATIONAL, *PROVINCES.values()})
_CN_APPLICATION = re.compile(r"(ZL|CN)?\d{12}\.?[\dX]?")


def number_key(raw: str) -> str:
    """A patent number as the store writes it: a CN application number (ZL201510123456.7, as
    award lists give it) in application form, anything else as a publication number."""
    compact = re.sub(r"\s", "", nfkc(raw)).upper()
    kind = "AN" if _CN_APPLICATION.fullmatch(compact) else "PN"
    return patents_service.normalise_number(kind, compact)


def _yes_no(value: str) -> bool | None:
    text = value.strip().lower()
    if text in ("是", "有", "1", "y", "yes", "true", "√"):
        return True
    if text in ("否", "无", "0", "n", "no", "false", "×"):
        return False
    if not text:
        return None
    raise InvalidInput(f"应为 是 或 否：{value}")


def _text(limit: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        text = value.strip()
        if len(text) > limit:
            raise InvalidInput(f"最多 {limit} 个字符")
        return text

    return parse


def _money(value: str) -> Decimal | None:
    amount = inputs.money(value.strip())
    if amount is not None and amount < 0:
        raise InvalidInput("金额不能为负")
    return amount


def _year(value: str) -> int:
    year = inputs.whole(value.strip())
    if year is None or not 1985 <= year <= 2100:
        raise InvalidInput(f"年份应在 1985–2100 之间：{value}")
    return year


def _region(value: str) -> str:
    text = value.strip()
    if text not in REGIONS:
        raise InvalidInput(f"地区应为省级行政区全称或“全国”：{value}")
    return text


def _indicator(value: str) -> str:
    text = value.strip()
    for code, (name, _definition) in INDICATORS.items():
        if text in (code, name):
            return code
    names = "、".join(name for name, _ in INDICATORS.values())
    raise InvalidInput(f"指标应为 {names} 之一：{value}")


def _target(value: str) -> Decimal:
    amount = inputs.money(value.strip())
    if amount is None:
        raise InvalidInput("必填")
    return amount


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    parse: Callable[[str], Any]
    required: bool = False


def _number(value: str) -> str:
    if not value.strip():
        raise InvalidInput("必填")
    return number_key(value)


#: kind → (its Chinese name, its columns). The layouts are documented in docs/indicators.md.
LAYOUTS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "families": ("同族数据", (
        Column("专利号", "number", _number, True),
        Column("同族专利号", "member", _text(64), True),
        Column("国家或地区", "country", lambda v: _text(8)(v).upper(), True),
        Column("是否授权", "granted", _yes_no),
        Column("授权日", "grant_date", lambda v: inputs.day(v.strip())),
    )),
    "pledges": ("质押登记", (
        Column("专利号", "number", _number, True),
        Column("登记号", "registration", _text(64), True),
        Column("登记日", "registered_on", lambda v: inputs.day(v.strip())),
        Column("金额（元）", "amount", _money),
    )),
    "awards": ("获奖名单", (
        Column("专利号", "number", _number, True),
        Column("奖项", "award", _text(100), True),
        Column("届次或年度", "edition", _text(40), True),
        Column("等级", "level", _text(40)),
        Column("项目名称", "project", _text(500)),
    )),
    "flags": ("官方标识", (
        Column("专利号", "number", _number, True),
        Column("高价值专利", "hv", _yes_no),
        Column("战略新兴产业标识", "sei", _yes_no),
        Column("海外同族", "family", _yes_no),
        Column("维持年限超十年", "maintained", _yes_no),
        Column("质押融资", "pledge", _yes_no),
        Column("获奖", "award", _yes_no),
    )),
    "targets": ("规划目标", (
        Column("地区", "region", _region, True),
        Column("指标", "indicator", _indicator, True),
        Column("年份", "year", _year, True),
        Column("目标值", "value", _target, True),
        Column("来源", "source", _text(300), True),
    )),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, Any]


def _cells(name: str, data: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        try:
            ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
            raise InvalidInput("无法读取 Excel 文件：请上传 .xlsx 或 .csv") from exc
        assert ws is not None
        return [
            ["" if c is None else str(c.date() if hasattr(c, "date") else c) for c in row]
            for row in ws.iter_rows(values_only=True)
        ]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput("无法识别的文本编码：请存为 UTF-8 或 GBK 的 CSV")
    try:
        # newline="": the csv module reads \r, \n and \r\n line ends itself (a lone \r in a
        # file saved by an old spreadsheet program must not become a server error).
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InvalidInput(f"CSV 文件格式有误：{exc}") from None


def _columns(label: str, columns: tuple[Column, ...], header: list[str]) -> dict[str, int]:
    names = [nfkc(h).strip() for h in header]
    at = {c.field: names.index(nfkc(c.header)) for c in columns if nfkc(c.header) in names}
    missing = [c.header for c in columns if c.required and c.field not in at]
    if missing:
        raise InvalidInput(f"{label}缺少列：{'、'.join(missing)}（表头见 docs/indicators.md）")
    return at


def _row(
    columns: tuple[Column, ...], at: dict[str, int], cells: list[str], line: int
) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    problems = []
    for c in columns:
        raw = str(cells[at[c.field]]) if c.field in at and at[c.field] < len(cells) else ""
        if c.required and not raw.strip():
            problems.append(f"第 {line} 行 {c.header}：必填")
            continue
        try:
            values[c.field] = c.parse(raw)
        except InvalidInput as exc:
            problems.append(f"第 {line} 行 {c.header}：{exc.message}")
    return values, problems


def read(kind: str, name: str, data: bytes) -> list[Row]:
    """The file's rows as values by field; every problem at once, or nothing."""
    if kind not in LAYOUTS:
        raise InvalidInput(f"未知的数据类型：{kind}，可用：{'、'.join(LAYOUTS)}")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请分批导入")
    label, columns = LAYOUTS[kind]
    table = _cells(name, data)
    if not table:
        raise InvalidInput("文件是空的")
    at = _columns(label, columns, table[0])
    rows: list[Row] = []
    problems: list[str] = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(f"超过 {MAX_ROWS} 行，请分批导入")
        values, wrong = _row(columns, at, cells, line)
        rows.append(Row(line, values))
        problems += wrong
    if problems:
        shown = "；".join(problems[:5])
        raise InvalidInput(
            f"{label}有 {len(problems)} 处错误，未导入任何内容：{shown}",
            details={"problems": problems[:200]},
        )
    if not rows:
        raise InvalidInput("文件中没有数据行")
    return rows
