"""Read shapes of the law domain."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class ItemRead(BaseModel):
    number: int
    text: str


class ParagraphRead(BaseModel):
    number: int
    text: str
    items: list[ItemRead] = []


class LinkRead(BaseModel):
    paragraph: int
    start: int
    end: int
    text: str
    target: str | None  # citation of the cited article, when it is in the corpus
    target_id: int | None


class ArticleRead(BaseModel):
    id: int
    instrument_id: int
    title: str
    short_name: str
    level: str
    label: str
    number: int
    citation: str
    path: list[str]
    paragraphs: list[ParagraphRead]
    links: list[LinkRead] = []
    version_date: date | None
    status: str = "in_force"
    status_label: str = "现行有效"


class InstrumentSummary(BaseModel):
    id: int
    title: str
    short_name: str
    book: str | None
    level: str
    version_date: date | None
    articles: int
    status: str = "in_force"
    status_label: str = "现行有效"
    short_names: list[str] = []


class LoadReport(BaseModel):
    instruments: int
    articles: int
    links: int
    resolved_links: int
    issues: dict[str, list[str]]
    unresolved_names: dict[str, int]


class ArticleHit(BaseModel):
    article_id: int
    citation: str  # to the best paragraph when the article has several
    title: str
    level: str
    label: str
    passage: str
    passage_html: str
    score: float
    ranks: dict[str, int] = {}
    paragraph: int | None = None  # the paragraph that answers, highlighted on the article
    status: str = "in_force"
    status_label: str = "现行有效"


class AnswerSentence(BaseModel):
    text: str
    citation: str
    article_id: int


class Calculation(BaseModel):
    calculator: str
    kind: str
    result: str
    steps: list[str]
    articles: list[str]


class AskResult(BaseModel):
    question: str
    kind: str  # citation | calculation | articles
    mode: str
    hits: list[ArticleHit]
    answer: list[AnswerSentence]
    calculation: Calculation | None = None
    note: str | None = None
    citation_problem: str | None = None  # the text read as a citation that could not be found
    took_ms: float


class InstrumentRead(BaseModel):
    id: int
    title: str
    short_name: str
    book: str | None
    level: str
    version_date: date | None
    history: list[str]
    preamble: list[str]
    articles: list[ArticleRead]
    status: str = "in_force"
    status_label: str = "现行有效"
    status_basis: str = ""
    short_names: list[str] = []


class TermRead(BaseModel):
    """A patent's term: the last day, how it was reached and the articles relied on."""

    ends: date | None
    steps: list[str]
    articles: list[str]
    compensation_days: int = 0
