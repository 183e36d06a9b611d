"""What the licensing pages share: labels, number parsing, the declaration page context."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from zhichan.core import dates
from zhichan.core.principal import Principal
from zhichan.licensing import access, service
from zhichan.licensing.declarations import fees, lifecycle, rules
from zhichan.licensing.schemas import DeclarationRead

SECTIONS = {
    "A": "人类生活必需",
    "B": "作业；运输",
    "C": "化学；冶金",
    "D": "纺织；造纸",
    "E": "固定建筑物",
    "F": "机械工程；照明；加热；武器；爆破",
    "G": "物理",
    "H": "电学",
}


def common() -> dict[str, Any]:
    return {
        "states": lifecycle.STATES,
        "fee_kinds": fees.KINDS,
        "schedules": fees.SCHEDULES,
        "fixed_periods": fees.FIXED_PERIODS,
        "sections": SECTIONS,
        "confirmations": rules.CONFIRMATIONS,
        "yuan": fees.yuan,
        "pct": fees.pct,
    }


def declaration_context(
    session: Session, principal: Principal | None, decl: DeclarationRead
) -> dict[str, Any]:
    mine = "declarant" in access.actors(principal, decl.owner_org_id)
    office = access.is_office(principal)
    check = None
    if mine or office:
        check = service.check_declaration(
            session=session, principal=principal, declaration_id=decl.id, today=dates.today()
        )
    may_license = (
        principal is not None
        and decl.in_effect
        and principal.org_id != decl.owner_org_id
        and principal.can_edit
    )
    return common() | {
        "d": decl,
        "check": check,
        "mine": mine,
        "office": office,
        "may_license": may_license,
        "today": dates.today().isoformat(),
    }
