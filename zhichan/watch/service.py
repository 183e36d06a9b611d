"""Service functions of the watch domain. They flush, never commit.

A watch belongs to the organisation that made it; every member reads its alerts, editors
make and remove watches. A scan reads the records stored or changed since the watch's last
scan (all of them the first time, which sets the baseline and raises nothing), compares each
with what the watch last saw of it and raises the alerts of ``rules``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, CursorResult, Select, delete, func, insert, select, update
from sqlalchemy.orm import Session

from zhichan.core import permissions
from zhichan.core.dates import SHANGHAI
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.db import authz
from zhichan.db.base import Visibility, table, utcnow
from zhichan.fulltext import similar
from zhichan.navigation import service as navigation_service
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentFacts
from zhichan.search import service as search_service
from zhichan.search.engine import SearchEngine
from zhichan.watch import rules
from zhichan.watch.models import Alert, Watch, WatchItem
from zhichan.watch.schemas import AlertPage, AlertRead, DigestRead, ScanRead, WatchIn, WatchRead

KINDS = {"applicant": "申请人", "ipc": "IPC 领域", "patents": "专利集合", "query": "检索式"}
#: Watches an organisation may keep (each scan reads the changed records once per watch).
MOST_WATCHES = 50
PAGE = 1000
PAGE_SIZE = 50
OVERLAP = timedelta(minutes=5)
RULE_SIMILAR = (
    "标题、摘要与首项权利要求的词语 TF-IDF 余弦相似度（rjieba 分词，逆文档频率取自库中前"
    " {sample} 件记录）不低于阈值；只比较上次扫描后新入库的记录"
)
_IPC = re.compile(r"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{1,6})?)?)?)?$")


def _owner(session: Session, principal: Principal) -> int:
    return navigation_service.owner_org(session=session, principal=principal)


def _targets(kind: str, raw: Iterable[str]) -> list[str]:
    items = list(dict.fromkeys(t.strip() for t in raw if t.strip()))
    if kind == "ipc":
        items = [t.replace(" ", "").upper() for t in items]
        bad = [t for t in items if not _IPC.match(t)]
        if bad:
            raise InvalidInput(
                f"IPC 分类号格式不对：{'、'.join(bad[:5])}（例：H01M 或 H01M10/052）",
                details={"field": "targets"},
            )
    if kind == "patents":
        items = [t.replace(" ", "").upper() for t in items]
    if kind == "query":
        for q in items:
            search_service.check_query(q)
    if not items:
        raise InvalidInput("请至少填写一个监测对象", details={"field": "targets"})
    return items


def create_watch(*, session: Session, principal: Principal, data: WatchIn) -> WatchRead:
    permissions.require(principal, "watch.manage")
    owner = _owner(session, principal)
    kept = session.scalar(select(func.count()).where(Watch.owner_org_id == owner))
    if (kept or 0) >= MOST_WATCHES:
        raise InvalidInput(f"每个机构最多 {MOST_WATCHES} 个监测，请先删除不用的")
    mine = [m.replace(" ", "").upper() for m in data.mine if m.strip()]
    unknown = sorted(
        set(mine) - {f.number for f in patents_service.facts_of(session=session, numbers=mine)}
    )
    if unknown:
        raise InvalidInput(
            f"本机构专利中这些号码不在专利库里：{'、'.join(unknown[:5])}", details={"field": "mine"}
        )
    row = Watch(
        owner_org_id=owner,
        visibility=Visibility.INTERNAL.value,
        name=data.name.strip(),
        kind=data.kind,
        targets=_targets(data.kind, data.targets),
        mine=list(dict.fromkeys(mine)),
        threshold=data.threshold,
        subclasses={},
        created_by=principal.actor,
    )
    session.add(row)
    session.flush()
    return _read(session, row)


def _read(session: Session, w: Watch) -> WatchRead:
    items = session.scalar(select(func.count()).where(WatchItem.watch_id == w.id)) or 0
    unread = session.scalar(
        select(func.count()).where(Alert.watch_id == w.id, Alert.read_at.is_(None))
    )
    return WatchRead(
        id=w.id,
        name=w.name,
        kind=w.kind,
        kind_label=KINDS[w.kind],
        targets=w.targets,
        mine=w.mine,
        threshold=w.threshold,
        active=w.active,
        items=items,
        unread=unread or 0,
        last_scan_at=w.last_scan_at,
        created_by=w.created_by,
        created_at=w.created_at,
    )


def _mine_filter(principal: Principal) -> list[ColumnElement[bool]]:
    return [] if principal.is_platform_admin else [Watch.owner_org_id == principal.org_id]


def list_watches(*, session: Session, principal: Principal) -> list[WatchRead]:
    permissions.require(principal, "watch.read")
    stmt = authz.readable(select(Watch), Watch, principal).where(*_mine_filter(principal))
    return [_read(session, w) for w in session.scalars(stmt.order_by(Watch.id))]


def delete_watch(*, session: Session, principal: Principal, watch_id: int) -> None:
    permissions.require(principal, "watch.manage")
    w = authz.get_writable(session, Watch, watch_id, principal)
    session.execute(delete(Alert).where(Alert.watch_id == w.id))
    session.execute(delete(WatchItem).where(WatchItem.watch_id == w.id))
    session.delete(w)
    session.flush()


# -- scanning --------------------------------------------------------------------------


class _Names:
    """Applicant names compared as the analyses count them: normalised, through the alias
    table (甲有限公司 = 甲有限责任公司; a renamed university = its new name)."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    def key(self, name: str) -> str:
        norm = patents_service.normalise_applicant(name)
        return patents_service.normalise_applicant(self.aliases.get(norm, name))


