"""Property tests on the real service: any sequence of steps and licence notices, by any of
the users, leaves the declaration in a legal state, and withdrawal never voids a licence.

Three in four generated moves are picked among those legal in the current state (with the
right actor), so sequences reach announcement and withdrawal, not only refusals."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.licensing import constructed as c
from tests.licensing.conftest import TODAY
from tests.licensing.steps import make
from zhichan.core.errors import ZhichanError
from zhichan.core.principal import Principal
from zhichan.licensing import licences, service
from zhichan.licensing.declarations import lifecycle
from zhichan.licensing.schemas import LicenceIn, TransitionIn

USERS = ("a_editor", "a_viewer", "office", "firm", "b_editor", "court")
MOVES = [*sorted(lifecycle.ACTIONS), "license"]
RIGHT = {"declarant": "a_editor", "office": "office"}
# (legal move?, index into the candidate moves, index into the users)
sequences = st.lists(
    st.tuples(st.sampled_from([True, True, True, False]), st.integers(0, 50), st.integers(0, 50)),
    min_size=1,
    max_size=20,
)


def _choose(state: str, legal: bool, i: int, j: int) -> tuple[str, str]:
    if legal:
        options = [(s.action, RIGHT[s.actor]) for s in lifecycle.allowed(state, frozenset(RIGHT))]
        if state in lifecycle.IN_EFFECT:
            options.append(("license", USERS[3 + j % 3]))
        if options:
            return options[i % len(options)]
    return MOVES[i % len(MOVES)], USERS[j % len(USERS)]


def _act(ldb: Session, p: Principal, did: int, move: str) -> object:
    if move == "license":
        return licences.take_licence(
            session=ldb, principal=p, declaration_id=did,
            data=LicenceIn(patent_number=c.OK, paid=Decimal(50000)), today=TODAY,
        )  # fmt: skip
    return service.transition(
        session=ldb, principal=p, declaration_id=did,
        step_in=TransitionIn(action=move, note="理由"), today=TODAY,
    )  # fmt: skip


def _check(
    ldb: Session, who: dict[str, Principal], did: int, granted: dict[int, tuple[object, ...]]
) -> None:
    d = service.get_declaration(session=ldb, principal=who["a_editor"], declaration_id=did)
    assert d.status in lifecycle.STATES
    announced = d.status in {"announced", "withdrawal_requested", "withdrawn"}
    assert (d.announcement_no is not None) == announced
    assert (d.withdrawal_no is not None) == (d.status == "withdrawn")
    assert service.fee_reduction(session=ldb, number=c.OK).active == d.in_effect
    for lid, kept in granted.items():
        now = licences.get_licence(session=ldb, principal=who["office"], licence_id=lid)
        assert (now.status, now.effective_on, now.ends_on) == kept


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=sequences)
def test_no_sequence_reaches_an_illegal_state(
    ldb: Session, who: dict[str, Principal], sequence: list[tuple[bool, int, int]]
) -> None:
    outer = ldb.begin_nested()
    try:
        did = make(ldb, who["a_editor"], c.OK).id
        granted: dict[int, tuple[object, ...]] = {}
        for legal, i, j in sequence:
            state = service.get_declaration(
                session=ldb, principal=who["a_editor"], declaration_id=did
            ).status
            move, user = _choose(state, legal, i, j)
            try:
                with ldb.begin_nested():
                    done = _act(ldb, who[user], did, move)
            except ZhichanError:
                continue
            if isinstance(done, licences.LicenceRead):
                assert state in lifecycle.IN_EFFECT
                granted[done.id] = (done.status, done.effective_on, done.ends_on)
            event(f"reached {move}")  # pytest --hypothesis-show-statistics lists these
            _check(ldb, who, did, granted)
    finally:
        outer.rollback()
        ldb.expunge_all()  # the next example may reuse the rolled-back ids
