"""A record turned into the rows the database stores, computed where the record is parsed.

``Prepared`` carries the canonical JSON text of the record, so it is serialised once (in a
worker process for large imports) and written as is; see ``PreSerialized``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from zhichan.patents.record import PatentRecord, hash_of


class PreSerialized(dict[str, Any]):
    """A dict that already knows its JSON text; the engine's serializer writes ``.text``."""

    __slots__ = ("text",)

    def __init__(self, data: dict[str, Any], text: str) -> None:
        super().__init__(data)
        self.text = text

    def __reduce__(self) -> tuple[Any, ...]:
        return (PreSerialized, (dict(self), self.text))


@dataclass(slots=True)
class Prepared:
    number: str
    digest: str
    row: dict[str, Any]
    parties: list[dict[str, Any]]
    classes: list[dict[str, Any]]
    citations: list[dict[str, Any]]

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.row["data"]
        return data

    def record(self) -> PatentRecord:
        return PatentRecord.from_dict(dict(self.data))


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def prepare(rec: PatentRecord) -> Prepared:
    data = rec.to_dict()
    text = _dump(data)
    digest = hash_of(data)
    first = rec.applicants[0].name if rec.applicants else None
    row = {
        "number": rec.number,
        "country": rec.country,
        "kind": rec.kind,
        "application_number": rec.application_number,
        "family_id": rec.family_id,
        "patent_type": rec.patent_type,
        "title": rec.title,
        "first_applicant": first[:300] if first else None,
        "application_date": rec.application_date,
        "publication_date": rec.publication_date,
        "grant_date": rec.grant_date,
        "ipc_main": rec.ipc_main,
        "legal_status": rec.legal_status[:200] if rec.legal_status else None,
        "content_hash": digest,
        "source": rec.source[:300] if rec.source else None,
        "data": PreSerialized(data, text),
    }
    parties = [
        {
            "role": role,
            "seq": i,
            "name": p.name[:300],
            "kind": p.kind,
            "country": (p.country or "")[:2] or None,
            "province": (p.province or "")[:16] or None,
        }
        for role, group in (("applicant", rec.applicants), ("owner", rec.owners))
        for i, p in enumerate(group)
    ]
    classes = [
        {
            "scheme": scheme,
            "code": c.code,
            "subclass": c.code[:4],
            "main_group": c.code.split("/")[0] + "/00" if "/" in c.code else c.code,
            "is_main": scheme == "IPC" and c.code == rec.ipc_main,
        }
        for scheme, group in (("IPC", rec.ipc), ("CPC", rec.cpc))
        for c in group
    ]
    citations = [
        {"seq": i, "cited": c.number[:64]} for i, c in enumerate(rec.citations) if c.number
    ]
    return Prepared(rec.number, digest, row, parties, classes, citations)
