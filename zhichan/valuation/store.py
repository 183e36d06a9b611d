"""The measures table: kept in step with the records, and read back as the populations a
percentile is taken in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.db.base import utcnow
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentProfile
from zhichan.search import service as search_service
from zhichan.valuation import cohorts, measures
from zhichan.valuation.measures import NAMES, CohortKeys, Measures
from zhichan.valuation.models import Measure
from zhichan.valuation.populations import Populations

#: Nearest patents read for originality, and how many earlier ones it needs.
NEIGHBOURS, EARLIER, MIN_EARLIER = 40, 10, 5
Neighbours = Callable[[int], list[tuple[int, float]] | None]


def neighbours_of(engine: Any) -> Neighbours | None:
    """Nearest-neighbour look-up on the search engine's vectors (``None`` without an engine or
    before any vector exists)."""
    if engine is None or not search_service.semantic_coverage(engine)[0]:
        return None
    return lambda pid: search_service.neighbours(engine=engine, patent_id=pid, count=NEIGHBOURS)


def originality(
    session: Session, p: PatentProfile, near: Neighbours | None
) -> tuple[float | None, int]:
    """1 − the mean similarity to the 10 nearest earlier records (records without a filing date
    count as comparable), and how many were used; ``None`` without a vector."""
    found = near(p.id) if near is not None else None
    if not found:
        return None, 0
    filed = dict(
        session.execute(
            select(Measure.patent_id, Measure.filed).where(
                Measure.patent_id.in_([k for k, _ in found])
            )
        ).all()
    )
    own = p.application_date

    def before(pid: int) -> bool:
        theirs = filed.get(pid)
        return own is None or theirs is None or theirs < own

    earlier = [s for k, s in found if before(k)][:EARLIER]
    if len(earlier) < MIN_EARLIER:
        return None, len(earlier)
    return round(1 - sum(earlier) / len(earlier), 4), len(earlier)


def write(session: Session, p: PatentProfile, m: Measures, row: Measure | None = None) -> Measure:
    """Store the record's measures (into ``row`` when the caller has read it already)."""
    keys = measures.cohort_keys(p)
    row = row or session.get(Measure, p.id) or Measure(patent_id=p.id)
    row.subclass, row.pclass, row.year = keys.subclass, keys.pclass, keys.year
    row.filed = p.application_date
    for name in NAMES:
        setattr(row, name, getattr(m, name))
    row.content_hash = p.content_hash
    row.updated_at = utcnow()
    session.add(row)
    return row


def refresh(
    session: Session,
    today: date,
    near: Neighbours | None,
    *,
    only_changed: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Measure every stored record (``only_changed``: records whose content changed since, or
    never measured); returns how many were measured."""
    total = patents_service.patent_count(session=session)
    after, done, measured = 0, 0, 0
    while page := patents_service.content_hashes(session=session, after_id=after, limit=1000):
        known = {
            pid: (digest, original is not None)
            for pid, digest, original in session.execute(
                select(Measure.patent_id, Measure.content_hash, Measure.originality).where(
                    Measure.patent_id.in_([pid for pid, _ in page])
                )
            )
        }
        # Unchanged records are measured again only to add an originality now possible.
        need = [
            pid
            for pid, digest in page
            if not only_changed
            or known.get(pid, (None, False))[0] != digest
            or (near is not None and not known.get(pid, (None, False))[1])
        ]
        # The page's rows read in one query: a look-up per record would flush the session
        # (and its audit) once per record.
        rows = {
            r.patent_id: r
            for r in session.scalars(select(Measure).where(Measure.patent_id.in_(need)))
        }
        for p in patents_service.profiles(session=session, ids=need) if need else []:
            m = measures.of(p, today, originality(session, p, near)[0])
            write(session, p, m, rows.get(p.id) or Measure(patent_id=p.id))
            measured += 1
        after = page[-1][0]
        done += len(page)
        session.flush()
        if on_progress is not None:
            on_progress(done, total)
    return measured


def _keys(row: Measure) -> CohortKeys:
    return CohortKeys(row.subclass, row.pclass, row.year)


def _measures(row: Measure) -> Measures:
    return Measures(**{n: getattr(row, n) for n in NAMES})


def _where(level: tuple[str, ...], values: tuple[str | int, ...]) -> list[Any]:
    return [getattr(Measure, f) == v for f, v in zip(level, values, strict=True)]


def populations_for(session: Session, keys: CohortKeys) -> Populations:
    """The records of the cohort a record with these keys is compared in (the narrowest with
    enough records, counted in the database before anything is loaded)."""
    chosen: list[Any] = []
    for level, values in cohorts.candidates(keys):
        count = session.scalar(
            select(func.count()).select_from(Measure).where(*_where(level, values))
        )
        if (count or 0) >= cohorts.MIN_SIZE:
            chosen = _where(level, values)
            break
    rows = session.scalars(select(Measure).where(*chosen))
    return Populations((_keys(r), _measures(r)) for r in rows)


def populations_all(session: Session) -> Populations:
    rows = session.scalars(select(Measure).execution_options(yield_per=5000))
    return Populations((_keys(r), _measures(r)) for r in rows)


def measured(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Measure)) or 0


def stored_measures(session: Session, ids: list[int]) -> dict[int, Measures]:
    rows = session.scalars(select(Measure).where(Measure.patent_id.in_(ids)))
    return {r.patent_id: _measures(r) for r in rows}
