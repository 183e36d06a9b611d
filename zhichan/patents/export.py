"""Export patents: lossless JSONL, or CSV/XLSX with the Chinese headers the importer reads back."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from zhichan.core import tables
from zhichan.patents.models import Patent
from zhichan.patents.record import PatentRecord

FORMATS = ("jsonl", "csv", "xlsx")


def _join(values: list[str]) -> str:
    return ";".join(values)


COLUMNS: list[tuple[str, Callable[[PatentRecord], Any]]] = [
    ("公开(公告)号", lambda r: r.number),
    ("申请号", lambda r: r.application_number),
    ("申请日", lambda r: r.application_date),
    ("公开(公告)日", lambda r: r.publication_date),
    ("授权公告日", lambda r: r.grant_date),
    ("专利类型", lambda r: r.patent_type),
    ("发明名称", lambda r: r.title_zh or r.title_en),
    ("摘要", lambda r: r.abstract_zh or r.abstract_en),
    ("权利要求", lambda r: "\n".join(f"{c.num}.{c.text}" for c in r.claims)),
    ("申请(专利权)人", lambda r: _join([p.name_raw for p in r.applicants])),
    (
        "申请人地址",
        lambda r: (
            _join([p.address or "" for p in r.applicants])
            if any(p.address for p in r.applicants)
            else None
        ),
    ),
    ("当前权利人", lambda r: _join([p.name_raw for p in r.owners])),
    ("发明人", lambda r: _join(r.inventors)),
    ("主分类号", lambda r: r.ipc_main),
    ("IPC分类号", lambda r: _join([c.code for c in r.ipc])),
    ("CPC", lambda r: _join([c.code for c in r.cpc])),
    ("法律状态", lambda r: r.legal_status),
    ("法律事件", lambda r: "\n".join(f"{e.date or ''} {e.text}".strip() for e in r.legal_events)),
    ("代理机构", lambda r: r.agency),
    ("代理人", lambda r: _join(r.agents)),
    (
        "优先权",
        lambda r: _join(
            [f"{p.country or ''}{p.number} {p.date or ''}".strip() for p in r.priorities]
        ),
    ),
    ("同族", lambda r: _join(r.family_members)),
    ("引证专利", lambda r: _join([c.number for c in r.citations if c.number])),
    ("关键词", lambda r: _join(r.keywords)),
    ("来源", lambda r: r.source),
]


def records(session: Session, stmt: Select[Any]) -> Iterator[PatentRecord]:
    """Records in id order, fetched a thousand at a time."""
    result = session.execute(
        stmt.with_only_columns(Patent.data).order_by(Patent.id).execution_options(yield_per=1000)
    )
    for (data,) in result:
        yield PatentRecord.from_dict(data)


def _cells(rec: PatentRecord) -> list[Any]:
    values = []
    for _, get in COLUMNS:
        value = get(rec)
        values.append(
            "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value)
        )
    return values


STREAM_EVERY = 500


def stream(
    fmt: str, recs: Iterable[PatentRecord], counter: list[int] | None = None
) -> Iterator[str]:
    """JSONL or CSV text in pieces of a few hundred records, so no export is held whole.

    ``counter``, when given, receives the number of records written in its first element.
    """
    counted = _counting(recs, counter)
    if fmt == "csv":
        header = [name for name, _ in COLUMNS]
        yield from tables.csv_lines(header, (_cells(r) for r in counted), STREAM_EVERY)
        return
    buf: list[str] = []
    for rec in counted:
        buf.append(rec.to_json() + "\n")
        if len(buf) == STREAM_EVERY:
            yield "".join(buf)
            buf.clear()
    yield "".join(buf)


def _counting(recs: Iterable[PatentRecord], counter: list[int] | None) -> Iterator[PatentRecord]:
    n = 0
    for n, rec in enumerate(recs, start=1):  # noqa: B007 - n is read after the loop
        yield rec
    if counter is not None:
        counter[:] = [n]


def write_text(fmt: str, recs: Iterable[PatentRecord], out: IO[str]) -> int:
    counter = [0]
    for piece in stream(fmt, recs, counter):
        out.write(piece)
    return counter[0]


def write_jsonl(recs: Iterable[PatentRecord], out: IO[str]) -> int:
    return write_text("jsonl", recs, out)


def write_csv(recs: Iterable[PatentRecord], out: IO[str]) -> int:
    return write_text("csv", recs, out)


def write_xlsx(recs: Iterable[PatentRecord], out: IO[bytes]) -> int:
    counter = [0]
    rows = (_cells(r) for r in _counting(recs, counter))
    out.write(tables.xlsx_bytes([("专利", [name for name, _ in COLUMNS], rows)]))
    return counter[0]


def xlsx_bytes(recs: Iterable[PatentRecord]) -> bytes:
    """Excel needs the whole workbook before it can be sent; use JSONL or CSV for big sets."""
    buf = io.BytesIO()
    write_xlsx(recs, buf)
    return buf.getvalue()
