"""Bounded parameters every route shares: an id fits a 64-bit column, a list has an end."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from zhichan.core.inputs import MAX_ID

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
OrgId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
