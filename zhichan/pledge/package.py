"""A loan's patent package: which patents, and the eligibility checks run on their records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput
from zhichan.patents import service as patents_service
from zhichan.pledge import eligibility
from zhichan.pledge.models import Loan, LoanPatent
from zhichan.valuation import service as valuation_service

MAX_PATENTS = 50


def patents_of(session: Session, loan: Loan) -> list[LoanPatent]:
    return list(
        session.scalars(
            select(LoanPatent).where(LoanPatent.loan_id == loan.id).order_by(LoanPatent.id)
        )
    )


def replace(session: Session, loan: Loan, numbers: list[str]) -> None:
    """The package becomes ``numbers`` (each must be in the store); checks are cleared."""
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if len(wanted) > MAX_PATENTS:
        raise InvalidInput(f"一个质押包至多 {MAX_PATENTS} 件专利", details={"field": "numbers"})
    found = [patents_service.find(session=session, number=n) for n in wanted]
    session.execute(delete(LoanPatent).where(LoanPatent.loan_id == loan.id))
    session.add_all(
        LoanPatent(loan_id=loan.id, patent_id=p.id, number=p.number, title=p.title) for p in found
    )
    session.flush()


def check(session: Session, loan: Loan, today: date) -> list[LoanPatent]:
    """Run every check on every patent of the package, from the records as they are today."""
    rows = patents_of(session, loan)
    for row in rows:
        p = patents_service.profile(session=session, number=row.number)
        gates = valuation_service.finance_gates(p, today, loan.ends_on, loan.co_owner_consent)
        same = patents_service.same_day_counterparts(session=session, number=row.number)
        checks = eligibility.package(p, gates, loan.enterprise_name, same)
        row.checks = [c.as_json() for c in checks]
        row.checked_on = today
        row.blocked = bool(eligibility.blocking(checks))
        row.warned = any(c.state in ("warn", "unknown") for c in checks)
    session.flush()
    return rows


def problems(rows: list[LoanPatent]) -> tuple[list[str], list[str]]:
    """The blocking checks and the ones the parties must accept (warnings, unknowns), as text."""
    blocks, accept = [], []
    for r in rows:
        for c in r.checks:
            line = f"{r.number}：{c['label']}（{c['fact']}）"
            if c["state"] == "block":
                blocks.append(line)
            elif c["state"] in ("warn", "unknown"):
                accept.append(line)
    return blocks, accept
