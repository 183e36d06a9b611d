"""Form and command-line values (dates, whole numbers, yuan), parsed once with clear errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from zhichan.core.errors import InvalidInput

#: Ids are BIGINT in PostgreSQL and INTEGER in SQLite: both hold at most 2⁶³ − 1.
MAX_ID = 2**63 - 1
#: A trillion yuan is beyond any contract or award, and keeps every working shown readable.
MAX_YUAN = Decimal(10**12)


def day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"日期应写作 YYYY-MM-DD：{value}") from exc


def whole(value: str | None) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise InvalidInput(f"应为整数：{value}") from exc
    if abs(number) > MAX_ID:
        raise InvalidInput(f"数值超出范围：{value}")
    return number


def money(value: str | None) -> Decimal | None:
    """Yuan, with thousands separators allowed, finite and at most ``MAX_YUAN``."""
    if not value:
        return None
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation as exc:
        raise InvalidInput(f"金额应为数字（元）：{value}") from exc
    if not amount.is_finite() or abs(amount) > MAX_YUAN:
        raise InvalidInput(f"金额超出范围（至多 {MAX_YUAN:,} 元）：{value[:30]}")
    return amount
