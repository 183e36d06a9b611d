"""Imports started from the web run in a worker thread; the page polls their progress.

Jobs live in memory: a restart forgets them, but never their data — a batch is committed
whole or not at all, and the batch list in the database is the lasting record.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import InvalidInput, NotFound, PermissionDenied, ZhichanError
from zhichan.core.principal import Principal
from zhichan.patents import loader, service
from zhichan.patents.schemas import IssueRead, JobStatus

log = logging.getLogger(__name__)

MAX_UPLOAD = 2 * 1024**3
SHOWN_ISSUES = 200


@dataclass
class Job:
    id: str
    filename: str
    path: Path
    principal: Principal
    state: str = "queued"
    progress: loader.Progress = field(default_factory=loader.Progress)
    batch_id: int | None = None
    message: str | None = None
    issues: list[loader.Issue] = field(default_factory=list)

    def status(self) -> JobStatus:
        p = self.progress
        return JobStatus(
            id=self.id,
            filename=self.filename,
            state=self.state,
            fraction=1.0 if self.state == "committed" else p.fraction,
            read=p.read,
            inserted=p.inserted,
            updated=p.updated,
            skipped=p.skipped,
            failed=p.failed,
            warnings=p.warnings,
            rate=round(p.rate, 1),
            batch_id=self.batch_id,
            message=self.message,
            issues=[
                IssueRead(severity=i.severity, location=i.location, field=i.field, reason=i.reason)
                for i in self.issues[:SHOWN_ISSUES]
            ],
        )


def safe_name(name: str) -> str:
    base = Path(name or "upload").name
    return re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", base)[:120] or "upload"


class JobRegistry:
    def __init__(self, factory: sessionmaker[Session], upload_dir: Path, workers: int = 1) -> None:
        self.factory = factory
        self.workers = workers
        self.upload_dir = upload_dir
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        # One import at a time: SQLite has one writer, and a batch is one long transaction.
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhichan-import")

    def submit(
        self, *, stream: BinaryIO, filename: str, principal: Principal, fmt: str, strict: bool
    ) -> Job:
        if not principal.can_edit:
            raise PermissionDenied("只读成员不能导入数据")
        job_id = uuid.uuid4().hex[:12]
        folder = self.upload_dir / job_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / safe_name(filename)
        with path.open("wb") as out:
            copied = 0
            for block in iter(lambda: stream.read(1 << 20), b""):
                copied += len(block)
                if copied > MAX_UPLOAD:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise InvalidInput("文件超过 2 GB 上限")
                out.write(block)
        if copied == 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise InvalidInput("上传的文件是空的")
        job = Job(job_id, safe_name(filename), path, principal)
        with self.lock:
            self.jobs[job_id] = job
        self.pool.submit(self._run, job, fmt, strict)
        return job

    def _run(self, job: Job, fmt: str, strict: bool) -> None:
        job.state = "running"

        def progress(p: loader.Progress) -> None:
            job.progress = p

        try:
            outcome = service.import_file(
                factory=self.factory,
                path=job.path,
                principal=job.principal,
                fmt=fmt,
                strict=strict,
                source_name=job.filename,
                on_progress=progress,
                workers=self.workers,
            )
            job.progress, job.issues, job.batch_id = (
                outcome.progress,
                outcome.issues,
                outcome.batch_id,
            )
            job.state = "committed"
        except ZhichanError as exc:
            job.state, job.message = "failed", exc.message
        except Exception:
            log.exception("import job %s failed", job.id)
            job.state, job.message = "failed", "导入时发生内部错误，已记录日志；数据库未做任何改动"
        finally:
            shutil.rmtree(job.path.parent, ignore_errors=True)

    def get(self, job_id: str, principal: Principal) -> Job:
        job = self.jobs.get(job_id)
        if job is None or (
            job.principal.user_id != principal.user_id and not principal.is_platform_admin
        ):
            raise NotFound(f"导入任务 {job_id} 不存在")
        return job

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
