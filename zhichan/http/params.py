"""Bounded parameters every route shares: an id fits a 64-bit column, a list has an end."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from zhichan.core.inputs import MAX_ID
from zhichan.core.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Window

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
OrgId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _window(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="跳过的条数")] = 0,
) -> Window:
    return Window(limit=limit, offset=offset)


def _page_window(offset: str | None = None) -> Window:
    return Window.lenient(offset)


#: ``limit`` and ``offset`` of an API list, validated (422 past the bounds).
Paging = Annotated[Window, Depends(_window)]
#: ``offset`` of an HTML list page, read leniently (never an error page).
PageOffset = Annotated[Window, Depends(_page_window)]
