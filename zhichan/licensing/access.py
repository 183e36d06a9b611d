"""Who may do what in the licensing domain.

The declarant is the declaring organisation (its editors and admins); the office is any
editor or admin of an IP office organisation (知识产权局/运营中心), which examines and
announces. Announced and withdrawn declarations are public; before that only the declarant
and the office read them.
"""

from __future__ import annotations

from zhichan.core.principal import OrgKind, Principal
from zhichan.db import authz


def is_office(principal: Principal | None) -> bool:
    if principal is None:
        return False
    if principal.is_platform_admin:
        return True
    return principal.org_kind is OrgKind.IP_OFFICE and principal.can_edit


def actors(principal: Principal | None, owner_org_id: int) -> frozenset[str]:
    found = set()
    if principal is not None and (
        principal.is_platform_admin or (principal.org_id == owner_org_id and principal.can_edit)
    ):
        found.add("declarant")
    if is_office(principal):
        found.add("office")
    return frozenset(found)


def can_read_declaration(
    principal: Principal | None, record: authz.OwnedRecord, status: str
) -> bool:
    """A draft only for those who may edit it; past the draft, its readers and the office."""
    if status == "draft":
        return authz.can_write(principal, record)
    if authz.can_read(principal, record):
        return True
    return principal is not None and principal.org_kind is OrgKind.IP_OFFICE
