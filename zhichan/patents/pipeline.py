"""Run the parse stage of an import in worker processes while the caller writes to the database.

Units are sent in groups; results come back in file order. At most ``4 × workers`` groups are
in flight, so memory stays bounded whatever the file size. Workers are *spawned*, not
forked: they must not inherit the web server's threads or open database connections. Small
files are parsed in-process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from zhichan.patents.importers.base import Failed, Format, Item, Options, Parsed, Raw
from zhichan.patents.rows import prepare

PR_SET_PDEATHSIG = 1
GROUP = 250
PARALLEL_FROM_BYTES = 4 * 1024 * 1024

_state: tuple[Format, Options] | None = None


def _die_with_parent() -> None:
    """If the server is killed outright (kill -9), its parse workers go with it instead of
    lingering as orphans (Linux; elsewhere the closed pipe ends them at their next read)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _init(fmt_name: str, opts: Options) -> None:
    global _state
    _die_with_parent()
    from zhichan.patents.importers.detect import READERS

    _state = (READERS[fmt_name], opts)


def parse_and_prepare(fmt: Format, unit: Raw | Failed, opts: Options) -> Item:
    """Parse a unit and turn its records into rows; the records themselves are dropped."""
    if isinstance(unit, Failed):
        return unit
    item = fmt.parse(unit, opts)
    if isinstance(item, Parsed):
        item.prepared = [prepare(r) for r in item.records]
        item.records = []
    return item


def _parse_group(group: list[Raw | Failed]) -> list[Item]:
    assert _state is not None, "worker not initialised"
    fmt, opts = _state
    return [parse_and_prepare(fmt, u, opts) for u in group]


def items(
    fmt: Format, units: Iterable[Raw | Failed], opts: Options, *, workers: int, size: int
) -> Iterator[Item]:
    if workers <= 1 or size < PARALLEL_FROM_BYTES or not fmt.parallel:
        for unit in units:
            yield parse_and_prepare(fmt, unit, opts)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(fmt.name, opts)
    )
    pending: deque[Future[list[Item]]] = deque()
    iterator = iter(units)
    try:
        while group := list(islice(iterator, GROUP)):
            pending.append(pool.submit(_parse_group, group))
            if len(pending) >= 4 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        pool.shutdown(wait=True)  # reap the workers (their memory then shows in rusage)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
