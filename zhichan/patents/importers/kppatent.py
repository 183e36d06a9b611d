"""KPPatent-ZH JSONL: real Chinese patent texts with keyphrases and no bibliographic data.

Each record gets the stable local number ``kppatent-zh:<id>``; the bibliographic fields the
dataset does not carry are listed in ``unknown`` (shown as 未知), never invented.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from zhichan.core.text import nfkc, optional_nfkc
from zhichan.patents.claims import split_claims
from zhichan.patents.importers.base import Failed, Format, Item, Meter, Options, Parsed, Raw
from zhichan.patents.record import ClaimItem, PatentRecord

PREFIX = "kppatent-zh:"
UNKNOWN = sorted(
    [
        "application_number",
        "application_date",
        "publication_date",
        "grant_date",
        "applicants",
        "inventors",
        "ipc",
        "legal_status",
        "patent_type",
        "country",
        "kind",
    ]
)
KEYS = {"id", "split", "abstract", "keywords"}


def looks_like(first: dict[str, Any]) -> bool:
    return set(first) >= KEYS


def record(obj: dict[str, Any], source: str) -> PatentRecord:
    ident = str(obj["id"]).strip()
    if not ident:
        raise ValueError("id 为空")
    return PatentRecord(
        number=PREFIX + ident,
        title_zh=optional_nfkc(obj.get("title")),
        abstract_zh=optional_nfkc(obj.get("abstract")),
        claims=[ClaimItem(c.num, c.text, c.depends_on) for c in split_claims(obj.get("claims"))],
        keywords=[nfkc(k) for k in obj.get("keywords") or [] if str(k).strip()],
        unknown=UNKNOWN,
        source=source,
    )


def lines(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]:
    for n, raw in enumerate(fh, start=1):
        meter.done += len(raw)
        if raw.strip():
            yield Raw(f"第 {n} 行", raw)


def parse(raw: Raw, opts: Options) -> Item:
    try:
        return Parsed(raw.location, [record(json.loads(raw.payload), opts.source_name)])
    except (ValueError, KeyError, TypeError) as exc:
        return Failed(raw.location, "id" if isinstance(exc, KeyError) else None, f"无法解析：{exc}")


FORMAT = Format("kppatent", lines, parse)
