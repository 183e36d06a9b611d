"""Import one file as one atomic batch.

The whole batch — its patents, their side rows, its issues and the batch record — is written
in a single transaction that commits only at the end; a crash or kill at any point leaves the
database as it was. Records are upserted by normalised number: an unchanged record is
skipped (re-importing a file changes nothing); a changed one is merged (see
:func:`zhichan.patents.record.merge`). Rows that fail are reported (location, field, reason)
and skipped, or abort the batch in strict mode.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.core.principal import Principal
from zhichan.db.base import Base, table, utcnow
from zhichan.db.session import set_actor
from zhichan.patents import reference
from zhichan.patents.importers import detect
from zhichan.patents.importers.base import Failed, Meter, Options, Parsed
from zhichan.patents.models import (
    ImportBatch,
    ImportIssue,
    Patent,
    PatentCitation,
    PatentClass,
    PatentParty,
)
from zhichan.patents.record import PatentRecord, hash_of, merge

log = logging.getLogger(__name__)

CHUNK = 1000
MAX_ISSUES = 10_000


@dataclass(slots=True)
class Issue:
    severity: str
    location: str
    field: str | None
    reason: str


@dataclass(slots=True)
class Progress:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def fraction(self) -> float:
        return min(1.0, self.bytes_done / self.bytes_total) if self.bytes_total else 0.0

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.read / elapsed if elapsed > 0 else 0.0


def counts_text(p: Progress) -> str:
    return (
        f"读取 {p.read}，新增 {p.inserted}，更新 {p.updated}，未变 {p.skipped}，"
        f"失败 {p.failed}，警告 {p.warnings}"
    )


@dataclass(slots=True)
class Outcome:
    batch_id: int | None
    status: str
    format: str
    progress: Progress
    issues: list[Issue]
    message: str | None = None


class StrictAbort(InvalidInput):
    """A row failed in strict mode; nothing of the batch was kept."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(
    *,
    factory: sessionmaker[Session],
    path: Path,
    principal: Principal,
    owner_org_id: int,
    fmt: str = "auto",
    strict: bool = False,
    source_name: str | None = None,
    mapping: dict[str, str] | None = None,
    header_row: int | None = None,
    sheet: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Outcome:
    if not path.is_file():
        raise InvalidInput(f"文件不存在：{path}", details={"file": str(path)})
    fmt = detect.detect(path) if fmt == "auto" else fmt
    if fmt not in detect.READERS:
        raise InvalidInput(f"未知格式 {fmt}；可用：{', '.join(detect.FORMATS)}")
    name = source_name or path.name
    progress = Progress(bytes_total=path.stat().st_size)
    issues: list[Issue] = []
    session = factory()
    set_actor(session, principal, via=principal.via)
    batch = ImportBatch(
        source_name=name,
        source_sha256=sha256_of(path),
        format=fmt,
        strict=strict,
        status="running",
        actor_label=principal.username,
        owner_org_id=owner_org_id,
        visibility="internal",
    )
    try:
        session.add(batch)
        session.flush()
        opts = Options(name, reference.known_main_groups(session), mapping, header_row, sheet)
        meter = Meter(progress.bytes_total)
        with path.open("rb") as fh:
            items = detect.READERS[fmt](fh, opts, meter)
            for chunk in _chunks(items, progress, issues, strict, meter, on_progress):
                _upsert(session, chunk, batch.id, progress)
                if on_progress:
                    on_progress(progress)
        _finish(session, batch, progress, issues, "committed")
        session.commit()
        return Outcome(batch.id, "committed", fmt, progress, issues)
    except BaseException as exc:
        session.rollback()
        session.close()
        if isinstance(exc, ZhichanError):
            _record_failure(
                factory,
                principal,
                owner_org_id,
                name,
                path,
                fmt,
                strict,
                progress,
                issues,
                exc.message,
            )
        raise
    finally:
        session.close()