def _matched(
    w: Watch, p: PatentFacts, names: _Names, hits: dict[str, set[int]] | None = None
) -> list[str]:
    """The targets of the watch this record falls under (empty: out of scope); ``hits``: the
    records each search query matches, for a query watch."""
    if w.kind == "query":
        return [t for t in w.targets if p.id in (hits or {}).get(t, set())]
    if w.kind == "applicant":
        keys = {names.key(h.name) for h in p.holders}
        return [t for t in w.targets if names.key(t) in keys]
    if w.kind == "ipc":
        codes = [c.replace(" ", "").upper() for c in p.ipc]
        return [t for t in w.targets if any(c.startswith(t) for c in codes)]
    ids = {p.number.upper(), (p.application_number or "").replace(" ", "").upper()}
    return [t for t in w.targets if t in ids]


def scan(
    *,
    session: Session,
    principal: Principal,
    watch_id: int | None = None,
    progress: Callable[[int], None] | None = None,
    engine: SearchEngine | None = None,
) -> list[ScanRead]:
    """Scan the principal's organisation's watches (every watch for the shell operator or a
    job), or the one named. A search-query watch needs the index (``engine``) and waits,
    untouched, while the index has not taken in every stored record."""
    permissions.require(principal, "watch.manage")
    stmt = select(Watch).where(Watch.active.is_(True))
    if not principal.is_operator:
        stmt = stmt.where(Watch.owner_org_id == _owner(session, principal))
    if watch_id is not None:
        stmt = stmt.where(Watch.id == authz.get_readable(session, Watch, watch_id, principal).id)
    names = _Names(navigation_service.alias_map(session=session))
    idf = _Idf(session)
    done = []
    lag = search_service.index_lag(engine=engine, session=session) if engine else None
    for w in session.scalars(stmt.order_by(Watch.id)).all():
        waiting = _index_not_ready(lag) if w.kind == "query" else None
        if waiting:
            done.append(
                ScanRead(
                    watch_id=w.id,
                    watch_name=w.name,
                    baseline=w.last_scan_at is None,
                    read=0,
                    in_scope=0,
                    alerts=0,
                    waiting=waiting,
                )
            )
            continue
        done.append(_scan_one(session, w, names, idf, engine))
        if progress:
            progress(len(done))
    return done


def _index_not_ready(lag: int | None) -> str | None:
    if lag is None:
        return "没有检索索引，检索式监测无法扫描（运行 zhichan index rebuild）"
    if lag:
        return f"检索索引还有 {lag} 件记录未收录，等索引更新后再扫描"
    return None


