"""Import one file as one atomic batch.

The whole batch — its patents, their side rows, its issues and the batch record — is written
in a single transaction that commits only at the end; a crash or kill at any point leaves the
database as it was. Records are upserted by normalised number: an unchanged record is
skipped (re-importing a file changes nothing); a changed one is merged (see
:func:`zhichan.patents.record.merge`) if the importer may change it (``stewardship``).
Rows that fail are reported (location, field, reason) and skipped, or abort the batch in
strict mode.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import InvalidInput, ZhichanError
from zhichan.core.files import sha256_of
from zhichan.core.principal import Principal
from zhichan.db.base import table, utcnow
from zhichan.db.session import set_actor
from zhichan.patents import pipeline, reference, stewardship
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
from zhichan.patents.record import PatentRecord, merge
from zhichan.patents.rows import Prepared, prepare

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


def counts(p: Progress) -> dict[str, int]:
    """The row tallies of an import, by their API names."""
    return {
        "read": p.read,
        "inserted": p.inserted,
        "updated": p.updated,
        "skipped": p.skipped,
        "failed": p.failed,
        "warnings": p.warnings,
    }


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
    workers: int = 1,
) -> Outcome:
    if not path.is_file():
        raise InvalidInput(f"文件不存在：{path}", details={"file": str(path)})
    fmt = detect.detect(path) if fmt == "auto" else fmt
    if fmt not in detect.READERS:
        raise InvalidInput(f"未知格式 {fmt}；可用：{', '.join(detect.FORMATS)}")
    name = source_name or path.name
    progress = Progress(bytes_total=path.stat().st_size)
    issues: list[Issue] = []
    digest = sha256_of(path)
    session = factory()
    set_actor(session, principal, via=principal.via)
    batch = _new_batch(name, digest, fmt, strict, principal, owner_org_id, "running")
    scope = Scope(stewardship.editor_org(principal, owner_org_id), issues)
    try:
        session.add(batch)
        session.flush()
        opts = Options(name, reference.known_main_groups(session), mapping, header_row, sheet)
        meter = Meter(progress.bytes_total)
        with path.open("rb") as fh:
            reader = detect.READERS[fmt]
            units = reader.units(fh, opts, meter)
            items = pipeline.items(reader, units, opts, workers=workers, size=progress.bytes_total)
            for chunk in _chunks(items, progress, issues, strict, meter):
                _upsert(session, chunk, batch.id, progress, scope)
                if on_progress:
                    on_progress(progress)
        _finish(session, batch, progress, issues, "committed")
        session.commit()
        return Outcome(batch.id, "committed", fmt, progress, issues)
    except BaseException as exc:
        session.rollback()
        if isinstance(exc, ZhichanError):
            failed = _new_batch(name, digest, fmt, strict, principal, owner_org_id, "failed")
            _record_failure(factory, principal, failed, progress, issues, exc.message)
        raise
    finally:
        session.close()


def _chunks(
    items: Iterable[Parsed | Failed],
    progress: Progress,
    issues: list[Issue],
    strict: bool,
    meter: Meter,
) -> Iterator[list[Prepared]]:
    chunk: list[Prepared] = []
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
        chunk.extend(item.prepared)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    progress.bytes_done = meter.done
    if chunk:
        yield chunk


def _add_issue(issues: list[Issue], issue: Issue) -> None:
    if len(issues) < MAX_ISSUES:
        issues.append(issue)


def _dedupe(chunk: list[Prepared], progress: Progress) -> dict[str, Prepared]:
    """One record per number; a repeat within the chunk is merged into the first."""
    pending: dict[str, Prepared] = {}
    for item in chunk:
        earlier = pending.get(item.number)
        if earlier is None:
            pending[item.number] = item
            continue
        merged = prepare(merge(earlier.record(), item.record()))
        if merged.digest == earlier.digest:
            progress.skipped += 1
        else:
            progress.updated += 1
        pending[item.number] = merged
    return pending


def _split(
    session: Session, pending: dict[str, Prepared], progress: Progress, scope: Scope
) -> tuple[list[Prepared], list[tuple[int, Prepared]]]:
    """New records, and (id, merged record) of existing ones that change and that this import
    may change (``stewardship``); counts the rest."""
    stmt = select(Patent.id, Patent.number, Patent.content_hash).where(
        Patent.number.in_(list(pending))
    )
    existing = {number: (pid, digest) for pid, number, digest in session.execute(stmt)}
    inserts, changed = [], []
    for number, item in pending.items():
        if number not in existing:
            inserts.append(item)
        elif existing[number][1] == item.digest:
            progress.skipped += 1
        else:
            changed.append(item)
    refused = stewardship.foreign(session, [existing[i.number][0] for i in changed], scope.org_id)
    for item in [i for i in changed if existing[i.number][0] in refused]:
        progress.skipped += 1
        progress.warnings += 1
        _add_issue(scope.issues, Issue("warning", item.number, None, stewardship.REFUSED))
    changed = [i for i in changed if existing[i.number][0] not in refused]
    updates = []
    if changed:
        old_rows = select(Patent.number, Patent.data).where(
            Patent.number.in_([i.number for i in changed])
        )
        old: dict[str, dict[str, Any]] = {n: d for n, d in session.execute(old_rows)}
        for item in changed:
            pid, digest = existing[item.number]
            merged = prepare(merge(PatentRecord.from_dict(old[item.number]), item.record()))
            if merged.digest == digest:
                progress.skipped += 1
            else:
                updates.append((pid, merged))
    return inserts, updates


SIDE = ((PatentParty, "parties"), (PatentClass, "classes"), (PatentCitation, "citations"))


@dataclass(frozen=True, slots=True)
class Scope:
    """Which existing records the import may change (None: all) and where refusals go."""

    org_id: int | None
    issues: list[Issue]


def _upsert(
    session: Session, chunk: list[Prepared], batch_id: int, progress: Progress, scope: Scope
) -> None:
    inserts, updates = _split(session, _dedupe(chunk, progress), progress, scope)
    now = utcnow()
    stamp = {"batch_id": batch_id, "updated_at": now}
    placed: list[tuple[int, Prepared]] = []
    if inserts:
        # A plain executemany, then one indexed look-up: RETURNING makes SQLite run row by row.
        session.execute(
            insert(table(Patent)), [i.row | stamp | {"created_at": now} for i in inserts]
        )
        stmt = select(Patent.number, Patent.id).where(
            Patent.number.in_([i.number for i in inserts])
        )
        ids = {number: pid for number, pid in session.execute(stmt)}
        placed += [(ids[i.number], i) for i in inserts]
        progress.inserted += len(inserts)
    if updates:
        session.execute(update(Patent), [{"id": pid} | i.row | stamp for pid, i in updates])
        changed = [pid for pid, _ in updates]
        for model, _ in SIDE:
            session.execute(delete(model).where(table(model).c.patent_id.in_(changed)))
        placed += updates
        progress.updated += len(updates)
    for model, attr in SIDE:
        rows = [r | {"patent_id": pid} for pid, item in placed for r in getattr(item, attr)]
        if rows:
            session.execute(insert(table(model)), rows)


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


def _new_batch(
    name: str,
    digest: str,
    fmt: str,
    strict: bool,
    principal: Principal,
    owner_org_id: int,
    status: str,
) -> ImportBatch:
    return ImportBatch(
        source_name=name,
        source_sha256=digest,
        format=fmt,
        strict=strict,
        status=status,
        actor_label=principal.username,
        owner_org_id=owner_org_id,
        visibility="internal",
    )


def _record_failure(
    factory: sessionmaker[Session],
    principal: Principal,
    batch: ImportBatch,
    progress: Progress,
    issues: list[Issue],
    message: str,
) -> None:
    """Keep a trace of a batch that was rolled back: its counts so far and its issues, no data."""
    session = factory()
    set_actor(session, principal, via=principal.via)
    try:
        batch.message = message
        session.add(batch)
        session.flush()
        progress.inserted = progress.updated = progress.skipped = 0
        _finish(session, batch, progress, issues, "failed")
        session.commit()
    except Exception:  # the original error matters more than the trace of it
        log.exception("could not record the failed batch of %s", batch.source_name)
        session.rollback()
    finally:
        session.close()
