"""The official Chinese calendar of public holidays and make-up working days.

From the ``chinese-calendar`` package, which transcribes the State Council's yearly notices
(2004–2026 in the installed version). For a year it does not cover, a day is a rest day only
if it is a Saturday or Sunday, and the caller is told so: the answer is then provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争胜利70周年纪念日",
}


@dataclass(frozen=True, slots=True)
class Day:
    rest: bool
    name: str | None  # 春节, 国庆节 … when the calendar names the holiday
    known: bool  # False: the year is outside the official calendar here; weekends only


def day(d: date) -> Day:
    try:
        holiday, name = chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        return Day(d.weekday() >= 5, None, False)
    label = NAMES.get(name, name) if holiday and name else None
    return Day(bool(holiday), label, True)


def next_working_day(d: date) -> tuple[date, list[Day]]:
    """``d`` itself when it is a working day, else the first working day after it, with the
    rest days passed over."""
    skipped: list[Day] = []
    info = day(d)
    while info.rest:
        skipped.append(info)
        d += timedelta(days=1)
        info = day(d)
    return d, skipped


def working_days_after(start: date, end: date) -> tuple[int, bool]:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later),
    and whether every day was in the official calendar (``False``: weekends only, provisional).
    Spans are bounded by the caller (a registration's clock runs for days, not decades)."""
    count, known = 0, True
    d = start + timedelta(days=1)
    while d <= end:
        info = day(d)
        known &= info.known
        count += 0 if info.rest else 1
        d += timedelta(days=1)
    return count, known
