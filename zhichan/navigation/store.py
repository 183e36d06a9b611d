"""Facts for the analyses: the snapshot's current rows and the stale records read through the
patents service, with applicant names merged by the alias table."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.db.base import table
from zhichan.navigation import snapshot
from zhichan.navigation.facts import Fact, year
from zhichan.navigation.models import Alias, FactRow
from zhichan.navigation.snapshot import SEP
from zhichan.patents.schemas import PatentFacts


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
        events=tuple(e.code for e in p.events),
        patent_id=p.id,
        sei=snapshot.sei_of(p),
    )


#: The snapshot columns ``from_row`` unpacks, in its order (a tuple unpacks faster than
#: named attributes are read, which counts a million times).
ROW = (
    "patent_id",
    "number",
    "content_hash",
    "filing_year",
    "publication_year",
    "grant_year",
    "patent_type",
    "status",
    "ipc",
    "names",
    "normalised",
    "kinds",
    "province",
    "inventors",
    "title",
    "effects",
    "pledges",
    "events",
    "sei",
    "keywords",
)


def from_row(r: Any, aliases: dict[str, str], seen: dict[str, str]) -> Fact:
    (
        pid,
        number,
        digest,
        filed,
        published,
        granted,
        ptype,
        status,
        ipc,
        names,
        normalised,
        kinds,
        province,
        inventors,
        title,
        effects,
        pledges,
        events,
        sei,
        _keywords,
    ) = r
    merged = (
        [
            aliases.get(norm) or seen.setdefault(norm or name, name)
            for name, norm in zip(names.split(SEP), normalised.split(SEP), strict=False)
        ]
        if names
        else []
    )
    return Fact(
        number,
        filed,
        published,
        granted,
        ptype,
        status,
        tuple(ipc.split(SEP)) if ipc else (),
        tuple(dict.fromkeys(merged)),
        tuple(kinds.split(SEP)) if names else (),
        province,
        tuple(inventors.split(SEP)) if inventors else (),
        title,
        None,
        pledges,
        digest,
        tuple(events.split(SEP)) if events else (),
        tuple(effects.split(SEP)) if effects else (() if effects is not None else None),
        pid,
        tuple(sei.split(SEP)) if sei else (),
    )


def load(
    session: Session, progress: Callable[[int], None] | None = None
) -> tuple[list[Fact], dict[str, tuple[str, ...]]]:
    """Every stored record as a fact, and the records' keywords (for the matrix's branches):
    current snapshot rows as they are, stale or missing ones read from the records, in id
    order (the first spelling of a name is that of the earliest record)."""
    aliases = alias_map(session)
    hashes = snapshot.current_hashes(session)
    stale, _gone = snapshot.stale_ids(session, hashes)
    live = {p.id: p for p in snapshot.live_facts(session, stale)}
    waiting = deque(sorted(live))
    seen: dict[str, str] = {}
    facts: list[Fact] = []
    keywords: dict[str, tuple[str, ...]] = {}

    def add_live(before: int | None) -> None:
        while waiting and (before is None or waiting[0] < before):
            p = live.pop(waiting.popleft())
            facts.append(to_fact(p, aliases, seen))
            if p.keywords:
                keywords[p.number] = tuple(p.keywords)

    # Plain rows, not mapped objects: building a million ORM objects cost more than the query.
    c = table(FactRow).c
    rows = session.execute(select(*(c[n] for n in ROW)).order_by(c.patent_id))
    for r in rows.yield_per(5000):
        pid = r[0]
        if pid in stale or pid not in hashes:
            continue
        add_live(pid)
        facts.append(from_row(r, aliases, seen))
        if r[-1]:
            keywords[r[1]] = tuple(r[-1].split(SEP))
        if progress and len(facts) % 10_000 == 0:
            progress(len(facts))
    add_live(None)
    if progress:
        progress(len(facts))
    return facts, keywords
