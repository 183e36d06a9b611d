"""The Tantivy schema and the mapping from a canonical patent record to an index document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import tantivy

from zhichan.fulltext import analysis

#: Analysed text fields: field code → (index field stem, record fields read).
TEXT_FIELDS: dict[str, str] = {"TI": "ti", "AB": "ab", "CL": "cl", "PA": "pa", "IN": "in"}
#: Exact-value fields, searched with ``=`` and, where fast, counted as facets.
RAW_FIELDS: dict[str, str] = {
    "IPC": "ipc",
    "CPC": "cpc",
    "AN": "an",
    "PN": "pn",
    "LS": "ls",
    "PT": "pt",
    "PR": "pr",
    "PROV": "prov",
}
DATE_FIELDS: dict[str, str] = {"AD": "ad", "PD": "pd", "PR": "prd"}
FACET_FIELDS = ("year", "pt", "ipc_sc", "pa_raw", "ls", "prov")


def suffixes(analyser: str) -> tuple[str, ...]:
    return ("u", "b") if analyser == "bigram" else ("w",)


def schema(analyser: str) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("pid", stored=True, indexed=True, fast=True)
    for stem in TEXT_FIELDS.values():
        for suffix in suffixes(analyser):
            sb.add_text_field(f"{stem}_{suffix}", tokenizer_name=analysis.TOKENIZER)
    for name in (*RAW_FIELDS.values(), "ipc_sc", "pa_raw"):
        sb.add_text_field(name, tokenizer_name="raw", fast=name in FACET_FIELDS)
    for name in (*DATE_FIELDS.values(), "year"):
        sb.add_integer_field(name, indexed=True, fast=True)
    return sb.build()


def day_number(value: date | str | None) -> int | None:
    """``2020-05-01`` → 20200501, the integer form range queries and sorting use."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    digits = text.replace("-", "")[:8]
    return int(digits) if len(digits) == 8 and digits.isdigit() else None


def _names(parties: Iterable[dict[str, Any]]) -> list[str]:
    return [p.get("name") or p.get("name_raw") or "" for p in parties if p]


def fields_of(pid: int, rec: dict[str, Any], analyser: str, legal_category: str) -> dict[str, Any]:
    """The index document of one record (``rec`` is ``PatentRecord.to_dict()``)."""
    applicants = _names(rec.get("applicants") or []) or _names(rec.get("owners") or [])
    texts = {
        "ti": " ".join(filter(None, [rec.get("title_zh"), rec.get("title_en")])),
        "ab": " ".join(filter(None, [rec.get("abstract_zh"), rec.get("abstract_en")])),
        "cl": " ".join(c.get("text", "") for c in rec.get("claims") or []),
        "pa": " ".join(applicants),
        "in": " ".join(rec.get("inventors") or []),
    }
    doc: dict[str, Any] = {"pid": pid}
    for stem, text in texts.items():
        streams = analysis.streams(text, analyser)
        for suffix in suffixes(analyser):
            value = {"u": streams.unigrams, "b": streams.bigrams, "w": streams.words}[suffix]
            if value:
                doc[f"{stem}_{suffix}"] = value
    ipc = [c["code"] for c in rec.get("ipc") or []]
    doc.update(
        ipc=ipc,
        ipc_sc=sorted({c[:4] for c in ipc}),
        cpc=[c["code"] for c in rec.get("cpc") or []],
        an=[rec["application_number"]] if rec.get("application_number") else [],
        pn=[rec["number"]],
        ls=[legal_category],
        pt=[rec["patent_type"]] if rec.get("patent_type") else [],
        pr=[p["number"] for p in rec.get("priorities") or [] if p.get("number")],
        prov=sorted({p["province"] for p in rec.get("applicants") or [] if p.get("province")}),
        pa_raw=applicants,
    )
    for key, src in (("ad", "application_date"), ("pd", "publication_date")):
        if (day := day_number(rec.get(src))) is not None:
            doc[key] = day
    prds = [d for p in rec.get("priorities") or [] if (d := day_number(p.get("date")))]
    if prds:
        doc["prd"] = min(prds)
    year_from = doc.get("ad") or doc.get("pd")
    if year_from:
        doc["year"] = year_from // 10000
    return {k: v for k, v in doc.items() if v != []}


def fields_part(
    rows: Sequence[tuple[int, dict[str, Any], str]], *, analyser: str
) -> list[dict[str, Any]]:
    """A batch task: the index documents' fields of one partition of (id, record, legal
    category) rows — the Chinese analysis, three quarters of a rebuild's time, done where the
    batch engine runs while the index's one writer stays in the job's process."""
    return [fields_of(pid, rec, analyser, legal) for pid, rec, legal in rows]


def document(fields: dict[str, Any]) -> tantivy.Document:
    return tantivy.Document(**fields)
