"""Sequence numbers of announcements, licences, filings and mediation cases.

A counter row per series and year, incremented with ``UPDATE … RETURNING`` so that two
transactions never get the same number (the row lock serialises them on PostgreSQL; SQLite
has one writer at a time). Numbers read ``KF2026000001``: series, year, six digits.
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhichan.licensing.models import Counter

SERIES = {
    "KF": "开放许可声明公告",
    "KC": "开放许可声明撤回公告",
    "XK": "开放许可实施许可",
    "BA": "许可备案",
    "TJ": "调解案件",
}


def next_number(session: Session, series: str, year: int) -> str:
    name = f"{series}{year}"
    for _ in range(3):
        stmt = (
            update(Counter)
            .where(Counter.name == name)
            .values(value=Counter.value + 1)
            .returning(Counter.value)
        )
        value = session.execute(stmt).scalar()
        if value is not None:
            return f"{name}{value:06d}"
        try:
            with session.begin_nested():
                session.execute(insert(Counter).values(name=name, value=1))
            return f"{name}{1:06d}"
        except IntegrityError:
            continue  # another transaction created the row first: increment it
    raise RuntimeError(f"could not allocate a number in series {name}")
