"""Rows of the licensing tables turned into read schemas, with what they are derived from."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhichan.core.errors import ZhichanError
from zhichan.law import service as law_service
from zhichan.licensing.declarations import fees, lifecycle, rules
from zhichan.licensing.models import Declaration, DeclarationPatent, Licence, Transition
from zhichan.licensing.schemas import (
    ActionRead,
    CheckRead,
    DeclarationPatentRead,
    DeclarationRead,
    FindingRead,
    TransitionRead,
)

#: Licences that count as granted (a notice still awaiting payment does not).
GRANTED = ("effective", "ended")


def fee_of(decl: Declaration) -> fees.FeeStandard:
    return fees.FeeStandard(
        fixed_fee=decl.fixed_fee,
        fixed_period=decl.fixed_period,
        sales_rate=decl.sales_rate,
        profit_rate=decl.profit_rate,
        payment_method=decl.payment_method,
        payment_schedule=decl.payment_schedule,
        term_years=decl.term_years,
    )


def licensees_by_patent(session: Session, declaration_ids: Iterable[int]) -> dict[int, int]:
    """Patent id → how many licensees hold a licence on it, over all its declarations."""
    patent_ids = select(DeclarationPatent.patent_id).where(
        DeclarationPatent.declaration_id.in_(list(declaration_ids))
    )
    rows = session.execute(
        select(Licence.patent_id, func.count(func.distinct(Licence.licensee_name)))
        .where(Licence.patent_id.in_(patent_ids), Licence.status.in_(GRANTED))
        .group_by(Licence.patent_id)
    )
    return {pid: n for pid, n in rows}


def patents_of(session: Session, decl_ids: list[int]) -> dict[int, list[DeclarationPatentRead]]:
    counts = licensees_by_patent(session, decl_ids)
    out: dict[int, list[DeclarationPatentRead]] = {i: [] for i in decl_ids}
    rows = session.scalars(
        select(DeclarationPatent)
        .where(DeclarationPatent.declaration_id.in_(decl_ids))
        .order_by(DeclarationPatent.declaration_id, DeclarationPatent.seq)
    )
    for r in rows:
        item = DeclarationPatentRead.model_validate(r)
        item.licensees = counts.get(r.patent_id, 0)
        out[r.declaration_id].append(item)
    return out


def declaration(
    session: Session, decl: Declaration, *, actors: frozenset[str], history: bool = False
) -> DeclarationRead:
    fee = fee_of(decl)
    patents = patents_of(session, [decl.id])[decl.id]
    transitions = []
    if history:
        transitions = [
            TransitionRead.model_validate(t)
            for t in session.scalars(
                select(Transition)
                .where(Transition.declaration_id == decl.id)
                .order_by(Transition.id)
            )
        ]
    licensees = session.scalar(
        select(func.count(func.distinct(Licence.licensee_name))).where(
            Licence.declaration_id == decl.id, Licence.status.in_(GRANTED)
        )
    )
    return DeclarationRead.model_validate(
        {
            **{c: getattr(decl, c) for c in DeclarationRead.model_fields if hasattr(decl, c)},
            "status_label": lifecycle.STATES[decl.status],
            "fee_kind": fee.kind,
            "fee_label": fee.label(),
            "upfront_due": fee.upfront_due,
            "in_effect": decl.status in lifecycle.IN_EFFECT,
            "patents": patents,
            "transitions": transitions,
            "actions": [
                ActionRead(
                    action=s.action,
                    label=s.label,
                    needs_reason=s.action in lifecycle.NEEDS_REASON,
                )
                for s in lifecycle.allowed(decl.status, actors)
            ],
            "licensees": licensees or 0,
        }
    )


Cited = tuple[int | None, str | None]


def _article(session: Session, basis: str, cache: dict[str, Cited]) -> Cited:
    if basis not in cache:
        try:
            art = law_service.article_by_citation(session=session, citation=basis)
            text = "".join(p.text + "".join(i.text for i in p.items) for p in art.paragraphs)
            cache[basis] = (art.id, text)
        except ZhichanError:
            cache[basis] = (None, None)  # not a statute article, or the corpus is not loaded
    return cache[basis]


def check(session: Session, findings: list[rules.Finding]) -> CheckRead:
    cache: dict[str, Cited] = {}
    out = []
    for f in findings:
        article_id, text = _article(session, f.basis, cache)
        if text is None and f.code == "fee_caps":
            text = fees.CAP_QUOTE
        out.append(
            FindingRead(
                code=f.code,
                title=f.title,
                severity=f.severity,
                message=f.message,
                basis=f.basis,
                basis_article_id=article_id,
                basis_text=text,
                number=f.number,
                facts=f.facts,
            )
        )
    return CheckRead(
        ok=not any(f.severity == "error" for f in out),
        errors=sum(f.severity == "error" for f in out),
        warnings=sum(f.severity == "warning" for f in out),
        to_verify=sum(f.severity == "verify" for f in out),
        findings=out,
    )
