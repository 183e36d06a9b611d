"""7z members one at a time: py7zr unpacks a solid archive in one pass, in its own thread.

py7zr writes every member into an object it asks a factory for and closes it when the member
is complete; the close hands the finished member over a one-place queue, so the unpacking
thread waits while the reader works and memory holds one member, whatever the archive's size.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import py7zr
from py7zr.io import Py7zIO, WriterFactory

WAIT_S = 0.5
JOIN_S = 30.0


class Sink(Protocol):
    def write(self, s: bytes | bytearray) -> int: ...

    def member(self) -> Any: ...


class _Stopped(Exception):
    """The reader went away: the unpacking thread stops at its next write."""


_DONE = object()


class _Writer(Py7zIO):
    def __init__(self, sink: Sink, hand_over: Callable[[Any], None], stop: threading.Event):
        self.sink, self.hand_over, self.stop = sink, hand_over, stop
        self.length = 0
        self.closed = False

    def write(self, s: bytes | bytearray) -> int:
        if self.stop.is_set():
            raise _Stopped
        self.length += len(s)
        return self.sink.write(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.length

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self.length

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.hand_over(self.sink.member())


class _Factory(WriterFactory):
    def __init__(self, make: Callable[[str], Sink], hand_over: Callable[[Any], None]):
        self.make, self.hand_over = make, hand_over
        self.stop = threading.Event()
        self.open: list[_Writer] = []

    def create(self, filename: str) -> Py7zIO:
        writer = _Writer(self.make(filename), self.hand_over, self.stop)
        self.open.append(writer)
        return writer


def members(root: Path, make: Callable[[str], Sink]) -> Iterator[Any]:
    """``make(name).member()`` of every file of the archive, in the archive's order."""
    return _Unpacking(root, make).members()


class _Unpacking:
    def __init__(self, root: Path, make: Callable[[str], Sink]) -> None:
        self.root = root
        self.handed: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.factory = _Factory(make, self.hand_over)

    def hand_over(self, item: Any) -> None:
        while not self.factory.stop.is_set():
            try:
                self.handed.put(item, timeout=WAIT_S)
                return
            except queue.Full:
                continue
        raise _Stopped

    def unpack(self) -> None:
        try:
            with py7zr.SevenZipFile(self.root) as z:
                z.extractall(factory=self.factory)
            for writer in self.factory.open:  # members py7zr finished without closing
                writer.close()
            self.hand_over(_DONE)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the reader, who raises it
            with contextlib.suppress(_Stopped):
                self.hand_over(exc)

    def members(self) -> Iterator[Any]:
        thread = threading.Thread(target=self.unpack, name=f"7z:{self.root.name}", daemon=True)
        thread.start()
        try:
            while True:
                try:
                    item = self.handed.get(timeout=WAIT_S)
                except queue.Empty:
                    if not thread.is_alive():
                        return
                    continue
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.factory.stop.set()
            thread.join(JOIN_S)
