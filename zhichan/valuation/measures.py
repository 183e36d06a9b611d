"""The raw measures of one record that count-type indicators turn into cohort percentiles.

Each is ``None`` when the record does not give what it needs: a record without claims has no
claim count, not a count of zero.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from zhichan.patents.schemas import PatentProfile

#: Measures where smaller is better (the percentile is inverted).
INVERSE = frozenset({"shortest", "grant_lag"})


@dataclass(frozen=True, slots=True)
class Measures:
    claims: int | None = None
    independent: int | None = None
    shortest: int | None = None
    subclasses: int | None = None
    classes: int | None = None
    family: int | None = None
    backward: int | None = None
    forward: int | None = None
    grant_lag: int | None = None
    maintained: float | None = None
    originality: float | None = None

    def as_dict(self) -> dict[str, float | int | None]:
        return asdict(self)


NAMES = tuple(f.name for f in fields(Measures))
LABELS = {
    "claims": "权利要求项数",
    "independent": "独立权利要求数",
    "shortest": "最短独立权利要求字数",
    "subclasses": "IPC 小类数",
    "classes": "IPC 大类数",
    "family": "同族国家/地区数",
    "backward": "后向引证数",
    "forward": "本库被引次数",
    "grant_lag": "授权周期（天）",
    "maintained": "维持年数",
    "originality": "文本原创性",
}


@dataclass(frozen=True, slots=True)
class CohortKeys:
    subclass: str | None
    pclass: str | None
    year: int | None


def cohort_keys(p: PatentProfile) -> CohortKeys:
    main = next((c for c in p.ipc if len(c) >= 4), None)
    year = p.application_date.year if p.application_date else None
    return CohortKeys(main[:4] if main else None, main[:3] if main else None, year)


def offices(p: PatentProfile) -> int | None:
    """Distinct offices of the family (the two letters a publication number starts with);
    ``None`` when the record names no family."""
    if not p.family_members:
        return None
    codes = {
        m.strip()[:2].upper() for m in [*p.family_members, p.number] if m.strip()[:2].isalpha()
    }
    return len(codes) or None


def maintained_years(p: PatentProfile, today: date) -> float | None:
    """Years from grant (or filing) to the lapse recorded, or to ``today`` while in force; only
    when the status is known."""
    start = p.grant_date or p.application_date
    if start is None or p.status_category not in ("valid", "invalid"):
        return None
    end = today
    if p.status_category == "invalid":
        lapsed = next((e.date for e in p.events if e.code == "termination" and e.date), None)
        if lapsed is None:
            return None
        end = lapsed
    return round(max(0, (end - start).days) / 365.25, 2)


def of(p: PatentProfile, today: date, originality: float | None = None) -> Measures:
    independent = [c for c in p.claims if c.independent]
    lag = (p.grant_date - p.application_date).days if p.grant_date and p.application_date else None
    return Measures(
        claims=len(p.claims) or None,
        independent=len(independent) or None,
        shortest=min((c.length for c in independent), default=None),
        subclasses=len({c[:4] for c in p.ipc if len(c) >= 4}) or None,
        classes=len({c[:3] for c in p.ipc if len(c) >= 3}) or None,
        family=offices(p),
        backward=len(p.citations) or None,
        forward=p.cited_by or None,
        grant_lag=lag if lag is not None and lag >= 0 else None,
        maintained=maintained_years(p, today),
        originality=originality,
    )
