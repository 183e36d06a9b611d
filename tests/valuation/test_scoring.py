"""The scenario-weighted score: renormalisation over indicators with data, coverage, tiers,
and properties that must hold for any values and any published weights."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zhichan.valuation import catalogue, scoring, weights

KEYS = [i.key for i in catalogue.CATALOGUE]
values = st.dictionaries(st.sampled_from(KEYS), st.one_of(st.none(), st.floats(0, 100)))
weight_sets = st.builds(
    lambda a, b, ind: weights.WeightSet(
        dimensions={"legal": a, "technical": (1 - a) * b, "economic": 1 - a - (1 - a) * b},
        indicators=ind,
    ),
    st.floats(0, 1),
    st.floats(0, 1),
    st.dictionaries(st.sampled_from(KEYS), st.floats(0, 10)),
)


def test_hand_worked_example() -> None:
    # Finance weights: legal 0.45, technical 0.20, economic 0.35 (defaults).
    # legal: term 60 (w 3), scope 80 (w 2) → (180 + 160) / 5 = 68
    # technical: none → left out; economic: policy_fit 100 (w 1) → 100
    # score = (0.45 × 68 + 0.35 × 100) / (0.45 + 0.35) = (30.6 + 35) / 0.8 = 82.0 → A
    # coverage = 0.45 × 5/14.5 + 0.35 × 1/7.5 = 0.155172 + 0.046667 = 0.2018 (legal weights
    # 3+2+2+1+1.5+0.5+2+1.5+1 = 14.5; economic 2+1+1.5+2+1 = 7.5, weights.DEFAULT_INDICATORS)
    w = weights.default("finance")
    legal = sum(w.weight(i.key) for i in catalogue.CATALOGUE if i.dimension == "legal")
    economic = sum(w.weight(i.key) for i in catalogue.CATALOGUE if i.dimension == "economic")
    got = scoring.combine({"term": 60, "scope": 80, "policy_fit": 100}, w)
    assert got.score == 82.0 and got.tier == "A"
    assert got.dimensions == {"legal": 68.0, "technical": None, "economic": 100.0}
    assert (legal, economic) == (14.5, 7.5)
    assert got.coverage == 0.2018
    assert got.reference  # far below 60 % of the weight has data


def test_absent_is_left_out_not_zero() -> None:
    w = weights.default("management")
    present = {"term": 60.0, "scope": 80.0, "policy_fit": 100.0}
    with_absent = scoring.combine(present | {"family": None, "market": None}, w)
    assert with_absent.score == scoring.combine(present, w).score
    as_zero = scoring.combine(present | {"family": 0.0, "market": 0.0}, w)
    assert as_zero.score is not None and with_absent.score is not None
    assert as_zero.score < with_absent.score
    assert as_zero.coverage > with_absent.coverage


def test_nothing_known_is_no_score() -> None:
    got = scoring.combine({k: None for k in KEYS}, weights.default("licensing"))
    assert got.score is None and got.tier is None and got.coverage == 0 and got.reference


@settings(max_examples=300, deadline=None)
@given(values, weight_sets)
def test_score_stays_within_0_100(v: dict[str, float | None], w: weights.WeightSet) -> None:
    got = scoring.combine(v, w)
    assert got.score is None or 0 <= got.score <= 100
    assert 0 <= got.coverage <= 1.0001


@settings(max_examples=300, deadline=None)
@given(values, weight_sets, st.sampled_from(KEYS), st.floats(0, 100))
def test_raising_one_indicator_never_lowers_the_score(
    v: dict[str, float | None], w: weights.WeightSet, key: str, extra: float
) -> None:
    before = scoring.combine(v | {key: v.get(key) or 0.0}, w)
    raised = min(100.0, (v.get(key) or 0.0) + extra)
    after = scoring.combine(v | {key: raised}, w)
    # Scored or not depends on which indicators have data and weight, never on the values.
    assert (before.score is None) == (after.score is None)
    if before.score is not None and after.score is not None:
        assert after.score >= before.score - 1e-9


def test_tiers() -> None:
    assert [scoring.tier_of(s) for s in (80, 79.99, 65, 64.9, 50, 49.9, 0)] == list("ABBCCDD")
