"""Dates in the forms people type and export tools write."""

from __future__ import annotations

import re
from datetime import date, datetime

from zhichan.core.text import nfkc

_PATTERNS = (
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$"),
)


def parse_date(raw: object) -> date | None:
    """``2023.1.5``, ``20230105``, ``2023-01-05``, ``2023/1/5``, ``2023年1月5日``, Excel dates.

    Empty input is ``None``; anything else that is not a real calendar date raises ``ValueError``.
    USPTO writes unknown days as ``00`` (``19981000``): the first of the month is used.
    """
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = nfkc(str(raw))
    if not text:
        return None
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            year, month, day = (int(g) for g in m.groups())
            if pattern is _PATTERNS[0] and day == 0:
                day = 1
            if pattern is _PATTERNS[0] and month == 0:
                month = 1
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"不存在的日期：{raw}") from exc
    raise ValueError(f"无法识别的日期：{raw}")
