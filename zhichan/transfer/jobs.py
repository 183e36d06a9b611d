"""The transfer domain's background work.

* ``transfer.push``: the office's batch push. Planning every enterprise against the pool takes
  minutes at provincial scale, so it never runs inside a request. The push is one
  transaction, so a push cut off by a restart runs again from the start.
* ``transfer.learn``: the ranking model learned from feedback, queued after every
  ``RETRAIN_EVERY`` answers; it is used only once it beats the hand-set weights on held-back
  answers (``learning``).
* ``transfer.sheet``: an uploaded inventory sheet. It is read outside any transaction and
  written all-or-nothing, so neither the server nor other writers wait on a large sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core import dates, permissions
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.db.session import unit_of_work
from zhichan.jobs import service as jobs_service
from zhichan.jobs import uploads
from zhichan.jobs.batch import Batch
from zhichan.jobs.context import Context, principal_of, principal_params, queue_once
from zhichan.jobs.kinds import Kind
from zhichan.jobs.models import Job
from zhichan.search.service import SearchEngine
from zhichan.transfer import learning, push, service, sheet
from zhichan.transfer.models import Feedback

KIND = "transfer.push"
SHEET = "transfer.sheet"
LEARN = "transfer.learn"
#: Feedback answers between two trainings of the ranking model.
RETRAIN_EVERY = 20
#: Where uploaded sheets wait for their job, under the data directory.
SHEET_UPLOADS = "uploads-sheets"


def submit(*, session: Session, principal: Principal, k: int) -> Job:
    """Queue a push of each enterprise's and each pool patent's top ``k``."""
    permissions.require(principal, "transfer.push")
    return jobs_service.enqueue(
        session=session,
        kind=KIND,
        params={"k": k, "principal": principal_params(principal)},
        owner_org_id=principal.org_id,
        principal=principal,
    )


def kind(search: SearchEngine | None, batch: Batch) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        ctx.progress(f"匹配企业与专利（{batch.where}）", 0, None, force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            report = push.run(
                session=session,
                principal=who,
                k=int(ctx.params["k"]),
                engine=search,
                today=dates.today(),
                batch=batch,
                progress=lambda stage, done, total: ctx.progress(stage, done, total),
            )
        return {
            "batch": report.batch,
            "pairs": len(report.pairs),
            "enterprises": report.enterprises,
            "pool": report.pool,
        }

    return Kind(KIND, "批量推送", run, lane="default")


def learn_kind(search: SearchEngine | None) -> Kind:
    """``transfer.learn``: train the ranking model on the feedback (``learning.train``)."""

    def run(ctx: Context) -> dict[str, Any]:
        ctx.progress("按企业反馈训练排序模型", 0, None, force=True)
        system = Principal.operator("zhichan", via="job")
        with unit_of_work(ctx.factory, system, via="job", will_write=True) as session:
            t = learning.train(session=session, engine=search)
        return {
            "version": t.version,
            "active": "是" if t.active else "否",
            "train_pairs": t.train_pairs,
            "held_pairs": t.held_pairs,
            "auc_learned": None if t.auc_learned is None else round(t.auc_learned, 3),
            "auc_hand": None if t.auc_hand is None else round(t.auc_hand, 3),
            "note": t.note,
        }

    return Kind(LEARN, "排序模型训练", run, lane="default")


def retrain_if_due(session: Session) -> None:
    """Queue a training after every ``RETRAIN_EVERY`` answers (one waiting job covers many)."""
    answers = session.scalar(select(func.count(Feedback.id))) or 0
    if answers and answers % RETRAIN_EVERY == 0:
        queue_once(session=session, kind=LEARN)


def submit_sheet(
    *,
    session: Session,
    upload_dir: Path,
    stream: BinaryIO,
    filename: str,
    principal: Principal,
    org_id: int | None = None,
) -> Job:
    """Store an uploaded inventory sheet and queue its import in the caller's transaction."""
    permissions.require(principal, "transfer.inventory.write")
    owner = service.institution_of(principal, org_id, session)
    path, size = uploads.store(
        upload_dir=upload_dir, stream=stream, filename=filename, limit=sheet.MAX_BYTES
    )
    try:
        return jobs_service.enqueue(
            session=session,
            kind=SHEET,
            params={
                "path": str(path),
                "filename": uploads.safe_name(filename),
                "bytes": size,
                "org_id": owner,
                "principal": principal_params(principal),
            },
            owner_org_id=owner,
            principal=principal,
        )
    except BaseException:
        uploads.discard(path)
        raise


def sheet_kind(factory: sessionmaker[Session], upload_dir: Path) -> Kind:
    def run(ctx: Context) -> dict[str, Any]:
        who = principal_of(ctx.params["principal"])
        path = Path(ctx.params["path"])
        if not path.is_file():
            raise InvalidInput("上传的盘点表已不在服务器上（可能已被清理）；请重新上传")
        ctx.progress("读取盘点表", 0, None, force=True)
        rows = sheet.read_rows(path)
        ctx.progress("核对并写入", len(rows), len(rows), force=True)
        with unit_of_work(ctx.factory, who, via="job", will_write=True) as session:
            report = sheet.apply_rows(
                session=session,
                principal=who,
                rows=rows,
                org_id=ctx.params.get("org_id"),
                today=dates.today(),
            )
        return {"rows": report.rows, "updated": report.updated}

    def sweep() -> None:
        uploads.sweep(factory, upload_dir, SHEET)

    return Kind(
        SHEET,
        "盘点表导入",
        run,
        lane="default",
        cleanup=lambda params: uploads.discard(params["path"]),
        sweep=sweep,
    )
