"""One shape for a page of a list — ``{total, items}`` — and one bound on how much a request
may ask for, shared by every list the API and the pages serve."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: Deep offsets scan and throw away rows; past this a client should narrow its filter.
MAX_OFFSET = 100_000


class Page(BaseModel, Generic[T]):
    """``total`` rows match; ``items`` are the ones of this page, in the list's order."""

    total: int
    items: list[T]


@dataclass(frozen=True, slots=True)
class Window:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    @classmethod
    def lenient(cls, offset: str | None, limit: int = DEFAULT_LIMIT) -> Window:
        """From a page's query string: a bad or out-of-range offset reads as the nearest valid
        one (a hand-edited link shows a page, not an error)."""
        try:
            start = int(offset or 0)
        except ValueError:
            start = 0
        return cls(limit=min(max(limit, 1), MAX_LIMIT), offset=min(max(start, 0), MAX_OFFSET))
