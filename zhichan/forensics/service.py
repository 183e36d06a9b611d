"""The investigator's case workspace: cases, evidence received with its SHA-256, comparison
runs. Everything is visible only to the case's own organisation (not even to the platform
administrator: evidence in a court case is not platform data)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput, NotFound, PermissionDenied
from zhichan.core.paging import Page
from zhichan.core.principal import Principal
from zhichan.core.text import tidy
from zhichan.db import lists
from zhichan.db.base import Visibility
from zhichan.forensics import runs
from zhichan.forensics.models import ComparisonRun, Evidence, ForensicCase
from zhichan.forensics.schemas import CaseIn, CaseRead, RunIn, RunRead
from zhichan.jobs import schemas as jobs_schemas
from zhichan.jobs import service as jobs_service
from zhichan.jobs import states, uploads
from zhichan.jobs.models import Job

MAX_UPLOAD = 2 * 1024**3
FOLDER = "forensics"


VERIFY = "forensics.verify"


def _member(principal: Principal | None) -> Principal:
    if principal is None:
        raise NotFound("案件不存在")
    return principal


def _editor(principal: Principal) -> None:
    if not principal.can_edit:
        raise PermissionDenied("只读成员不能修改案件")


def create_case(*, session: Session, principal: Principal, case_in: CaseIn) -> ForensicCase:
    _editor(principal)
    case = ForensicCase(
        owner_org_id=principal.org_id,
        visibility=Visibility.INTERNAL.value,
        title=tidy(case_in.title),
        case_number=tidy(case_in.case_number) if case_in.case_number else None,
        note=case_in.note,
        created_by=principal.username,
    )
    session.add(case)
    session.flush()
    return case


def list_cases(
    *,
    session: Session,
    principal: Principal | None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[CaseRead]:
    """The organisation's cases, newest first; ``q`` finds words of the name or case number
    as typed (LIKE's own wildcards taken literally)."""
    p = _member(principal)
    query = select(ForensicCase).where(ForensicCase.owner_org_id == p.org_id)
    if (found := lists.containing(q, ForensicCase.title, ForensicCase.case_number)) is not None:
        query = query.where(found)
    total, rows = lists.page(session, query, ForensicCase.id.desc(), limit=limit, offset=offset)
    return Page[CaseRead](total=total, items=[CaseRead.model_validate(c) for c in rows])


def get_case(*, session: Session, principal: Principal | None, case_id: int) -> ForensicCase:
    p = _member(principal)
    case = session.get(ForensicCase, case_id)
    if case is None or case.owner_org_id != p.org_id:
        raise NotFound(f"案件 {case_id} 不存在")
    return case


def evidence_of(*, session: Session, case_id: int) -> Sequence[Evidence]:
    return session.scalars(
        select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id)
    ).all()


def runs_of(*, session: Session, case_id: int) -> Sequence[ComparisonRun]:
    query = select(ComparisonRun).where(ComparisonRun.case_id == case_id)
    return session.scalars(query.order_by(ComparisonRun.id.desc())).all()


def add_evidence(
    *,
    session: Session,
    principal: Principal,
    case_id: int,
    stream: BinaryIO,
    filename: str,
    label: str | None,
    data_dir: Path,
) -> Evidence:
    """Store an uploaded file (an archive of a deposit or product, or a single file) as
    evidence, hashing it while it is written; a failed upload leaves nothing behind."""
    case = get_case(session=session, principal=principal, case_id=case_id)
    _editor(principal)
    name = uploads.safe_name(filename or "evidence")
    evidence = Evidence(
        case_id=case.id,
        label=tidy(label or name),
        filename=name,
        stored="",
        size=0,
        sha256="",
        uploaded_by=principal.username,
    )
    session.add(evidence)
    session.flush()
    folder = Path(FOLDER) / str(case.id) / str(evidence.id)
    (data_dir / folder).mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    try:
        with (data_dir / folder / name).open("wb") as out:
            for block in iter(lambda: stream.read(1 << 20), b""):
                size += len(block)
                if size > MAX_UPLOAD:
                    raise InvalidInput("文件超过 2 GB 上限")
                digest.update(block)
                out.write(block)
        if size == 0:
            raise InvalidInput("上传的文件是空的")
    except BaseException:
        shutil.rmtree(data_dir / folder, ignore_errors=True)
        raise
    evidence.stored, evidence.size, evidence.sha256 = (
        (folder / name).as_posix(),
        size,
        digest.hexdigest(),
    )
    return evidence


def evidence_path(evidence: Evidence, data_dir: Path) -> Path:
    return data_dir / evidence.stored


