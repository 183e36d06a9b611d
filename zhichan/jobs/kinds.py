"""What a kind of job is: its runner, its lane and what happens when it is cut off.

Domains describe their long tasks as :class:`Kind` records; the runtime gathers them into a
:class:`Registry` that the workers of the web server and of ``zhichan jobs run`` share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhichan.jobs.context import Context

#: Lanes are served by separate worker threads, so a long embedding run never holds up the
#: index sync of a fresh import, and an import never waits behind a court comparison's vectors.
LANES = ("default", "index", "vectors")


class Retry(Exception):
    """Raised by a runner when it should run again later (a lock held by someone else)."""

    def __init__(self, message: str, after_seconds: float = 5.0) -> None:
        super().__init__(message)
        self.message = message
        self.after_seconds = after_seconds


class Interrupted(Exception):
    """Raised inside a runner when its worker is stopping (shutdown)."""


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    label: str
    run: Callable[[Context], dict[str, Any] | None]
    lane: str = "default"
    #: Cut off by a restart or shutdown, the job is queued again (its runner starts over or
    #: continues from what it committed); otherwise it fails with a message.
    resumable: bool = True
    #: Runs allowed; a ``Retry`` past this number fails the job with the retry's message.
    max_attempts: int = 3
    #: Called with the job's params once the job has ended for good (e.g. remove an upload).
    cleanup: Callable[[dict[str, Any]], None] | None = None
    #: Called when the job fails for good, with its params and the message (domain rows that
    #: mirror the job's outcome, such as a comparison run, are marked failed there).
    on_failed: Callable[[dict[str, Any], str], None] | None = None
    #: Called when workers start, after interrupted jobs were recovered: removes what jobs
    #: that will never run left behind (an upload whose request died before its job existed).
    sweep: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        if self.lane not in LANES:
            raise ValueError(f"unknown lane {self.lane}")


class Registry:
    def __init__(self, kinds: Iterable[Kind] = ()) -> None:
        self._kinds: dict[str, Kind] = {}
        for kind in kinds:
            self.add(kind)

    def add(self, kind: Kind) -> None:
        if kind.name in self._kinds:
            raise ValueError(f"job kind {kind.name} registered twice")
        self._kinds[kind.name] = kind

    def get(self, name: str) -> Kind | None:
        return self._kinds.get(name)

    def in_lane(self, lane: str) -> list[str]:
        return [k.name for k in self._kinds.values() if k.lane == lane]

    def labels(self) -> dict[str, str]:
        return {k.name: k.label for k in self._kinds.values()}

    def __iter__(self) -> Iterator[Kind]:
        return iter(self._kinds.values())
