"""Navigation entries that each domain contributes to the web shell."""

from __future__ import annotations

from dataclasses import dataclass

from zhichan.core import permissions
from zhichan.core.principal import Principal


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str
    #: The action of the permission matrix that the page's route declares: an entry is
    #: shown exactly to those who may open it.
    action: str
    order: int = 100

    def visible_to(self, principal: Principal | None) -> bool:
        return permissions.allows(principal, self.action)
