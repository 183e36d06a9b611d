"""The policy-rule engine on the shipped rule table (the seeds' numbers), each expected amount
worked out by hand in the comment beside it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhichan.core.errors import InvalidInput
from zhichan.pledge import claims, policy

RULES = claims.reference_rules()
ON = date(2026, 6, 30)
REPAID_INSURED = frozenset({"repaid", "insured"})


def _case(**kw: object) -> policy.Case:
    return policy.Case(on=kw.pop("on", ON), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "case", "expected"),
    [
        # 山东 SD-1: 60 % of the premium, ≤ ¥60,000 per firm per year, ≤ 2 years, after repayment.
        (
            "SD-1",
            _case(base_amount=Decimal(50_000), met=REPAID_INSURED),
            Decimal("30000.00"),
        ),  # 50,000 × 60 %
        (
            "SD-1",
            _case(base_amount=Decimal(100_000), met=REPAID_INSURED),
            Decimal("60000.00"),
        ),  # 60,000: at the cap
        (
            "SD-1",
            _case(base_amount=Decimal(120_000), met=REPAID_INSURED),
            Decimal("60000.00"),
        ),  # 72,000 → cap 60,000
        (
            "SD-1",
            _case(base_amount=Decimal(80_000), met=REPAID_INSURED, prior=Decimal(30_000)),
            Decimal("30000.00"),
        ),  # 48,000, but 30,000 already this year → 30,000 left
        (
            "SD-1",
            _case(base_amount=Decimal(50_000), met=REPAID_INSURED, year_no=2, years_used=1),
            Decimal("30000.00"),
        ),  # second year still supported
        (
            "SD-1",
            _case(base_amount=Decimal(50_000), met=REPAID_INSURED, year_no=3, years_used=2),
            Decimal(0),
        ),  # third year: beyond 2 years
        (
            "SD-1",
            _case(base_amount=Decimal(50_000), met=frozenset({"insured"})),
            Decimal(0),
        ),  # not repaid
        # 甘肃 GS-1: 80 / 60 / 40 % of the premium in years 1–3, then the firm pays all.
        (
            "GS-1",
            _case(base_amount=Decimal(10_000), met=frozenset({"insured"})),
            Decimal("8000.00"),
        ),
        (
            "GS-1",
            _case(base_amount=Decimal(10_000), met=frozenset({"insured"}), year_no=2, years_used=1),
            Decimal("6000.00"),
        ),
        (
            "GS-1",
            _case(base_amount=Decimal(10_000), met=frozenset({"insured"}), year_no=3, years_used=2),
            Decimal("4000.00"),
        ),
        (
            "GS-1",
            _case(base_amount=Decimal(10_000), met=frozenset({"insured"}), year_no=4, years_used=3),
            Decimal(0),
        ),
        # 重庆 CQ-3: 80 % of the principal loss after the insurer's payout and the disposal.
        (
            "CQ-3",
            _case(
                principal=Decimal(1_000_000),
                insurer_paid=Decimal(300_000),
                recovered=Decimal(200_000),
                met=frozenset({"defaulted"}),
            ),
            Decimal("400000.00"),
        ),  # (1,000,000 − 300,000 − 200,000) × 80 %
        (
            "CQ-3",
            _case(
                principal=Decimal(1_000_000),
                insurer_paid=Decimal(300_000),
                recovered=Decimal(200_000),
                met=frozenset({"defaulted"}),
                pool_balance=Decimal(250_000),
            ),
            Decimal("250000.00"),
        ),  # the pool holds only 250,000
        (
            "CQ-3",
            _case(
                principal=Decimal(100_000),
                insurer_paid=Decimal(80_000),
                recovered=Decimal(40_000),
                met=frozenset({"defaulted"}),
            ),
            Decimal("0.00"),
        ),  # recoveries exceed the loss: nothing to compensate
        # 山东 SD-5: 60 % of the interest at the benchmark rate, for SMEs.
        (
            "SD-5",
            _case(
                principal=Decimal(1_000_000),
                benchmark_rate=Decimal("4.35"),
                days=365,
                met=frozenset({"sme"}),
            ),
            Decimal("26100.00"),
        ),  # 1,000,000 × 4.35 % × 365/365 = 43,500 × 60 %
        # 河南许昌 HN-1: 50 % of the valuation fee, ≤ ¥100,000 per firm per year.
        ("HN-1", _case(base_amount=Decimal(30_000)), Decimal("15000.00")),
        ("HN-1", _case(base_amount=Decimal(300_000)), Decimal("100000.00")),  # 150,000 → cap
        # 郑州 HN-4: 0.1 % of the loan to the bank, pledges set up in 2023 only.
        ("HN-4", _case(on=date(2023, 5, 1), base_amount=Decimal(5_000_000)), Decimal("5000.00")),
        ("HN-4", _case(on=date(2024, 1, 5), base_amount=Decimal(5_000_000)), Decimal(0)),
    ],
)
def test_amounts_from_the_seed_rules(rule: str, case: policy.Case, expected: Decimal) -> None:
    result = policy.compute(RULES[rule], case)
    assert result.amount == expected
    assert result.steps  # every amount says how it was reached


def test_refusals_say_why() -> None:
    third = policy.compute(
        RULES["SD-1"], _case(base_amount=Decimal(1), met=REPAID_INSURED, year_no=3, years_used=2)
    )
    assert third.refused and "至多 2 年" in third.refused
    unpaid = policy.compute(
        RULES["SD-1"], _case(base_amount=Decimal(1), met=frozenset({"insured"}))
    )
    assert unpaid.refused == "条件未满足：已还本付息"
    late = policy.compute(RULES["HN-4"], _case(on=date(2024, 1, 5), base_amount=Decimal(1)))
    assert late.refused and "2023-12-31" in late.refused


def test_a_rule_without_a_stated_rate_computes_nothing_until_the_office_enters_it() -> None:
    for code in ("SC-1", "GS-2a", "GS-2b", "GS-2c"):
        assert RULES[code].rate is None and not RULES[code].schedule
        with pytest.raises(InvalidInput, match="未在来源文件中载明"):
            policy.compute(
                RULES[code],
                _case(principal=Decimal(1), base_amount=Decimal(1), met=frozenset({"defaulted"})),
            )


def test_every_rule_names_its_source() -> None:
    assert len(RULES) >= 15
    for r in RULES.values():
        assert r.source_doc and r.source_section, r.code
