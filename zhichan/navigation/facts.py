"""What the navigation analyses read of a patent, and the scope that picks the patents.

A ``Fact`` is one record's bibliographic facts after applicant names are merged through the
alias table; ``None`` or an empty tuple means the record does not say (the Chinese KPPatent
texts have no dates, applicants or IPC), and every analysis counts those instead of
guessing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

#: The fields an analysis may need, with the words a chart uses when they are missing.
FIELDS = {
    "filing_year": "申请日",
    "publication_year": "公开日",
    "grant_year": "授权日",
    "ipc": "IPC 分类号",
    "applicants": "申请人",
    "province": "申请人省份",
    "inventors": "发明人",
    "status": "法律状态",
    "text": "摘要或权利要求文本",
    "events": "法律事件",
    "sei": "战略性新兴产业归属",
}


@dataclass(frozen=True, slots=True)
class Fact:
    number: str
    filing_year: int | None = None
    publication_year: int | None = None
    grant_year: int | None = None
    patent_type: str | None = None
    #: valid / invalid / pending / unknown.
    status: str = "unknown"
    ipc: tuple[str, ...] = ()
    #: Canonical names (after the alias table), first applicant first.
    applicants: tuple[str, ...] = ()
    applicant_kinds: tuple[str, ...] = ()
    province: str | None = None
    inventors: tuple[str, ...] = ()
    title: str | None = None
    text: str | None = None
    pledges: int = 0
    content_hash: str | None = None
    #: Codes of the recorded legal events (``patents.legal``), oldest first.
    events: tuple[str, ...] = ()
    #: The effect phrases of ``text`` when the snapshot extracted them already (the text is
    #: then not kept); ``None``: read them from ``text``.
    effects: tuple[str, ...] | None = None
    #: The stored record's id (what other domains' verdicts are keyed by).
    patent_id: int | None = None
    #: Strategic emerging industries its IPC codes fall in (the 2021 concordance, confirmed).
    sei: tuple[str, ...] = ()

    def has(self, name: str) -> bool:
        if name == "text" and self.effects is not None:
            return True
        value = getattr(self, name)
        return bool(value) and value != "unknown"


@dataclass(frozen=True, slots=True)
class Scope:
    """Which records a report covers; empty parts select everything."""

    ipc: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    numbers: tuple[str, ...] = field(default=())

    def admits(self, f: Fact) -> bool:
        if self.ipc and not any(c.startswith(p) for c in f.ipc for p in self.ipc):
            return False
        if self.provinces and f.province not in self.provinces:
            return False
        if self.applicants and not set(self.applicants) & set(f.applicants):
            return False
        if self.years and (
            f.filing_year is None or not self.years[0] <= f.filing_year <= self.years[1]
        ):
            return False
        return not self.numbers or f.number in self.numbers

    def describe(self) -> dict[str, object]:
        return {
            "ipc": list(self.ipc),
            "provinces": list(self.provinces),
            "applicants": list(self.applicants),
            "years": list(self.years) if self.years else None,
            "numbers": len(self.numbers),
        }


def year(d: date | None) -> int | None:
    return d.year if d else None


def canonical(name: str, normalised: str, aliases: Mapping[str, str]) -> str:
    """The alias table's canonical name for a normalised name, else the name as written."""
    return aliases.get(normalised, name)


def snapshot_id(facts: Iterable[Fact]) -> str:
    """A content hash of the records a report read (number and content hash, sorted): the
    same records give the same id, a changed record another."""
    h = hashlib.sha256()
    for number, digest in sorted((f.number, f.content_hash or "") for f in facts):
        h.update(f"{number}\t{digest}\n".encode())
    return h.hexdigest()
