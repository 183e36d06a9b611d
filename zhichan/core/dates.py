"""Calendar arithmetic shared by the domains."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from zhichan.core.errors import InvalidInput


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later, or the last day of that month."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    if not date.min.year <= year <= date.max.year:
        raise InvalidInput(f"日期超出可计算的范围（公元 1–9999 年）：{start} 之后 {months} 个月")
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


PERIODS = ("month", "quarter", "year")


def period_key(day: date | None, unit: str) -> str:
    """``2026-03`` / ``2026Q1`` / ``2026`` for statistics by period; 未知 without a date."""
    if day is None:
        return "未知"
    if unit == "year":
        return str(day.year)
    if unit == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_text(moment: datetime | None) -> str:
    """A stored instant as people in China read it: ``2026-12-02 16:20`` (Asia/Shanghai)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def today() -> date:
    """Today's date in Asia/Shanghai, whatever the server clock's zone."""
    return datetime.now(SHANGHAI).date()
