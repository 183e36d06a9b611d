"""Patents a domain singles out for the others to search by, without importing it: the
indicators' high-value verdicts become a search filter and facet (a runtime service)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class PatentSet:
    """Patents a domain singles out (the indicators' high-value verdicts), usable as a search
    filter ``filter=<key>:<value>`` and counted as a facet — by those ``action`` admits."""

    key: str
    label: str
    #: value → what people read (the filter's and the facet's buckets)
    values: Mapping[str, str]
    action: str
    ids: Callable[[Session, str], list[int]]


class PatentSets(dict[str, PatentSet]):
    """Every domain's patent sets by key (a runtime service)."""
