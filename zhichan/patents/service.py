"""Service functions of the patents domain. They flush, never commit.

``import_file`` is the exception that proves the rule: an import is its own unit of work
(one atomic batch, see :mod:`zhichan.patents.loader`), so it takes the session factory.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core import events, permissions
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.principal import Principal
from zhichan.db import authz
from zhichan.db.base import utcnow
from zhichan.patents import applicants, filters, legal, loader, numbers, reference, sei
from zhichan.patents import claims as claims_mod
from zhichan.patents.models import ImportBatch, ImportIssue, Patent, PatentCitation, SeiRule
from zhichan.patents.record import PatentRecord, hash_of
from zhichan.patents.schemas import (
    BatchRead,
    ClaimFacts,
    ClaimNode,
    ClassTitle,
    EventFacts,
    HolderFacts,
    IssueRead,
    PatentDetail,
    PatentFacts,
    PatentPage,
    PatentProfile,
    PatentRights,
    PatentSummary,
    SeiHit,
)

LEVELS = ("section", "class", "subclass", "main_group")
#: Published (scope: the session factory) after an import batch that changed patents.
CHANGED = "patents.changed"


def find(*, session: Session, number: str) -> Patent:
    """A patent by its number as stored or normalised (a number without kind code matches
    any kind), or by its application number."""
    raw = number.strip()
    found = session.scalar(select(Patent).where(Patent.number == raw))
    if found is None:
        found = _by_publication(session, raw) or _by_application(session, raw)
    if found is None:
        raise NotFound(f"专利 {number} 不存在", details={"number": number})
    return found


def _by_publication(session: Session, raw: str) -> Patent | None:
    try:
        pub = numbers.parse_publication_number(raw)
    except ValueError:
        return None
    if pub.kind:
        return session.scalar(select(Patent).where(Patent.number == pub.text))
    stmt = select(Patent).where(Patent.number.startswith(pub.text)).order_by(Patent.id).limit(20)
    rest = len(pub.text)
    return next((p for p in session.scalars(stmt) if p.number[rest : rest + 1].isalpha()), None)


def _by_application(session: Session, raw: str) -> Patent | None:
    try:
        app = numbers.parse_application_number(raw)
    except ValueError:
        return None
    stmt = select(Patent).where(Patent.application_number == app.text).order_by(Patent.id).limit(1)
    return session.scalar(stmt)


def _ipc_titles(session: Session, rec: PatentRecord) -> list[ClassTitle]:
    titles = reference.titles_for(session, [c.code for c in rec.ipc])
    out = []
    for c in rec.ipc:
        keys = [c.code[:1], c.code[:3], c.code[:4]] + (
            [c.code.split("/")[0] + "/00"] if "/" in c.code else []
        )
        out.append(
            ClassTitle(
                code=c.code,
                main=c.code == rec.ipc_main,
                version=c.version,
                titles=[(k, titles[k]) for k in keys if k in titles],
            )
        )
    return out


def _sei_rules(session: Session) -> sei.Concordance:
    return sei.Concordance(
        sei.Rule(r.sei_code, r.sei_name, r.rule_no, r.ipc_patterns, r.exclude_patterns, r.keywords)
        for r in session.scalars(select(SeiRule).order_by(SeiRule.sei_code, SeiRule.rule_no))
    )


def _sei(session: Session, rec: PatentRecord, rules: sei.Concordance | None = None) -> list[SeiHit]:
    rules = _sei_rules(session) if rules is None else rules
    text = " ".join(filter(None, [rec.title_zh, rec.abstract_zh, rec.title_en, rec.abstract_en]))
    return [SeiHit(**asdict(h)) for h in rules.classify([c.code for c in rec.ipc], text)]


def sei_of(*, session: Session, numbers: Collection[str]) -> dict[str, list[SeiHit]]:
    """The strategic-emerging-industry categories of each patent (from its IPC symbols via
    the 2021 concordance), the rules loaded once; patents without IPC get none."""
    rules = _sei_rules(session)
    rows = session.execute(
        select(Patent.number, Patent.data).where(Patent.number.in_(list(numbers)))
    )
    return {n: _sei(session, PatentRecord.from_dict(d), rules) for n, d in rows}


def detail(*, session: Session, number: str) -> PatentDetail:
    row = find(session=session, number=number)
    rec = PatentRecord.from_dict(row.data)
    forward = session.scalars(
        select(Patent.number)
        .join(PatentCitation, PatentCitation.patent_id == Patent.id)
        .where(PatentCitation.cited == row.number)
        .order_by(Patent.number)
    ).all()
    family = None
    if row.family_id:
        family = session.scalar(
            select(func.count(Patent.id)).where(Patent.family_id == row.family_id)
        )
    tree = claims_mod.tree([claims_mod.Claim(c.num, c.text, c.depends_on) for c in rec.claims])
    cited = [c.number for c in rec.citations if c.number]
    stored = session.scalars(select(Patent.number).where(Patent.number.in_(cited))).all()
    return PatentDetail(
        record=rec.to_dict(),
        legal_status_category=legal.status_category(rec.legal_status),
        open_licence_active=legal.open_licence_active([e.code for e in rec.legal_events]),
        claims_tree=[
            ClaimNode(num=c.num, text=c.text, depends_on=c.depends_on, depth=d) for c, d in tree
        ],
        ipc=_ipc_titles(session, rec),
        sei=_sei(session, rec),
        forward_citations=list(forward),
        cited_in_store=sorted(stored),
        family_size=family,
        batch_id=row.batch_id,
        updated_at=row.updated_at,
    )


def list_patents(
    *, session: Session, query: str | None = None, limit: int = 50, offset: int = 0
) -> PatentPage:
    stmt = filters.apply(filters.base(), query)
    total = session.scalar(stmt.with_only_columns(func.count(Patent.id)).order_by(None)) or 0
    # The summary's columns only: a whole record carries its full text.
    columns = [getattr(Patent, name) for name in PatentSummary.model_fields]
    rows = session.execute(
        stmt.with_only_columns(*columns).order_by(Patent.id.desc()).limit(limit).offset(offset)
    )
    return PatentPage(total=total, items=[PatentSummary.model_validate(r) for r in rows])


def check_query(query: str | None) -> None:
    """Raise ``InvalidInput`` for a malformed filter before anything is streamed."""
    filters.apply(filters.base(), query)


def export_records(*, session: Session, query: str | None = None) -> Iterator[PatentRecord]:
    from zhichan.patents.export import records

    return records(session, filters.apply(filters.base(), query))


def _require_importer(principal: Principal | None) -> Principal:
    return permissions.require(principal, "patents.import")


def import_file(
    *,
    factory: sessionmaker[Session],
    path: Path,
    principal: Principal | None,
    fmt: str = "auto",
    strict: bool = False,
    source_name: str | None = None,
    mapping_file: Path | None = None,
    on_progress: Callable[[loader.Progress], None] | None = None,
    workers: int = 1,
    job_id: int | None = None,
) -> loader.Outcome:
    """Import one file as one atomic batch owned by the importer's organisation; listeners of
    ``CHANGED`` (the search index) hear of it with the importing job, if any."""
    who = _require_importer(principal)
    mapping, header_row, sheet = (None, None, None)
    if mapping_file is not None:
        from zhichan.patents.importers.headers import load_mapping

        mapping, header_row, sheet = load_mapping(mapping_file)
    owner = who.org_id if not who.is_operator else _platform_org(factory)
    outcome = loader.run(
        factory=factory,
        path=path,
        principal=who,
        owner_org_id=owner,
        fmt=fmt,
        strict=strict,
        source_name=source_name,
        mapping=mapping,
        header_row=header_row,
        sheet=sheet,
        on_progress=on_progress,
        workers=workers,
    )
    if outcome.progress.inserted or outcome.progress.updated:
        events.publish(
            factory,
            CHANGED,
            factory=factory,
            batch_id=outcome.batch_id,
            job_id=job_id,
            owner_org_id=None if who.is_operator else who.org_id,
        )
    return outcome


def _platform_org(factory: sessionmaker[Session]) -> int:
    from zhichan.accounts import service as accounts_service

    with factory() as session:
        org_id = accounts_service.platform_org_id(session=session)
    if org_id is None:
        raise InvalidInput("还没有平台机构；请先运行 zhichan db upgrade")
    return org_id


def list_batches(
    *, session: Session, principal: Principal | None, limit: int = 50
) -> list[BatchRead]:
    stmt = (
        authz.readable(select(ImportBatch), ImportBatch, principal)
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )
    return [BatchRead.model_validate(b) for b in session.scalars(stmt)]


def batch_count(*, session: Session, principal: Principal | None) -> int:
    stmt = authz.readable(select(func.count(ImportBatch.id)), ImportBatch, principal)
    return session.scalar(stmt) or 0


def batch_readable(*, session: Session, principal: Principal | None, batch_id: int) -> bool:
    """Whether ``principal`` may open the batch page (a link is shown only then)."""
    try:
        authz.get_readable(session, ImportBatch, batch_id, principal)
    except NotFound:
        return False
    return True


def batch_issues(
    *, session: Session, principal: Principal | None, batch_id: int
) -> tuple[BatchRead, list[IssueRead]]:
    batch = authz.get_readable(session, ImportBatch, batch_id, principal)
    issues = session.scalars(
        select(ImportIssue).where(ImportIssue.batch_id == batch_id).order_by(ImportIssue.id)
    )
    return BatchRead.model_validate(batch), [IssueRead.model_validate(i) for i in issues]


def load_reference(*, session: Session, data_dir: Path) -> tuple[int, int]:
    """Load the IPC Chinese titles and SEI concordance from ``shared/data``."""
    return reference.load_ipc_titles(session, data_dir), reference.load_sei_rules(session, data_dir)


def reference_counts(*, session: Session) -> tuple[int, int]:
    return reference.counts(session)


def patent_count(*, session: Session) -> int:
    return session.scalar(select(func.count(Patent.id))) or 0


def changed_after(*, session: Session, since: datetime | None) -> int:
    """How many patents were stored or updated after ``since`` (all when None)."""
    stmt = select(func.count(Patent.id))
    if since is not None:
        stmt = stmt.where(Patent.updated_at > since)
    return session.scalar(stmt) or 0


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the search index needs of one stored patent."""

    id: int
    updated_at: datetime
    data: dict[str, Any]
    legal_category: str


