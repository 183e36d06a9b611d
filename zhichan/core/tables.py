"""One way to write the tables people open in Excel: CSV with a BOM, XLSX rows, and the
rule both obey — text never runs as a formula.

A cell whose text begins with ``= + - @`` (or a tab or carriage return) is what Excel and
LibreOffice evaluate as a formula (OWASP "CSV injection"): an imported title such as
``=HYPERLINK("http://…")`` would run on the reader's machine. CSV cells get a leading
apostrophe, which spreadsheet programs show as text; XLSX cells are written with the string
type, so they read back exactly as stored. XLSX cells are cut to Excel's 32,767 characters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32_767
CUT_MARK = "…（已截断）"
BOM = "\ufeff"  # Excel opens UTF-8 CSV with Chinese correctly only with a BOM


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[Any]], every: int = 500
) -> Iterator[str]:
    """The CSV text (BOM, header, rows) in pieces of ``every`` rows, for streaming."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write(BOM)
    writer.writerow([csv_cell(h) for h in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if n % every == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(csv_lines(header, rows))


def xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
        return value[: XLSX_CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
    return value


def append(ws: Worksheet, values: Iterable[Any]) -> None:
    """Append a row to a worksheet (normal or write-only); text stays text."""
    cells = []
    for value in values:
        cell = Cell(ws, row=1, column=1, value=xlsx_value(value))  # placed by append
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl would store "=…" as a formula
        cells.append(cell)
    ws.append(cells)


def workbook() -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, for writers that need more than plain rows."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    return wb, ws


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One workbook of ``(title, header, rows)`` sheets, streamed (write-only)."""
    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        append(ws, header)
        for row in rows:
            append(ws, row)
    return save(wb)


def save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
