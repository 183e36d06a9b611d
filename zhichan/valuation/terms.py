"""The legal term of a record, by the law of the office that granted it.

CN records go through the statutes domain's calculator (《专利法》第四十二条, with the
examination-delay compensation when the dates are known). US records follow 35 U.S.C. 154 and
173 as written; patent term adjustment (PTA) is not in the records and is not added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zhichan.core.dates import add_months
from zhichan.law import service as law_service
from zhichan.patents.schemas import PatentProfile

US_URAA = date(1995, 6, 8)
US_DESIGN_15 = date(2015, 5, 13)


@dataclass(frozen=True, slots=True)
class Term:
    starts: date
    ends: date
    steps: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


def _years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def _us(p: PatentProfile) -> Term | None:
    filed, granted = p.application_date, p.grant_date
    if p.patent_type in ("utility", "plant") and filed is not None:
        ends = _years(filed, 20)
        steps = [f"自申请日 {filed} 起 20 年，至 {ends}（未计专利期限调整 PTA，记录未载）"]
        if filed < US_URAA and granted is not None:
            ends = max(ends, _years(granted, 17))
            steps.append(f"1995-06-08 前提出的申请取授权起 17 年与申请起 20 年的较长者：{ends}")
        return Term(filed, ends, steps, ["35 U.S.C. 154(a)(2)", "35 U.S.C. 154(c)(1)"])
    if p.patent_type == "design" and granted is not None and filed is not None:
        years = 15 if filed >= US_DESIGN_15 else 14
        ends = _years(granted, years)
        return Term(
            granted, ends, [f"自授权日 {granted} 起 {years} 年，至 {ends}"], ["35 U.S.C. 173"]
        )
    return None


def legal_term(p: PatentProfile) -> Term | None:
    """The term's first and last day, or ``None`` when the type or dates are unknown."""
    if p.country == "US":
        return _us(p)
    if p.application_date is None:
        return None
    request = next((e.date for e in p.events if e.code == "exam_request" and e.date), None)
    got = law_service.patent_term(
        patent_type=p.patent_type,
        filing=p.application_date,
        grant=p.grant_date,
        exam_request=request,
    )
    if got is None or got.ends is None:
        return None
    return Term(p.application_date, got.ends, got.steps, got.articles)
