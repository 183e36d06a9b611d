"""An operation a registry of the platform recorded on a patent (a deal, a licence taken, a
declaration announced), as other domains read it: what, when, for how much, where from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Operation:
    number: str
    kind: str
    on: date | None
    amount: Decimal | None
    #: The registry and the record in it, as a person would look it up.
    source: str
