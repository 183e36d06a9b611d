"""The routers every domain uses: an ``APIRouter`` that says "not mine" from the path alone.

FastAPI (0.165) tries a request against every route of every included router in turn, about
10 µs a route; with ~280 routes that was half of a request's CPU time. Any path one of a
router's routes can match begins with that route's literal head (the text before its first
``{``), so a router whose heads the path does not begin with cannot match it and is skipped
without walking its routes. A router must be included without a prefix (as the app does),
since the heads are read from the routes' own paths.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.routing import Match
from starlette.types import Scope


class Router(APIRouter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._heads: tuple[str, ...] | None = None
        self._heads_of = -1

    def heads(self) -> tuple[str, ...] | None:
        """The literal heads of the routes (of included routers too); ``None`` when a route
        has no readable path, and then every request is matched the ordinary way."""
        if self._heads_of != len(self.routes):
            self._heads, self._heads_of = _heads(self.routes), len(self.routes)
        return self._heads

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        heads = self.heads()
        if heads is not None and not _route_path(scope).startswith(heads):
            return Match.NONE, {}
        return super().matches(scope)


def _heads(routes: list[Any]) -> tuple[str, ...] | None:
    found: set[str] = set()
    for route in routes:
        inner = getattr(route, "original_router", None)
        if isinstance(inner, Router):
            sub = inner.heads()
            if sub is None:
                return None
            found.update(sub)
        elif isinstance(path := getattr(route, "path", None), str) and inner is None:
            found.add(path.split("{", 1)[0])
        else:
            return None
    # A head that begins with another adds nothing to the test.
    return tuple(h for h in found if not any(h != o and h.startswith(o) for o in found))


def _route_path(scope: Scope) -> str:
    """The path without the mount's root path, as Starlette's routes read it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
        return path[len(root) :]
    return path
