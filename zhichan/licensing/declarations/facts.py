"""What the patent records say about the patents of a declaration, as rule inputs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.law import service as law_service
from zhichan.licensing.declarations import lifecycle
from zhichan.licensing.declarations.rules import PatentFacts
from zhichan.licensing.models import Declaration, DeclarationPatent
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentRights


def holding(session: Session, patent_ids: Iterable[int], *, besides: int | None) -> dict[int, str]:
    """Patent id → the other declaration that holds it (submitted, approved or in effect)."""
    stmt = (
        select(DeclarationPatent.patent_id, Declaration.id, Declaration.announcement_no)
        .join(Declaration, Declaration.id == DeclarationPatent.declaration_id)
        .where(
            DeclarationPatent.patent_id.in_(list(patent_ids)),
            Declaration.status.in_(lifecycle.HOLDING),
        )
    )
    if besides is not None:
        stmt = stmt.where(Declaration.id != besides)
    return {pid: no or f"#{did}" for pid, did, no in session.execute(stmt)}


def patent_facts(rights: PatentRights, row: DeclarationPatent, held_by: str | None) -> PatentFacts:
    return PatentFacts(
        number=rights.number,
        patent_type=rights.patent_type,
        kind=rights.kind,
        status=rights.status_category,
        legal_status=rights.legal_status,
        grant_date=rights.grant_date,
        expiry=law_service.patent_expiry(
            patent_type=rights.patent_type, filing=rights.application_date
        ),
        holders=tuple(rights.holders),
        pledged=rights.pledged,
        licence_records=rights.licence_records,
        holding_declaration=held_by,
        evaluation_report=row.evaluation_report,
        pledgee_consent=row.pledgee_consent,
    )


def of_declaration(session: Session, decl: Declaration) -> list[PatentFacts]:
    rows = list(
        session.scalars(
            select(DeclarationPatent)
            .where(DeclarationPatent.declaration_id == decl.id)
            .order_by(DeclarationPatent.seq)
        )
    )
    held = holding(session, [r.patent_id for r in rows], besides=decl.id)
    return [
        patent_facts(
            patents_service.rights(session=session, number=r.number), r, held.get(r.patent_id)
        )
        for r in rows
    ]
