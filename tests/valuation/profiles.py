"""CONSTRUCTED profiles — not real patents: made-up CN records whose dates, events and owners
each decide one gate or indicator (numbers and names are invented for the tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhichan.patents.schemas import EventFacts, PatentProfile


def event(on: str, code: str, text: str) -> EventFacts:
    return EventFacts(date=date.fromisoformat(on), code=code, text=text)


def cn(**changes: Any) -> PatentProfile:
    """A granted CN invention filed 2016-03-10, in force, one owner, one grant event."""
    base: dict[str, Any] = {
        "id": 1,
        "number": "CN105000001B",
        "country": "CN",
        "patent_type": "invention",
        "title": "构造样例",
        "legal_status": "有效",
        "status_category": "valid",
        "application_date": date(2016, 3, 10),
        "grant_date": date(2018, 6, 1),
        "ipc": ["G06F16/30"],
        "claims": [],
        "family_id": None,
        "family_members": [],
        "citations": [],
        "cited_by": 0,
        "events": [event("2018-06-01", "grant", "授权")],
        "holders": ["甲大学"],
        "sei": [],
        "content_hash": "0" * 64,
    }
    return PatentProfile(**(base | changes))
