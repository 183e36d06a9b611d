"""Comparison runs execute as ``forensics.run`` jobs; the run row keeps the outcome.

Progress lives on the job; the run's own ``state`` (the shared job state codes) and result are
written when the comparison starts and ends. A comparison reads only its evidence files and is
deterministic, so a run cut off by a restart simply runs again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import InvalidInput
from zhichan.db.base import utcnow
from zhichan.db.session import unit_of_work
from zhichan.forensics import runs, service
from zhichan.forensics.models import ComparisonRun, Evidence
from zhichan.jobs import states
from zhichan.jobs.context import Context
from zhichan.jobs.kinds import Kind

KIND = "forensics.run"


def _set(factory: sessionmaker[Session], run_id: int, **values: Any) -> None:
    with unit_of_work(factory, will_write=True) as session:
        session.execute(update(ComparisonRun).where(ComparisonRun.id == run_id).values(**values))


def _inputs(
    factory: sessionmaker[Session], data_dir: Path, run_id: int
) -> tuple[str, dict[str, Any], dict[str, Path]]:
    with factory() as session:
        run = session.get(ComparisonRun, run_id)
        if run is None:
            raise InvalidInput(f"比对 {run_id} 已不存在")
        paths: dict[str, Path] = {}
        for role, eid in (("left", run.left_id), ("right", run.right_id), ("base", run.base_id)):
            evidence = session.get(Evidence, eid) if eid is not None else None
            if evidence is not None:
                paths[role] = data_dir / evidence.stored
        return run.kind, dict(run.parameters), paths


def kind(factory: sessionmaker[Session], data_dir: Path) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        run_id = int(ctx.params["run_id"])
        kind_name, params, paths = _inputs(factory, data_dir, run_id)
        _set(factory, run_id, state=states.RUNNING, message=None)
        extra = {"base": paths["base"]} if "base" in paths else None
        result = runs.run(
            kind_name,
            paths["left"],
            paths.get("right"),
            params,
            extra,
            lambda stage, done, total: ctx.progress(stage, done, total),
        )
        _set(
            factory,
            run_id,
            state=states.SUCCEEDED,
            result=result,
            finished_at=utcnow(),
            numbers_sha256=result["manifest"]["numbers_sha256"],
        )
        return {"run_id": run_id, "numbers_sha256": result["manifest"]["numbers_sha256"]}

    def failed(params: dict[str, Any], message: str) -> None:
        _set(
            factory,
            int(params["run_id"]),
            state=states.FAILED,
            message=message,
            finished_at=utcnow(),
        )

    return Kind(KIND, "技术比对", run, lane="default", on_failed=failed)


def verify_kind(factory: sessionmaker[Session], data_dir: Path) -> Kind:
    """Rerun a finished comparison and compare: reads only, so no write lock is held."""

    def run(ctx: Context) -> dict[str, Any]:
        ctx.progress("核对证据并重跑比对", 0, None, force=True)
        with factory() as session:
            return service.verify_run(
                session=session, run_id=int(ctx.params["run_id"]), data_dir=data_dir
            )

    return Kind(service.VERIFY, "比对核验", run, lane="default")
