"""Request and response shapes of the pledge-financing domain. Money in yuan (``Decimal``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

Amount = Field(gt=0, le=Decimal("100000000000"), max_digits=16, decimal_places=2)
Numbers: list[str] = Field(default_factory=list, max_length=50)


class WhiteListIn(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    ipc_prefix: str | None = Field(default=None, max_length=16, description="IPC 前缀，如 H01M")
    min_patents: int = Field(default=3, ge=1, le=10000, description="至少拥有的专利件数")
    min_valid: int = Field(default=1, ge=0, le=10000, description="至少有效专利件数")
    min_high_value: int = Field(default=0, ge=0, le=10000, description="至少高价值发明专利件数")
    tier: str | None = Field(default=None, pattern="^[ABCD]$", description="金融场景估值最低档次")
    limit: int = Field(default=50, ge=1, le=200, description="至多列入的企业数")
    valid_to: date | None = None


class BankFeedbackRead(BaseModel):
    bank_id: int
    bank_name: str
    stage: str
    stage_label: str
    amount: Decimal | None
    reason: str | None
    updated_on: date


class EntryRead(BaseModel):
    id: int
    list_id: int
    enterprise_name: str
    region: str | None
    reasons: list[str]
    evidence: list[dict[str, Any]]
    evidence_on: date
    feedback: list[BankFeedbackRead]


class WhiteListRead(BaseModel):
    id: int
    name: str
    criteria: dict[str, Any]
    status: str
    status_label: str
    valid_from: date
    valid_to: date | None
    pushed_on: date | None
    created_by: str
    entries: int
    banks: list[str]
    funnel: dict[str, Any]


class PushIn(BaseModel):
    bank_ids: list[int] = Field(min_length=1, max_length=50)


class BankFeedbackIn(BaseModel):
    stage: str = Field(max_length=16)
    amount: Decimal | None = Field(default=None, ge=0, le=Decimal("100000000000"), decimal_places=2)
    reason: str | None = Field(default=None, max_length=1000)


class ReferralIn(BaseModel):
    enterprise_name: str = Field(min_length=2, max_length=300)
    credit_code: str | None = Field(default=None, max_length=32)
    numbers: list[str] = Field(min_length=1, max_length=20)
    note: str | None = Field(default=None, max_length=2000)


class ReferralRead(BaseModel):
    id: int
    bank_name: str
    enterprise_name: str
    credit_code: str | None
    numbers: list[str]
    note: str | None
    status: str
    status_label: str
    answer: str | None
    valuations: list[dict[str, Any]]
    answered_by: str | None
    answered_on: date | None


class AnswerIn(BaseModel):
    answer: str = Field(min_length=2, max_length=4000)


class LoanIn(BaseModel):
    enterprise_name: str = Field(min_length=2, max_length=300)
    credit_code: str | None = Field(default=None, max_length=32)
    region: str | None = Field(default=None, max_length=64)
    industry: str | None = Field(default=None, max_length=100)
    sme: bool = True
    bank_id: int | None = Field(default=None, description="企业申请时选择的银行")
    entry_id: int | None = Field(default=None, description="来自白名单的条目")
    mode: str = Field(default="pledge", max_length=24)
    amount: Decimal = Amount
    starts_on: date
    ends_on: date
    purpose: str | None = Field(default=None, max_length=2000)
    numbers: list[str] = Numbers
    co_owner_consent: bool = False
    ltv_limit: Decimal | None = Field(default=None, gt=0, le=100, decimal_places=2)


class PledgeCheckRead(BaseModel):
    ground: str
    label: str
    state: str
    state_label: str
    fact: str
    source: str


class LoanPatentRead(BaseModel):
    number: str
    title: str | None
    checks: list[PledgeCheckRead]
    checked_on: date | None
    blocked: bool
    warned: bool
    term_ends: date | None
    finance_score: float | None = None
    finance_tier: str | None = None
    coverage: float | None = None
    valuation_id: int | None = None


class DocumentRead(BaseModel):
    id: int
    kind: str
    kind_label: str
    filename: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


class LoanStepRead(BaseModel):
    action: str
    label: str
    from_label: str
    to_label: str
    on: date
    actor: str
    note: str | None


class RegistrationRead(BaseModel):
    status: str
    status_label: str
    reg_no: str | None
    channel: str
    documents: list[str]
    secured_amount: Decimal
    filed_on: date | None
    clock_from: date | None
    registered_on: date | None
    refused_ground: str | None
    changed_on: date | None
    cancelled_on: date | None
    note: str | None
    working_days: int | None
    provisional: bool
    overdue: bool


class LoanRow(BaseModel):
    id: int
    number: str
    bank_name: str
    enterprise_name: str
    region: str | None
    mode: str
    mode_label: str
    amount: Decimal
    ends_on: date
    status: str
    status_label: str
    patents: int
    blocked: bool


class LoanRead(LoanRow):
    credit_code: str | None
    industry: str | None
    sme: bool
    entry_id: int | None
    white_list: str | None
    starts_on: date
    purpose: str | None
    version: int
    ltv_limit: Decimal | None
    ltv: Decimal | None
    appraised_value: Decimal | None
    appraisal_method: str | None
    appraiser: str | None
    report_no: str | None
    valued_on: date | None
    approved_amount: Decimal | None
    interest_rate: Decimal | None
    benchmark_rate: Decimal | None
    insurer: str | None
    premium_rate: Decimal | None
    insurer_share: Decimal | None
    guarantor: str | None
    contract_items: list[str]
    co_owner_consent: bool
    warnings_accepted: bool
    disbursed_amount: Decimal | None
    disbursed_on: date | None
    repaid_on: date | None
    principal_loss: Decimal | None
    insurer_paid: Decimal | None
    disposal_route: str | None
    recovered: Decimal | None
    package: list[LoanPatentRead]
    loan_checks: list[PledgeCheckRead]
    steps: list[LoanStepRead]
    registration: RegistrationRead | None
    documents: list[DocumentRead]
    actions: list[dict[str, str]]
    alerts: list[str]
    limits: list[dict[str, str]]


class LoanStepIn(BaseModel):
    """One step of a loan, with the figures that step records."""

    action: str = Field(max_length=24)
    version: int = Field(ge=1)
    note: str | None = Field(default=None, max_length=2000)
    on: date | None = None
    amount: Decimal | None = Field(default=None, ge=0, le=Decimal("100000000000"), decimal_places=2)
    appraiser: str | None = Field(default=None, max_length=200)
    method: str | None = Field(default=None, max_length=32)
    report_no: str | None = Field(default=None, max_length=100)
    reg_no: str | None = Field(default=None, max_length=64)
    channel: str | None = Field(default=None, max_length=16)
    ground: str | None = Field(default=None, max_length=32)
    route: str | None = Field(default=None, max_length=16)
    interest_rate: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=4)
    benchmark_rate: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=4)
    premium_rate: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=4)
    insurer: str | None = Field(default=None, max_length=200)
    insurer_share: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=2)
    guarantor: str | None = Field(default=None, max_length=200)
    contract_items: list[str] | None = Field(default=None, max_length=10)
    documents: list[str] | None = Field(default=None, max_length=10)
    warnings_accepted: bool = False


class RuleRead(BaseModel):
    code: str
    region: str
    scheme: str
    kind: str
    kind_label: str
    base: str
    base_label: str
    rate: Decimal | None
    schedule: list[str]
    cap_amount: Decimal | None
    cap_period: str | None
    max_years: int | None
    conditions: list[str]
    valid_from: date | None
    valid_to: date | None
    source: str
    verified: str
    note: str | None


class RuleIn(BaseModel):
    rate: Decimal = Field(ge=0, le=100, decimal_places=4, description="比例（%）")
    note: str = Field(min_length=2, max_length=500, description="本地文件名称与条款")


class PoolRead(BaseModel):
    code: str
    region: str
    name: str
    size: Decimal
    paid: Decimal
    balance: Decimal
    rule_code: str | None
    source: str
    verified: str


class ClaimIn(BaseModel):
    rule_code: str = Field(max_length=16)
    year_no: int = Field(default=1, ge=1, le=20)
    base_amount: Decimal | None = Field(
        default=None, ge=0, le=Decimal("100000000000"), decimal_places=2
    )
    benchmark_rate: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=4)
    days: int | None = Field(default=None, ge=1, le=3660)
    pool_code: str | None = Field(default=None, max_length=16)
    on: date | None = None


class ClaimRead(BaseModel):
    id: int
    loan_number: str
    enterprise: str
    rule_code: str
    kind: str
    kind_label: str
    year: int
    year_no: int
    amount: Decimal
    steps: list[str]
    source: str
    status: str
    status_label: str
    computed_by: str
    computed_on: date
    approved_by: str | None
    paid_on: date | None
    pool_code: str | None


class PledgeStatsRead(BaseModel):
    year: int
    cutoff: Decimal
    figures: dict[str, Any]
    previous: dict[str, Any]
    by: dict[str, list[dict[str, Any]]]
    subsidies: list[dict[str, Any]]
    pools: list[PoolRead]
    funnel: dict[str, int]
    sources: dict[str, str]
