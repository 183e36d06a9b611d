"""The fee helper: transparent estimates for a patentee choosing an open-licence price.

Two independent views, both labelled estimates and never a valuation opinion:
* comparables — announced declarations whose patents share the IPC subclass (widened to
  the class, then the section, when there are fewer than three), with their quartiles;
* an income-based estimate — profit = sales × margin; the licensor's share of it
  (``contribution``, the user's assumption; 25% is the textbook "25% rule" starting point)
  gives a royalty rate on profit and its equivalent on sales, and a present value over the
  years at the user's discount rate.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import quantiles

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.licensing import queries
from zhichan.licensing.declarations import fees, lifecycle
from zhichan.licensing.models import Declaration, DeclarationPatent
from zhichan.licensing.schemas import Comparable, HelperIn, HelperRead, Step

MIN_COMPARABLES = 3
NOTES = [
    "本工具给出的是估算，不是资产评估意见；定价请结合《专利评估指引》国家标准与"
    "《专利开放许可使用费估算指引（试行）》，并考虑开放许可“一对多”、小额普惠的特点。",
    f"指导上限：{fees.CAP_QUOTE}（{fees.CAP_SOURCE}）",
]


def _comparables(session: Session, ipc: str) -> tuple[str, list[Comparable]]:
    code = ipc.strip().upper()
    found: list[Comparable] = []
    scope = "全部已公告声明"
    for length, name in ((4, "小类"), (3, "大类"), (1, "部")):
        if len(code) < length:
            continue
        prefix = code[:length]
        found = _with_prefix(session, prefix)
        scope = f"IPC {name} {prefix}"
        if len(found) >= MIN_COMPARABLES:
            break
    if not code:
        found = _with_prefix(session, "")
    return scope, found


def _with_prefix(session: Session, prefix: str) -> list[Comparable]:
    stmt = (
        select(Declaration, DeclarationPatent.ipc_main)
        .join(DeclarationPatent, DeclarationPatent.declaration_id == Declaration.id)
        .where(Declaration.status.in_(lifecycle.IN_EFFECT))
        .order_by(Declaration.announced_on.desc(), Declaration.id.desc())
    )
    if prefix:
        stmt = stmt.where(DeclarationPatent.ipc_main.startswith(prefix))
    out: dict[int, Comparable] = {}
    for d, ipc in session.execute(stmt.limit(2000)):
        if d.id in out:
            continue
        out[d.id] = Comparable(
            declaration_id=d.id,
            announcement_no=d.announcement_no,
            patentee_name=d.patentee_name,
            ipc_main=ipc,
            fee_label=queries.fee_of(d).label(),
            fixed_fee=d.fixed_fee,
            fixed_period=d.fixed_period,
            sales_rate=d.sales_rate,
            profit_rate=d.profit_rate,
            term_years=d.term_years,
        )
    return list(out.values())


def _quartiles(label: str, values: list[Decimal]) -> Step | None:
    if not values:
        return None
    fmt = fees.pct if label.endswith("比例") else fees.yuan
    if len(values) == 1:
        return Step(label=label, formula="仅 1 个样本", value=fmt(values[0]))
    q1, q2, q3 = quantiles(sorted(values), n=4, method="inclusive")
    return Step(
        label=label,
        formula=f"{len(values)} 个样本的四分位数（下四分位 / 中位数 / 上四分位）",
        value=f"{fmt(q1)} / {fmt(q2)} / {fmt(q3)}",
    )


def _summary(comps: list[Comparable]) -> list[Step]:
    annual = [
        c.fixed_fee if c.fixed_period == "year" else c.fixed_fee / c.term_years
        for c in comps
        if c.fixed_fee is not None
    ]
    steps = [
        _quartiles("净销售额提成比例", [c.sales_rate for c in comps if c.sales_rate is not None]),
        _quartiles("利润分成比例", [c.profit_rate for c in comps if c.profit_rate is not None]),
        _quartiles("固定费用（折合每年）", [fees.money(a) for a in annual]),
    ]
    return [s for s in steps if s is not None]


def _estimate(data: HelperIn) -> tuple[list[Step], list[Step]]:
    if data.annual_sales is None or data.margin is None:
        return [], []
    sales, margin, share = data.annual_sales, data.margin, data.contribution
    profit = fees.money(sales * margin / fees.HUNDRED)
    royalty = fees.money(profit * share / fees.HUNDRED)
    sales_rate = (margin * share / fees.HUNDRED).quantize(Decimal("0.01"))
    r = data.discount / fees.HUNDRED
    pv = fees.money(sum((royalty / (1 + r) ** t for t in range(1, data.years + 1)), Decimal(0)))
    steps = [
        Step(
            label="年利润",
            formula=f"{fees.yuan(sales)} × {fees.pct(margin)}",
            value=fees.yuan(profit),
        ),
        Step(label="利润分成比例", formula="许可方分享利润的比例（假设）", value=fees.pct(share)),
        Step(
            label="折合净销售额提成比例",
            formula=f"{fees.pct(margin)} × {fees.pct(share)}",
            value=fees.pct(sales_rate),
        ),
        Step(
            label="每年许可使用费",
            formula=f"{fees.yuan(profit)} × {fees.pct(share)}",
            value=fees.yuan(royalty),
        ),
        Step(
            label=f"{data.years} 年合计现值",
            formula=f"Σ 每年许可使用费 ÷ (1 + {fees.pct(data.discount)})^t，t = 1…{data.years}",
            value=fees.yuan(pv),
        ),
    ]
    fee = fees.FeeStandard(sales_rate=sales_rate, profit_rate=share, term_years=data.years)
    caps = [
        Step(label=fees.KINDS[c.part], formula=f"{c.value} ≤ {c.cap}", value=c.message)
        for c in fees.cap_checks(fee)
    ]
    return steps, caps


def estimate(*, session: Session, data: HelperIn) -> HelperRead:
    scope, comps = _comparables(session, data.ipc or "")
    steps, caps = _estimate(data)
    inputs = {
        "IPC": data.ipc or "未填",
        "年净销售额": fees.yuan(data.annual_sales),
        "利润率": fees.pct(data.margin),
        "许可方利润分成（假设）": fees.pct(data.contribution),
        "年限": f"{data.years} 年",
        "折现率": fees.pct(data.discount),
    }
    return HelperRead(
        inputs=inputs,
        scope=f"{scope}（{len(comps)} 份）",
        comparables=comps[:50],
        summary=_summary(comps),
        estimate=steps,
        caps=caps,
        notes=NOTES,
    )
