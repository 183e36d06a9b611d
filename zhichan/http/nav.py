"""Navigation entries and patent-page notes that each domain contributes to the web shell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

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


@dataclass(frozen=True, slots=True)
class Note:
    """One line a domain adds to a patent's page: what it knows of the patent, with a link."""

    label: str
    text: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class PatentNotes:
    """A domain's notes on a patent page, shown to those the action admits (a lower domain's
    page shows a higher domain's findings without importing it)."""

    action: str
    notes: Callable[[Session, str], list[Note]]

    def for_(self, principal: Principal | None, session: Session, number: str) -> list[Note]:
        return self.notes(session, number) if permissions.allows(principal, self.action) else []