def _chunks(
    items: Iterable[Parsed | Failed],
    progress: Progress,
    issues: list[Issue],
    strict: bool,
    meter: Meter,
    on_progress: Callable[[Progress], None] | None,
) -> Iterator[list[PatentRecord]]:
    chunk: list[PatentRecord] = []
    for item in items:
        progress.read += 1
        progress.bytes_done = meter.done
        if isinstance(item, Failed):
            progress.failed += 1
            _add_issue(issues, Issue("error", item.location, item.field, item.reason))
            if strict:
                where = f"{item.location}" + (f"，字段 {item.field}" if item.field else "")
                raise StrictAbort(
                    f"严格模式：{where}：{item.reason}；整批未导入",
                    details={"location": item.location},
                )
            continue
        for fieldname, reason in item.warnings:
            progress.warnings += 1
            _add_issue(issues, Issue("warning", item.location, fieldname, reason))
        chunk.extend(item.records)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    progress.bytes_done = meter.done
    if chunk:
        yield chunk


def _add_issue(issues: list[Issue], issue: Issue) -> None:
    if len(issues) < MAX_ISSUES:
        issues.append(issue)


def _row(rec: PatentRecord, batch_id: int, now: Any) -> dict[str, Any]:
    first = rec.applicants[0].name if rec.applicants else None
    data = rec.to_dict()
    return {
        "number": rec.number,
        "country": rec.country,
        "kind": rec.kind,
        "application_number": rec.application_number,
        "family_id": rec.family_id,
        "patent_type": rec.patent_type,
        "title": rec.title,
        "first_applicant": first[:300] if first else None,
        "application_date": rec.application_date,
        "publication_date": rec.publication_date,
        "grant_date": rec.grant_date,
        "ipc_main": rec.ipc_main,
        "legal_status": rec.legal_status[:200] if rec.legal_status else None,
        "content_hash": hash_of(data),
        "source": rec.source[:300] if rec.source else None,
        "batch_id": batch_id,
        "data": data,
        "updated_at": now,
    }


