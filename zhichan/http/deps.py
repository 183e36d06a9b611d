"""Dependencies every route may use: the app context and a request-scoped DB session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from zhichan.core.logging import request_id
from zhichan.db.engine import IMMEDIATE
from zhichan.db.session import set_actor
from zhichan.http.context import AppContext
from zhichan.http.csrf import SAFE_METHODS


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def _session(request: Request) -> Iterator[Session]:
    # scope="function" below: commit before the response leaves, so a failed commit is an error
    # response and never a success the client saw for data that was not saved.
    session = get_ctx(request).session_factory()
    if request.method not in SAFE_METHODS:
        session.connection(execution_options={IMMEDIATE: True})
    set_actor(session, None, via="web", request_id=request_id.get())
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Ctx = Annotated[AppContext, Depends(get_ctx)]
DbSession = Annotated[Session, Depends(_session, scope="function")]