def _scan_one(
    session: Session, w: Watch, names: _Names, idf: _Idf, engine: SearchEngine | None = None
) -> ScanRead:
    started = utcnow()
    baseline = w.last_scan_at is None
    since = None if baseline else w.last_scan_at
    before_max = w.last_max_id or 0
    profile = {k: set(v) for k, v in (w.subclasses or {}).items()}
    mine = _mine_vectors(session, w, idf.get()) if w.mine and not baseline else None
    raised: list[rules.Raised] = []
    read = in_scope = 0
    top_id = before_max
    after = 0
    while page := patents_service.facts_page(
        session=session, after_id=after, limit=PAGE, changed_since=since
    ):
        after = page[-1].id
        read += len(page)
        top_id = max(top_id, after)
        seen = _items(session, w.id, [p.number for p in page])
        hits = _query_hits(w, page, engine)
        for p in page:
            new_to_store = not baseline and p.id > before_max
            hit = _matched(w, p, names, hits)
            if hit:
                in_scope += 1
                now = rules.state(p)
                old = seen.get(p.number)
                if not baseline and (old is None or old != now):
                    raised += rules.changes(old, p, new_to_store=new_to_store)
                    if w.kind == "applicant":
                        titles = patents_service.ipc_titles(
                            session=session, codes=now["subclasses"]
                        )
                        for t in hit:
                            raised += rules.new_subclasses(t, profile.get(t, ()), p, titles)
                for t in hit if w.kind == "applicant" else ():
                    profile.setdefault(t, set()).update(now["subclasses"])
                _keep(session, w.id, p.number, now, exists=old is not None)
            if mine and new_to_store and p.number not in w.mine:
                raised += _similar(w, p, mine)
    scan_no = (session.scalar(select(func.max(Alert.scan)).where(Alert.watch_id == w.id)) or 0) + 1
    for r in raised:
        session.add(
            Alert(
                watch_id=w.id,
                owner_org_id=w.owner_org_id,
                kind=r.kind,
                number=r.number,
                title=r.title,
                happened_on=r.happened_on,
                summary=r.summary,
                evidence=[list(e) for e in r.evidence],
                scan=scan_no,
            )
        )
    w.last_max_id = top_id
    # Read again next time whatever changed shortly before this scan: an import still
    # committing when it began is then not missed (a record read twice raises nothing twice).
    w.last_scan_at = started - OVERLAP
    w.subclasses = {k: sorted(v) for k, v in sorted(profile.items())}
    session.flush()
    return ScanRead(
        watch_id=w.id,
        watch_name=w.name,
        baseline=baseline,
        read=read,
        in_scope=in_scope,
        alerts=len(raised),
    )


def _query_hits(
    w: Watch, page: list[PatentFacts], engine: SearchEngine | None
) -> dict[str, set[int]] | None:
    if w.kind != "query" or engine is None:
        return None
    ids = [p.id for p in page]
    return {q: search_service.matching(engine=engine, q=q, patent_ids=ids) for q in w.targets}


def _items(session: Session, watch_id: int, numbers: list[str]) -> dict[str, dict[str, object]]:
    rows = session.execute(
        select(WatchItem.number, WatchItem.state).where(
            WatchItem.watch_id == watch_id, WatchItem.number.in_(numbers)
        )
    )
    return {n: s for n, s in rows}


def _keep(
    session: Session, watch_id: int, number: str, state: dict[str, object], exists: bool
) -> None:
    t = table(WatchItem)
    if exists:
        session.execute(
            update(t).where(t.c.watch_id == watch_id, t.c.number == number).values(state=state)
        )
    else:
        session.execute(insert(t).values(watch_id=watch_id, number=number, state=state))


