"""Batch push (匹配推送): each enterprise's top-k new pool patents and each pool patent's top-k
enterprises, deduplicated against everything pushed before, delivered as in-app messages and
an exportable list. Scores come from one matrix of all enterprises × the pool, in blocks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import tables
from zhichan.core.errors import PermissionDenied
from zhichan.core.paging import Page
from zhichan.core.principal import Principal
from zhichan.db import lists
from zhichan.db.base import utcnow
from zhichan.jobs.batch import Batch, Progress, stage
from zhichan.search.service import SearchEngine
from zhichan.transfer import blocks, recommendations, scoring, service
from zhichan.transfer.models import Message, Push


@dataclass(frozen=True, slots=True)
class Planned:
    enterprise_org_id: int
    enterprise: str
    item_id: int
    number: str
    title: str | None
    institution: str
    direction: str
    score: float
    signals: dict[str, float]


@dataclass(frozen=True, slots=True)
class PushReport:
    batch: str
    dry_run: bool
    enterprises: int
    pool: int
    pairs: list[Planned]


def _pushed(session: Session) -> set[tuple[int, int]]:
    return {(e, i) for e, i in session.execute(select(Push.enterprise_org_id, Push.item_id))}


def plan(
    *,
    session: Session,
    k: int = 5,
    engine: SearchEngine | None = None,
    batch: Batch | None = None,
    progress: Progress | None = None,
) -> tuple[list[Planned], int, int]:
    """The new (enterprise, patent) pairs: top ``k`` both ways, nothing pushed before. The
    enterprises' vectors and scores are computed in partitions by ``batch`` (the local
    scheduler when None); ``progress(stage, done, total)`` follows the partitions."""
    batch = batch or Batch()
    p = recommendations.pool(session=session, engine=engine)
    orgs = recommendations.enterprises(session)
    if not p.items or not orgs:
        return [], len(orgs), len(p.items)
    seekers = [recommendations.seeker_for(session, o) for o in orgs]
    done: dict[int, set[int]] = defaultdict(set)
    for org, item in _pushed(session):
        if item in p.row_of:
            done[org].add(p.row_of[item])
    exclude = [done.get(o, set()) for o in orgs]
    qv = recommendations.query_vectors(
        p, [s.text for s in seekers], batch, stage(progress, "生成企业需求的语义向量")
    )
    per_seeker, rows, vals = blocks.both_ways(
        batch,
        p.corpus,
        seekers,
        recommendations.WEIGHTS,
        k,
        query_vectors=qv,
        exclude=exclude,
        on_done=stage(progress, "匹配企业与专利"),
        progress=progress,
    )
    chosen: dict[tuple[int, int], str] = {}
    for r, cols in enumerate(per_seeker):
        for j in cols:
            chosen[(r, j)] = "企业→专利"
    for j in range(len(p.items)):
        for r, v in zip(rows[:, j], vals[:, j], strict=True):
            if v > 0 and r >= 0:
                key = (int(r), j)
                chosen[key] = "双向" if key in chosen else "专利→企业"
    return _planned(session, p, orgs, seekers, qv, chosen), len(orgs), len(p.items)


def _planned(
    session: Session,
    p: recommendations.Pool,
    orgs: list[int],
    seekers: list[scoring.Seeker],
    qv: np.ndarray | None,
    chosen: dict[tuple[int, int], str],
) -> list[Planned]:
    """Each chosen pair with its signal values (one components row per enterprise)."""
    used = frozenset(n for n in scoring.SIGNALS if recommendations.WEIGHTS.of(n))
    by_seeker: dict[int, list[int]] = defaultdict(list)
    for r, j in chosen:
        by_seeker[r].append(j)
    out = []
    for r, cols in sorted(by_seeker.items()):
        name = accounts_service.get_org(session=session, org_id=orgs[r]).name
        parts = p.corpus.components([seekers[r]], None if qv is None else qv[r : r + 1], used)
        for j in sorted(cols):
            sig = {n: round(float(v[0, j]), 4) for n, v in parts.items()}
            score = round(sum(recommendations.WEIGHTS.of(n) * x for n, x in sig.items()), 4)
            it = p.items[j]
            out.append(
                Planned(orgs[r], name, it.item_id, it.number, it.title, it.institution,
                        chosen[(r, j)], score, sig)
            )  # fmt: skip
    return out


def run(
    *,
    session: Session,
    principal: Principal,
    k: int = 5,
    dry_run: bool = False,
    engine: SearchEngine | None = None,
    today: date,
    batch: Batch | None = None,
    progress: Progress | None = None,
) -> PushReport:
    """Plan the batch and, unless ``dry_run``, record it and send the messages."""
    if not service.is_office(principal) or not principal.can_edit:
        raise PermissionDenied("只有知识产权局可以执行批量推送")
    pairs, n_orgs, n_pool = plan(
        session=session, k=k, engine=engine, batch=batch, progress=progress
    )
    done = session.scalar(select(func.count(func.distinct(Push.batch)))) or 0
    number = f"{today:%Y%m%d}-{done + 1:03d}"
    if dry_run or not pairs:
        return PushReport(number, dry_run, n_orgs, n_pool, pairs)
    now = utcnow()
    session.add_all(
        Push(enterprise_org_id=x.enterprise_org_id, item_id=x.item_id, batch=number,
             direction=x.direction, score=x.score, signals=x.signals, pushed_at=now)
        for x in pairs
    )  # fmt: skip
    _messages(session, number, pairs, now)
    session.flush()
    return PushReport(number, False, n_orgs, n_pool, pairs)


def _messages(session: Session, batch: str, pairs: list[Planned], now: datetime) -> None:
    per_org: dict[int, list[Planned]] = defaultdict(list)
    for x in pairs:
        per_org[x.enterprise_org_id].append(x)
    for org, got in per_org.items():
        titles = "；".join(f"{x.number} {x.title or ''}" for x in got[:5])
        session.add(
            Message(org_id=org, subject=f"为您推荐 {len(got)} 件可转化专利（推送批次 {batch}）",
                    body=titles, link="/transfer/recommendations", created_at=now)
        )  # fmt: skip


HEADER = ["批次", "企业", "专利号", "名称", "权利人机构", "方向", "得分", "文本", "语义", "产业",
          "自有专利", "地区", "分层"]  # fmt: skip


def rows(report: PushReport) -> list[list[object]]:
    return [
        [report.batch, x.enterprise, x.number, x.title or "", x.institution, x.direction, x.score,
         *(x.signals.get(n, "") for n in scoring.SIGNALS)]
        for x in report.pairs
    ]  # fmt: skip


def to_csv(report: PushReport) -> str:
    return tables.csv_text(HEADER, rows(report))


def to_xlsx(report: PushReport) -> bytes:
    return tables.xlsx_bytes([("推送清单", HEADER, rows(report))])


@dataclass(frozen=True, slots=True)
class MessageItem:
    id: int
    subject: str
    body: str
    link: str | None
    created_at: datetime
    read: bool


def inbox(
    *,
    session: Session,
    principal: Principal,
    unread: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Page[MessageItem]:
    """The organisation's in-app messages, newest first (reading changes nothing: a GET is
    safe; ``mark_read`` records that they were read)."""
    stmt = select(Message).where(Message.org_id == principal.org_id)
    if unread:
        stmt = stmt.where(Message.read_at.is_(None))
    total, rows = lists.page(session, stmt, Message.id.desc(), limit=limit, offset=offset)
    return Page[MessageItem](
        total=total,
        items=[
            MessageItem(m.id, m.subject, m.body, m.link, m.created_at, m.read_at is not None)
            for m in rows
        ],
    )


def unread_count(*, session: Session, principal: Principal) -> int:
    return (
        session.scalar(
            select(func.count(Message.id)).where(
                Message.org_id == principal.org_id, Message.read_at.is_(None)
            )
        )
        or 0
    )


def mark_read(*, session: Session, principal: Principal, ids: list[int] | None = None) -> int:
    """Mark the organisation's unread messages (those of ``ids``, or all) read; returns how many."""
    stmt = (
        update(Message)
        .where(Message.org_id == principal.org_id, Message.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if ids is not None:
        stmt = stmt.where(Message.id.in_(ids))
    return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]
