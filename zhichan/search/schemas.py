"""Request and response shapes of the search domain."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Mode = Literal["bool", "semantic", "hybrid"]


class Hit(BaseModel):
    number: str
    title: str | None
    score: float
    snippet: str
    title_html: str
    applicants: list[str]
    application_date: str | None
    publication_date: str | None
    patent_type: str | None
    ipc_main: str | None
    legal_status: str | None
    why: list[str] = Field(description="人能读懂的命中原因")
    ranks: dict[str, int] = Field(default_factory=dict, description="各方法中的名次（混合检索）")
    similarity: float | None = None


class FacetBucket(BaseModel):
    value: str
    label: str
    count: int


class SearchResponse(BaseModel):
    query: str
    mode: Mode
    free_text: bool
    total: int
    page: int
    size: int
    sort: str
    filters: dict[str, str]
    hits: list[Hit]
    facets: dict[str, list[FacetBucket]]
    took_ms: float
    index: dict[str, str | int | None]
    #: What the user must know about this result: missing vectors, a fallback to keywords.
    notes: list[str] = []


class SavedQueryIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    query: str = Field(min_length=1, max_length=5000)
    mode: Mode = "bool"
    filters: dict[str, str] = Field(default_factory=dict)
    sort: str = "relevance"


class SavedQueryRead(BaseModel):
    model_config = {"from_attributes": True}

    id: int
    name: str
    query: str
    mode: str
    filters: dict[str, str]
    sort: str
    created_at: datetime
