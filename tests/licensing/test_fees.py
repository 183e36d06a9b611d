"""Fee standards and the guidance caps, table-driven from the notice (seeds/000 §1.2):
fixed fee ≤ ¥20,000,000; royalty ≤ 20% of net sales or ≤ 40% of profit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhichan.licensing.declarations import fees
from zhichan.licensing.declarations.fees import FeeStandard

D = Decimal

CAP_CASES = [
    # (standard, part, over?)
    (FeeStandard(fixed_fee=D("20000000")), "fixed", False),
    (FeeStandard(fixed_fee=D("20000000.01")), "fixed", True),
    (
        FeeStandard(
            fixed_fee=D("5000000"), fixed_period="year", payment_schedule="year", term_years=4
        ),
        "fixed",
        False,
    ),
    (
        FeeStandard(
            fixed_fee=D("5000000"), fixed_period="year", payment_schedule="year", term_years=5
        ),
        "fixed",
        True,
    ),
    (FeeStandard(sales_rate=D("20")), "sales", False),
    (FeeStandard(sales_rate=D("20.0001")), "sales", True),
    (FeeStandard(profit_rate=D("40")), "profit", False),
    (FeeStandard(profit_rate=D("40.5")), "profit", True),
]


@pytest.mark.parametrize(("fee", "part", "over"), CAP_CASES)
def test_cap_checks_follow_the_guidance(fee: FeeStandard, part: str, over: bool) -> None:
    (found,) = [c for c in fees.cap_checks(fee) if c.part == part]
    assert found.over is over
    assert ("普通许可" in found.message) is over


def test_combination_checks_each_part_and_names_the_kind() -> None:
    fee = FeeStandard(fixed_fee=D(10000), sales_rate=D(25), profit_rate=D(10))
    assert fee.kind == "combination"
    assert {c.part: c.over for c in fees.cap_checks(fee)} == {
        "fixed": False,
        "sales": True,
        "profit": False,
    }


@pytest.mark.parametrize(
    ("fee", "kind", "upfront", "total"),
    [
        (FeeStandard(fixed_fee=D(80000)), "fixed", D("80000.00"), D("80000.00")),
        (
            FeeStandard(
                fixed_fee=D(20000), fixed_period="year", payment_schedule="year", term_years=3
            ),
            "fixed",
            D("20000.00"),
            D("60000.00"),
        ),
        (FeeStandard(sales_rate=D(3)), "sales", D("0.00"), None),
        (FeeStandard(), "none", D("0.00"), None),
    ],
)
def test_kind_upfront_and_total(
    fee: FeeStandard, kind: str, upfront: Decimal, total: Decimal | None
) -> None:
    assert (fee.kind, fee.upfront_due, fee.fixed_total) == (kind, upfront, total)


def test_period_due_adds_later_years_fixed_fee_and_royalties() -> None:
    fee = FeeStandard(
        fixed_fee=D(20000),
        fixed_period="year",
        sales_rate=D("2.5"),
        profit_rate=D(10),
        payment_schedule="year",
        term_years=3,
    )
    assert fee.period_due(period_no=1, net_sales=D(1000000), profit=D(-5)) == (
        D("0.00"),
        D("25000.00"),
    )
    assert fee.period_due(period_no=2, net_sales=D(1000000), profit=D(100000)) == (
        D("20000.00"),
        D("35000.00"),
    )


def test_label_reads_like_the_announcement() -> None:
    fee = FeeStandard(fixed_fee=D("20000"), fixed_period="year", sales_rate=D("2.50"))
    assert fee.label() == "固定费用 20,000.00 元/许可年度 + 净销售额的 2.5%"
