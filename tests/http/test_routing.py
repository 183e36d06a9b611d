"""The routers' path gate skips a router only when none of its routes could match."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.routing import Match

from tests.http.test_permission_matrix import url_of
from zhichan.accounts.deps import declared_routes
from zhichan.http.routing import Router


def _scope(app: FastAPI, method: str, path: str, root: str = "") -> dict[str, object]:
    return {"type": "http", "method": method, "path": root + path, "root_path": root,
            "headers": [], "query_string": b"", "app": app}  # fmt: skip


def _matched(app: FastAPI, scope: dict[str, object]) -> list[Match]:
    return [m for route in app.routes if (m := route.matches(scope)[0]) != Match.NONE]


def test_every_route_of_the_app_is_still_reached(app: FastAPI) -> None:
    missed = [
        f"{method} {path}"
        for method, path, _ in declared_routes(app)
        if Match.FULL not in _matched(app, _scope(app, method, url_of(path)))
    ]
    assert not missed


def test_heads_of_nested_routers_and_the_root_path() -> None:
    inner = Router(prefix="/inner")
    outer = Router()

    @inner.get("/{item}")
    def item(item: str) -> str:
        return item

    @outer.get("/things/{n}/parts")
    def parts(n: int) -> int:
        return n

    outer.include_router(inner)
    app = FastAPI()
    app.include_router(outer)
    assert sorted(outer.heads() or ()) == ["/inner/", "/things/"]
    assert _matched(app, _scope(app, "GET", "/things/3/parts")) == [Match.FULL]
    assert _matched(app, _scope(app, "GET", "/inner/x", root="/mounted")) == [Match.FULL]
    assert _matched(app, _scope(app, "POST", "/inner/x")) == [Match.PARTIAL]
    assert _matched(app, _scope(app, "GET", "/other/3/parts")) == []
