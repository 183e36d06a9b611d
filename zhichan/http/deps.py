"""Dependencies every route may use: the app context and a request-scoped DB session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from zhichan.core.logging import request_id
from zhichan.db.session import unit_of_work
from zhichan.http.context import AppContext
from zhichan.http.csrf import SAFE_METHODS


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def _session(request: Request) -> Iterator[Session]:
    # scope="function" below: commit before the response leaves, so a failed commit is an error
    # response and never a success the client saw for data that was not saved.
    with unit_of_work(
        get_ctx(request).session_factory,
        via="web",
        request_id=request_id.get(),
        will_write=request.method not in SAFE_METHODS,
    ) as session:
        yield session


Ctx = Annotated[AppContext, Depends(get_ctx)]
DbSession = Annotated[Session, Depends(_session, scope="function")]
