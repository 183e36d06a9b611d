"""The shared period statistics: Shanghai days, time order, the unit checked in Chinese."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from zhichan.core import periods
from zhichan.core.errors import InvalidInput


def _count(bucket: dict[str, int], _item: object) -> None:
    bucket["n"] += 1


def test_an_instant_counts_on_its_shanghai_day() -> None:
    # 2026-03-31 17:30 UTC is 2026-04-01 01:30 in Beijing: April, not March.
    late = datetime(2026, 3, 31, 17, 30, tzinfo=UTC)
    assert periods.day_of(late) == date(2026, 4, 1)
    assert periods.day_of(late.replace(tzinfo=None)) == date(2026, 4, 1)  # SQLite's naive UTC
    got = periods.by_period(
        "month",
        lambda key: {"key": key, "n": 0},  # type: ignore[dict-item]
        periods.Series([late], lambda x: x, _count),
    )
    assert [b["key"] for b in got] == ["2026-04"]


def test_buckets_in_time_order_with_unknown_last_and_undated_optional() -> None:
    days = [date(2026, 5, 1), None, date(2025, 12, 1), date(2026, 5, 9)]
    make = lambda key: {"key": key, "n": 0}  # noqa: E731
    got = periods.by_period("quarter", make, periods.Series(days, lambda d: d, _count))
    assert [(b["key"], b["n"]) for b in got] == [("2025Q4", 1), ("2026Q2", 2), ("未知", 1)]
    dated = periods.by_period(
        "year", make, periods.Series(days, lambda d: d, _count, undated=False)
    )
    assert [(b["key"], b["n"]) for b in dated] == [("2025", 1), ("2026", 2)]


def test_unknown_unit_is_refused_in_chinese() -> None:
    with pytest.raises(InvalidInput, match="统计期间单位"):
        periods.check_unit("week")
