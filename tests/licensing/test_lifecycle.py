"""The declaration state machine: no sequence of actions reaches an illegal state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhichan.core.errors import Conflict, PermissionDenied
from zhichan.licensing.declarations import lifecycle

ACTORS = [
    frozenset(),
    frozenset({"declarant"}),
    frozenset({"office"}),
    frozenset({"declarant", "office"}),
]
moves = st.lists(
    st.tuples(st.sampled_from(sorted(lifecycle.ACTIONS)), st.sampled_from(ACTORS)), max_size=40
)


def test_the_table_reaches_every_state_from_the_draft_and_withdrawn_is_final() -> None:
    reached, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for s in lifecycle.STEPS:
            if s.source == state and s.target not in reached:
                reached.add(s.target)
                frontier.append(s.target)
    assert reached == set(lifecycle.STATES)
    assert not [s for s in lifecycle.STEPS if s.source == "withdrawn"]


@given(moves)
def test_any_sequence_stays_legal(sequence: list[tuple[str, frozenset[str]]]) -> None:
    state, announced_once = "draft", False
    for action, actors in sequence:
        legal = {(s.action, s.actor) for s in lifecycle.STEPS if s.source == state}
        try:
            step = lifecycle.step(state, action, actors)
        except Conflict:
            assert action not in {a for a, _ in legal}
            continue
        except PermissionDenied:
            assert any(a == action and who not in actors for a, who in legal)
            continue
        assert (step.action, step.actor) in legal and step.actor in actors
        state = step.target
        announced_once |= state == "announced"
        assert state in lifecycle.STATES
        # A declaration is only ever in effect after it was announced.
        assert state not in lifecycle.IN_EFFECT or announced_once
    assert state in lifecycle.STATES


@pytest.mark.parametrize(
    ("state", "action", "actors", "error"),
    [
        ("draft", "publish", frozenset({"office"}), Conflict),
        ("submitted", "approve", frozenset({"declarant"}), PermissionDenied),
        ("announced", "request_withdrawal", frozenset({"office"}), PermissionDenied),
        ("withdrawn", "publish", frozenset({"declarant", "office"}), Conflict),
        ("draft", "fly", frozenset({"declarant"}), Conflict),
    ],
)
def test_illegal_moves_say_what_is_possible(
    state: str, action: str, actors: frozenset[str], error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        lifecycle.step(state, action, actors)
    message = str(caught.value)
    assert message
    if error is Conflict and action in lifecycle.ACTIONS:
        assert lifecycle.STATES[state] in message and "可以" in message
