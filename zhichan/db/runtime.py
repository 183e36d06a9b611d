"""What one process opens once — settings, the engine, the audited session factory — and the
shared services built over them (the search engine, the registry of job kinds), looked up by
type so that a lower layer never imports the module that builds them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    services: Mapping[type, object] = field(default_factory=dict)

    def get(self, kind: type[T]) -> T:
        """The process's one instance of ``kind`` (e.g. ``SearchEngine``, ``Registry``)."""
        try:
            return cast(T, self.services[kind])
        except KeyError:
            raise LookupError(f"runtime has no {kind.__name__}") from None
