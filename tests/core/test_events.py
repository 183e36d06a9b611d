"""In-process events: listeners see only their own scope, and a failing one is only logged."""

from __future__ import annotations

import gc
import weakref

import pytest

from zhichan.core import events


class Scope:
    pass


def test_scopes_are_separate_and_failures_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    a, b = Scope(), Scope()
    seen: list[tuple[str, int]] = []

    def boom(**_: object) -> None:
        raise RuntimeError("listener broke")

    events.subscribe(a, "t", lambda n: seen.append(("a", n)))
    events.subscribe(a, "t", boom)
    events.subscribe(b, "t", lambda n: seen.append(("b", n)))
    events.publish(a, "t", n=1)
    events.publish(b, "t", n=2)
    events.publish(a, "other", n=3)
    assert seen == [("a", 1), ("b", 2)]
    assert "listener of t failed" in caplog.text


def test_a_scope_is_not_kept_alive_by_its_listeners() -> None:
    scope = Scope()
    events.subscribe(scope, "t", lambda **_: None)
    alive = weakref.ref(scope)
    del scope
    gc.collect()
    assert alive() is None
