"""Schemas of the licensing domain: what the API and the CLI take and give."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhichan.core.paging import Page
from zhichan.core.text import nfkc


class DeclarationPatentIn(BaseModel):
    number: str = Field(min_length=1, max_length=64)
    evaluation_report: str | None = Field(default=None, max_length=200)
    pledgee_consent: str | None = Field(default=None, max_length=200)


class DeclarationIn(BaseModel):
    """A draft declaration (《专利法实施细则》第八十五条第二款 lists what it must state)."""

    patents: list[DeclarationPatentIn] = Field(min_length=1, max_length=200)
    patentee_name: str = Field(min_length=1, max_length=300)
    agent_authorisation: str | None = Field(default=None, max_length=200)
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: str | None = Field(default=None, max_length=50)
    contact_email: str | None = Field(default=None, max_length=200)
    fixed_fee: Decimal | None = Field(default=None, max_digits=16, decimal_places=2)
    fixed_period: str = Field(default="once", pattern="^(once|year)$")
    sales_rate: Decimal | None = Field(default=None, max_digits=7, decimal_places=4)
    profit_rate: Decimal | None = Field(default=None, max_digits=7, decimal_places=4)
    payment_method: str = Field(default="银行转账", max_length=100)
    payment_schedule: str = Field(default="once", pattern="^(once|year|half|quarter)$")
    term_years: int = Field(ge=1, le=20)
    field_of_use: str | None = Field(default=None, max_length=2000)
    territory: str | None = Field(default=None, max_length=2000)
    other_terms: str | None = Field(default=None, max_length=4000)
    confirmations: list[str] = Field(default_factory=list)

    @field_validator(
        "patentee_name", "contact_name", "field_of_use", "territory", "other_terms", mode="after"
    )
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return nfkc(value).strip() if value else value


class FindingRead(BaseModel):
    code: str
    title: str
    severity: str
    message: str
    basis: str
    basis_article_id: int | None = None
    basis_text: str | None = None
    number: str | None = None
    facts: dict[str, str] = Field(default_factory=dict)


class CheckRead(BaseModel):
    ok: bool
    errors: int
    warnings: int
    to_verify: int
    findings: list[FindingRead]


class DeclarationPatentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    title: str | None
    patent_type: str | None
    ipc_main: str | None
    evaluation_report: str | None
    pledgee_consent: str | None
    licensees: int = 0


class TransitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    action: str
    from_state: str
    to_state: str
    on: date
    at: datetime
    actor_label: str
    note: str | None


class ActionRead(BaseModel):
    action: str
    label: str
    needs_reason: bool


class DeclarationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    status_label: str
    owner_org_id: int
    declarant_name: str
    patentee_name: str
    agent_authorisation: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    fixed_fee: Decimal | None
    fixed_period: str
    sales_rate: Decimal | None
    profit_rate: Decimal | None
    payment_method: str
    payment_schedule: str
    term_years: int
    fee_kind: str
    fee_label: str
    upfront_due: Decimal
    field_of_use: str | None
    territory: str | None
    other_terms: str | None
    confirmations: list[str]
    region: str | None
    exam_opinion: str | None
    examined_on: date | None
    announcement_no: str | None
    announced_on: date | None
    withdrawal_reason: str | None
    withdrawal_no: str | None
    withdrawn_on: date | None
    in_effect: bool
    version: int
    patents: list[DeclarationPatentRead]
    transitions: list[TransitionRead] = Field(default_factory=list)
    actions: list[ActionRead] = Field(default_factory=list)
    licensees: int = 0


class TransitionIn(BaseModel):
    action: str
    note: str | None = Field(default=None, max_length=4000)
    #: The version the actor saw; a transition on a changed declaration is refused.
    version: int | None = None
    on: date | None = None


class LicenceIn(BaseModel):
    """A written notice (书面通知) with the payment the published standard asks upfront."""

    patent_number: str = Field(min_length=1, max_length=64)
    notice_on: date | None = None
    notice_ref: str | None = Field(default=None, max_length=200)
    start_on: date | None = None
    paid: Decimal = Field(default=Decimal(0), ge=0, max_digits=16, decimal_places=2)
    paid_on: date | None = None
    payment_ref: str | None = Field(default=None, max_length=200)


class PaymentIn(BaseModel):
    paid: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    paid_on: date | None = None
    payment_ref: str | None = Field(default=None, max_length=200)


class FilingIn(BaseModel):
    document: str = Field(min_length=1, max_length=200)
    on: date | None = None


class ReportIn(BaseModel):
    use_note: str | None = Field(default=None, max_length=4000)
    net_sales: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    profit: Decimal | None = Field(default=None, max_digits=16, decimal_places=2)
    paid: Decimal = Field(default=Decimal(0), ge=0, max_digits=16, decimal_places=2)
    paid_on: date | None = None


class ReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    period_no: int
    period_start: date
    period_end: date
    use_note: str | None
    net_sales: Decimal | None
    profit: Decimal | None
    fixed_due: Decimal
    royalty_due: Decimal
    paid: Decimal
    paid_on: date | None
    formula: str = ""


class LicenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    declaration_id: int
    announcement_no: str | None = None
    patent_number: str
    patent_title: str | None = None
    patentee_name: str = ""
    licensee_name: str
    owner_org_id: int
    notice_on: date
    notice_ref: str | None
    terms: dict[str, str | int | None]
    upfront_due: Decimal
    upfront_paid: Decimal
    paid_on: date | None
    payment_ref: str | None
    status: str
    status_label: str = ""
    effective_on: date | None
    ends_on: date | None
    filing_no: str | None
    filed_on: date | None
    filing_document: str | None
    reports: list[ReportRead] = Field(default_factory=list)


class MediationIn(BaseModel):
    declaration_id: int
    licence_number: str | None = None
    respondent_name: str = Field(min_length=1, max_length=300)
    request: str = Field(min_length=1, max_length=4000)
    facts: str = Field(min_length=1, max_length=8000)
    materials: list[str] = Field(default_factory=list)
    other_proceedings: bool = False


class MediationDecisionIn(BaseModel):
    accept: bool
    reason: str | None = Field(default=None, max_length=4000)
    on: date | None = None


class SessionIn(BaseModel):
    held_on: date
    place: str | None = Field(default=None, max_length=200)
    participants: str | None = Field(default=None, max_length=2000)
    notes: str = Field(min_length=1, max_length=8000)


class OutcomeIn(BaseModel):
    outcome: str = Field(pattern="^(agreement|no_agreement|withdrawn)$")
    note: str | None = Field(default=None, max_length=4000)
    on: date | None = None


class SessionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    held_on: date
    place: str | None
    participants: str | None
    notes: str


class MediationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str | None
    declaration_id: int
    licence_id: int | None
    applicant_name: str
    respondent_name: str
    request: str
    facts: str
    materials: list[str]
    missing_materials: list[str] = Field(default_factory=list)
    other_proceedings: bool
    status: str
    status_label: str = ""
    decision_reason: str | None
    registered_on: date | None
    outcome: str | None
    outcome_note: str | None
    closed_on: date | None
    sessions: list[SessionRead] = Field(default_factory=list)


class CatalogueItem(BaseModel):
    id: int
    announcement_no: str | None
    announced_on: date | None
    status: str
    patentee_name: str
    region: str | None
    fee_kind: str
    fee_label: str
    fixed_fee: Decimal | None
    sales_rate: Decimal | None
    profit_rate: Decimal | None
    term_years: int
    patents: list[DeclarationPatentRead]
    licensees: int


CataloguePage = Page[CatalogueItem]


class FeeReductionRead(BaseModel):
    number: str
    active: bool
    declaration_id: int | None
    announcement_no: str | None
    since: date | None
    basis: str = "专利法第五十一条第二款"
    explanation: str


class Bucket(BaseModel):
    key: str
    declarations: int = 0
    patents: int = 0
    licences: int = 0
    income: Decimal = Decimal(0)


class StatsRead(BaseModel):
    by_status: dict[str, int]
    announced: int
    announced_patents: int
    licences: int
    licensees: int
    filed: int
    income: Decimal
    mediations: dict[str, int]
    by_field: list[Bucket]
    by_region: list[Bucket]
    by_institution: list[Bucket]
    by_period: list[Bucket]
    definitions: dict[str, str]


class HelperIn(BaseModel):
    """Inputs of the fee helper; every one is shown back with the formula that used it."""

    ipc: str | None = Field(default=None, max_length=16)
    annual_sales: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    margin: Decimal | None = Field(default=None, ge=0, le=100)
    contribution: Decimal = Field(default=Decimal(25), gt=0, le=100)
    years: int = Field(default=3, ge=1, le=20)
    discount: Decimal = Field(default=Decimal(0), ge=0, le=50)


class Comparable(BaseModel):
    declaration_id: int
    announcement_no: str | None
    patentee_name: str
    ipc_main: str | None
    fee_label: str
    fixed_fee: Decimal | None
    fixed_period: str
    sales_rate: Decimal | None
    profit_rate: Decimal | None
    term_years: int


class Step(BaseModel):
    label: str
    formula: str
    value: str


class HelperRead(BaseModel):
    label: str = "估算（非评估意见）"
    inputs: dict[str, str]
    scope: str
    comparables: list[Comparable]
    summary: list[Step]
    estimate: list[Step]
    caps: list[Step]
    notes: list[str]