def create_run(
    *, session: Session, principal: Principal, case_id: int, run_in: RunIn
) -> ComparisonRun:
    case = get_case(session=session, principal=principal, case_id=case_id)
    _editor(principal)
    owned = {e.id for e in evidence_of(session=session, case_id=case.id)}
    right = None if run_in.kind in runs.ONE_SIDED else run_in.right_id
    for role, eid in (
        ("左侧", run_in.left_id),
        ("右侧", right),
        ("基础/模板", run_in.base_id),
    ):
        if eid is not None and eid not in owned:
            raise InvalidInput(f"{role}证据 {eid} 不属于本案件")
    if run_in.kind not in runs.ONE_SIDED and right is None:
        raise InvalidInput("请选择右侧证据")
    if run_in.left_id == right:
        raise InvalidInput("左右两侧须是不同的证据")
    if run_in.base_id is not None and run_in.kind not in ("code", "folder"):
        raise InvalidInput("基础/模板目录只用于源代码比对")
    if run_in.base_id is not None and run_in.base_id in (run_in.left_id, right):
        raise InvalidInput("基础/模板目录须是另一份证据")
    run = ComparisonRun(
        case_id=case.id,
        kind=run_in.kind,
        left_id=run_in.left_id,
        right_id=right,
        base_id=run_in.base_id,
        parameters=run_in.parameters(),
        created_by=principal.username,
        state=states.QUEUED,
    )
    session.add(run)
    session.flush()
    job = jobs_service.enqueue(
        session=session,
        kind="forensics.run",
        params={"run_id": run.id},
        owner_org_id=case.owner_org_id,
        principal=principal,
    )
    run.job_id = job.id
    return run


def get_run(*, session: Session, principal: Principal | None, run_id: int) -> ComparisonRun:
    run = session.get(ComparisonRun, run_id)
    if run is None:
        raise NotFound(f"比对 {run_id} 不存在")
    get_case(session=session, principal=principal, case_id=run.case_id)
    return run


def run_read(*, session: Session, run: ComparisonRun) -> RunRead:
    """The run with its job's progress (stage, done, total) while it works."""
    job = jobs_service.get_any(session=session, job_id=run.job_id) if run.job_id else None
    view = jobs_schemas.read(job, {}) if job is not None else None
    return RunRead(
        id=run.id,
        case_id=run.case_id,
        kind=run.kind,
        left_id=run.left_id,
        right_id=run.right_id,
        base_id=run.base_id,
        state=run.state,
        state_label=states.label(run.state),
        stage=view.stage if view else None,
        done=view.done if view else 0,
        total=view.total if view else None,
        job_id=run.job_id,
        parameters=run.parameters,
        numbers_sha256=run.numbers_sha256,
        message=run.message or (view.message if view and run.state != "succeeded" else None),
        created_by=run.created_by,
        created_at=run.created_at,
        finished_at=run.finished_at,
    )


def result_of(run: ComparisonRun) -> dict[str, Any]:
    if run.result is None:
        raise InvalidInput(f"比对 {run.id} 尚未完成（{states.label(run.state)}）")
    return run.result


def submit_verify(*, session: Session, principal: Principal, run_id: int) -> Job:
    """Queue a check that the evidence is unchanged and the run reproduces: a rerun of the
    comparison, which may take minutes and so never runs inside a request."""
    run = get_run(session=session, principal=principal, run_id=run_id)
    _editor(principal)
    result_of(run)  # a run that has not finished has nothing to verify
    case = session.get(ForensicCase, run.case_id)
    assert case is not None
    return jobs_service.enqueue(
        session=session,
        kind=VERIFY,
        params={"run_id": run.id},
        owner_org_id=case.owner_org_id,
        principal=principal,
    )


def verify_run(*, session: Session, run_id: int, data_dir: Path) -> dict[str, Any]:
    """Rerun a finished comparison from its stored evidence and compare the numbers."""
    run = session.get(ComparisonRun, run_id)
    if run is None:
        raise NotFound(f"比对 {run_id} 不存在")
    roles = {"left": run.left_id, "right": run.right_id, "base": run.base_id}
    relocate = {}
    for role, eid in roles.items():
        evidence = session.get(Evidence, eid) if eid is not None else None
        if evidence is not None:
            relocate[role] = evidence_path(evidence, data_dir)
    outcome = runs.rerun(result_of(run), relocate)
    changes = list(outcome["changes"])
    if outcome.get("method"):
        verdict = outcome["method"]
    elif changes:
        verdict = "证据已改变：" + "；".join(changes[:5])
    elif outcome["reproduced"]:
        verdict = "证据未变，重跑结果相同"
    else:
        verdict = "证据未变，但重跑结果不同"
    return {**outcome, "run_id": run.id, "changed": len(changes), "verdict": verdict}
