"""The office's pledge statistics for a year, from the registrations on this platform:
registered amount (the 14th Five-Year plan indicator, seeds/003), registrations, patents,
enterprises and SMEs, the 普惠 share under a chosen cut-off, year-on-year changes, subsidies
paid by kind, pool balances, defaults, the white-list funnel, and breakdowns."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import permissions
from zhichan.core.principal import Principal
from zhichan.pledge import claims, whitelists
from zhichan.pledge.catalogue import MODES, NPL_SOURCE, PUHUI_SOURCE, RULE_KINDS
from zhichan.pledge.models import Claim, Loan, LoanPatent, Registration
from zhichan.pledge.schemas import PledgeStatsRead

DEFAULT_CUTOFF = Decimal(10_000_000)
SOURCES = {
    "登记金额": (
        "本平台已登记的质押登记担保金额合计（“十四五”规划指标口径：在国家知识产权局登记的金额）"
    ),
    "普惠口径": PUHUI_SOURCE,
    "不良容忍度": NPL_SOURCE,
    "数据范围": "仅统计本平台办理的贷款与登记，不含其他渠道的登记",
}


def _registered(session: Session, year: int) -> list[tuple[Registration, Loan]]:
    rows = session.execute(
        select(Registration, Loan)
        .join(Loan, Loan.id == Registration.loan_id)
        .where(
            Registration.registered_on >= date(year, 1, 1),
            Registration.registered_on <= date(year, 12, 31),
        )
    ).all()
    return list(rows)


def _figures(session: Session, year: int, cutoff: Decimal) -> dict[str, Any]:
    rows = _registered(session, year)
    amount = sum((r.secured_amount for r, _l in rows), Decimal(0))
    loan_ids = [loan.id for _r, loan in rows]
    patents = (
        session.scalar(
            select(func.count(func.distinct(LoanPatent.patent_id))).where(
                LoanPatent.loan_id.in_(loan_ids)
            )
        )
        if loan_ids
        else 0
    )
    firms = {claims.key_of(loan) for _r, loan in rows}
    smes = {claims.key_of(loan) for _r, loan in rows if loan.sme}
    small = sum(1 for r, _l in rows if r.secured_amount < cutoff)
    return {
        "registered_amount": amount,
        "registrations": len(rows),
        "patents": patents or 0,
        "enterprises": len(firms),
        "smes": len(smes),
        "puhui_registrations": small,
        "puhui_share": round(small / len(rows), 4) if rows else None,
    }


def _yoy(now: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for k in ("registered_amount", "registrations", "patents", "enterprises", "smes"):
        prev = before[k]
        found[k] = round(float((now[k] - prev) / prev), 4) if prev else None
    return found


def _by(
    rows: list[tuple[Registration, Loan]], banks: dict[int, Any]
) -> dict[str, list[dict[str, Any]]]:
    keys = {
        "region": lambda loan: loan.region or "未填写",
        "bank": lambda loan: banks[loan.owner_org_id].name,
        "industry": lambda loan: loan.industry or "未填写",
        "mode": lambda loan: MODES[loan.mode],
        "size": lambda loan: "中小企业" if loan.sme else "其他企业",
    }
    found: dict[str, list[dict[str, Any]]] = {}
    for name, key in keys.items():
        acc: dict[str, list[Decimal]] = defaultdict(list)
        for r, loan in rows:
            acc[key(loan)].append(r.secured_amount)
        found[name] = sorted(
            (
                {"name": k, "registrations": len(v), "amount": sum(v, Decimal(0))}
                for k, v in acc.items()
            ),
            key=lambda d: (-d["amount"], d["name"]),
        )
    return found


def _defaults(session: Session) -> dict[str, Any]:
    disbursed = session.scalar(select(func.count()).where(Loan.disbursed_on.is_not(None))) or 0
    defaulted = session.scalar(select(func.count()).where(Loan.default_on.is_not(None))) or 0
    balance = session.scalar(
        select(func.sum(Loan.disbursed_amount)).where(
            Loan.status.in_(("disbursed", "repaying", "overdue", "defaulted"))
        )
    ) or Decimal(0)
    rate = round(defaulted / disbursed, 4) if disbursed else None
    return {
        "disbursed_loans": disbursed,
        "defaulted_loans": defaulted,
        "default_rate": rate,
        "outstanding": balance,
    }


def _subsidies(session: Session, year: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            Claim.kind,
            func.count(),
            func.sum(Claim.amount),
            func.count(func.distinct(Claim.enterprise_key)),
        )
        .where(Claim.status == "paid", Claim.year == year)
        .group_by(Claim.kind)
        .order_by(Claim.kind)
    ).all()
    return [
        {
            "kind": k,
            "kind_label": RULE_KINDS[k],
            "claims": n,
            "amount": a or Decimal(0),
            "recipients": e,
        }
        for k, n, a, e in rows
    ]


def statistics(
    *, session: Session, principal: Principal, year: int, cutoff: Decimal | None
) -> PledgeStatsRead:
    permissions.require(principal, "pledge.stats")
    cut = cutoff or DEFAULT_CUTOFF
    now, before = _figures(session, year, cut), _figures(session, year - 1, cut)
    banks = accounts_service.orgs_by_id(session=session)
    figures = now | _defaults(session) | {"yoy": _yoy(now, before)}
    return PledgeStatsRead(
        year=year,
        cutoff=cut,
        figures=figures,
        previous=before,
        by=_by(_registered(session, year), banks),
        subsidies=_subsidies(session, year),
        pools=claims.pools(session=session),
        funnel=whitelists.funnel(session),
        sources=SOURCES,
    )
