"""Date values of the query language as integer day ranges (``20200501``)."""

from __future__ import annotations

import calendar
import re

_PARTS = re.compile(r"^(\d{4})(?:[-./]?(\d{1,2})(?:[-./]?(\d{1,2}))?)?$")


def _bounds(text: str) -> tuple[int, int]:
    m = _PARTS.match(text)
    if not m:
        raise ValueError(f"日期“{text}”应写作 2020、2020-05 或 2020-05-01")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"日期“{text}”的月份不对")
    if month is None:
        return year * 10000 + 101, year * 10000 + 1231
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        raise ValueError(f"日期“{text}”的日不对")
    base = year * 10000 + month * 100
    if day is None:
        return base + 1, base + last
    return base + day, base + day


def day_range(op: str, value: str) -> tuple[int | None, int | None]:
    """Inclusive (low, high) for ``AD>=2020``, ``AD=2020-05``, ``AD=2019..2021`` and so on."""
    if ".." in value:
        if op != "=":
            raise ValueError("日期范围只能与“=”连用，如 AD=2019..2021")
        start, end = value.split("..", 1)
        low, high = _bounds(start)[0], _bounds(end)[1]
        if low > high:
            raise ValueError(f"日期范围“{value}”的起点晚于终点")
        return low, high
    low, high = _bounds(value)
    return {
        "=": (low, high),
        ">=": (low, None),
        ">": (high + 1, None),
        "<=": (None, high),
        "<": (None, low - 1),
    }[op]
