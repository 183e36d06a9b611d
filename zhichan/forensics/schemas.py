"""Request and response shapes of the forensics API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhichan.forensics.code.folder import FOLDER_DEFAULTS
from zhichan.forensics.code.results import CODE_DEFAULTS


class CaseIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    case_number: str | None = Field(default=None, max_length=100)
    note: str | None = None


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    case_number: str | None
    note: str | None
    created_by: str
    created_at: datetime


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    label: str
    filename: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


class RunIn(BaseModel):
    kind: Literal["code", "folder", "images", "audio", "text"]
    left_id: int
    right_id: int | None = None  # not used by "folder" (all against all within the left)
    base_id: int | None = None
    min_similarity: float = Field(default=CODE_DEFAULTS["min_similarity"], ge=0, le=1)
    similar_threshold: float = Field(default=CODE_DEFAULTS["similar_threshold"], ge=0, le=1)
    boilerplate_share: float = Field(default=CODE_DEFAULTS["boilerplate_share"], ge=0.01, le=1)
    cluster_at: float = Field(default=FOLDER_DEFAULTS["cluster_at"], ge=0, le=1)
    ignore_case: bool = True
    ignore_comments: bool = True

    def parameters(self) -> dict[str, Any]:
        if self.kind not in ("code", "folder"):
            return {}
        shared = {
            "similar_threshold": self.similar_threshold,
            "boilerplate_share": self.boilerplate_share,
            "ignore_case": self.ignore_case,
            "ignore_comments": self.ignore_comments,
        }
        if self.kind == "folder":
            return {**shared, "cluster_at": self.cluster_at}
        return {**shared, "min_similarity": self.min_similarity}


class RunRead(BaseModel):
    id: int
    case_id: int
    kind: str
    left_id: int
    right_id: int | None
    base_id: int | None
    #: queued, running, succeeded or failed (the shared job states), with its Chinese label
    state: str
    state_label: str
    stage: str | None
    done: int
    total: int | None
    job_id: int | None
    parameters: dict[str, Any]
    numbers_sha256: str | None
    message: str | None
    created_by: str
    created_at: datetime
    finished_at: datetime | None
