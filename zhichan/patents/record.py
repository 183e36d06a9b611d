"""The canonical patent record every importer produces, and zhichan's lossless JSONL form.

A field is ``None`` (or an empty list) when the source did not give it. ``unknown`` names the
fields a source is known *not* to carry (KPPatent-ZH has no numbers, dates or applicants):
they are shown as 未知, never invented.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

FORMAT_VERSION = 1


@dataclass(slots=True)
class Party:
    name_raw: str
    name: str
    kind: str | None = None
    country: str | None = None
    province: str | None = None
    city: str | None = None
    address: str | None = None


@dataclass(slots=True)
class ClaimItem:
    num: int
    text: str
    depends_on: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Priority:
    country: str | None
    number: str
    date: date | None = None


@dataclass(slots=True)
class Citation:
    number: str
    country: str | None = None
    kind: str | None = None
    date: date | None = None
    category: str | None = None
    text: str | None = None


@dataclass(slots=True)
class LegalEvent:
    date: date | None
    code: str
    text: str


@dataclass(slots=True)
class Classification:
    code: str
    version: str | None = None


@dataclass(slots=True)
class PatentRecord:
    number: str
    country: str | None = None
    kind: str | None = None
    application_number: str | None = None
    application_check: str | None = None
    family_id: str | None = None
    family_members: list[str] = field(default_factory=list)
    patent_type: str | None = None
    title_zh: str | None = None
    title_en: str | None = None
    abstract_zh: str | None = None
    abstract_en: str | None = None
    description: str | None = None
    claims: list[ClaimItem] = field(default_factory=list)
    applicants: list[Party] = field(default_factory=list)
    owners: list[Party] = field(default_factory=list)
    inventors: list[str] = field(default_factory=list)
    agency: str | None = None
    agents: list[str] = field(default_factory=list)
    application_date: date | None = None
    publication_date: date | None = None
    grant_date: date | None = None
    priorities: list[Priority] = field(default_factory=list)
    ipc: list[Classification] = field(default_factory=list)
    ipc_main: str | None = None
    cpc: list[Classification] = field(default_factory=list)
    national_classes: list[str] = field(default_factory=list)
    locarno: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    legal_status: str | None = None
    legal_events: list[LegalEvent] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    source: str | None = None

    @property
    def title(self) -> str | None:
        return self.title_zh or self.title_en

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = _plain(self)
        return result

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PatentRecord:
        known = _FIELD_SET
        unknown_keys = set(data) - known
        if unknown_keys:
            raise ValueError(f"未知字段：{', '.join(sorted(unknown_keys))}")
        values = {k: v for k, v in data.items() if k in known}
        for key in ("application_date", "publication_date", "grant_date"):
            values[key] = _date(values.get(key))
        values["claims"] = [ClaimItem(**c) for c in values.get("claims") or []]
        values["applicants"] = [Party(**p) for p in values.get("applicants") or []]
        values["owners"] = [Party(**p) for p in values.get("owners") or []]
        values["priorities"] = [
            Priority(p.get("country"), p["number"], _date(p.get("date")))
            for p in values.get("priorities") or []
        ]
        values["ipc"] = [Classification(**c) for c in values.get("ipc") or []]
        values["cpc"] = [Classification(**c) for c in values.get("cpc") or []]
        values["citations"] = [
            Citation(**{**c, "date": _date(c.get("date"))}) for c in values.get("citations") or []
        ]
        values["legal_events"] = [
            LegalEvent(_date(e.get("date")), e["code"], e["text"])
            for e in values.get("legal_events") or []
        ]
        return cls(**values)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def hash_of(data: dict[str, Any]) -> str:
    """SHA-256 of a record's dict form without its provenance: equal means nothing changed."""
    content = {k: v for k, v in data.items() if k != "source"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


_NESTED: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    # dataclasses.asdict deep-copies every leaf; this walks the known shapes only, and
    # handles scalars inline because a call per string is what an import spends most time on.
    names = _NESTED.get(type(value))
    if names is None:
        if type(value) is list:
            return [_plain(v) for v in value]
        return value.isoformat() if type(value) is date else value
    out = {}
    for name in names:
        v = getattr(value, name)
        kind = type(v)
        if v is None or kind is str or kind is int or kind is bool:
            out[name] = v
        elif kind is list:
            out[name] = [x if type(x) is str or type(x) is int else _plain(x) for x in v]
        elif kind is date:
            out[name] = v.isoformat()
        else:
            out[name] = _plain(v)
    return out


for _cls in (Party, ClaimItem, Priority, Citation, LegalEvent, Classification, PatentRecord):
    _NESTED[_cls] = tuple(f.name for f in fields(_cls))


def merge(existing: PatentRecord, incoming: PatentRecord) -> PatentRecord:
    """The incoming record's given fields win; what it does not give is kept from before.

    A field the incoming source marks ``unknown`` never erases a known value.
    """
    old, new = existing.to_dict(), incoming.to_dict()
    merged = dict(old)
    for key, value in new.items():
        if key == "unknown":
            continue
        if value not in (None, [], ""):
            merged[key] = value
    still_unknown = [u for u in incoming.unknown if merged.get(u) in (None, [], "")]
    merged["unknown"] = sorted(
        set(still_unknown) | {u for u in existing.unknown if merged.get(u) in (None, [], "")}
    )
    return PatentRecord.from_dict(merged)


_FIELD_SET = frozenset(_NESTED[PatentRecord])
