"""JSON API of the law domain under ``/api/law``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query, Request

from zhichan.accounts.deps import permit
from zhichan.core.inputs import MAX_YUAN
from zhichan.http.deps import DbSession, get_ctx
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.law import damages as damages_mod
from zhichan.law import deadlines, questions, service, terms
from zhichan.law.schemas import ArticleRead, AskResult, InstrumentRead, InstrumentSummary

Yuan = Annotated[Decimal, Query(ge=0, le=MAX_YUAN, max_digits=16, decimal_places=2)]

api_router = Router(prefix="/api/law", tags=["law"])


def model_of(request: Request) -> str | None:
    return get_ctx(request).settings.embedding_model


@api_router.get(
    "/instruments",
    dependencies=[permit("law.read")],
    response_model=list[InstrumentSummary],
    summary="法规目录",
)
def instruments(session: DbSession, level: str | None = None) -> list[InstrumentSummary]:
    return service.instruments(session=session, level=level)


@api_router.get(
    "/instruments/{instrument_id}",
    dependencies=[permit("law.read")],
    response_model=InstrumentRead,
    summary="法规全文",
)
def instrument(instrument_id: Id, session: DbSession) -> InstrumentRead:
    return service.instrument(session=session, instrument_id=instrument_id)


@api_router.get(
    "/articles/{article_id}",
    dependencies=[permit("law.read")],
    response_model=ArticleRead,
    summary="条文",
)
def article(article_id: Id, session: DbSession) -> ArticleRead:
    return service.article(session=session, article_id=article_id)


@api_router.get(
    "/article",
    dependencies=[permit("law.read")],
    response_model=ArticleRead,
    summary="按引用查条文（专利法 42）",
)
def article_by_citation(session: DbSession, cite: str) -> ArticleRead:
    return service.article_by_citation(session=session, citation=cite)


@api_router.get(
    "/ask", dependencies=[permit("law.read")], response_model=AskResult, summary="用日常语言提问"
)
def ask(
    request: Request,
    session: DbSession,
    q: Annotated[str, Query(max_length=500)],
    mode: Annotated[str, Query(pattern="^(hybrid|bm25|semantic)$")] = "hybrid",
    level: str | None = None,
    instrument: int | None = None,
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> AskResult:
    ctx = get_ctx(request)
    return questions.ask_question(
        session=session,
        question=q,
        data_dir=ctx.settings.data_path,
        model=model_of(request),
        analyser=ctx.settings.search_analyser,
        mode=mode,
        level=level,
        instrument_id=instrument,
        k=k,
    )


@api_router.get("/deadline", dependencies=[permit("law.read")], summary="专利程序期限")
def deadline(kind: str, start: date, months: int | None = None) -> dict[str, Any]:
    return asdict(deadlines.compute(kind, start, months=months))


@api_router.get("/term", dependencies=[permit("law.read")], summary="专利权期限或著作权保护期")
def term(
    kind: str,
    filing: date | None = None,
    grant: date | None = None,
    exam_request: date | None = None,
    reasonable_delay: int = 0,
    applicant_delay: int = 0,
    drug_approval: date | None = None,
    death_year: int | None = None,
    created_year: int | None = None,
    published_year: int | None = None,
    event_year: int | None = None,
) -> dict[str, Any]:
    return asdict(
        terms.term_for(
            kind,
            filing=filing,
            grant=grant,
            exam_request=exam_request,
            reasonable_delay_days=reasonable_delay,
            applicant_delay_days=applicant_delay,
            drug_approval=drug_approval,
            death_year=death_year,
            created_year=created_year,
            published_year=published_year,
            event_year=event_year,
        )
    )


@api_router.get("/damages", dependencies=[permit("law.read")], summary="侵权赔偿数额范围")
def damages(
    law: str,
    loss: Yuan | None = None,
    gain: Yuan | None = None,
    licence_fee: Yuan | None = None,
    multiple: Annotated[Decimal, Query(ge=0, le=100)] = Decimal(1),
    intentional: bool = False,
    serious: bool = False,
    expenses: Yuan = Decimal(0),
) -> dict[str, Any]:
    result = damages_mod.damages(
        law,
        actual_loss=loss,
        infringer_gain=gain,
        licence_fee=licence_fee,
        licence_multiple=multiple,
        intentional=intentional,
        serious=serious,
        expenses=expenses,
    )
    return asdict(result)
