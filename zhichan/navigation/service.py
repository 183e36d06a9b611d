"""Service functions of the navigation domain. They flush, never commit.

A report belongs to the organisation that made it; the alias table is shared and kept by IP
offices (every change is in the audit log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from importlib.metadata import version

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import permissions
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.principal import Principal
from zhichan.db import authz
from zhichan.db.base import Visibility
from zhichan.fulltext import similar
from zhichan.indicators import service as indicators_service
from zhichan.jobs import context as jobs_context
from zhichan.navigation import analytics, reports, snapshot, store
from zhichan.navigation.facts import Fact, Scope
from zhichan.navigation.models import Alias, Report
from zhichan.navigation.schemas import (
    AliasIn,
    AliasRead,
    ChapterRead,
    FigureRead,
    ReportIn,
    ReportRead,
    ReportRow,
    RerunRead,
)
from zhichan.patents import service as patents_service

#: The most reports an organisation's list shows (newest first).
LIST_LIMIT = 200
#: Stores up to this many records get their report while the page waits (about 10 s at most
#: on 2 cores); larger ones in the background (``navigation.report``).
INLINE_MOST = 50_000


def runs_inline(*, session: Session) -> bool:
    return patents_service.patent_count(session=session) <= INLINE_MOST


def scope_of(data: ReportIn) -> Scope:
    s = data.scope
    if (s.year_from is None) != (s.year_to is None):
        raise InvalidInput("年份范围须同时填写起止年", details={"field": "year_from"})
    years = (s.year_from, s.year_to) if s.year_from is not None and s.year_to is not None else None
    if years and years[0] > years[1]:
        raise InvalidInput("起始年份晚于终止年份", details={"field": "year_from"})
    return Scope(
        ipc=tuple(c.upper() for c in clean(s.ipc)),
        provinces=clean(s.provinces),
        applicants=clean(s.applicants),
        years=years,
    )


def clean(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted({i.strip() for i in items if i.strip()}))


def check(data: ReportIn) -> Scope:
    """The request's scope, or a Chinese refusal of a bad type or year range (before anything
    is queued or read)."""
    if data.kind not in reports.KINDS:
        known = "、".join(f"{k}（{v.label}）" for k, v in reports.KINDS.items())
        raise InvalidInput(
            f"未知的报告类型：{data.kind}（可选：{known}）", details={"field": "kind"}
        )
    if data.kind == "risk" and not clean(data.features):
        raise InvalidInput(
            "侵权风险排查清单需要产品的技术特征（每行一条）", details={"field": "features"}
        )
    return scope_of(data)


def make_report(
    *,
    session: Session,
    principal: Principal,
    data: ReportIn,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> ReportRead:
    permissions.require(principal, "navigation.report")
    scope = check(data)
    features = [f.strip() for f in data.features if f.strip()] if data.kind == "risk" else []
    built = _build(
        session, data.kind, data.title.strip(), scope, today, data.top, progress, features
    )
    row = Report(
        owner_org_id=_owner(session, principal),
        # Every member of the organisation reads its reports (a draft only its editors).
        visibility=Visibility.INTERNAL.value,
        kind=data.kind,
        title=built.title,
        as_of=today,
        scope={**scope.describe(), "top": data.top, "features": features},
        manifest=built.manifest,
        chapters=[[t, [asdict(f) for f in figs]] for t, figs in built.chapters],
        created_by=principal.actor,
    )
    session.add(row)
    session.flush()
    # The next report reads the snapshot's rows instead of every record.
    jobs_context.queue_once(session=session, kind=snapshot.KIND)
    return _read(row)


def _build(
    session: Session,
    kind: str,
    title: str,
    scope: Scope,
    as_of: date,
    top: int,
    progress: Callable[[int], None] | None = None,
    features: list[str] | None = None,
) -> reports.Report:
    """The report over today's records: what a new report and a re-run both compute."""
    facts, keywords = store.load(session, progress)
    claims = _claim_texts(session, facts, scope) if kind == "risk" else None
    chosen = [f for f in facts if scope.admits(f)]
    codes = sorted(
        {c[:n] for f in chosen for c in f.ipc for n in (1, 3, 4)}
        | {analytics.main_group(c) for f in chosen for c in f.ipc}
    )
    ipc, sei = patents_service.reference_counts(session=session)
    return reports.build(
        kind,
        title,
        facts,
        scope,
        as_of,
        ipc_titles=patents_service.ipc_titles(session=session, codes=codes),
        keywords=keywords,
        top=top,
        references={"ipc_titles": f"{ipc} 条", "sei_concordance": f"{sei} 条规则"},
        version=version("zhichan"),
        high_value=_high_value(session),
        features=features or [],
        claims=claims,
        citations=patents_service.citation_counts(session=session),
    )


#: Records a risk screening list compares at most (their texts are read one by one).
RISK_MOST = 20_000


def _claim_texts(session: Session, facts: list[Fact], scope: Scope) -> reports.Claims:
    """Title, abstract and first claim of the scope's records that have not lapsed, and word
    weights from the store's first records (as the watch takes them)."""
    ids = [f.patent_id for f in facts if scope.admits(f) and f.status in reports.RISK_STATUS]
    wanted = [i for i in ids if i is not None]
    if len(wanted) > RISK_MOST:
        raise InvalidInput(
            f"范围内未失效的专利 {len(wanted)} 件，超过 {RISK_MOST} 件，"
            "请用 IPC、省份或申请人缩小范围",
            details={"field": "scope"},
        )
    texts: dict[str, str] = {}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        for p in patents_service.facts_page(session=session, ids=chunk, limit=len(chunk)):
            texts[p.number] = "\n".join(t for t in (p.title, p.text) if t)
    sample = patents_service.facts_page(session=session, limit=similar.SAMPLE)
    return reports.Claims(texts, similar.Idf.of(p.text or p.title for p in sample))


