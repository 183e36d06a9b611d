"""Statistics by period, one way for every domain: the unit checked once, events bucketed by
their Asia/Shanghai day, buckets in time order, and the workbook an office downloads (an
overview sheet with the definitions, then one sheet per grouping)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from zhichan.core import tables
from zhichan.core.dates import SHANGHAI, period_key
from zhichan.core.errors import InvalidInput

UNITS = {"month": "月", "quarter": "季度", "year": "年"}

B = TypeVar("B")
X = TypeVar("X")


def check_unit(unit: str) -> str:
    if unit not in UNITS:
        names = "、".join(f"{k}（{v}）" for k, v in UNITS.items())
        raise InvalidInput(f"统计期间单位应为 {names}")
    return unit


def day_of(moment: date | datetime | None) -> date | None:
    """The day an event happened for people in China: a stored instant (UTC, naive from
    SQLite) is read in Asia/Shanghai, so an event at 01:00 Beijing time on the 1st of a month
    counts in that month, not the one before."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(SHANGHAI).date()
    return moment


@dataclass(frozen=True, slots=True)
class Series(Generic[X, B]):
    """Events of one kind: their day, and what each adds to its period's bucket."""

    items: Iterable[X]
    day: Callable[[X], date | datetime | None]
    add: Callable[[B, X], None]
    #: Events without a day count under 未知 (otherwise they are left out of the periods).
    undated: bool = True


def by_period(unit: str, make: Callable[[str], B], *series: Series[Any, B]) -> list[B]:
    """One bucket per period that has events, in time order (未知 last)."""
    check_unit(unit)
    out: dict[str, B] = {}
    for s in series:
        for item in s.items:
            day = day_of(s.day(item))
            if day is None and not s.undated:
                continue
            key = period_key(day, unit)
            if key not in out:
                out[key] = make(key)
            s.add(out[key], item)
    return [out[k] for k in sorted(out, key=lambda k: (k == "未知", k))]


def workbook(
    overview: tuple[Sequence[str], Iterable[Sequence[Any]]],
    header: Sequence[str],
    groups: Sequence[tuple[str, Iterable[B]]],
    row: Callable[[B], Sequence[Any]],
) -> bytes:
    """总览 (its header and rows), then one sheet per ``(title, buckets)`` grouping."""
    sheets = [(title, header, [row(b) for b in buckets]) for title, buckets in groups]
    return tables.xlsx_bytes([("总览", overview[0], overview[1]), *sheets])
