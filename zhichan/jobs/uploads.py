"""Uploaded files that a background job reads: bounded while they are copied, stored in a
folder of their own before the job is queued (so a job cut off by a restart runs again from
the same file), removed when the job ends, and swept at start when no open job reads them."""

from __future__ import annotations

import re
import shutil
import time
import uuid
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.errors import InvalidInput
from zhichan.jobs import service

BLOCK = 1 << 20
#: Seconds an upload folder without a job is left alone (its request may still be running).
GRACE_S = 3600


def safe_name(name: str) -> str:
    base = Path(name or "upload").name
    return re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", base)[:120] or "upload"


def store(*, upload_dir: Path, stream: BinaryIO, filename: str, limit: int) -> tuple[Path, int]:
    """Copy ``stream`` into a new folder, refusing it past ``limit`` bytes. → (path, bytes)"""
    folder = upload_dir / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(filename)
    try:
        copied = 0
        with path.open("wb") as out:
            for block in iter(lambda: stream.read(BLOCK), b""):
                copied += len(block)
                if copied > limit:
                    raise InvalidInput(f"文件超过 {_size(limit)} 上限，未上传")
                out.write(block)
        if copied == 0:
            raise InvalidInput("上传的文件是空的")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path.resolve(), copied


def _size(n: int) -> str:
    return f"{n // 1024**3} GB" if n >= 1024**3 else f"{n // 1024**2} MB"


def discard(path: str | Path) -> None:
    shutil.rmtree(Path(path).parent, ignore_errors=True)


def sweep(factory: sessionmaker[Session], upload_dir: Path, kind: str) -> int:
    """Remove the folders of ``upload_dir`` that no waiting or running job of ``kind`` will
    read, except fresh ones (an upload still arriving has no job yet). → folders removed"""
    if not upload_dir.is_dir():
        return 0
    fresh = time.time() - GRACE_S
    with factory() as session:
        wanted = {
            Path(j.params.get("path", "")).parent.name
            for j in service.open_of_kind(session=session, kinds=(kind,))
        }
    removed = 0
    for folder in upload_dir.iterdir():
        if not folder.is_dir() or folder.name in wanted:
            continue
        if max((f.stat().st_mtime for f in folder.iterdir()), default=0.0) < fresh:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
