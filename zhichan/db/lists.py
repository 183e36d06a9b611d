"""What every growing list's service shares: one page of a filtered statement with the count
of all its rows, and a word search over text columns."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

T = TypeVar("T")

#: Words searched for are cut here: a longer "word" is no search a list page needs.
MAX_WORDS = 100


def page(
    session: Session, stmt: Select[T], *order: Any, limit: int, offset: int
) -> tuple[int, list[T]]:
    """``(total, rows)``: how many rows ``stmt`` selects, and those of this window in order."""
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(*order).limit(limit).offset(offset))
    return total, list(rows)


def containing(q: str | None, *columns: Any) -> ColumnElement[bool] | None:
    """Rows where any column contains the words of ``q`` as typed (LIKE's own wildcards taken
    literally); ``None`` when there is nothing to look for."""
    words = (q or "").strip()[:MAX_WORDS]
    if not words:
        return None
    return or_(*(column.contains(words, autoescape=True) for column in columns))
