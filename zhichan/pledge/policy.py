"""The policy-rule engine: subsidy claims and risk-pool compensation from rules held as data.

Pure (no database). A rule states a rate on a base, optional per-year rates (甘肃 80/60/40 %),
a cap per enterprise per year, per loan or for life, a number of years and the conditions a
claim must meet; the engine applies them in that order and says every step. A rule whose rate
the seeds do not state (四川 "按比例", 甘肃 贴息) holds ``None``: no amount is computed until the
office enters the figure of its own local document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from zhichan.core.errors import InvalidInput
from zhichan.pledge.catalogue import BASES, CAP_PERIODS, CONDITIONS, RULE_KINDS

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    region: str
    scheme: str
    kind: str
    base: str
    rate: Decimal | None = None  # percent
    schedule: tuple[Decimal, ...] = ()  # percent for year 1, 2, …; overrides ``rate``
    cap_amount: Decimal | None = None
    cap_period: str | None = None
    max_years: int | None = None
    conditions: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    source_doc: str = ""
    source_section: str = ""

    @property
    def source(self) -> str:
        return f"{self.source_doc} {self.source_section}".strip()


@dataclass(frozen=True, slots=True)
class Case:
    """One claim's facts. ``year_no`` counts the enterprise's years under the rule (1 = first);
    ``prior`` is what the same cap window already received (same year, same loan or ever, as the
    rule's cap period says); ``years_used`` the earlier years in which it received anything."""

    on: date
    year_no: int = 1
    base_amount: Decimal | None = None
    principal: Decimal | None = None
    benchmark_rate: Decimal | None = None  # percent a year, the reference-rate series' value
    days: int | None = None
    insurer_paid: Decimal = Decimal(0)
    recovered: Decimal = Decimal(0)
    met: frozenset[str] = frozenset()
    prior: Decimal = Decimal(0)
    years_used: int = 0
    pool_balance: Decimal | None = None


@dataclass(slots=True)
class Result:
    amount: Decimal
    steps: list[str] = field(default_factory=list)
    refused: str | None = None


def _yuan(d: Decimal) -> str:
    return f"{d.quantize(CENT, ROUND_HALF_UP):,} 元"


def _pct(d: Decimal) -> str:
    return f"{d.normalize():f}%"


def rate_for(rule: Rule, year_no: int) -> Decimal | None:
    if rule.schedule:
        return rule.schedule[year_no - 1] if year_no <= len(rule.schedule) else Decimal(0)
    return rule.rate


def _base(rule: Rule, case: Case, steps: list[str]) -> Decimal:
    if rule.base == "benchmark_interest":
        if case.principal is None or case.benchmark_rate is None or case.days is None:
            raise InvalidInput(
                "贴息须填写本金、基准利率（年利率 %）和计息天数", details={"base": rule.base}
            )
        base = case.principal * case.benchmark_rate / HUNDRED * Decimal(case.days) / DAYS_IN_YEAR
        steps.append(
            f"基数：本金 {_yuan(case.principal)} × 基准利率 {_pct(case.benchmark_rate)} "
            f"× {case.days}/365 天 = {_yuan(base)}"
        )
        return base
    if rule.base == "loan_loss":
        if case.principal is None:
            raise InvalidInput("风险补偿须填写未收回的本金", details={"base": rule.base})
        base = max(Decimal(0), case.principal - case.insurer_paid - case.recovered)
        steps.append(
            f"基数：未收回本金 {_yuan(case.principal)} − 保险赔付 {_yuan(case.insurer_paid)} "
            f"− 处置回收 {_yuan(case.recovered)} = {_yuan(base)}（先理赔后补偿）"
        )
        return base
    if case.base_amount is None or case.base_amount < 0:
        raise InvalidInput(f"须填写{BASES[rule.base]}（元）", details={"base": rule.base})
    steps.append(f"基数：{BASES[rule.base]} {_yuan(case.base_amount)}")
    return case.base_amount


def compute(rule: Rule, case: Case) -> Result:
    """The amount ``rule`` grants for ``case``, with each step; 0 with the reason when refused."""
    if rule.rate is None and not rule.schedule:
        raise InvalidInput(
            f"规则 {rule.code}（{rule.scheme}）的比例未在来源文件中载明，"
            "须由知识产权局先录入本地文件规定的数值",
            details={"rule": rule.code},
        )
    refused = _refusal(rule, case)
    if refused:
        return Result(Decimal("0.00"), [refused], refused)
    steps: list[str] = []
    base = _base(rule, case, steps)
    rate = rate_for(rule, case.year_no) or Decimal(0)
    which = f"第 {case.year_no} 年" if rule.schedule else ""
    amount = (base * rate / HUNDRED).quantize(CENT, ROUND_HALF_UP)
    steps.append(f"{RULE_KINDS[rule.kind]}：{_yuan(base)} × {which}{_pct(rate)} = {_yuan(amount)}")
    if rule.cap_amount is not None and rule.cap_period:
        room = max(Decimal(0), rule.cap_amount - case.prior)
        if amount > room:
            steps.append(
                f"封顶：{CAP_PERIODS[rule.cap_period]}上限 {_yuan(rule.cap_amount)}，"
                f"已获 {_yuan(case.prior)}，本次至多 {_yuan(room)}"
            )
            amount = room
    if case.pool_balance is not None and amount > case.pool_balance:
        steps.append(f"资金池余额 {_yuan(case.pool_balance)} 不足，按余额支付")
        amount = max(Decimal(0), case.pool_balance)
    steps.append(f"本次金额：{_yuan(amount)}")
    return Result(amount, steps)


def _refusal(rule: Rule, case: Case) -> str | None:
    if rule.valid_from and case.on < rule.valid_from:
        return f"{case.on} 早于规则生效日 {rule.valid_from}"
    if rule.valid_to and case.on > rule.valid_to:
        return f"{case.on} 晚于规则失效日 {rule.valid_to}"
    missing = [CONDITIONS.get(c, c) for c in rule.conditions if c not in case.met]
    if missing:
        return f"条件未满足：{'、'.join(missing)}"
    if case.year_no < 1:
        return "年度序号应从 1 开始"
    if rule.max_years is not None and (
        case.year_no > rule.max_years or case.years_used >= rule.max_years
    ):
        return (
            f"超过支持年限：至多 {rule.max_years} 年"
            f"（本次为第 {case.year_no} 年，此前已享受 {case.years_used} 年）"
        )
    if rule.schedule and case.year_no > len(rule.schedule):
        return f"第 {case.year_no} 年不在补贴年度表内（{len(rule.schedule)} 年后由企业全额承担）"
    return None
