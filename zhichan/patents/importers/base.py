"""What every reader yields, and the file-level error that names file and line."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from zhichan.core.errors import InvalidInput
from zhichan.patents.record import PatentRecord


@dataclass(slots=True)
class Parsed:
    location: str
    records: list[PatentRecord]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: The records as database rows; filled by the import pipeline (then ``records`` is empty).
    prepared: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class Failed:
    location: str
    field: str | None
    reason: str


Item = Parsed | Failed


@dataclass(frozen=True, slots=True)
class Raw:
    """One record's worth of source (a line, a row, an XML document), not yet parsed."""

    location: str
    payload: Any


def source_error(path: Path | str, reason: str, line: int | None = None) -> InvalidInput:
    """A problem with the file as a whole (wrong format or encoding, broken structure)."""
    where = f"{Path(path).name}" + (f" 第 {line} 行" if line else "")
    return InvalidInput(f"{where}：{reason}", details={"file": str(path), "line": line})


@dataclass(slots=True)
class Meter:
    """Bytes of the source consumed so far, for progress bars."""

    total: int
    done: int = 0


@dataclass(frozen=True, slots=True)
class Options:
    source_name: str
    known_main_groups: Collection[str] = frozenset()
    mapping: Mapping[str, str] | None = None
    header_row: int | None = None
    sheet: str | None = None


class Units(Protocol):
    """The cheap, sequential stage: the file's structure, cut into raw units."""

    def __call__(self, fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]: ...


class Parse(Protocol):
    """The costly, pure stage: one raw unit to records; may run in a worker process."""

    def __call__(self, raw: Raw, opts: Options) -> Item: ...


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    units: Units
    parse: Parse
    #: Whether parsing costs enough to be worth worker processes (normalising exports,
    #: XML); reading our own JSONL is cheaper than shipping its rows between processes.
    parallel: bool = False

    def read(self, fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Item]:
        """Both stages in this process, in order."""
        for unit in self.units(fh, opts, meter):
            yield unit if isinstance(unit, Failed) else self.parse(unit, opts)
