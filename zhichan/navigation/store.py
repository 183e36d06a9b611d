"""Facts for the analyses read from the patent store (through the patents service) with
applicant names merged by the alias table."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.navigation.facts import Fact, year
from zhichan.navigation.models import Alias
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentFacts

PAGE = 1000


def alias_map(session: Session) -> dict[str, str]:
    """Normalised spelling → canonical name."""
    rows = session.execute(select(Alias.normalised, Alias.canonical))
    return {normalised: canonical for normalised, canonical in rows}


def to_fact(p: PatentFacts, aliases: dict[str, str], seen: dict[str, str] | None = None) -> Fact:
    """``seen`` gathers the first spelling of each normalised name, so that 甲有限责任公司 and
    甲有限公司 count as one applicant, shown as first written, unless the alias table names
    them otherwise."""
    seen = {} if seen is None else seen
    names = [
        aliases.get(h.normalised or "") or seen.setdefault(h.normalised or h.name, h.name)
        for h in p.holders
    ]
    first = p.holders[0] if p.holders else None
    return Fact(
        number=p.number,
        filing_year=year(p.application_date),
        publication_year=year(p.publication_date),
        grant_year=year(p.grant_date),
        patent_type=p.patent_type,
        status=p.status_category,
        ipc=tuple(p.ipc),
        applicants=tuple(dict.fromkeys(names)),
        applicant_kinds=tuple(h.kind or "" for h in p.holders),
        province=first.province if first else None,
        inventors=tuple(p.inventors),
        title=p.title,
        text=p.text,
        pledges=p.pledge_events,
        content_hash=p.content_hash,
    )


def load(
    session: Session, progress: Callable[[int], None] | None = None
) -> tuple[list[Fact], dict[str, tuple[str, ...]]]:
    """Every stored record as a fact, and the records' keywords (for the matrix's branches)."""
    aliases = alias_map(session)
    seen: dict[str, str] = {}
    facts: list[Fact] = []
    keywords: dict[str, tuple[str, ...]] = {}
    after = 0
    while page := patents_service.facts_page(session=session, after_id=after, limit=PAGE):
        for p in page:
            facts.append(to_fact(p, aliases, seen))
            if p.keywords:
                keywords[p.number] = tuple(p.keywords)
        after = page[-1].id
        if progress:
            progress(len(facts))
    return facts, keywords
