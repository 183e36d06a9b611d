"""Cohort percentiles: mid-rank, inverted where smaller is better, widened when a cohort is
small — on hand-made values."""

from __future__ import annotations

from tests.valuation.profiles import cn
from zhichan.valuation import cohorts, measures
from zhichan.valuation.measures import CohortKeys, Measures
from zhichan.valuation.populations import Populations


def test_mid_rank_percentile() -> None:
    # 2 among [1, 2, 2, 3]: one below, two equal → (1 + 0.5 × 2) / 4 = 50
    assert cohorts.percentile(2, [1, 2, 2, 3]) == 50.0
    # 3: three below, one equal → (3 + 0.5) / 4 = 87.5; inverted 12.5
    assert cohorts.percentile(3, [1, 2, 2, 3]) == 87.5
    assert cohorts.percentile(3, [1, 2, 2, 3], inverse=True) == 12.5


def test_small_cohorts_widen() -> None:
    # 30 records of G06F in 2020 make their own cohort; 5 records of G06N 2020 fall back to
    # the class G06 × 2020 (35 records); one without IPC or year is compared with all 36.
    rows = [(CohortKeys("G06F", "G06", 2020), Measures(claims=i + 1)) for i in range(30)]
    rows += [(CohortKeys("G06N", "G06", 2020), Measures(claims=10)) for _ in range(5)]
    rows += [(CohortKeys(None, None, None), Measures(claims=7))]
    pops = Populations(rows)
    own, pct = pops.percentiles(CohortKeys("G06F", "G06", 2020), Measures(claims=30))
    assert own.fields == ("subclass", "year") and own.size == 30
    assert pct["claims"] == round(100 * 29.5 / 30, 2)
    small, _ = pops.percentiles(CohortKeys("G06N", "G06", 2020), Measures(claims=10))
    assert small.fields == ("pclass", "year") and small.size == 35
    none, _ = pops.percentiles(CohortKeys(None, None, None), Measures(claims=7))
    assert none.fields == () and none.size == 36


def test_absent_measures_have_no_percentile() -> None:
    pops = Populations([(CohortKeys(None, None, None), Measures(claims=3))])
    _c, pct = pops.percentiles(CohortKeys(None, None, None), Measures(claims=3, family=None))
    assert "family" not in pct and pct["claims"] == 50.0


def test_offices_of_a_family() -> None:
    # Members CN…, US…, EP…, US… and the record itself (CN): offices CN, US, EP → 3
    p = cn(family_members=["CN1", "US2", "EP3", "US4"])
    assert measures.offices(p) == 3
    assert measures.offices(cn()) is None
