"""Tiering rules, table-driven: each row one rule and the reason it must give."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pydantic import ValidationError

from zhichan.transfer import tiering
from zhichan.transfer.tiering import Facts, Policy

TODAY = date(2026, 11, 21)
BASE = Facts(
    status="reviewed", prospect="较好", maturity="小试", patent_type="invention", legal="valid",
    expiry=date(2040, 1, 9), grant_date=date(2022, 6, 1), today=TODAY,
)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "tier", "reason"),
    [
        ({}, "B", "合计 4 分 → B"),  # 较好 2 + 发明 1 + 剩余 ≥ 10 年 1
        ({"prospect": "好", "maturity": "可量产"}, "A", "技术成熟度“可量产” +2"),
        (
            {"prospect": "不明", "patent_type": "utility_model", "expiry": date(2030, 1, 9)},
            "C",
            "合计 0 分 → C",
        ),
        ({"status": "pending"}, None, "尚未盘点"),
        ({"status": "abandoned"}, tiering.EXCLUDED, "盘点结论为放弃"),
        ({"legal": "invalid"}, tiering.EXCLUDED, "法律状态为失效"),
        ({"legal": "pending"}, tiering.EXCLUDED, "尚未授权"),
        (
            {"expiry": date(2028, 6, 1)},
            tiering.EXCLUDED,
            "剩余保护期不足 3 年（届满日 2028-06-01）",
        ),
        (
            {"legal": "unknown", "expiry": None, "grant_date": None},
            "B",
            "法律状态未知（记录未载明，待核实） +0",
        ),
        ({"grant_date": date(2015, 1, 1)}, "A", "授权后已维持 ≥ 5 年 +1"),
    ],
)
def test_default_policy(change: dict[str, object], tier: str | None, reason: str) -> None:
    result = tiering.evaluate(Policy(), replace(BASE, **change))  # type: ignore[arg-type]
    assert result.tier == tier
    assert reason in result.reasons


def test_a_policy_changes_the_outcome_and_is_validated() -> None:
    strict = Policy(
        exclude_unknown_status=True, allowed_types=["invention"], tiers=[("A", 3), ("B", 1)]
    )
    assert tiering.evaluate(strict, replace(BASE, legal="unknown")).tier == tiering.EXCLUDED
    assert tiering.evaluate(strict, replace(BASE, patent_type="design")).reasons == [
        "专利类型“外观设计”不在入库范围"
    ]
    assert (
        tiering.evaluate(strict, replace(BASE, prospect="不明", maturity=None, expiry=None)).tier
        == "B"
    )
    assert (
        tiering.evaluate(
            strict,
            replace(
                BASE,
                prospect="不明",
                patent_type="invention",
                maturity=None,
                expiry=None,
                grant_date=None,
            ),
        ).tier
        == "B"
    )
    with pytest.raises(ValidationError):
        Policy(tiers=[("A", 1), ("B", 3)])
    with pytest.raises(ValidationError):
        Policy(prospect_points={"极好": 9})


def test_the_valuation_counts_only_when_the_policy_says_so() -> None:
    valued = replace(BASE, value_tier="A", value_score=83.4)
    # Default policy: no value points, 较好 2 + 发明 1 + 剩余 ≥ 10 年 1 = 4 → B either way
    assert tiering.evaluate(Policy(), valued).tier == "B"
    counted = Policy(value_points={"A": 2, "B": 1})
    result = tiering.evaluate(counted, valued)
    assert result.tier == "A" and "价值评估（管理场景）A 档，83.4 分 +2" in result.reasons
    assert tiering.evaluate(counted, replace(BASE, value_tier="D", value_score=30.0)).tier == "B"
    with pytest.raises(ValidationError):
        Policy(value_points={"甲": 1})
