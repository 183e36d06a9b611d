"""The inventory's patent picker: patents found by the search engine, each marked if the
institution's inventory already holds it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.search import service as search_service
from zhichan.search.service import SearchEngine
from zhichan.transfer.models import InventoryItem
from zhichan.transfer.service import institution_of

#: Candidates shown per search; a narrower query finds the rest.
LIMIT = 30


@dataclass(frozen=True)
class Candidate:
    number: str
    title: str | None
    applicants: list[str]
    application_date: str | None
    held: bool


@dataclass(frozen=True)
class Found:
    total: int
    candidates: list[Candidate]


def find(*, session: Session, principal: Principal, engine: SearchEngine | None, q: str) -> Found:
    """Patents matching ``q`` in the search language (free words, ``PA=…``, numbers)."""
    if engine is None:
        raise InvalidInput(
            "本服务未启用检索，请用专利号加入（命令 zhichan transfer inventory add）"
        )
    result = search_service.search(session=session, engine=engine, q=q[:500], size=LIMIT)
    owner = institution_of(principal, None, session)
    numbers = [h.number for h in result.hits]
    held = set(
        session.scalars(
            select(InventoryItem.number).where(
                InventoryItem.owner_org_id == owner, InventoryItem.number.in_(numbers)
            )
        )
    )
    return Found(
        total=result.total,
        candidates=[
            Candidate(h.number, h.title, h.applicants, h.application_date, h.number in held)
            for h in result.hits
        ],
    )
