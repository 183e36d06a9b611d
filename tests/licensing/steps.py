"""Short ways to take declarations through their steps in tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tests.licensing.conftest import TODAY, declaration_in
from zhichan.core.principal import Principal
from zhichan.licensing import service
from zhichan.licensing.schemas import DeclarationRead, TransitionIn


def make(ldb: Session, p: Principal, *numbers: str, **kw: object) -> DeclarationRead:
    return service.create_declaration(session=ldb, principal=p, data=declaration_in(*numbers, **kw))


def step(
    ldb: Session,
    p: Principal,
    did: int,
    action: str,
    note: str | None = None,
    on: date | None = None,
) -> DeclarationRead:
    return service.transition(
        session=ldb,
        principal=p,
        declaration_id=did,
        step_in=TransitionIn(action=action, note=note, on=on),
        today=TODAY,
    )


def announce(
    ldb: Session, who: dict[str, Principal], *numbers: str, on: date = TODAY, **kw: object
) -> DeclarationRead:
    d = make(ldb, who["a_editor"], *numbers, **kw)
    step(ldb, who["a_editor"], d.id, "submit", on=on)
    step(ldb, who["office"], d.id, "approve", "核实无误", on=on)
    return step(ldb, who["office"], d.id, "publish", on=on)
