"""Slowing password guessing without a lock that anyone can put on someone else's account.

Wrong passwords are counted twice: for the account *from this address* and for the address
as a whole. After ``PAIR_FREE`` (or ``ADDRESS_FREE``) failures each further one doubles the
wait before the next try, from one second up to ``MAX_WAIT``. Someone guessing from another
address therefore cannot keep the real user out; one address cannot sweep many accounts.
Unknown login names are counted exactly like real ones, so the answers never tell them apart.
A success clears that account's count from that address; counts are forgotten after a day.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhichan.accounts.models import LoginThrottle
from zhichan.db.base import as_utc, utcnow

PAIR_FREE = 5
ADDRESS_FREE = 30
MAX_WAIT = timedelta(minutes=15)
FORGET = timedelta(days=1)


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    name = hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()[:32]
    where = hashlib.sha256(address.encode("utf-8")).hexdigest()[:32]
    return [(f"pair:{name}:{where}", PAIR_FREE), (f"addr:{where}", ADDRESS_FREE)]


def wait(session: Session, username: str, address: str) -> int:
    """Seconds until this account may be tried again from this address (0: now)."""
    now = utcnow()
    keys = [k for k, _ in _keys(username, address)]
    stmt = select(LoginThrottle.blocked_until).where(LoginThrottle.key.in_(keys))
    until = [u for b in session.scalars(stmt) if (u := as_utc(b)) is not None and u > now]
    left = max((u - now for u in until), default=timedelta(0))
    return int(left.total_seconds()) + (1 if left else 0)


def failed(session: Session, username: str, address: str) -> None:
    now = utcnow()
    for key, free in _keys(username, address):
        row = session.get(LoginThrottle, key) or _insert(session, key)
        last = as_utc(row.updated_at)
        if last is None or last < now - FORGET:
            row.failures, row.blocked_until = 0, None
        row.failures += 1
        row.updated_at = now
        if row.failures >= free:
            row.blocked_until = now + _backoff(row.failures - free)
    session.flush()


def _insert(session: Session, key: str) -> LoginThrottle:
    """A new count; if a parallel failed login inserted it first, theirs."""
    try:
        with session.begin_nested():
            row = LoginThrottle(key=key, failures=0, updated_at=utcnow())
            session.add(row)
        return row
    except IntegrityError:
        found = session.get(LoginThrottle, key)
        assert found is not None
        return found


def _backoff(over: int) -> timedelta:
    return min(MAX_WAIT, timedelta(seconds=2 ** min(over, 20)))


def succeeded(session: Session, username: str, address: str) -> None:
    pair = _keys(username, address)[0][0]
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == pair))
    session.execute(delete(LoginThrottle).where(LoginThrottle.updated_at < utcnow() - FORGET))


def blocked_message(seconds: int) -> str:
    when = f"{seconds} 秒" if seconds < 120 else f"{(seconds + 59) // 60} 分钟"
    return f"尝试次数过多，请 {when}后再试"
