"""The registration documents of a loan (质押登记办法 第七条: application form, contract, identity
proofs or the signed undertaking, authorisation, appraisal report, co-owners' consent): uploaded
by the bank or the enterprise, bounded, hashed while written; read by the loan's parties only.
A failed upload leaves nothing behind."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.principal import Principal
from zhichan.jobs import uploads
from zhichan.pledge import access
from zhichan.pledge.catalogue import DOCUMENTS
from zhichan.pledge.models import Document, Loan
from zhichan.pledge.schemas import DocumentRead

FOLDER = "pledge"
MAX_BYTES = 20 * 1024 * 1024
MAX_PER_LOAN = 50
#: Scans and signed documents as banks and the registration office take them.
SUFFIXES = frozenset({".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".docx"})
ACCEPTED = "PDF、版式文档（OFD）、图片（JPG、PNG）或文字处理文档（DOCX）"


def add(
    *,
    session: Session,
    principal: Principal,
    loan: Loan,
    kind: str,
    stream: BinaryIO,
    filename: str,
    data_dir: Path,
) -> DocumentRead:
    if not access.actors(principal, loan) & {"bank", "enterprise"}:
        raise access.denied("上传登记材料")
    if kind not in DOCUMENTS:
        raise InvalidInput(f"未知的材料类型：{kind}", details={"field": "kind"})
    name = uploads.safe_name(filename)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise InvalidInput(f"只接受 {ACCEPTED}：{name}", details={"field": "file"})
    if len(of(session, loan)) >= MAX_PER_LOAN:
        raise InvalidInput(f"一笔贷款至多 {MAX_PER_LOAN} 份材料")
    doc = Document(
        loan_id=loan.id,
        kind=kind,
        filename=name,
        stored="",
        size=0,
        sha256="",
        uploaded_by=principal.actor,
    )
    session.add(doc)
    session.flush()
    folder = Path(FOLDER) / str(loan.id) / str(doc.id)
    (data_dir / folder).mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    try:
        with (data_dir / folder / name).open("wb") as out:
            for block in iter(lambda: stream.read(1 << 20), b""):
                size += len(block)
                if size > MAX_BYTES:
                    raise InvalidInput(f"文件超过 {MAX_BYTES // 1024 // 1024} MB 上限，未上传")
                digest.update(block)
                out.write(block)
        if size == 0:
            raise InvalidInput("上传的文件是空的")
    except BaseException:
        shutil.rmtree(data_dir / folder, ignore_errors=True)
        raise
    doc.stored, doc.size, doc.sha256 = str(folder / name), size, digest.hexdigest()
    session.flush()
    return read(doc)


def of(session: Session, loan: Loan) -> list[Document]:
    return list(
        session.scalars(select(Document).where(Document.loan_id == loan.id).order_by(Document.id))
    )


def kinds(session: Session, loan: Loan) -> set[str]:
    return {d.kind for d in of(session, loan)}


def path_of(session: Session, loan: Loan, document_id: int, data_dir: Path) -> tuple[Path, str]:
    """The stored file of one of the loan's documents (the caller has read the loan)."""
    doc = session.get(Document, document_id)
    if doc is None or doc.loan_id != loan.id or not doc.stored:
        raise NotFound(f"材料 {document_id} 不存在", details={"id": document_id})
    return data_dir / doc.stored, doc.filename


def read(d: Document) -> DocumentRead:
    return DocumentRead(
        id=d.id,
        kind=d.kind,
        kind_label=DOCUMENTS[d.kind][0],
        filename=d.filename,
        size=d.size,
        sha256=d.sha256,
        uploaded_by=d.uploaded_by,
        uploaded_at=d.uploaded_at,
    )
