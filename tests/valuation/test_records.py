"""Indicators computed from real shipped records, each expected value worked out by hand from
the record (the XML or JSON line it came from) in the comment beside it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.support.rollback import rolled_back
from tests.support.stores import OPERATOR
from tests.valuation.conftest import REAL_KP, TODAY
from zhichan.patents import service as patents_service
from zhichan.valuation import measures, scoring, service, store, weights


@pytest.fixture
def session(valuation_engine: Engine) -> Iterator[Session]:
    with rolled_back(valuation_engine) as factory:
        s = factory()
        yield s
        s.close()


def _values(session: Session, number: str, scenario: str = "finance") -> dict[str, object]:
    v = service.score(
        session=session, principal=OPERATOR, number=number, scenario=scenario, today=TODAY
    )
    return {i.key: i for i in v.indicators} | {"_v": v}


def test_uspto_grant_with_claims_citations_and_dates(session: Session) -> None:
    # US 8,926,509 B2 (xml2014/US08926509.xml): filed 2008-06-05, granted 2015-01-06, utility.
    got = _values(session, "US8926509B2")
    # Term: 35 U.S.C. 154(a)(2), 20 years from filing → 2028-06-05; on 2026-12-01 that leaves
    # 552 days (2026-12-01 → 2027-12-01 365, → 2028-06-05 187 incl. 29 Feb 2028) of 7305
    # (20 years incl. 5 leap days): 100 × 552 / 7305 = 7.556 → 7.56
    assert got["term"].score == 7.56
    assert got["term"].inputs["剩余天数"] == "552"
    # Stability: 70 + 15 (granted after examination); its 14 citations are "cited by
    # examiner", no search-report category X → 85
    assert got["stability"].score == 85.0
    # Grant lag: 2008-06-05 → 2014-06-05 is 2191 days (leap day 2012), → 2015-01-06 215 more
    p = patents_service.profile(session=session, number="US8926509B2")
    m = measures.of(p, TODAY)
    assert m.grant_lag == 2406
    # Backward citations: 160 <us-citation>, of which 130 <patcit> with a number (30 <nplcit>)
    assert m.backward == 130
    # Claims: 31 <claim>, of which 25 carry a <claim-ref> → 6 independent
    assert (m.claims, m.independent) == (31, 6)
    # 14 IPC symbols in subclasses A61B, H04L, G06F, H04W (4) and classes A61, H04, G06 (3)
    assert (m.subclasses, m.classes) == (4, 3)
    # Policy fit: its IPC falls in strategic emerging industries (2021 concordance) → 100
    assert got["policy_fit"].score == 100.0
    # No family, no legal events, no forward citations in this store: absent, not zero
    for absent in ("family", "encumbrance", "forward_citations", "operations", "maintenance"):
        assert got[absent].score is None, absent


def test_expired_design_and_application(session: Session) -> None:
    # USD435854S (sgml): design filed 1999-01-06, granted 2001-01-02; 35 U.S.C. 173 (filed before
    # 2015-05-13): 14 years from grant → 2015-01-02, long before 2026-12-01 → 0
    assert _values(session, "USD435854S")["term"].score == 0.0
    # US 2005/0004437 A1: an application filed 2004-04-23; even granted, its term would have
    # ended 20 years later, 2024-04-23 → 0 (an unexpired application would be absent: no grant)
    term = _values(session, "US20050004437A1")["term"]
    assert term.score == 0.0 and term.inputs["届满日"] == "2024-04-23"


def test_kppatent_record_has_claims_but_no_dates(session: Session) -> None:
    # kp-test-0002 (双面坡口开设方法): one claim, which is independent; no number, date or IPC
    p = patents_service.profile(session=session, number="kppatent-zh:kp-test-0002")
    m = measures.of(p, TODAY)
    assert (m.claims, m.independent) == (1, 1)
    got = _values(session, "kppatent-zh:kp-test-0002", "management")
    assert got["term"].score is None and got["policy_fit"].score is None
    v = got["_v"]
    assert v.reference and v.coverage < scoring.MIN_COVERAGE
    # The cohort is the whole store (no IPC, no year): 14 USPTO + 40 KPPatent records
    assert v.cohort == f"全库（{14 + REAL_KP} 件）"


def test_score_ignores_absent_indicators(session: Session) -> None:
    """The stored score is the weighted mean of the indicators with data only; counting the
    absent ones as 0 would give another (lower) number."""
    got = _values(session, "US8926509B2", "licensing")
    v = got["_v"]
    present = {i.key: i.score for i in v.indicators}
    w = weights.default("licensing")
    assert v.score == scoring.combine(present, w).score
    zeroed = {k: (s if s is not None else 0.0) for k, s in present.items()}
    assert scoring.combine(zeroed, w).score < v.score


def test_measures_follow_the_records(session: Session) -> None:
    # A second refresh finds nothing changed; every record was measured by the fixture
    assert store.refresh(session, TODAY, None) == 0
    assert store.measured(session) == patents_service.patent_count(session=session)


def test_every_indicator_is_documented() -> None:
    from tests.conftest import ROOT
    from zhichan.valuation import catalogue

    text = (ROOT / "docs" / "valuation.md").read_text(encoding="utf-8")
    missing = [i.name for i in catalogue.CATALOGUE if i.name not in text]
    assert not missing, missing
