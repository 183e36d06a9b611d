"""Read schemas of the patents domain (records themselves are ``record.PatentRecord``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from zhichan.core.paging import Page


class PatentSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    title: str | None
    patent_type: str | None
    first_applicant: str | None
    application_number: str | None
    application_date: date | None
    publication_date: date | None
    ipc_main: str | None
    legal_status: str | None
    source: str | None


PatentPage = Page[PatentSummary]


class ClassTitle(BaseModel):
    code: str
    main: bool
    version: str | None
    titles: list[tuple[str, str]]


class SeiHit(BaseModel):
    sei_code: str
    sei_name: str
    rule_no: int
    ipc: str
    pattern: str
    confirmed: bool
    keyword: str | None
    source: str = "《战略性新兴产业分类与国际专利分类参照关系表（2021）》"


class HolderFacts(BaseModel):
    name: str
    country: str | None
    province: str | None
    #: 企业/高校/科研院所/个人/机关团体 by the applicant rules, and the normalised name.
    kind: str | None = None
    normalised: str | None = None


class EventFacts(BaseModel):
    date: date | None
    code: str
    text: str


class PatentFacts(BaseModel):
    """What another domain's batch computation reads of one record; ``None`` or an empty list
    means the record does not say."""

    id: int
    number: str
    application_number: str | None
    patent_type: str | None
    legal_status: str | None
    #: valid / invalid / pending / unknown, from the status text and, without one, the events.
    status_category: str
    application_date: date | None
    grant_date: date | None
    ipc: list[str]
    holders: list[HolderFacts]
    family_members: list[str]
    #: Pledge registrations among the legal events (amounts are not in the events).
    pledge_events: int
    #: The date of the termination event, if the events give one.
    lapsed_on: date | None = None
    sei: list[SeiHit]
    publication_date: date | None = None
    inventors: list[str] = []
    title: str | None = None
    #: The Chinese abstract (else the English one) and the first claim, for text analyses.
    text: str | None = None
    keywords: list[str] = []
    content_hash: str | None = None
    #: The legal events as recorded (dated and coded), oldest first.
    events: list[EventFacts] = []


class ClaimFacts(BaseModel):
    num: int
    #: Characters of the claim text (spaces removed), the OECD's breadth proxy.
    length: int
    independent: bool


class PatentProfile(BaseModel):
    """What a valuation reads of one record; ``None`` or an empty list means the record does
    not say (never "none")."""

    id: int
    number: str
    country: str | None
    patent_type: str | None
    title: str | None
    legal_status: str | None
    status_category: str
    application_date: date | None
    grant_date: date | None
    ipc: list[str]
    claims: list[ClaimFacts]
    family_id: str | None
    family_members: list[str]
    #: Backward citations as the record gives them: (number, search-report category or None).
    citations: list[tuple[str, str | None]]
    #: Records of this store that cite this one.
    cited_by: int
    events: list[EventFacts]
    holders: list[str]
    sei: list[SeiHit]
    content_hash: str


class ClaimNode(BaseModel):
    num: int
    text: str
    depends_on: list[int]
    depth: int


class PatentDetail(BaseModel):
    record: dict[str, Any]
    legal_status_category: str
    #: An open-licence declaration is announced and not withdrawn: annual fees are reduced
    #: (《专利法》第五十一条第二款). Derived from the legal events.
    open_licence_active: bool = False
    claims_tree: list[ClaimNode]
    ipc: list[ClassTitle]
    sei: list[SeiHit]
    forward_citations: list[str]
    #: The cited numbers that are records of this store (the page links only those).
    cited_in_store: list[str] = []
    family_size: int | None
    batch_id: int | None
    updated_at: datetime


class BatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source_name: str
    source_sha256: str
    format: str
    strict: bool
    status: str
    read: int
    inserted: int
    updated: int
    skipped: int
    failed: int
    warnings: int
    actor_label: str
    message: str | None
    started_at: datetime
    finished_at: datetime | None


class IssueRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    severity: str
    location: str
    field: str | None
    reason: str


class JobStatus(BaseModel):
    """An import job: ``state`` is the job's (queued, running, retrying, succeeded, failed);
    ``index_state`` says whether what it stored is searchable yet (pending, searchable,
    failed)."""

    id: int
    filename: str
    state: str
    state_label: str
    fraction: float
    read: int
    inserted: int
    updated: int
    skipped: int
    failed: int
    warnings: int
    rate: float
    batch_id: int | None
    message: str | None
    issues: list[IssueRead]
    issues_total: int = 0
    index_state: str | None = None
    index_message: str | None = None


class PatentRights(BaseModel):
    """What the stored record says about a patent's rights, for domains that rely on it.

    ``None`` or an empty list means the record does not say (never "no")."""

    id: int
    number: str
    title: str | None
    patent_type: str | None
    kind: str | None
    application_date: date | None
    grant_date: date | None
    legal_status: str | None
    status_category: str
    holders: list[str]
    holders_source: str | None
    ipc_main: str | None
    province: str | None
    pledged: bool | None
    licence_records: int
    open_licence_active: bool
    source: str | None
