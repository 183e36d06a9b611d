"""Comparison runs started from the web execute in one worker thread; pages poll their state.

State and progress are written to the run's row (at most twice a second), so any process
serving the workspace shows them and a finished result survives a restart. A run still
marked 排队/运行中 when the server starts was cut off and is marked failed.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import ZhichanError
from zhichan.db.base import utcnow
from zhichan.db.session import unit_of_work
from zhichan.forensics import runs
from zhichan.forensics.models import ComparisonRun, Evidence

log = logging.getLogger(__name__)
INTERRUPTED = "服务重启，比对中断；请重新运行"


class RunQueue:
    def __init__(self, factory: sessionmaker[Session], data_dir: Path) -> None:
        self.factory = factory
        self.data_dir = data_dir
        # one at a time: comparisons are CPU-bound and the machine has few cores
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhichan-forensics")

    def recover(self) -> None:
        with unit_of_work(self.factory, will_write=True) as session:
            session.execute(
                update(ComparisonRun)
                .where(ComparisonRun.state.in_(("排队", "运行中")))
                .values(state="失败", message=INTERRUPTED, finished_at=utcnow())
            )

    def submit(self, run_id: int) -> None:
        self.pool.submit(self._execute, run_id)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _set(self, run_id: int, **values: object) -> None:
        with unit_of_work(self.factory, will_write=True) as session:
            session.execute(
                update(ComparisonRun).where(ComparisonRun.id == run_id).values(**values)
            )

    def _execute(self, run_id: int) -> None:
        with unit_of_work(self.factory) as session:
            run = session.get(ComparisonRun, run_id)
            if run is None:
                return
            paths = {}
            for role, eid in (
                ("left", run.left_id),
                ("right", run.right_id),
                ("base", run.base_id),
            ):
                evidence = session.get(Evidence, eid) if eid is not None else None
                if evidence is not None:
                    paths[role] = self.data_dir / evidence.stored
            kind, params = run.kind, dict(run.parameters)
        self._set(run_id, state="运行中", stage="开始")
        last = [0.0]

        def progress(stage: str, done: int, total: int | None) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.5:
                last[0] = now
                self._set(run_id, stage=stage, done=done, total=total)

        try:
            extra = {"base": paths["base"]} if "base" in paths else None
            result = runs.run(kind, paths["left"], paths["right"], params, extra, progress)
        except ZhichanError as exc:
            self._set(run_id, state="失败", message=exc.message, finished_at=utcnow())
            return
        except Exception:
            log.exception("forensic run %s failed", run_id)
            self._set(
                run_id, state="失败", message="比对时发生内部错误，已记录日志", finished_at=utcnow()
            )
            return
        self._set(
            run_id,
            state="完成",
            stage="完成",
            result=result,
            finished_at=utcnow(),
            numbers_sha256=result["manifest"]["numbers_sha256"],
        )
