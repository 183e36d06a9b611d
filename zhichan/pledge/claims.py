"""Policy rules, risk pools and claims in the database: rules load from the reference table
(``data/rules.csv``), the office enters the rates the seeds do not state, and a claim is the
engine's amount for one loan with its steps, then approved and paid. Flushes, never commits."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.core import permissions
from zhichan.core.errors import Conflict, InvalidInput, NotFound
from zhichan.core.principal import Principal
from zhichan.pledge import access, policy
from zhichan.pledge.catalogue import BASES, CLAIM_STATES, LIMIT_KINDS, RULE_KINDS
from zhichan.pledge.models import Claim, Loan, PolicyRule, Pool
from zhichan.pledge.schemas import ClaimIn, ClaimRead, PoolRead, RuleRead

REPAID = frozenset({"repaid", "registration_cancelled", "closed"})


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("zhichan.pledge").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def reference_rules() -> dict[str, policy.Rule]:
    """The shipped rule table as the engine reads it (before any office entry)."""
    found = {}
    for r in _rows("rules.csv"):
        found[r["code"]] = policy.Rule(
            code=r["code"],
            region=r["region"],
            scheme=r["scheme"],
            kind=r["kind"],
            base=r["base"],
            rate=_dec(r["rate"]),
            schedule=tuple(Decimal(s) for s in r["schedule"].split("/") if s),
            cap_amount=_dec(r["cap_amount"]),
            cap_period=r["cap_period"] or None,
            max_years=int(r["max_years"]) if r["max_years"] else None,
            conditions=tuple(r["conditions"].split()),
            valid_from=_day(r["valid_from"]),
            valid_to=_day(r["valid_to"]),
            source_doc=r["source_doc"],
            source_section=r["source_section"],
        )
    return found


def load_rules(*, session: Session) -> tuple[int, int]:
    """The reference rules and pools not loaded yet (an office's entered rates are kept)."""
    have = set(session.scalars(select(PolicyRule.code)))
    rules = 0
    for r in _rows("rules.csv"):
        if r["code"] in have:
            continue
        session.add(
            PolicyRule(
                code=r["code"],
                region=r["region"],
                scheme=r["scheme"],
                kind=r["kind"],
                base=r["base"],
                rate=_dec(r["rate"]),
                schedule=[s for s in r["schedule"].split("/") if s],
                cap_amount=_dec(r["cap_amount"]),
                cap_period=r["cap_period"] or None,
                max_years=int(r["max_years"]) if r["max_years"] else None,
                conditions=r["conditions"].split(),
                valid_from=_day(r["valid_from"]),
                valid_to=_day(r["valid_to"]),
                source_doc=r["source_doc"],
                source_section=r["source_section"],
                verified=r["verified"],
            )
        )
        rules += 1
    pools_have = set(session.scalars(select(Pool.code)))
    pools = 0
    for r in _rows("pools.csv"):
        if r["code"] not in pools_have:
            session.add(
                Pool(
                    code=r["code"],
                    region=r["region"],
                    name=r["name"],
                    size=Decimal(r["size"]),
                    rule_code=r["rule"] or None,
                    source_doc=r["source_doc"],
                    source_section=r["source_section"],
                    verified=r["verified"],
                )
            )
            pools += 1
    session.flush()
    return rules, pools


def engine_rule(r: PolicyRule) -> policy.Rule:
    return policy.Rule(
        code=r.code,
        region=r.region,
        scheme=r.scheme,
        kind=r.kind,
        base=r.base,
        rate=r.rate,
        schedule=tuple(Decimal(s) for s in r.schedule),
        cap_amount=r.cap_amount,
        cap_period=r.cap_period,
        max_years=r.max_years,
        conditions=tuple(r.conditions),
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        source_doc=r.source_doc,
        source_section=r.source_section,
    )


def rule_read(r: PolicyRule) -> RuleRead:
    return RuleRead(
        code=r.code,
        region=r.region,
        scheme=r.scheme,
        kind=r.kind,
        kind_label=RULE_KINDS[r.kind],
        base=r.base,
        base_label=BASES[r.base],
        rate=r.rate,
        schedule=r.schedule,
        cap_amount=r.cap_amount,
        cap_period=r.cap_period,
        max_years=r.max_years,
        conditions=r.conditions,
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        source=f"{r.source_doc} {r.source_section}",
        verified=r.verified,
        note=r.note,
    )


def rules(*, session: Session, region: str | None = None) -> list[RuleRead]:
    found = session.scalars(select(PolicyRule).order_by(PolicyRule.id))
    return [rule_read(r) for r in found if region is None or applies(r.region, region)]


def applies(rule_region: str, region: str | None) -> bool:
    """A province's rule applies to its cities, a city's rule to that city (by name prefix)."""
    if not region:
        return False
    return region.startswith(rule_region) or rule_region.startswith(region)


def set_rate(
    *, session: Session, principal: Principal, code: str, rate: Decimal, note: str
) -> RuleRead:
    """The office's local figure for a rule (audited, with the document it comes from)."""
    permissions.require(principal, "pledge.office")
    r = session.scalar(select(PolicyRule).where(PolicyRule.code == code))
    if r is None:
        raise NotFound(f"政策规则 {code} 不存在", details={"code": code})
    if r.schedule:
        raise Conflict(f"规则 {code} 按年度表执行（{'/'.join(r.schedule)}%），不能设置单一比例")
    r.rate, r.note = rate.quantize(Decimal("0.0001")), note.strip()
    session.flush()
    return rule_read(r)


def pools(*, session: Session) -> list[PoolRead]:
    used = dict(
        session.execute(
            select(Claim.pool_code, func.sum(Claim.amount))
            .where(Claim.pool_code.is_not(None), Claim.status.in_(("approved", "paid")))
            .group_by(Claim.pool_code)
        ).all()
    )
    return [
        PoolRead(
            code=p.code,
            region=p.region,
            name=p.name,
            size=p.size,
            paid=used.get(p.code) or Decimal(0),
            balance=p.size - (used.get(p.code) or Decimal(0)),
            rule_code=p.rule_code,
            source=f"{p.source_doc} {p.source_section}",
            verified=p.verified,
        )
        for p in session.scalars(select(Pool).order_by(Pool.id))
    ]


def _met(loan: Loan) -> frozenset[str]:
    found = set()
    if loan.status in REPAID:
        found.add("repaid")
    if loan.sme:
        found.add("sme")
    if loan.entry_id is not None:
        found.add("white_list")
    if loan.mode == "insurance" or loan.insurer:
        found.add("insured")
    if loan.default_on is not None:
        found.add("defaulted")
    return frozenset(found)


def key_of(loan: Loan) -> str:
    return (loan.credit_code or loan.enterprise_name)[:300]


def _window(session: Session, rule: PolicyRule, loan: Loan, year: int) -> tuple[Decimal, int]:
    live = select(Claim).where(Claim.rule_code == rule.code, Claim.status != "refused")
    same = live.where(Claim.enterprise_key == key_of(loan))
    if rule.cap_period == "per_loan":
        window = live.where(Claim.loan_id == loan.id)
    elif rule.cap_period == "per_year":
        window = same.where(Claim.year == year)
    else:
        window = same
    prior = sum((c.amount for c in session.scalars(window)), Decimal(0))
    years = {c.year for c in session.scalars(same) if c.year != year}
    return prior, len(years)


def compute(
    *, session: Session, principal: Principal, loan: Loan, data: ClaimIn, today: date
) -> ClaimRead:
    """A claim under a rule for ``loan``: the engine's amount with every step, caps counted
    across the enterprise's earlier claims."""
    who = permissions.require(principal, "pledge.claim")
    if not access.actors(who, loan):
        raise NotFound(f"贷款申请 {loan.id} 不存在", details={"id": loan.id})
    r = session.scalar(select(PolicyRule).where(PolicyRule.code == data.rule_code))
    if r is None or r.kind in LIMIT_KINDS:
        raise InvalidInput(
            f"不是可申领的政策规则：{data.rule_code}", details={"field": "rule_code"}
        )
    if not applies(r.region, loan.region):
        raise InvalidInput(
            f"规则 {r.code} 适用于{r.region}，本笔贷款企业所在地区为{loan.region or '未填写'}",
            details={"field": "rule_code"},
        )
    on = data.on or today
    prior, used = _window(session, r, loan, on.year)
    pool = _pool(session, r, data.pool_code) if r.kind == "risk_compensation" else None
    case = policy.Case(
        on=on,
        year_no=data.year_no,
        base_amount=_base(loan, r, data),
        met=_met(loan),
        principal=loan.principal_loss
        if r.base == "loan_loss"
        else (loan.disbursed_amount or loan.approved_amount or loan.amount),
        benchmark_rate=data.benchmark_rate or loan.benchmark_rate,
        days=data.days,
        insurer_paid=loan.insurer_paid or Decimal(0),
        recovered=loan.recovered or Decimal(0),
        prior=prior,
        years_used=used,
        pool_balance=pool.balance if pool else None,
    )
    result = policy.compute(engine_rule(r), case)
    claim = Claim(
        loan_id=loan.id,
        enterprise_key=key_of(loan),
        rule_code=r.code,
        kind=r.kind,
        pool_code=pool.code if pool else None,
        year=on.year,
        year_no=data.year_no,
        amount=result.amount,
        inputs=data.model_dump(mode="json"),
        steps=result.steps,
        source=f"{r.source_doc} {r.source_section}"[:500],
        status="refused" if result.refused else "computed",
        computed_by=who.actor,
        computed_on=today,
    )
    session.add(claim)
    session.flush()
    return claim_read(claim, loan)


def _base(loan: Loan, r: PolicyRule, data: ClaimIn) -> Decimal | None:
    if r.base == "loan_amount":
        return loan.approved_amount or loan.amount
    return data.base_amount


def _pool(session: Session, r: PolicyRule, code: str | None) -> PoolRead | None:
    found = [
        p for p in pools(session=session) if (p.code == code if code else p.rule_code == r.code)
    ]
    if code and not found:
        raise InvalidInput(f"风险补偿资金池 {code} 不存在", details={"field": "pool_code"})
    return found[0] if found else None


def decide(
    *,
    session: Session,
    principal: Principal,
    claim_id: int,
    action: str,
    ref: str | None,
    today: date,
) -> ClaimRead:
    """The office approves a computed claim, refuses it, or records its payment."""
    who = permissions.require(principal, "pledge.office")
    c = session.get(Claim, claim_id)
    if c is None:
        raise NotFound(f"申领 {claim_id} 不存在", details={"id": claim_id})
    moves = {
        "approve": ("computed", "approved"),
        "refuse": ("computed", "refused"),
        "pay": ("approved", "paid"),
    }
    if action not in moves or c.status != moves[action][0]:
        raise Conflict(f"申领当前为“{CLAIM_STATES[c.status]}”，不能执行此操作")
    if action == "approve" and c.pool_code:
        pool = next(p for p in pools(session=session) if p.code == c.pool_code)
        if c.amount > pool.balance:
            raise Conflict(f"资金池余额 {pool.balance} 元不足以支付 {c.amount} 元")
    c.status = moves[action][1]
    if action == "approve":
        c.approved_by = who.actor
    if action == "pay":
        c.paid_on, c.payment_ref = today, (ref or "").strip()[:100] or None
    session.flush()
    loan = session.get(Loan, c.loan_id)
    assert loan is not None
    return claim_read(c, loan)


def claims_of(session: Session, loan: Loan) -> list[ClaimRead]:
    rows = session.scalars(select(Claim).where(Claim.loan_id == loan.id).order_by(Claim.id))
    return [claim_read(c, loan) for c in rows]


def claim_read(c: Claim, loan: Loan) -> ClaimRead:
    return ClaimRead(
        id=c.id,
        loan_number=loan.number,
        enterprise=loan.enterprise_name,
        rule_code=c.rule_code,
        kind=c.kind,
        kind_label=RULE_KINDS[c.kind],
        year=c.year,
        year_no=c.year_no,
        amount=c.amount,
        steps=c.steps,
        source=c.source,
        status=c.status,
        status_label=CLAIM_STATES[c.status],
        computed_by=c.computed_by,
        computed_on=c.computed_on,
        approved_by=c.approved_by,
        paid_on=c.paid_on,
        pool_code=c.pool_code,
    )


def limits(session: Session, loan: Loan) -> list[dict[str, Any]]:
    """The loan's terms against the region's ceilings and floors (山东 政银保: rate ≤ benchmark
    +30 %, premium ≤ 2 % a year, insurer's share ≥ 60 %) — only for insured loans."""
    if loan.mode != "insurance":
        return []
    found = []
    for r in session.scalars(
        select(PolicyRule).where(PolicyRule.kind.in_(LIMIT_KINDS)).order_by(PolicyRule.id)
    ):
        if not applies(r.region, loan.region) or r.rate is None:
            continue
        found.append(_limit(r, loan))
    return found


def _limit(r: PolicyRule, loan: Loan) -> dict[str, Any]:
    source, rate = f"{r.source_doc} {r.source_section}", r.rate or Decimal(0)
    label = f"{RULE_KINDS[r.kind]}（{r.code}）"
    if r.kind == "interest_ceiling":
        if loan.interest_rate is None or loan.benchmark_rate is None:
            return {
                "label": label,
                "state": "unknown",
                "fact": "未填写贷款利率或基准利率",
                "source": source,
            }
        top = loan.benchmark_rate * (1 + rate / 100)
        ok = loan.interest_rate <= top
        fact = (
            f"利率 {loan.interest_rate}%，上限 基准 {loan.benchmark_rate}% ×（1 + {rate}%）"
            f"= {top:.4f}%"
        )
    elif r.kind == "premium_ceiling":
        if loan.premium_rate is None:
            return {
                "label": label,
                "state": "unknown",
                "fact": "未填写保险年费率",
                "source": source,
            }
        ok, fact = loan.premium_rate <= rate, f"年费率 {loan.premium_rate}%，上限 {rate}%"
    else:
        if loan.insurer_share is None:
            return {
                "label": label,
                "state": "unknown",
                "fact": "未填写保险公司分担比例",
                "source": source,
            }
        ok, fact = loan.insurer_share >= rate, f"保险公司分担 {loan.insurer_share}%，下限 {rate}%"
    return {"label": label, "state": "pass" if ok else "block", "fact": fact, "source": source}
