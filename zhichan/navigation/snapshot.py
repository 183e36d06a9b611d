"""The navigation snapshot: every record's facts in narrow columns beside the store, so a
report over a million records reads them in one query instead of parsing every record.

A row is current when its record's content hash and the snapshot's ``VERSION`` are unchanged.
``refresh`` (the ``navigation.snapshot`` job after every import, and ``zhichan navigation
snapshot``) rewrites the stale rows and drops those of removed records; ``store.load`` reads the
current rows and reads the stale records live, so a report is never older than the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zhichan.db.base import table
from zhichan.navigation.effects import effects_of
from zhichan.navigation.models import FactRow
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentFacts

#: The job that refreshes the snapshot (``navigation.jobs``).
KIND = "navigation.snapshot"
#: Bumped when a column's meaning changes (the effect lexicon included): older rows are stale.
VERSION = 1
SEP = "\t"
PAGE = 1000


def join(items: Any) -> str:
    return SEP.join(str(i).replace(SEP, " ") for i in items)


def split(text: str | None) -> tuple[str, ...]:
    return tuple(text.split(SEP)) if text else ()


def row_of(p: PatentFacts) -> dict[str, Any]:
    return {
        "patent_id": p.id,
        "number": p.number,
        "content_hash": p.content_hash,
        "version": VERSION,
        "filing_year": p.application_date.year if p.application_date else None,
        "publication_year": p.publication_date.year if p.publication_date else None,
        "grant_year": p.grant_date.year if p.grant_date else None,
        "patent_type": p.patent_type,
        "status": p.status_category,
        "ipc": join(p.ipc),
        "names": join(h.name for h in p.holders),
        "normalised": join(h.normalised or h.name for h in p.holders),
        "kinds": join(h.kind or "" for h in p.holders),
        "province": p.holders[0].province if p.holders else None,
        "inventors": join(p.inventors),
        "title": p.title,
        "effects": join(sorted(effects_of(p.text))) if p.text else None,
        "keywords": join(p.keywords),
        "pledges": p.pledge_events,
        "events": join(e.code for e in p.events),
        "sei": join(sei_of(p)),
    }


def sei_of(p: PatentFacts) -> tuple[str, ...]:
    """The strategic emerging industries of a record (confirmed concordance hits)."""
    return tuple(sorted({h.sei_name for h in p.sei if h.confirmed}))


def current_hashes(session: Session) -> dict[int, str | None]:
    """Every stored record's id and content hash."""
    found: dict[int, str | None] = {}
    after = 0
    while page := patents_service.content_hashes(session=session, after_id=after, limit=20_000):
        found.update(page)
        after = page[-1][0]
    return found


def kept(session: Session) -> Iterator[tuple[int, str | None, int]]:
    rows = session.execute(select(FactRow.patent_id, FactRow.content_hash, FactRow.version))
    yield from ((pid, digest, version) for pid, digest, version in rows.yield_per(20_000))


def stale_ids(session: Session, hashes: dict[int, str | None]) -> tuple[set[int], set[int]]:
    """(records whose row is missing or stale, rows whose record is gone)."""
    stale = set(hashes)
    gone: set[int] = set()
    for pid, digest, version in kept(session):
        if pid not in hashes:
            gone.add(pid)
        elif digest is not None and digest == hashes[pid] and version == VERSION:
            stale.discard(pid)
    return stale, gone


def live_facts(session: Session, ids: set[int]) -> Iterator[PatentFacts]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), PAGE):
        chunk = ordered[i : i + PAGE]
        yield from patents_service.facts_page(session=session, ids=chunk, limit=len(chunk))


def refresh(session: Session, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Rewrite the stale rows and drop the orphans; returns the counts."""
    stale, gone = stale_ids(session, current_hashes(session))
    t = table(FactRow)
    if gone:
        ordered = sorted(gone)
        for i in range(0, len(ordered), PAGE):
            session.execute(delete(t).where(t.c.patent_id.in_(ordered[i : i + PAGE])))
    done = 0
    batch: list[dict[str, Any]] = []
    for p in live_facts(session, stale):
        batch.append(row_of(p))
        if len(batch) >= PAGE:
            _upsert(session, batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done, len(stale))
    if batch:
        _upsert(session, batch)
        done += len(batch)
    session.flush()
    return {"refreshed": done, "removed": len(gone)}


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    t = table(FactRow)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(t)
    columns = {c.name: stmt.excluded[c.name] for c in t.columns if c.name != "patent_id"}
    session.execute(stmt.on_conflict_do_update(index_elements=["patent_id"], set_=columns), rows)