def _high_value(session: Session) -> tuple[frozenset[int], str | None] | None:
    found = indicators_service.high_value_ids(session=session)
    if found is None:
        return None
    ids, judged_on = found
    return ids, judged_on.isoformat() if judged_on else None


def _owner(session: Session, principal: Principal) -> int:
    """The principal's organisation; the platform's for the shell operator."""
    if principal.org_id:
        return principal.org_id
    found = accounts_service.platform_org_id(session=session)
    if found is None:
        raise InvalidInput("平台机构不存在，请先运行 zhichan db upgrade")
    return found


def _read(row: Report) -> ReportRead:
    kind = reports.KINDS[row.kind]
    return ReportRead(
        id=row.id,
        kind=row.kind,
        kind_label=kind.label,
        standard=kind.standard,
        title=row.title,
        as_of=row.as_of,
        scope=row.scope,
        manifest=row.manifest,
        chapters=[
            ChapterRead(title=t, figures=[FigureRead.model_validate(f) for f in figs])
            for t, figs in row.chapters
        ],
        created_by=row.created_by,
        created_at=row.created_at,
    )


def get_report(*, session: Session, principal: Principal | None, report_id: int) -> ReportRead:
    return _read(_owned(session, principal, report_id))


def _owned(session: Session, principal: Principal | None, report_id: int) -> Report:
    row = session.get(Report, report_id)
    if row is None or not authz.can_read(principal, row):  # type: ignore[arg-type]
        raise NotFound(f"导航报告 {report_id} 不存在", details={"id": report_id})
    return row


def list_reports(*, session: Session, principal: Principal) -> list[ReportRow]:
    stmt = authz.readable(select(Report), Report, principal)
    rows = session.scalars(stmt.order_by(Report.id.desc()).limit(LIST_LIMIT))
    return [
        ReportRow(
            id=r.id,
            kind_label=reports.KINDS[r.kind].label,
            title=r.title,
            as_of=r.as_of,
            records=int(r.manifest.get("records", 0)),
            created_at=r.created_at,
        )
        for r in rows
    ]


def rerun(*, session: Session, principal: Principal | None, report_id: int) -> RerunRead:
    """Build the report again from its stored scope and day over today's records, and say
    whether the figures are the same and whether the records changed."""
    row = _owned(session, principal, report_id)
    s = row.scope
    scope = Scope(
        ipc=tuple(s["ipc"]),
        provinces=tuple(s["provinces"]),
        applicants=tuple(s["applicants"]),
        years=(s["years"][0], s["years"][1]) if s.get("years") else None,
    )
    again = _build(
        session,
        row.kind,
        row.title,
        scope,
        row.as_of,
        int(s.get("top", 20)),
        features=list(s.get("features") or []),
    )
    then, now = row.manifest, again.manifest
    same = then["chart_data_sha256"] == now["chart_data_sha256"]
    changed = then["snapshot"] != now["snapshot"]
    if same and not changed:
        message = "重跑结果相同：数据快照与全部图表数据一致"
    elif changed:
        message = (
            f"数据已变化：当时 {then['records']} 件（快照 {then['snapshot'][:12]}），"
            f"现在 {now['records']} 件（快照 {now['snapshot'][:12]}）"
            + ("，图表数据仍相同" if same else "，图表数据随之不同")
        )
    else:
        message = "数据快照相同而图表数据不同：计算方法已改变（模板版本见清单）"
    return RerunRead(
        same=same,
        snapshot_changed=changed,
        records_then=int(then["records"]),
        records_now=int(now["records"]),
        message=message,
    )


def aliases(*, session: Session) -> list[AliasRead]:
    rows = session.scalars(select(Alias).order_by(Alias.canonical, Alias.written))
    return [
        AliasRead(
            id=a.id,
            written=a.written,
            normalised=a.normalised,
            canonical=a.canonical,
            note=a.note,
            created_by=a.created_by,
        )
        for a in rows
    ]


def set_alias(*, session: Session, principal: Principal, data: AliasIn) -> AliasRead:
    """Count ``written`` (and every spelling that normalises alike) under ``canonical``."""
    permissions.require(principal, "navigation.alias")
    normalised = patents_service.normalise_applicant(data.written)
    if not normalised:
        raise InvalidInput("名称为空", details={"field": "written"})
    row = session.scalar(select(Alias).where(Alias.normalised == normalised))
    if row is None:
        row = Alias(normalised=normalised, written=data.written.strip(), created_by=principal.actor)
        session.add(row)
    row.canonical, row.note = data.canonical.strip(), data.note
    session.flush()
    return next(a for a in aliases(session=session) if a.id == row.id)


def delete_alias(*, session: Session, principal: Principal, alias_id: int) -> None:
    permissions.require(principal, "navigation.alias")
    row = session.get(Alias, alias_id)
    if row is None:
        raise NotFound(f"别名 {alias_id} 不存在", details={"id": alias_id})
    session.delete(row)
    session.flush()


def alias_map(*, session: Session) -> dict[str, str]:
    """Normalised applicant spelling → the name analyses count it under (the alias table)."""
    return store.alias_map(session)


def owner_org(*, session: Session, principal: Principal) -> int:
    """The organisation a principal's records belong to (the platform's for the operator)."""
    return _owner(session, principal)
