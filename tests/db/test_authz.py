"""The shared authorisation rules, on plain objects and as SQL over a probe table."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import BigInteger, Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from zhichan.core.errors import NotFound, PermissionDenied
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.db import authz
from zhichan.db.base import Visibility

UNIV_A, UNIV_B, PLATFORM = 1, 2, 9


def who(org: int, role: Role, kind: OrgKind = OrgKind.UNIVERSITY) -> Principal:
    return Principal(100 + org, f"u{org}{role}", org, kind, role)


A_EDITOR = who(UNIV_A, Role.EDITOR)
A_VIEWER = who(UNIV_A, Role.VIEWER)
A_ADMIN = who(UNIV_A, Role.ADMIN)
B_EDITOR = who(UNIV_B, Role.EDITOR)
B_ADMIN = who(UNIV_B, Role.ADMIN)
ROOT = who(PLATFORM, Role.ADMIN, OrgKind.PLATFORM)
PLATFORM_EDITOR = who(PLATFORM, Role.EDITOR, OrgKind.PLATFORM)


@dataclass
class Rec:
    owner_org_id: int
    visibility: str


DRAFT = Rec(UNIV_A, Visibility.DRAFT)
INTERNAL = Rec(UNIV_A, Visibility.INTERNAL)
PUBLIC = Rec(UNIV_A, Visibility.PUBLIC)

# (principal, record) -> (may read, may write); None is the anonymous visitor.
CASES = [
    (None, PUBLIC, True, False),
    (None, INTERNAL, False, False),
    (None, DRAFT, False, False),
    (B_EDITOR, DRAFT, False, False),
    (B_ADMIN, DRAFT, False, False),
    (B_ADMIN, INTERNAL, False, False),
    (B_EDITOR, PUBLIC, True, False),
    (A_VIEWER, DRAFT, False, False),
    (A_VIEWER, INTERNAL, True, False),
    (A_VIEWER, PUBLIC, True, False),
    (A_EDITOR, DRAFT, True, True),
    (A_ADMIN, INTERNAL, True, True),
    (ROOT, DRAFT, True, True),
    (PLATFORM_EDITOR, DRAFT, False, False),
]


@pytest.mark.parametrize(("principal", "record", "read", "write"), CASES)
def test_rules(principal: Principal | None, record: Rec, read: bool, write: bool) -> None:
    assert authz.can_read(principal, record) is read
    assert authz.can_write(principal, record) is write


class ProbeBase(DeclarativeBase):
    pass


class Probe(ProbeBase):
    __tablename__ = "authz_probe"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_org_id: Mapped[int] = mapped_column(BigInteger)
    visibility: Mapped[str] = mapped_column(String(16))


@pytest.fixture
def probes(db: Session) -> dict[tuple[int, str], int]:
    ProbeBase.metadata.create_all(db.connection(), checkfirst=True)
    db.query(Probe).delete()
    ids = {}
    for i, (org, vis) in enumerate(
        (o, v)
        for o in (UNIV_A, UNIV_B)
        for v in (Visibility.PUBLIC, Visibility.INTERNAL, Visibility.DRAFT)
    ):
        db.add(Probe(id=i + 1, owner_org_id=org, visibility=vis.value))
        ids[(org, vis.value)] = i + 1
    db.flush()
    return ids


@pytest.mark.parametrize("principal", [None, A_VIEWER, A_EDITOR, B_EDITOR, ROOT, PLATFORM_EDITOR])
def test_sql_clause_agrees_with_the_rules(
    db: Session, probes: dict[tuple[int, str], int], principal: Principal | None
) -> None:
    listed = set(db.scalars(authz.readable(select(Probe.id), Probe, principal)))
    expected = {
        ident for (org, vis), ident in probes.items() if authz.can_read(principal, Rec(org, vis))
    }
    assert listed == expected


def test_unreadable_record_is_not_found_not_forbidden(
    db: Session, probes: dict[tuple[int, str], int]
) -> None:
    draft_of_a = probes[(UNIV_A, Visibility.DRAFT.value)]
    with pytest.raises(NotFound):
        authz.get_readable(db, Probe, draft_of_a, B_EDITOR)
    with pytest.raises(NotFound):
        authz.get_readable(db, Probe, 999_999, ROOT)
    assert authz.get_readable(db, Probe, draft_of_a, A_EDITOR).id == draft_of_a


def test_readable_but_not_writable_is_forbidden(
    db: Session, probes: dict[tuple[int, str], int]
) -> None:
    public_of_a = probes[(UNIV_A, Visibility.PUBLIC.value)]
    with pytest.raises(PermissionDenied):
        authz.get_writable(db, Probe, public_of_a, B_EDITOR)
    assert authz.get_writable(db, Probe, public_of_a, A_EDITOR).id == public_of_a