def index_rows(
    *, session: Session, since: datetime | None = None, after_id: int = 0, limit: int = 1000
) -> list[IndexRow]:
    """Patents in id order after ``after_id``, changed at or after ``since`` when given."""
    stmt = select(Patent.id, Patent.updated_at, Patent.data).where(Patent.id > after_id)
    if since is not None:
        stmt = stmt.where(Patent.updated_at >= since)
    rows = session.execute(stmt.order_by(Patent.id).limit(limit)).all()
    return [
        IndexRow(r.id, r.updated_at, r.data, legal.status_category(r.data.get("legal_status")))
        for r in rows
    ]


def records_by_ids(*, session: Session, ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """Canonical records (as dicts) of the given patent ids; missing ids are left out."""
    if not ids:
        return {}
    rows = session.execute(select(Patent.id, Patent.data).where(Patent.id.in_(list(ids))))
    return {r.id: r.data for r in rows}


def rights(*, session: Session, number: str) -> PatentRights:
    row = find(session=session, number=number)
    return _rights(row.id, row.number, row.data)


def rights_of(*, session: Session, ids: Collection[int]) -> dict[int, PatentRights]:
    """The rights of the records with these ids, read in one query (unknown ids left out)."""
    rows = session.execute(
        select(Patent.id, Patent.number, Patent.data).where(Patent.id.in_(list(ids)))
    )
    return {pid: _rights(pid, number, data) for pid, number, data in rows}


def _rights(pid: int, number: str, data: dict[str, Any]) -> PatentRights:
    rec = PatentRecord.from_dict(data)
    holders, source = (rec.owners, "owners") if rec.owners else (rec.applicants, "applicants")
    codes = [e.code for e in rec.legal_events]
    ipc = rec.ipc_main or next((c.code for c in [*rec.ipc, *rec.cpc]), None)
    return PatentRights(
        id=pid,
        number=number,
        title=rec.title,
        patent_type=rec.patent_type,
        kind=rec.kind,
        application_date=rec.application_date,
        grant_date=rec.grant_date or _event_date(rec, "grant"),
        legal_status=rec.legal_status,
        status_category=legal.status_category(rec.legal_status),
        holders=[p.name for p in holders],
        holders_source=source if holders else None,
        ipc_main=ipc,
        province=next((p.province for p in holders if p.province), None),
        pledged=legal.pledged(codes),
        licence_records=codes.count("licence_record"),
        open_licence_active=legal.open_licence_active(codes),
        source=rec.source,
    )


def facts_page(
    *,
    session: Session,
    after_id: int = 0,
    limit: int = 1000,
    changed_since: datetime | None = None,
    ids: Collection[int] | None = None,
) -> list[PatentFacts]:
    """The next ``limit`` records after ``after_id`` (by id) — only those stored or updated
    after ``changed_since``, or among ``ids``, when given — as facts for a batch computation,
    their SEI categories matched with the concordance loaded once."""
    rules = _sei_rules(session)
    stmt = select(Patent.id, Patent.number, Patent.data, Patent.content_hash)
    stmt = stmt.where(Patent.id > after_id)
    if ids is not None:
        stmt = stmt.where(Patent.id.in_(list(ids)))
    if changed_since is not None:
        stmt = stmt.where(Patent.updated_at > changed_since)
    rows = session.execute(stmt.order_by(Patent.id).limit(limit))
    return [_facts(session, pid, number, PatentRecord.from_dict(data), rules, digest)
            for pid, number, data, digest in rows]  # fmt: skip


def facts_of(*, session: Session, numbers: Collection[str]) -> list[PatentFacts]:
    """Facts of the named records (stored or normalised numbers; unknown ones left out)."""
    rules = _sei_rules(session)
    found: list[PatentFacts] = []
    for number in numbers:
        try:
            row = find(session=session, number=number)
        except NotFound:
            continue
        rec = PatentRecord.from_dict(row.data)
        found.append(_facts(session, row.id, row.number, rec, rules, row.content_hash))
    return found


def normalise_applicant(name: str) -> str:
    """An applicant's name as statistics compare it (legal-form variants folded)."""
    return applicants.normalise_name(name)


def _holder(h: Any) -> HolderFacts:
    norm = applicants.normalise_name(h.name)
    return HolderFacts(
        name=h.name,
        country=h.country,
        province=h.province,
        kind=applicants.classify(h.name, normalised=norm),
        normalised=norm,
    )


def _facts(
    session: Session,
    pid: int,
    number: str,
    rec: PatentRecord,
    rules: sei.Concordance,
    digest: str | None = None,
) -> PatentFacts:
    holders = rec.owners or rec.applicants
    codes = [e.code for e in rec.legal_events]
    category = legal.status_category(rec.legal_status)
    if category == "unknown" and "termination" in codes:
        category = "invalid"
    return PatentFacts(
        id=pid,
        number=number,
        application_number=rec.application_number,
        patent_type=rec.patent_type,
        legal_status=rec.legal_status,
        status_category=category,
        application_date=rec.application_date,
        grant_date=rec.grant_date or _event_date(rec, "grant"),
        ipc=[c.code for c in rec.ipc],
        holders=[_holder(h) for h in holders],
        family_members=list(rec.family_members),
        pledge_events=codes.count("pledge"),
        lapsed_on=_event_date(rec, "termination"),
        sei=_sei(session, rec, rules),
        publication_date=rec.publication_date,
        inventors=list(rec.inventors),
        title=rec.title_zh or rec.title_en,
        text=_analysed_text(rec),
        keywords=list(rec.keywords),
        content_hash=digest,
        events=[EventFacts(date=e.date, code=e.code, text=e.text) for e in rec.legal_events],
    )


def _analysed_text(rec: PatentRecord) -> str | None:
    first = next((c.text for c in rec.claims if c.num == 1), None)
    parts = [t for t in (rec.abstract_zh or rec.abstract_en, first) if t]
    return "\n".join(parts) or None


def profiles(
    *, session: Session, after_id: int = 0, limit: int = 1000, ids: Collection[int] | None = None
) -> list[PatentProfile]:
    """The next ``limit`` records after ``after_id`` in id order (or exactly ``ids``) as what
    a valuation reads, with the number of stored records citing each."""
    rules = _sei_rules(session)
    stmt = select(Patent.id, Patent.number, Patent.content_hash, Patent.data)
    if ids is not None:
        stmt = stmt.where(Patent.id.in_(list(ids)))
    else:
        stmt = stmt.where(Patent.id > after_id).limit(limit)
    rows = session.execute(stmt.order_by(Patent.id)).all()
    cited = dict(
        session.execute(
            select(PatentCitation.cited, func.count(func.distinct(PatentCitation.patent_id)))
            .where(PatentCitation.cited.in_([r.number for r in rows]))
            .group_by(PatentCitation.cited)
        ).all()
    )
    return [
        _profile(
            session,
            r.id,
            r.number,
            r.content_hash,
            PatentRecord.from_dict(r.data),
            cited.get(r.number, 0),
            rules,
        )
        for r in rows
    ]


def citation_counts(*, session: Session) -> tuple[dict[str, int], int]:
    """How many stored records cite each number (forward citations within the store), and how
    many stored records list any citation at all."""
    cited = dict(
        session.execute(
            select(
                PatentCitation.cited, func.count(func.distinct(PatentCitation.patent_id))
            ).group_by(PatentCitation.cited)
        ).all()
    )
    citing = session.scalar(select(func.count(func.distinct(PatentCitation.patent_id)))) or 0
    return {str(k): int(v) for k, v in cited.items()}, int(citing)


def content_hashes(
    *, session: Session, after_id: int = 0, limit: int = 1000
) -> list[tuple[int, str]]:
    """(id, content hash) of the next ``limit`` records after ``after_id``: what a derived
    table compares to know which records changed, without reading them."""
    rows = session.execute(
        select(Patent.id, Patent.content_hash)
        .where(Patent.id > after_id)
        .order_by(Patent.id)
        .limit(limit)
    )
    return [(pid, digest) for pid, digest in rows]


def profile(*, session: Session, number: str) -> PatentProfile:
    return profiles(session=session, ids=[find(session=session, number=number).id])[0]


def _profile(
    session: Session,
    pid: int,
    number: str,
    content_hash: str,
    rec: PatentRecord,
    cited_by: int,
    rules: sei.Concordance,
) -> PatentProfile:
    facts = _facts(session, pid, number, rec, rules)
    return PatentProfile(
        id=pid,
        number=number,
        country=rec.country,
        patent_type=rec.patent_type,
        title=rec.title,
        legal_status=rec.legal_status,
        status_category=facts.status_category,
        application_date=rec.application_date,
        grant_date=facts.grant_date,
        ipc=[c.code for c in rec.ipc] or [c.code for c in rec.cpc],
        claims=[
            ClaimFacts(num=c.num, length=len("".join(c.text.split())), independent=not c.depends_on)
            for c in rec.claims
        ],
        family_id=rec.family_id,
        family_members=list(rec.family_members),
        citations=[(c.number, c.category) for c in rec.citations if c.number],
        cited_by=cited_by,
        events=[EventFacts(date=e.date, code=e.code, text=e.text) for e in rec.legal_events],
        holders=[h.name for h in rec.owners or rec.applicants],
        sei=facts.sei,
        content_hash=content_hash,
    )


def _event_date(rec: PatentRecord, code: str) -> date | None:
    return next((e.date for e in rec.legal_events if e.code == code and e.date), None)


def add_event(*, session: Session, number: str, code: str, text: str, on: date) -> None:
    """Append a legal event that another domain records (an open-licence announcement, a
    licence filing) to the patent's record; its hash and ``updated_at`` follow."""
    if code not in legal.EVENT_LABELS:
        raise InvalidInput(f"未知的法律事件代码：{code}", details={"code": code})
    row = find(session=session, number=number)
    data = dict(row.data)
    events_list = [
        *data.get("legal_events", []),
        {"date": on.isoformat(), "code": code, "text": text},
    ]
    data["legal_events"] = sorted(events_list, key=lambda e: e.get("date") or "")
    row.data = data
    row.content_hash = hash_of(data)
    row.updated_at = utcnow()
    session.flush()


def id_of(*, session: Session, number: str) -> int:
    return find(session=session, number=number).id


def ipc_titles(*, session: Session, codes: list[str]) -> dict[str, str]:
    return reference.titles_for(session, codes)


def normalise_number(kind: str, raw: str) -> str:
    """An application (``AN``) or publication (``PN``, ``PR``) number in stored form, or the
    raw text upper-cased when it has no known shape (it then simply finds nothing)."""
    text = raw.strip().upper()
    try:
        if kind == "AN":
            return numbers.parse_application_number(text).text
        return numbers.parse_publication_number(text).text
    except ValueError:
        return text


EXPORT_FORMATS = ("jsonl", "csv", "xlsx")


def export_chunks(fmt: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Records given as dicts (e.g. a search result set) as JSONL or CSV text, in pieces."""
    from zhichan.patents.export import stream

    return stream(fmt, (PatentRecord.from_dict(r) for r in records))


def export_xlsx(records: Iterable[dict[str, Any]]) -> bytes:
    from zhichan.patents.export import xlsx_bytes

    return xlsx_bytes(PatentRecord.from_dict(r) for r in records)


def sei_categories(*, session: Session) -> dict[str, str]:
    """Strategic-emerging-industry category code → name, as loaded from the concordance."""
    rows = [
        (c, n) for c, n in session.execute(select(SeiRule.sei_code, SeiRule.sei_name).distinct())
    ]
    return dict(sorted(rows, key=lambda r: [int(x) for x in r[0].split(".")]))


def same_day_counterparts(*, session: Session, number: str) -> list[tuple[str, str]] | None:
    """Records of the same first applicant filed the same day as a different patent type (the
    同日申请 utility model and invention, 《专利法》第九条第一款): ``(number, type)`` pairs;
    ``None`` when the record has no applicant or filing date to compare."""
    row = find(session=session, number=number)
    if row.first_applicant is None or row.application_date is None:
        return None
    others = session.execute(
        select(Patent.number, Patent.patent_type)
        .where(
            Patent.first_applicant == row.first_applicant,
            Patent.application_date == row.application_date,
            Patent.id != row.id,
            Patent.patent_type.in_(("invention", "utility_model")),
            Patent.patent_type != row.patent_type,
        )
        .order_by(Patent.number)
        .limit(20)
    )
    return [(n, t or "") for n, t in others]


def applicant_portfolios(
    *, session: Session, ipc_prefix: str | None, min_patents: int, limit: int
) -> list[tuple[str, list[tuple[int, str, str]]]]:
    """First applicants with at least ``min_patents`` records (optionally within an IPC
    prefix), most records first, each with ``(id, number, status category)`` of up to 200 of
    their records (valid / invalid / pending / unknown, ``legal.status_category``)."""
    where: list[ColumnElement[bool]] = [Patent.first_applicant.is_not(None)]
    if ipc_prefix:
        where.append(Patent.ipc_main.startswith(ipc_prefix.upper(), autoescape=True))
    counted = session.execute(
        select(Patent.first_applicant, func.count())
        .where(*where)
        .group_by(Patent.first_applicant)
        .having(func.count() >= max(1, min_patents))
        .order_by(func.count().desc(), Patent.first_applicant)
        .limit(limit)
    ).all()
    found = []
    for name, _n in counted:
        rows = session.execute(
            select(Patent.id, Patent.number, Patent.legal_status)
            .where(Patent.first_applicant == name, *where[1:])
            .order_by(Patent.number)
            .limit(200)
        )
        found.append((str(name), [(i, n, legal.status_category(s)) for i, n, s in rows]))
    return found
