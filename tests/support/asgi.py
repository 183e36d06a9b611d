"""Requests to the ASGI app on one event loop in the test's own thread.

Starlette's ``TestClient`` hands every request to an event loop in another thread through a
blocking portal (eight thread hand-overs a request, ~3 ms); a test that sends thousands of
requests uses this instead (~0.6 ms). The app's lifespan is not run here: take the ``client``
fixture beside it when the test needs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI


class DirectClient:
    def __init__(self, app: FastAPI) -> None:
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://testserver"
        )
        self.cookies = self.http.cookies

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kwargs))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@contextmanager
def direct(app: FastAPI) -> Iterator[DirectClient]:
    c = DirectClient(app)
    try:
        yield c
    finally:
        c.close()
