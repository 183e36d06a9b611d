"""In-process notifications between domains that must not import each other.

A listener is registered for a *scope* (the session factory of one runtime), so two
runtimes in one process (tests) never see each other's events. A failing listener is
logged, never raised: the event has already happened and its publisher must not undo it.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[..., None]
_listeners: weakref.WeakKeyDictionary[Any, dict[str, list[Listener]]] = weakref.WeakKeyDictionary()


def subscribe(scope: Any, topic: str, listener: Listener) -> None:
    _listeners.setdefault(scope, {}).setdefault(topic, []).append(listener)


def publish(scope: Any, topic: str, **payload: Any) -> None:
    """Call the scope's listeners of ``topic``; pass ``scope`` in the payload when listeners
    need it, so that they need not hold it (which would keep the scope alive)."""
    for listener in _listeners.get(scope, {}).get(topic, []):
        try:
            listener(**payload)
        except Exception:
            log.exception("listener of %s failed", topic)
