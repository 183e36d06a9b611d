"""The shared table writers: text that looks like a formula is never one."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from zhichan.core import tables

HOSTILE = ['=HYPERLINK("http://example.invalid","点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cells_that_would_run_become_text(text: str) -> None:
    body = tables.csv_text(["名称"], [[text]])
    assert body.startswith(tables.BOM)
    rows = list(csv.reader(io.StringIO(body.removeprefix(tables.BOM))))
    assert rows == [["名称"], ["'" + text]]


def test_csv_keeps_ordinary_values() -> None:
    body = tables.csv_text(["a", "b", "c"], [["浙江大学", 3, None]])
    assert list(csv.reader(io.StringIO(body.removeprefix(tables.BOM))))[1] == ["浙江大学", "3", ""]


def test_xlsx_cells_read_back_as_the_text_written() -> None:
    long = "长" * 40_000
    data = tables.xlsx_bytes(
        [("表", ["名称", "金额"], [[t, Decimal("1.50")] for t in HOSTILE] + [[long, -2]])]
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    cells = list(ws.iter_rows(min_row=2, values_only=False))
    assert [r[0].value for r in cells[:-1]] == HOSTILE
    assert all(r[0].data_type == "s" for r in cells)
    assert cells[0][1].value == 1.5 and cells[-1][1].value == -2  # numbers stay numbers
    assert len(cells[-1][0].value) == tables.XLSX_CELL_LIMIT
    assert cells[-1][0].value.endswith(tables.CUT_MARK)


def test_append_to_a_normal_sheet_keeps_text() -> None:
    wb, ws = tables.workbook()
    tables.append(ws, ["=1+1", 2])
    again = openpyxl.load_workbook(io.BytesIO(tables.save(wb))).active
    assert again is not None and [c.value for c in again[1]] == ["=1+1", 2]
    assert again["A1"].data_type == "s"
