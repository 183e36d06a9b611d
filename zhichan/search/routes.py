"""JSON API of the search domain: ``/api/search`` and saved queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response, StreamingResponse

from zhichan.accounts.deps import CurrentPrincipal, SignedIn, permit
from zhichan.db.sets import PatentSets
from zhichan.http.deps import DbSession
from zhichan.http.params import Id
from zhichan.http.routing import Router
from zhichan.patents import service as patents
from zhichan.search import service
from zhichan.search.engine import SearchEngine
from zhichan.search.schemas import SavedQueryIn, SavedQueryRead, SearchResponse

api_router = Router(prefix="/api/search", tags=["search"])

EXPORT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FilterParam = Annotated[
    list[str],
    Query(alias="filter", description="精确筛选，可重复：pt:invention、year:2020、ipc_sc:H01M"),
]


def sets_of(request: Request) -> PatentSets:
    """Other domains' patent sets (filters such as ``hv:1``)."""
    found: PatentSets = getattr(request.app.state, "patent_sets", None) or PatentSets()
    return found


def engine_of(request: Request) -> SearchEngine:
    engine: SearchEngine = request.app.state.search
    return engine


@api_router.get(
    "", dependencies=[permit("search.query")], response_model=SearchResponse, summary="检索专利"
)
def search(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    q: Annotated[str, Query(description="检索式或一段文字", max_length=5000)] = "",
    mode: Annotated[str, Query(pattern="^(bool|semantic|hybrid)$")] = "bool",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
    sort: str = "relevance",
    filters: FilterParam = [],  # noqa: B006
    like: Annotated[str | None, Query(description="“与此专利相似”的专利号")] = None,
) -> SearchResponse:
    return service.search(
        session=session,
        engine=engine_of(request),
        q=q,
        mode=mode,
        page=page,
        size=size,
        sort=sort,
        filters=service.parse_filters(filters),
        like=like,
        sets=sets_of(request),
        principal=principal,
    )


@api_router.get(
    "/export", dependencies=[permit("search.query")], summary="导出整个结果集（jsonl / csv / xlsx）"
)
def export(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    q: str = "",
    mode: Annotated[str, Query(pattern="^(bool|semantic|hybrid)$")] = "bool",
    sort: str = "relevance",
    filters: FilterParam = [],  # noqa: B006
    fmt: Annotated[str, Query(alias="format", pattern="^(jsonl|csv|xlsx)$")] = "csv",
    like: str | None = None,
) -> Response:
    rows: list[dict[str, Any]] = list(
        service.export_rows(
            session=session,
            engine=engine_of(request),
            q=q,
            mode=mode,
            sort=sort,
            filters=service.parse_filters(filters),
            like=like,
            sets=sets_of(request),
            principal=principal,
        )
    )
    headers = {"Content-Disposition": f'attachment; filename="search.{fmt}"'}
    if fmt == "xlsx":
        return Response(patents.export_xlsx(rows), media_type=EXPORT_TYPES[fmt], headers=headers)

    def body() -> Iterator[bytes]:
        for piece in patents.export_chunks(fmt, rows):
            yield piece.encode("utf-8")

    return StreamingResponse(body(), media_type=EXPORT_TYPES[fmt], headers=headers)


@api_router.get(
    "/status",
    dependencies=[permit("search.query")],
    summary="检索索引状态：尚未入索引、尚无语义向量的专利数",
)
def status(request: Request) -> dict[str, Any]:
    return service.status(engine=engine_of(request), factory=request.app.state.ctx.session_factory)


@api_router.get(
    "/saved",
    dependencies=[permit("search.saved")],
    response_model=list[SavedQueryRead],
    summary="本机构保存的检索式",
)
def saved(session: DbSession, principal: SignedIn) -> list[SavedQueryRead]:
    return service.saved_queries(session=session, principal=principal)


@api_router.post(
    "/saved",
    dependencies=[permit("search.saved")],
    response_model=SavedQueryRead,
    status_code=201,
    summary="保存检索式",
)
def save(data: SavedQueryIn, session: DbSession, principal: SignedIn) -> SavedQueryRead:
    return service.save_query(session=session, principal=principal, data=data)


@api_router.get(
    "/saved/{name}/run",
    dependencies=[permit("search.saved")],
    response_model=SearchResponse,
    summary="运行保存的检索式",
)
def run_saved(
    request: Request,
    name: str,
    session: DbSession,
    principal: SignedIn,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResponse:
    sq = service.saved_query(session=session, principal=principal, name=name)
    return service.search(
        session=session,
        engine=engine_of(request),
        q=sq.query,
        mode=sq.mode,
        page=page,
        size=size,
        sort=sq.sort,
        filters=sq.filters,
        sets=sets_of(request),
        principal=principal,
    )


@api_router.delete(
    "/saved/{query_id}",
    dependencies=[permit("search.saved")],
    status_code=204,
    summary="删除保存的检索式",
)
def delete_saved(query_id: Id, session: DbSession, principal: SignedIn) -> Response:
    service.delete_saved_query(session=session, principal=principal, query_id=query_id)
    return Response(status_code=204)
