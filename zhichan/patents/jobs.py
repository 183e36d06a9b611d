"""Imports uploaded on the web run as ``patents.import`` jobs.

The upload is stored under ``<data dir>/uploads/<token>/`` before the job is queued, so a
job cut off by a restart runs again from the same file (a batch is committed whole or not at
all, so a second run starts from a clean database). The file is removed once the job ends.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core import permissions
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.principal import Principal
from zhichan.jobs import service as jobs_service
from zhichan.jobs import states, uploads
from zhichan.jobs.context import Context, principal_of, principal_params
from zhichan.jobs.kinds import Kind
from zhichan.jobs.models import Job
from zhichan.jobs.schemas import read
from zhichan.patents import loader, service
from zhichan.patents.schemas import IssueRead, JobStatus

log = logging.getLogger(__name__)

KIND = "patents.import"
MAX_UPLOAD = 2 * 1024**3
SHOWN_ISSUES = 200


def submit(
    *,
    session: Session,
    upload_dir: Path,
    stream: BinaryIO,
    filename: str,
    principal: Principal,
    fmt: str,
    strict: bool,
) -> Job:
    """Store the upload and queue its import in the caller's transaction."""
    permissions.require(principal, "patents.import")
    path, copied = uploads.store(
        upload_dir=upload_dir, stream=stream, filename=filename, limit=MAX_UPLOAD
    )
    try:
        return jobs_service.enqueue(
            session=session,
            kind=KIND,
            params={
                "path": str(path),  # absolute: a worker process may run elsewhere
                "filename": uploads.safe_name(filename),
                "format": fmt,
                "strict": strict,
                "bytes": copied,
                "principal": principal_params(principal),
            },
            owner_org_id=None if principal.is_operator else principal.org_id,
            principal=principal,
        )
    except BaseException:
        uploads.discard(path)
        raise


def _counts(p: loader.Progress) -> dict[str, Any]:
    return {**loader.counts(p), "rate": round(p.rate, 1)}


def sweep_uploads(factory: sessionmaker[Session], upload_dir: Path) -> int:
    return uploads.sweep(factory, upload_dir, KIND)


def kind(factory: sessionmaker[Session], workers: int, upload_dir: Path) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        params = ctx.params
        path = Path(params["path"])
        if not path.is_file():
            raise InvalidInput("上传的文件已不在服务器上（可能已被清理）；请重新上传")

        def progress(p: loader.Progress) -> None:
            ctx.progress("导入中", p.bytes_done, p.bytes_total or None, counts=_counts(p))

        outcome = service.import_file(
            factory=factory,
            path=path,
            principal=principal_of(params["principal"]),
            fmt=params["format"],
            strict=bool(params["strict"]),
            source_name=params["filename"],
            on_progress=progress,
            workers=workers,
            job_id=ctx.job_id,
        )
        return {
            **_counts(outcome.progress),
            "batch_id": outcome.batch_id,
            "format": outcome.format,
            "issues": [
                {
                    "severity": i.severity,
                    "location": i.location,
                    "field": i.field,
                    "reason": i.reason,
                }
                for i in outcome.issues[:SHOWN_ISSUES]
            ],
            "issues_total": len(outcome.issues),
        }

    def cleanup(params: dict[str, Any]) -> None:
        uploads.discard(params["path"])

    def sweep() -> None:
        removed = sweep_uploads(factory, upload_dir)
        if removed:
            log.info("removed %d upload folders that no import will read", removed)

    return Kind(
        KIND,
        "专利数据导入",
        run,
        lane="default",
        max_attempts=3,
        cleanup=cleanup,
        sweep=sweep,
    )


def status(*, session: Session, job_id: int, principal: Principal) -> JobStatus:
    """An import job as the import page and API show it, with the index sync that follows."""
    job = jobs_service.get(session=session, job_id=job_id, principal=principal)
    if job.kind != KIND:
        raise NotFound(f"导入任务 {job_id} 不存在")
    view = read(job, {})
    counts = (view.result if job.state == states.SUCCEEDED else view.counts) or {}
    syncs = jobs_service.children(session=session, job_id=job.id)
    changed = bool(counts.get("inserted") or counts.get("updated"))
    index_state, index_message = _index_state(job.state, changed, syncs)
    return JobStatus(
        id=job.id,
        filename=job.params.get("filename", ""),
        state=job.state,
        state_label=states.label(job.state),
        fraction=view.fraction or 0.0,
        read=counts.get("read", 0),
        inserted=counts.get("inserted", 0),
        updated=counts.get("updated", 0),
        skipped=counts.get("skipped", 0),
        failed=counts.get("failed", 0),
        warnings=counts.get("warnings", 0),
        rate=counts.get("rate", 0.0),
        batch_id=(job.result or {}).get("batch_id"),
        message=job.message,
        issues=[IssueRead(**i) for i in (job.result or {}).get("issues", [])],
        issues_total=(job.result or {}).get("issues_total", 0),
        index_state=index_state,
        index_message=index_message,
    )


def _index_state(state: str, changed: bool, syncs: list[Job]) -> tuple[str | None, str | None]:
    if state != states.SUCCEEDED:
        return None, None
    if not changed:
        return "searchable", "没有新增或更新的记录，检索索引无需变化"
    if not syncs:
        return "pending", "已入库，检索索引同步尚未排队"
    last = syncs[-1]
    if last.state == states.SUCCEEDED:
        return "searchable", "已入库，已可检索"
    if last.state == states.FAILED:
        return "failed", f"已入库，但检索索引同步失败：{last.message}"
    if last.state == states.RETRYING:
        return "pending", f"已入库，检索索引同步等待重试：{last.message}"
    return "pending", "已入库，正在同步检索索引"
