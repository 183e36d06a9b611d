"""Indicators whose inputs the shipped records lack (legal events, families, owners), on
CONSTRUCTED profiles (profiles.py), each expected value worked out by hand beside it."""

from __future__ import annotations

from datetime import date

from tests.valuation.profiles import cn, event
from zhichan.patents.schemas import ClaimFacts, PatentProfile, SeiHit
from zhichan.valuation import indicators, measures
from zhichan.valuation.indicators import Context, Operation
from zhichan.valuation.measures import CohortKeys, Measures
from zhichan.valuation.populations import Populations

TODAY = date(2026, 12, 1)


def _ctx(p: PatentProfile, pops: Populations | None = None,
         ops: tuple[Operation, ...] = ()) -> Context:  # fmt: skip
    m = measures.of(p, TODAY)
    pops = pops or Populations([(measures.cohort_keys(p), m)])
    cohort, pct = pops.percentiles(measures.cohort_keys(p), m)
    return Context(p, m, pct, cohort.label, TODAY, ops)


def test_cn_term_by_the_statutes_calculator() -> None:
    # Filed 2016-03-10: 专利法第四十二条, 20 years ending the day before → 2036-03-09.
    # Term: 2016-03-10 → 2036-03-09 = 20 × 365 + 5 leap days (2020 … 2036) − 1 = 7304 days.
    # Left on 2026-12-01: → 2035-12-01 is 9 × 365 + 2 (2028, 2032) = 3287, → 2036-03-09
    # 31 + 31 + 29 + 8 = 99, together 3386. 100 × 3386 / 7304 = 46.358 → 46.36
    got = indicators.term(_ctx(cn()))
    assert got.score == 46.36 and "第四十二条" in got.inputs["依据"]


def test_stability_points() -> None:
    # 70 + 15 (granted invention) − 40 (invalidation request) − 20 (two X citations) = 25
    p = cn(events=[event("2020-02-02", "invalidation", "无效宣告请求")],
           citations=[("CN1A", "X"), ("CN2A", "X,Y"), ("CN3A", "A"), ("US4B", "cited by examiner")])  # fmt: skip
    assert indicators.stability(_ctx(p)).score == 25.0


def test_encumbrance_points() -> None:
    # 100 − 50 (pledge not released) − 30 (two owners) = 20; a preservation takes it to 0
    pledged = cn(holders=["甲大学", "乙公司"],
                 events=[event("2019-01-01", "grant", "授权"), event("2021-05-05", "pledge", "质押登记")])  # fmt: skip
    assert indicators.encumbrance(_ctx(pledged)).score == 20.0
    frozen = cn(events=[event("2022-01-01", "other", "专利权保全")])
    assert indicators.encumbrance(_ctx(frozen)).score == 0.0
    assert indicators.encumbrance(_ctx(cn(events=[]))).score is None


def test_operations_points() -> None:
    # One transfer and one licence filing in the events, one signed deal in the registry:
    # n = 3 → 20 + 30 × 3 = 110 → capped at 100; only the grant event → n = 0 → 20
    p = cn(events=[event("2020-01-01", "transfer", "专利权转移"),
                   event("2021-01-01", "licence_record", "专利实施许可合同备案")])  # fmt: skip
    ops = (Operation("专利权转移", date(2020, 1, 1), "法律事件"),
           Operation("专利实施许可合同备案", date(2021, 1, 1), "法律事件"),
           Operation("已签约（转让）", date(2024, 3, 3), "本平台转化交易 7"))  # fmt: skip
    assert indicators.operations(_ctx(p, ops=ops)).score == 100.0
    assert indicators.operations(_ctx(cn())).score == 20.0
    assert indicators.operations(_ctx(cn(events=[]))).score is None


def test_scope_family_and_maintenance_in_a_cohort() -> None:
    # Cohort of four G06F 2016 records with 1, 3, 5 and 7 claims; ours has 5 claims (2
    # independent, shortest 120 chars), family in CN, US, EP (3 offices), granted 2018-06-01
    # and in force: maintained 2018-06-01 → 2026-12-01 = 3105 days / 365.25 = 8.5 years.
    def claims(n: int, independent: int, shortest: int) -> list[ClaimFacts]:
        return [ClaimFacts(num=i + 1, length=shortest + 10 * i, independent=i < independent)
                for i in range(n)]  # fmt: skip

    ours = cn(claims=claims(5, 2, 120), family_members=["US9B2", "EP9B1"])
    others = [cn(id=10 + k, claims=claims(n, 1, 200), family_members=[]) for k, n in
              enumerate((1, 3, 7))]  # fmt: skip
    rows = [(measures.cohort_keys(x), measures.of(x, TODAY)) for x in (ours, *others)]
    ctx = _ctx(ours, Populations(rows))
    assert ctx.measures.maintained == 8.5
    # claims 5 among [1, 3, 5, 7]: (2 + 0.5) / 4 = 62.5; independent 2 among [1, 1, 1, 2]:
    # (3 + 0.5) / 4 = 87.5; shortest 120 among [120, 200, 200, 200], inverted: 100 − 12.5 =
    # 87.5; subclasses 1 everywhere: 50 → scope = (62.5 + 87.5 + 87.5 + 50) / 4 = 71.875
    assert indicators.scope(ctx).score == 71.88
    # family: only ours has family data: 3 among [3] → 50
    assert indicators.FUNCTIONS["family"](ctx).score == 50.0
    # maintained 8.5 among [8.5 × 4] (same grant date) → 50
    assert indicators.FUNCTIONS["maintenance"](ctx).score == 50.0


def test_policy_fit() -> None:
    hit = SeiHit(sei_code="1.5", sei_name="人工智能", rule_no=1, ipc="G06F16/30",
                 pattern="G06F16", confirmed=True, keyword=None)  # fmt: skip
    assert indicators.policy_fit(_ctx(cn(sei=[hit]))).score == 100.0
    assert indicators.policy_fit(_ctx(cn())).score == 50.0
    assert indicators.policy_fit(_ctx(cn(ipc=[]))).score is None


def test_cohort_keys_of_a_record() -> None:
    assert measures.cohort_keys(cn()) == CohortKeys("G06F", "G06", 2016)
    assert Measures().as_dict()["claims"] is None