def _side_rows(
    patent_id: int, rec: PatentRecord
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    parties = [
        {
            "patent_id": patent_id,
            "role": role,
            "seq": i,
            "name": p.name[:300],
            "kind": p.kind,
            "country": (p.country or "")[:2] or None,
            "province": (p.province or "")[:16] or None,
        }
        for role, group in (("applicant", rec.applicants), ("owner", rec.owners))
        for i, p in enumerate(group)
    ]
    classes = [
        {
            "patent_id": patent_id,
            "scheme": scheme,
            "code": c.code,
            "subclass": c.code[:4],
            "main_group": c.code.split("/")[0] + "/00" if "/" in c.code else c.code,
            "is_main": scheme == "IPC" and c.code == rec.ipc_main,
        }
        for scheme, group in (("IPC", rec.ipc), ("CPC", rec.cpc))
        for c in group
    ]
    citations = [
        {"patent_id": patent_id, "seq": i, "cited": c.number[:64]}
        for i, c in enumerate(rec.citations)
        if c.number
    ]
    return parties, classes, citations


def _dedupe(chunk: list[PatentRecord], progress: Progress) -> dict[str, PatentRecord]:
    """One record per number; a repeat within the chunk is merged into the first."""
    pending: dict[str, PatentRecord] = {}
    for rec in chunk:
        if rec.number not in pending:
            pending[rec.number] = rec
            continue
        merged = merge(pending[rec.number], rec)
        if merged.content_hash() == pending[rec.number].content_hash():
            progress.skipped += 1
        else:
            progress.updated += 1
        pending[rec.number] = merged
    return pending


def _split(
    session: Session, pending: dict[str, PatentRecord], progress: Progress
) -> tuple[list[PatentRecord], list[tuple[int, PatentRecord]]]:
    """New records, and (id, merged record) of existing ones that change; counts the rest."""
    stmt = select(Patent.id, Patent.number, Patent.content_hash, Patent.data).where(
        Patent.number.in_(list(pending))
    )
    existing = {number: (pid, digest, data) for pid, number, digest, data in session.execute(stmt)}
    inserts, updates = [], []
    for number, rec in pending.items():
        if number not in existing:
            inserts.append(rec)
            continue
        pid, digest, data = existing[number]
        merged = merge(PatentRecord.from_dict(data), rec)
        if merged.content_hash() == digest:
            progress.skipped += 1
        else:
            updates.append((pid, merged))
    return inserts, updates


SIDE_MODELS: tuple[type[Base], ...] = (PatentParty, PatentClass, PatentCitation)


def _upsert(session: Session, chunk: list[PatentRecord], batch_id: int, progress: Progress) -> None:
    inserts, updates = _split(session, _dedupe(chunk, progress), progress)
    now = utcnow()
    side: tuple[list[dict[str, Any]], ...] = ([], [], [])
    if inserts:
        rows = [_row(r, batch_id, now) | {"created_at": now} for r in inserts]
        # A plain executemany, then one indexed look-up: RETURNING makes SQLite run row by row.
        session.execute(insert(table(Patent)), rows)
        stmt = select(Patent.number, Patent.id).where(
            Patent.number.in_([r.number for r in inserts])
        )
        ids = {number: pid for number, pid in session.execute(stmt)}
        for rec in inserts:
            _extend(side, _side_rows(ids[rec.number], rec))
        progress.inserted += len(inserts)
    if updates:
        session.execute(
            update(Patent), [{"id": pid} | _row(rec, batch_id, now) for pid, rec in updates]
        )
        changed = [pid for pid, _ in updates]
        for model in SIDE_MODELS:
            session.execute(delete(model).where(table(model).c.patent_id.in_(changed)))
        for pid, rec in updates:
            _extend(side, _side_rows(pid, rec))
        progress.updated += len(updates)
    for model, rows in zip(SIDE_MODELS, side, strict=True):
        if rows:
            session.execute(insert(table(model)), rows)


def _extend(side: tuple[list[dict[str, Any]], ...], rows: tuple[list[dict[str, Any]], ...]) -> None:
    for target, new in zip(side, rows, strict=True):
        target.extend(new)


def _finish(
    session: Session, batch: ImportBatch, progress: Progress, issues: list[Issue], status: str
) -> None:
    batch.status = status
    for name in ("read", "inserted", "updated", "skipped", "failed", "warnings"):
        setattr(batch, name, getattr(progress, name))
    batch.finished_at = utcnow()
    if issues:
        session.execute(
            insert(table(ImportIssue)),
            [
                {
                    "batch_id": batch.id,
                    "severity": i.severity,
                    "location": i.location[:64],
                    "field": i.field,
                    "reason": i.reason,
                }
                for i in issues
            ],
        )
    session.flush()


def _record_failure(
    factory: sessionmaker[Session],
    principal: Principal,
    owner_org_id: int,
    name: str,
    path: Path,
    fmt: str,
    strict: bool,
    progress: Progress,
    issues: list[Issue],
    message: str,
) -> None:
    """Keep a trace of a batch that was rolled back: its counts so far and its issues, no data."""
    session = factory()
    set_actor(session, principal, via=principal.via)
    try:
        batch = ImportBatch(
            source_name=name,
            source_sha256=sha256_of(path),
            format=fmt,
            strict=strict,
            status="failed",
            actor_label=principal.username,
            owner_org_id=owner_org_id,
            visibility="internal",
            message=message,
        )
        session.add(batch)
        session.flush()
        progress.inserted = progress.updated = progress.skipped = 0
        _finish(session, batch, progress, issues, "failed")
        session.commit()
    except Exception:  # the original error matters more than the trace of it
        log.exception("could not record the failed batch of %s", name)
        session.rollback()
    finally:
        session.close()
