"""Navigation entries that each domain contributes to the web shell."""

from __future__ import annotations

from dataclasses import dataclass

from zhichan.core.principal import OrgKind, Principal


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str
    #: Organisation kinds that see the entry; empty means every signed-in user.
    kinds: frozenset[OrgKind] = frozenset()
    admin_only: bool = False
    platform_only: bool = False
    public: bool = False
    order: int = 100

    def visible_to(self, principal: Principal | None) -> bool:
        if principal is None:
            return self.public
        if principal.is_platform_admin:
            return True
        if self.platform_only:
            return False
        if self.admin_only and not principal.is_org_admin:
            return False
        return not self.kinds or principal.org_kind in self.kinds
