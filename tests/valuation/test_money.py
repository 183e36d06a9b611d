"""Money methods against present values computed by hand (every figure in the comments)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zhichan.core.errors import InvalidInput
from zhichan.valuation import money


def test_relief_from_royalty_three_years() -> None:
    # Net sales 100,000 a year for 3 years, royalty 5 %, tax 25 %, discount 10 %:
    # cash = 100000 × 0.05 × 0.75 = 3750 a year;
    # PV = 3750/1.1 + 3750/1.21 + 3750/1.331
    #    = 3409.090909 + 3099.173554 + 2817.430503 = 9325.694966 → 9325.69
    got = money.income(
        "royalty", [D(100000)] * 3, D("0.05"), D("0.25"), D("0.10"), remaining_years=D(10)
    )
    assert got.value == D("9325.69")
    assert [r.cash for r in got.rows] == [D("3750.00")] * 3
    assert got.years_used == 3 and not got.warnings


def test_economic_life_capped_by_the_legal_term() -> None:
    # 2.5 years of term left: year 3 counts half, 1875/1.331 = 1408.7153;
    # PV = 3409.0909 + 3099.1736 + 1408.7153 = 7916.9798
    got = money.income(
        "royalty", [D(100000)] * 3, D("0.05"), D("0.25"), D("0.10"), remaining_years=D("2.5")
    )
    assert got.value == D("7916.98")
    assert got.rows[-1].share == D("0.5") and got.warnings


def test_sensitivity_cell() -> None:
    # discount 10 % − 2 pp = 8 %, royalty 5 % × 0.75 = 3.75 %: cash 100000 × 0.0375 × 0.75 =
    # 2812.5; PV = 2812.5/1.08 + 2812.5/1.1664 + 2812.5/1.259712
    #            = 2604.1667 + 2411.2654 + 2232.6531 = 7248.0852
    got = money.income(
        "royalty", [D(100000)] * 3, D("0.05"), D("0.25"), D("0.10"), remaining_years=None
    )
    rates = [r for r, _cells in got.sensitivity]
    assert rates == [D("0.08"), D("0.10"), D("0.12")]
    assert got.rate_columns == [D("0.0375"), D("0.05"), D("0.0625")]
    assert got.sensitivity[0][1][0] == D("7248.09")
    # life − 2 = 1 year: 3750/1.1 = 3409.09; + 2 = 5 years (last year repeated):
    # 3409.0909 + 3099.1736 + 2817.4305 + 2561.3004 + 2328.4549 = 14215.4503
    assert got.life[0] == (D(1), D("3409.09"))
    assert got.life[2] == (D(5), D("14215.45"))


def test_profit_split() -> None:
    # Profit 200,000 then 300,000; share 25 %, tax 15 %, discount 12 %:
    # cash 42,500 and 63,750; PV = 42500/1.12 + 63750/1.2544
    #                             = 37946.428571 + 50821.109694 = 88767.538265
    got = money.income(
        "profit_split",
        [D(200000), D(300000)],
        D("0.25"),
        D("0.15"),
        D("0.12"),
        remaining_years=D(8),
    )
    assert got.value == D("88767.54")


@pytest.mark.parametrize(("method", "rate"), [("royalty", "0.21"), ("profit_split", "0.41")])
def test_rates_over_the_open_licence_caps_need_a_reason(method: str, rate: str) -> None:
    with pytest.raises(InvalidInput, match="理由"):
        money.income(method, [D(1000)], D(rate), D("0.25"), D("0.1"), remaining_years=None)
    got = money.income(
        method,
        [D(1000)],
        D(rate),
        D("0.25"),
        D("0.1"),
        remaining_years=None,
        justification="独家技术，行业惯例较高",
    )
    assert any("理由" in w for w in got.warnings)


def test_market_method() -> None:
    # 100,000 × 0.8 × 1.1 = 88,000; 200,000 × 0.9 = 180,000; mean = 134,000
    comps = [
        money.Comparable("甲", D(100000), {"技术": D("0.8"), "时间": D("1.1")}),
        money.Comparable("乙", D(200000), {"剩余期限": D("0.9")}),
    ]
    assert money.market(comps)[0] == D("134000.00")


def test_cost_method_floor() -> None:
    # (50,000 + 30,000 + 20,000) × (1 − 4/10) = 60,000; past the economic life it is 0
    items = {"研发人工": D(50000), "材料": D(30000), "官费与代理费": D(20000)}
    assert money.cost(items, D(4), D(10))[0] == D("60000.00")
    assert money.cost(items, D(12), D(10))[0] == D("0.00")


@pytest.mark.parametrize("bad", [[D(-1)], []])
def test_bad_forecasts_are_refused(bad: list[D]) -> None:
    with pytest.raises(InvalidInput):
        money.income("royalty", bad, D("0.05"), D("0.25"), D("0.1"), remaining_years=None)
