"""Read a downloaded workbook back: every sheet's rows as values, for tests that check cells."""

from __future__ import annotations

import io
from typing import Any

import openpyxl


def read_xlsx(data: bytes) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book}