class _Idf:
    """The word weights from the store's first records, read once per scan and only if a
    watch compares texts."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.found: similar.Idf | None = None

    def get(self) -> similar.Idf:
        if self.found is None:
            sample = patents_service.facts_page(session=self.session, limit=similar.SAMPLE)
            self.found = similar.Idf.of(p.text or p.title for p in sample)
        return self.found


def _mine_vectors(
    session: Session, w: Watch, idf: similar.Idf
) -> tuple[similar.Idf, list[tuple[str, similar.Vector]]]:
    own = patents_service.facts_of(session=session, numbers=w.mine)
    return idf, [(p.number, similar.vector(_text(p), idf)) for p in own]


def _text(p: PatentFacts) -> str:
    return "\n".join(t for t in (p.title, p.text) if t)


def _similar(
    w: Watch, p: PatentFacts, mine: tuple[similar.Idf, list[tuple[str, similar.Vector]]]
) -> list[rules.Raised]:
    idf, own = mine
    number, score, shared = similar.best(similar.vector(_text(p), idf), own)
    if score < w.threshold:
        return []
    evidence = [
        ("新记录", f"{p.number} {p.title or ''}".strip()),
        ("申请人", "、".join(h.name for h in p.holders[:3]) or "（记录未载）"),
        ("最相似的本机构专利", number),
        ("相似度", f"{score:.2f}（阈值 {w.threshold:.2f}）"),
        ("共有词语", "、".join(shared) or "（无）"),
        ("规则", RULE_SIMILAR.format(sample=similar.SAMPLE)),
        ("依据", rules.SOURCE),
    ]
    return [
        rules.Raised(
            "similar",
            p.number,
            p.title,
            p.publication_date,
            f"新记录 {p.number} 与本机构专利 {number} 相似（{score:.2f}）",
            evidence,
        )
    ]


# -- inbox and digest ------------------------------------------------------------------


def _alert(a: Alert, watch_name: str) -> AlertRead:
    return AlertRead(
        id=a.id,
        watch_id=a.watch_id,
        watch_name=watch_name,
        kind=a.kind,
        kind_label=rules.KINDS.get(a.kind, a.kind),
        number=a.number,
        title=a.title,
        happened_on=a.happened_on,
        summary=a.summary,
        evidence=[(str(k), str(v)) for k, v in a.evidence],
        detected_at=a.detected_at,
        read=a.read_at is not None,
    )


def _alerts_of(session: Session, principal: Principal) -> Select[Alert, str]:
    permissions.require(principal, "watch.read")
    return (
        select(Alert, Watch.name)
        .join(Watch, Watch.id == Alert.watch_id)
        .where(Alert.owner_org_id == _owner(session, principal))
    )


def alerts(
    *,
    session: Session,
    principal: Principal,
    page: int = 1,
    size: int = PAGE_SIZE,
    unread_only: bool = False,
    watch_id: int | None = None,
    kind: str | None = None,
) -> AlertPage:
    """The organisation's alerts, newest first."""
    base = _alerts_of(session, principal)
    if unread_only:
        base = base.where(Alert.read_at.is_(None))
    if watch_id is not None:
        base = base.where(Alert.watch_id == watch_id)
    if kind:
        base = base.where(Alert.kind == kind)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(
        base.order_by(Alert.detected_at.desc(), Alert.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    return AlertPage(
        total=total,
        unread=unread_count(session=session, principal=principal),
        page=page,
        size=size,
        items=[_alert(a, name) for a, name in rows],
    )


def unread_count(*, session: Session, principal: Principal) -> int:
    owner = _owner(session, principal)
    return (
        session.scalar(
            select(func.count()).where(Alert.owner_org_id == owner, Alert.read_at.is_(None))
        )
        or 0
    )


def mark_read(*, session: Session, principal: Principal, ids: list[int], every: bool) -> int:
    """Mark the organisation's alerts read (those named, or all); returns how many changed."""
    permissions.require(principal, "watch.read")
    stmt = update(Alert).where(
        Alert.owner_org_id == _owner(session, principal), Alert.read_at.is_(None)
    )
    if not every:
        if not ids:
            return 0
        stmt = stmt.where(Alert.id.in_(ids))
    changed = session.execute(stmt.values(read_at=utcnow()))
    session.flush()
    return int(changed.rowcount) if isinstance(changed, CursorResult) else 0


def digest(*, session: Session, principal: Principal, end: date, days: int = 7) -> DigestRead:
    """The alerts detected in the ``days`` days up to ``end`` (Asia/Shanghai days), by kind
    and by watch, for the weekly digest."""
    start = end - timedelta(days=days - 1)
    lo, hi = _utc_bounds(start, end)
    rows = session.execute(
        _alerts_of(session, principal)
        .where(Alert.detected_at >= lo, Alert.detected_at < hi)
        .order_by(Watch.name, Alert.kind, Alert.id)
        .limit(2000)
    ).all()
    items = [_alert(a, name) for a, name in rows]
    counts: dict[str, int] = {}
    by_watch: dict[str, int] = {}
    for i in items:
        counts[i.kind_label] = counts.get(i.kind_label, 0) + 1
        by_watch[i.watch_name] = by_watch.get(i.watch_name, 0) + 1
    return DigestRead(
        start=start, end=end, counts=counts, by_watch=sorted(by_watch.items()), items=items
    )


def _utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    def at(d: date) -> datetime:
        return datetime.combine(d, time(), SHANGHAI).astimezone(UTC)

    return at(start), at(end + timedelta(days=1))
