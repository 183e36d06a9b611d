"""Money methods in ``Decimal`` yuan: relief-from-royalty and profit-split income methods, the
market method over comparables and the cost method as a floor. The user supplies the economics;
the platform checks them against the open-licence caps (royalty ≤ 20 % of net sales, profit
share ≤ 40 %, seeds/000 §1.2 on 《专利开放许可使用费估算指引（试行）》) and never lets the
economic life run past the legal term."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zhichan.core.errors import InvalidInput

CENT = Decimal("0.01")
ROYALTY_CAP = Decimal("0.20")
PROFIT_CAP = Decimal("0.40")
CAP_SOURCE = "《专利开放许可使用费估算指引（试行）》：一般不超过净销售额的 20% 或利润的 40%"
MAX_YEARS = 30
#: No amount above this is taken (10 万亿元): beyond it a figure is a typing error, and the
#: cent-rounding of a larger one would exceed Decimal's precision.
MAX_AMOUNT = Decimal("1e13")


def number(raw: object, name: str) -> Decimal:
    """A typed number (thousands commas allowed) as ``Decimal``; anything else, NaN and
    infinities included, is refused in Chinese."""
    text = str(raw or "").strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInput(f"{name}应为数字：{text or '（空）'}", details={"field": name})
    return value


def numbers(text: str, name: str) -> list[Decimal]:
    """Figures separated by commas (either width), 、 or new lines."""
    parts = re.split(r"[,，、\n]+", text)
    return [number(x, name) for x in parts if x.strip()]


def yuan(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class YearRow:
    year: int
    base: Decimal
    share: Decimal  # the part of the year counted (1, or the fraction before the term ends)
    cash: Decimal
    factor: Decimal
    present: Decimal


@dataclass(slots=True)
class Income:
    method: str
    value: Decimal
    formula: str
    rows: list[YearRow]
    years_used: Decimal
    warnings: list[str] = field(default_factory=list)
    #: rows: discount rate; columns: the royalty rate or profit share (×0.75, ×1, ×1.25).
    sensitivity: list[tuple[Decimal, list[Decimal]]] = field(default_factory=list)
    rate_columns: list[Decimal] = field(default_factory=list)
    #: economic life − 2, as given, + 2 years (each capped by the legal term).
    life: list[tuple[Decimal, Decimal]] = field(default_factory=list)


def _check_amount(x: Decimal, name: str) -> None:
    if not x.is_finite() or not 0 <= x <= MAX_AMOUNT:
        raise InvalidInput(
            f"{name}应在 0 到 {MAX_AMOUNT:,.0f} 元之间：{x}", details={"field": name}
        )


def _check_rate(x: Decimal, name: str, low: Decimal, high: Decimal) -> None:
    if not x.is_finite() or not low <= x <= high:
        raise InvalidInput(f"{name}应在 {low} 到 {high} 之间：{x}", details={"field": name})


def _pv(
    bases: list[Decimal], rate: Decimal, tax: Decimal, discount: Decimal, years: Decimal
) -> tuple[Decimal, list[YearRow]]:
    rows = []
    total = Decimal(0)
    for t, base in enumerate(bases, start=1):
        share = min(Decimal(1), max(Decimal(0), years - (t - 1)))
        if share <= 0:
            break
        cash = base * rate * (1 - tax) * share
        factor = 1 / (1 + discount) ** t
        present = cash * factor
        total += present
        rows.append(
            YearRow(t, base, share, yuan(cash), factor.quantize(Decimal("0.000001")), yuan(present))
        )
    return yuan(total), rows


def _years(forecast: int, remaining: Decimal | None, warnings: list[str]) -> Decimal:
    years = Decimal(forecast)
    if remaining is not None and remaining < years:
        warnings.append(
            f"经济寿命 {forecast} 年超过剩余法定保护期 {remaining} 年，按 {remaining} 年计"
        )
        years = max(Decimal(0), remaining)
    return years


def _extend(bases: list[Decimal], n: int) -> list[Decimal]:
    """The forecast cut or extended to ``n`` years (the last year's figure repeated)."""
    return (bases + [bases[-1]] * max(0, n - len(bases)))[:n]


def income(
    method: str,
    bases: list[Decimal],
    rate: Decimal,
    tax: Decimal,
    discount: Decimal,
    *,
    remaining_years: Decimal | None,
    justification: str | None = None,
) -> Income:
    """``method`` is ``royalty`` (bases are net sales, rate the royalty rate) or
    ``profit_split`` (bases are profits, rate the share attributed to the patent)."""
    if method not in ("royalty", "profit_split"):
        raise InvalidInput(f"未知的收益法：{method}")
    if not 1 <= len(bases) <= MAX_YEARS:
        raise InvalidInput(f"预测年数应为 1 到 {MAX_YEARS} 年")
    for b in bases:
        _check_amount(b, "预测金额")
    _check_rate(rate, "提成率或分成率", Decimal(0), Decimal(1))
    _check_rate(tax, "所得税率", Decimal(0), Decimal("0.5"))
    _check_rate(discount, "折现率", Decimal("0.01"), Decimal("0.5"))
    cap, what = (ROYALTY_CAP, "提成率") if method == "royalty" else (PROFIT_CAP, "利润分成率")
    warnings: list[str] = []
    if rate > cap:
        if not (justification or "").strip():
            raise InvalidInput(
                f"{what} {rate:%} 超过 {cap:%}（{CAP_SOURCE}）；确需采用请写明理由",
                details={"field": "justification"},
            )
        warnings.append(f"{what}超过 {cap:%}，理由：{justification}")
    years = _years(len(bases), remaining_years, warnings)
    value, rows = _pv(bases, rate, tax, discount, years)
    label = "销售额" if method == "royalty" else "利润"
    formula = f"V = Σ {label}_t × {what} × (1 − 所得税率) ÷ (1 + 折现率)^t，t = 1…n"
    result = Income(method, value, formula, rows, years, warnings)
    result.rate_columns = [
        yuan(rate * m * 100) / 100 for m in (Decimal("0.75"), 1, Decimal("1.25"))
    ]
    for r in (discount - Decimal("0.02"), discount, discount + Decimal("0.02")):
        if r <= 0:
            continue
        cells = [_pv(bases, k, tax, r, years)[0] for k in result.rate_columns]
        result.sensitivity.append((r, cells))
    for n in (len(bases) - 2, len(bases), len(bases) + 2):
        if n >= 1:
            cap_n = min(Decimal(n), remaining_years) if remaining_years is not None else Decimal(n)
            result.life.append((cap_n, _pv(_extend(bases, n), rate, tax, discount, cap_n)[0]))
    return result


@dataclass(frozen=True, slots=True)
class Comparable:
    ref: str
    price: Decimal
    #: Adjustment factors by name (技术、剩余期限、独占性、地域、时间), each multiplying the price.
    factors: dict[str, Decimal]

    @property
    def adjusted(self) -> Decimal:
        out = self.price
        for f in self.factors.values():
            out *= f
        return yuan(out)


def market(comparables: list[Comparable]) -> tuple[Decimal, str]:
    if not 1 <= len(comparables) <= 50:
        raise InvalidInput("可比交易应为 1 到 50 个")
    for c in comparables:
        _check_amount(c.price, f"可比交易 {c.ref} 的价格")
        if c.price == 0:
            raise InvalidInput(f"可比交易 {c.ref} 的价格应大于 0")
        for name, f in c.factors.items():
            _check_rate(f, f"调整系数“{name}”", Decimal("0.1"), Decimal(10))
    value = yuan(sum((c.adjusted for c in comparables), Decimal(0)) / len(comparables))
    return value, "V = Σ（可比交易价格 × 各调整系数之积）÷ 可比交易数"


def cost(
    items: dict[str, Decimal], elapsed_years: Decimal, life_years: Decimal
) -> tuple[Decimal, str]:
    for name, v in items.items():
        _check_amount(v, name)
    if not (life_years.is_finite() and elapsed_years.is_finite()):
        raise InvalidInput("年数应为数字")
    if life_years <= 0 or elapsed_years < 0:
        raise InvalidInput("经济寿命应大于 0，已使用年数不能为负数")
    obsolescence = min(Decimal(1), elapsed_years / life_years)
    total = sum(items.values(), Decimal(0))
    formula = (
        f"V = 成本合计 × (1 − 已使用年数 ÷ 经济寿命) = {yuan(total)} × (1 − {obsolescence:.4f})"
    )
    return yuan(total * (1 - obsolescence)), formula
