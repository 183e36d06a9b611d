"""Fee standards of an open licence (许可使用费支付方式、标准) and the guidance caps.

A standard combines up to three parts: a fixed fee (once, or per licence year), a royalty on
net sales and a share of profit. Amounts are yuan (``Decimal``); rates are percent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

FIXED_PERIODS = {"once": "一次性", "year": "每个许可年度"}
SCHEDULES = {"once": "一次性", "year": "按年", "half": "按半年", "quarter": "按季度"}
KINDS = {
    "fixed": "固定费用",
    "sales": "按净销售额提成",
    "profit": "按利润分成",
    "combination": "组合（入门费 + 提成）",
}

#: Source of the caps: the notice reported in seeds/000 §1.2 (quoted in ``CAP_QUOTE``).
CAP_SOURCE = "《国家知识产权局关于全面推进专利开放许可制度实施工作的通知》（依《专利审查指南》）"
CAP_QUOTE = (
    "许可使用费以固定费用标准支付的，一般不高于 2000 万元；以提成费支付的，一般不高于净销售额的"
    " 20%或利润额的 40%。许可使用费高于上述标准的，引导专利权人通过普通许可等方式进行许可。"
)
FIXED_CAP = Decimal(20_000_000)
SALES_CAP = Decimal(20)
PROFIT_CAP = Decimal(40)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal | None) -> str:
    """``1234567.5`` → ``1,234,567.50 元``."""
    return "—" if value is None else f"{money(value):,} 元"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}%"


@dataclass(frozen=True, slots=True)
class FeeStandard:
    fixed_fee: Decimal | None = None
    fixed_period: str = "once"
    sales_rate: Decimal | None = None
    profit_rate: Decimal | None = None
    payment_method: str = ""
    payment_schedule: str = "once"
    term_years: int = 1

    @property
    def parts(self) -> list[str]:
        return [
            name
            for name, value in (
                ("fixed", self.fixed_fee),
                ("sales", self.sales_rate),
                ("profit", self.profit_rate),
            )
            if value is not None
        ]

    @property
    def kind(self) -> str:
        parts = self.parts
        if len(parts) == 1:
            return parts[0]
        return "combination" if parts else "none"

    @property
    def fixed_total(self) -> Decimal | None:
        """The whole fixed fee over the licence term (per-year fee × years)."""
        if self.fixed_fee is None:
            return None
        years = self.term_years if self.fixed_period == "year" else 1
        return money(self.fixed_fee * years)

    @property
    def upfront_due(self) -> Decimal:
        """What a licensee pays with the written notice: the one-off fixed fee or the first
        licence year's; royalties are paid on the reports afterwards."""
        return money(self.fixed_fee) if self.fixed_fee is not None else Decimal("0.00")

    def period_due(
        self, *, period_no: int, net_sales: Decimal | None, profit: Decimal | None
    ) -> tuple[Decimal, Decimal]:
        """(fixed instalment, royalty) owed for reporting period ``period_no`` (1-based).

        The per-year fixed fee of years after the first is due on that year's report (the
        schedule is then yearly; the first year's was paid upfront).
        """
        fixed = Decimal("0.00")
        if self.fixed_fee is not None and self.fixed_period == "year" and period_no > 1:
            fixed = money(self.fixed_fee)
        royalty = Decimal(0)
        if self.sales_rate is not None and net_sales is not None:
            royalty += net_sales * self.sales_rate / HUNDRED
        if self.profit_rate is not None and profit is not None:
            royalty += max(profit, Decimal(0)) * self.profit_rate / HUNDRED
        return fixed, money(royalty)

    def label(self) -> str:
        bits = []
        if self.fixed_fee is not None:
            per = "/许可年度" if self.fixed_period == "year" else "（一次性）"
            bits.append(f"固定费用 {yuan(self.fixed_fee)}{per}")
        if self.sales_rate is not None:
            bits.append(f"净销售额的 {pct(self.sales_rate)}")
        if self.profit_rate is not None:
            bits.append(f"利润的 {pct(self.profit_rate)}")
        return " + ".join(bits) or "未填写"


@dataclass(frozen=True, slots=True)
class CapCheck:
    part: str
    value: str
    cap: str
    over: bool
    message: str


def cap_checks(fee: FeeStandard) -> list[CapCheck]:
    """Each part of the standard against the guidance cap (exceeding one is advice, not a
    refusal: the guidance then recommends an ordinary licence)."""
    out = []
    if (total := fee.fixed_total) is not None:
        over = total > FIXED_CAP
        basis = (
            f"{yuan(fee.fixed_fee)} × {fee.term_years} 年 = {yuan(total)}"
            if fee.fixed_period == "year"
            else yuan(total)
        )
        out.append(
            CapCheck("fixed", basis, yuan(FIXED_CAP), over, _cap_message("固定费用合计", over))
        )
    if fee.sales_rate is not None:
        over = fee.sales_rate > SALES_CAP
        out.append(
            CapCheck(
                "sales",
                pct(fee.sales_rate),
                pct(SALES_CAP),
                over,
                _cap_message("净销售额提成比例", over),
            )
        )
    if fee.profit_rate is not None:
        over = fee.profit_rate > PROFIT_CAP
        out.append(
            CapCheck(
                "profit",
                pct(fee.profit_rate),
                pct(PROFIT_CAP),
                over,
                _cap_message("利润分成比例", over),
            )
        )
    return out


def _cap_message(what: str, over: bool) -> str:
    if over:
        return f"{what}高于指导上限，建议改以普通许可方式许可（与被许可人协商）"
    return f"{what}在指导上限之内"
