"""A demo case for the demo court: real IR-Plag files as a deposit and an accused product.

The evidence is real (IR-Plag, task 2 and task 5: each original as the "registered" code,
a level-4 plagiarised version and an independent solution as the "product"); the case, its
number and the roles are made up for the demo and say so (【演示】). The comparison runs at
load time, the same way the workspace runs it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import NotFound
from zhichan.core.principal import OrgKind, Principal, Role
from zhichan.db.base import utcnow
from zhichan.forensics import runs, service
from zhichan.forensics.models import ForensicCase
from zhichan.forensics.schemas import CaseIn, RunIn
from zhichan.jobs import service as jobs_service

COURT = "演示知识产权法庭（演示）"
TITLE = "【演示】某游戏软件著作权纠纷 · 源代码比对"


def _zip(files: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    out.seek(0)
    return out


def load(*, session: Session, principal: Principal, shared_data: Path, data_dir: Path) -> int:
    """Create the demo case once; returns the number of comparison runs made (0 if present)."""
    root = shared_data / "forensics" / "ir-plag" / "IR-Plag-Dataset"
    try:
        court_id = accounts_service.org_id_by_name(session=session, name=COURT)
    except NotFound:
        return 0
    if not root.is_dir():
        return 0
    if session.scalar(select(ForensicCase.id).where(ForensicCase.title == TITLE)):
        return 0
    # the operator acts as the demo court's investigator, so the case belongs to the court
    acting = Principal(principal.user_id, "demo-court", court_id, OrgKind.COURT, Role.EDITOR)
    case = service.create_case(
        session=session,
        principal=acting,
        case_in=CaseIn(
            title=TITLE,
            case_number="（演示）浙01民初0001号",
            note="证据取自公开数据集 IR-Plag（真实代码），案情与当事人为演示虚构。",
        ),
    )
    deposit, product = {}, {}
    for case_dir, name in (("case-02", "Score"), ("case-05", "Account")):
        original = next((root / case_dir / "original").glob("*.java"))
        deposit[f"src/{name}.java"] = original.read_bytes()
        copy = sorted((root / case_dir / "plagiarized" / "L4").glob("*/*.java"))[0]
        product[f"game/{name.lower()}/Main.java"] = copy.read_bytes()
        own = sorted((root / case_dir / "non-plagiarized").glob("*/*.java"))[0]
        product[f"game/extra/{name}Helper.java"] = own.read_bytes()
    left, right = (
        service.add_evidence(
            session=session,
            principal=acting,
            case_id=case.id,
            stream=_zip(files),
            filename=f"{label}.zip",
            label=label,
            data_dir=data_dir,
        )
        for label, files in (("登记源代码（演示）", deposit), ("被诉游戏源代码（演示）", product))
    )
    run = service.create_run(
        session=session,
        principal=acting,
        case_id=case.id,
        run_in=RunIn(kind="code", left_id=left.id, right_id=right.id),
    )
    result = runs.run(
        "code",
        service.evidence_path(left, data_dir),
        service.evidence_path(right, data_dir),
        run.parameters,
    )
    run.state, run.result = "succeeded", result
    run.numbers_sha256, run.finished_at = result["manifest"]["numbers_sha256"], utcnow()
    if run.job_id is not None:
        jobs_service.complete_inline(
            session=session,
            job_id=run.job_id,
            result={"run_id": run.id, "numbers_sha256": run.numbers_sha256},
        )
    session.flush()
    return 1
