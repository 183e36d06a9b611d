"""What a command needs from its invocation: the runtime the root callback opened for it
(built on first use, so ``--help`` and ``version`` never open the database, and closed with the
invocation), a session for the operator, and the operator's principal."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from sqlalchemy.orm import Session

from zhichan.core.principal import Principal
from zhichan.db.runtime import Runtime
from zhichan.db.session import unit_of_work

T = TypeVar("T")


class Lazy:
    """One invocation's runtime: built once on first use, its engine disposed at the end."""

    def __init__(self, build: Callable[[], Runtime]) -> None:
        self._build = build
        self._runtime: Runtime | None = None

    def get(self) -> Runtime:
        if self._runtime is None:
            self._runtime = self._build()
        return self._runtime

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.engine.dispose()
            self._runtime = None


_current: ContextVar[Lazy | None] = ContextVar("zhichan_cli_runtime", default=None)


def open_invocation(build: Callable[[], Runtime]) -> Callable[[], None]:
    """Called by the root command; → the function that closes the invocation."""
    lazy = Lazy(build)
    token = _current.set(lazy)

    def close() -> None:
        lazy.close()
        _current.reset(token)

    return close


def runtime() -> Runtime:
    lazy = _current.get()
    if lazy is None:
        raise RuntimeError("command runs outside the zhichan root command")
    return lazy.get()


def service(kind: type[T]) -> T:
    """The process's one ``kind`` (``SearchEngine``, the job ``Registry``)."""
    return runtime().get(kind)


def operator() -> Principal:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Principal.operator(name)


@contextmanager
def session(*, will_write: bool = False) -> Iterator[Session]:
    """A unit of work as the operator, committed when the block ends without an error."""
    with unit_of_work(runtime().session_factory, operator(), will_write=will_write) as s:
        yield s
