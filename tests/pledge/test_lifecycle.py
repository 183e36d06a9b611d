"""The loan and registration state machines: no sequence of actions reaches an illegal state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhichan.core.errors import Conflict, PermissionDenied
from zhichan.pledge import lifecycle

ACTORS = [
    frozenset(),
    frozenset({"enterprise"}),
    frozenset({"bank"}),
    frozenset({"office"}),
    frozenset({"bank", "office"}),
]
moves = st.lists(
    st.tuples(st.sampled_from(sorted(lifecycle.LOAN_ACTIONS)), st.sampled_from(ACTORS)), max_size=60
)


def test_every_state_is_reachable_from_the_draft_and_final_states_end() -> None:
    reached, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for s in lifecycle.LOAN_STEPS:
            if state in s.sources and s.target not in reached:
                reached.add(s.target)
                frontier.append(s.target)
    assert reached == set(lifecycle.LOAN_STATES)
    assert not [s for s in lifecycle.LOAN_STEPS if set(s.sources) & lifecycle.FINAL]


@given(moves)
def test_any_sequence_stays_legal(sequence: list[tuple[str, frozenset[str]]]) -> None:
    state, registered_once, disbursed_once = "draft", False, False
    for action, actors in sequence:
        legal = [s for s in lifecycle.LOAN_STEPS if state in s.sources]
        try:
            step = lifecycle.step(state, action, actors)
        except Conflict:
            assert action not in {s.action for s in legal}
            continue
        except PermissionDenied:
            assert any(s.action == action and not s.actors & actors for s in legal)
            continue
        assert step in legal and step.actors & actors
        state = step.target
        registered_once |= state == "registered"
        disbursed_once |= state == "disbursed"
        # Money leaves the bank only against a registered pledge (《民法典》第四百四十四条).
        assert not disbursed_once or registered_once
        # The registration is cancelled only after the loan was repaid.
        assert state != "registration_cancelled" or registered_once
    assert state in lifecycle.LOAN_STATES


@pytest.mark.parametrize(
    ("state", "action", "actors", "error"),
    [
        ("draft", "disburse", frozenset({"bank"}), Conflict),
        ("bank_review", "approve", frozenset({"enterprise"}), PermissionDenied),
        ("contract_signed", "register", frozenset({"bank"}), Conflict),
        ("closed", "submit", frozenset({"bank", "enterprise"}), Conflict),
        ("draft", "fly", frozenset({"bank"}), Conflict),
    ],
)
def test_illegal_moves_say_what_is_possible(
    state: str, action: str, actors: frozenset[str], error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        lifecycle.step(state, action, actors)
    assert str(caught.value)
    if error is Conflict and action in lifecycle.LOAN_ACTIONS:
        assert lifecycle.LOAN_STATES[state] in str(caught.value)


def test_registration_steps() -> None:
    assert lifecycle.registration_step("filed", "correct") == "correction_requested"
    assert lifecycle.registration_step("correction_requested", "resubmit") == "filed"
    assert lifecycle.registration_step("registered", "change") == "changed"
    with pytest.raises(Conflict):
        lifecycle.registration_step("prepared", "change")
    with pytest.raises(Conflict):
        lifecycle.registration_step("cancelled", "resubmit")
