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
from zhichan.navigation import reports, store
from zhichan.navigation.facts import Scope
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


def make_report(
    *,
    session: Session,
    principal: Principal,
    data: ReportIn,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> ReportRead:
    permissions.require(principal, "navigation.report")
    if data.kind not in reports.KINDS:
        known = "、".join(f"{k}（{v.label}）" for k, v in reports.KINDS.items())
        raise InvalidInput(
            f"未知的报告类型：{data.kind}（可选：{known}）", details={"field": "kind"}
        )
    scope = scope_of(data)
    built = _build(session, data.kind, data.title.strip(), scope, today, data.top, progress)
    row = Report(
        owner_org_id=_owner(session, principal),
        # Every member of the organisation reads its reports (a draft only its editors).
        visibility=Visibility.INTERNAL.value,
        kind=data.kind,
        title=built.title,
        as_of=today,
        scope={**scope.describe(), "top": data.top},
        manifest=built.manifest,
        chapters=[[t, [asdict(f) for f in figs]] for t, figs in built.chapters],
        created_by=principal.actor,
    )
    session.add(row)
    session.flush()
    return _read(row)


def _build(
    session: Session,
    kind: str,
    title: str,
    scope: Scope,
    as_of: date,
    top: int,
    progress: Callable[[int], None] | None = None,
) -> reports.Report:
    """The report over today's records: what a new report and a re-run both compute."""
    facts, keywords = store.load(session, progress)
    codes = sorted({c[:n] for f in facts if scope.admits(f) for c in f.ipc for n in (1, 3, 4)})
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
    )


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
    again = _build(session, row.kind, row.title, scope, row.as_of, int(s.get("top", 20)))
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
