"""Who may see and act on a loan: its bank (the owner), the pledging enterprise and IP offices.

Another bank sees nothing of it: a loan it may not read is reported as not found.
"""

from __future__ import annotations

from zhichan.core.errors import NotFound, PermissionDenied
from zhichan.core.principal import OrgKind, Principal
from zhichan.pledge.models import Loan


def is_office(principal: Principal | None) -> bool:
    return principal is not None and (
        principal.is_platform_admin or principal.org_kind is OrgKind.IP_OFFICE
    )


def can_read(principal: Principal | None, loan: Loan) -> bool:
    if principal is None:
        return False
    return (
        is_office(principal)
        or principal.org_id == loan.owner_org_id
        or (loan.enterprise_org_id is not None and principal.org_id == loan.enterprise_org_id)
    )


def actors(principal: Principal, loan: Loan) -> frozenset[str]:
    """The parts ``principal`` may act in on ``loan`` (editors and admins only)."""
    if not principal.can_edit and not principal.is_platform_admin:
        return frozenset()
    found = set()
    if principal.is_platform_admin or principal.org_id == loan.owner_org_id:
        found.add("bank")
    if principal.org_id == loan.enterprise_org_id:
        found.add("enterprise")
    if is_office(principal) and principal.can_edit:
        found.add("office")
    return frozenset(found)


def readable(principal: Principal | None, loan: Loan | None, ident: int) -> Loan:
    if loan is None or not can_read(principal, loan):
        raise NotFound(f"贷款申请 {ident} 不存在", details={"id": ident})
    return loan


def denied(what: str) -> PermissionDenied:
    return PermissionDenied(f"只有贷款银行或出质企业可以{what}")
