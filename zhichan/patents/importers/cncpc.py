"""CN publications with CPC labels (``publication_number,text,labels,n_labels`` CSV).

``text`` is either ``Title: …\\nKeywords: …\\nAbstract: …`` or ``title [SEP] keywords [SEP]
abstract``; the keywords are English terms.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from zhichan.core.text import nfkc, optional_nfkc
from zhichan.patents import ipc, numbers
from zhichan.patents.importers.base import Failed, Format, Item, Meter, Options, Parsed, Raw
from zhichan.patents.record import Classification, PatentRecord

HEADER = ["publication_number", "text", "labels", "n_labels"]
UNKNOWN = sorted(
    [
        "application_number",
        "application_date",
        "publication_date",
        "applicants",
        "inventors",
        "ipc",
        "legal_status",
    ]
)
_LABELLED = re.compile(
    r"^\s*Title:\s*(?P<title>.*?)\s*Keywords:\s*(?P<kw>.*?)\s*Abstract:\s*(?P<abs>.*)$", re.S
)


def split_text(text: str) -> tuple[str | None, list[str], str | None]:
    if m := _LABELLED.match(text):
        title, kw, abstract = m.group("title"), m.group("kw"), m.group("abs")
        keywords = [k.strip() for k in kw.split(";")]
    elif text.count("[SEP]") == 2:
        title, kw, abstract = (p.strip() for p in text.split("[SEP]"))
        keywords = [kw] if kw else []
    else:
        raise ValueError("text 列既不是 Title/Keywords/Abstract 格式，也不是 [SEP] 分隔格式")
    return optional_nfkc(title), [nfkc(k) for k in keywords if k.strip()], optional_nfkc(abstract)


def record(row: dict[str, str], source: str) -> PatentRecord:
    pub = numbers.parse_publication_number(row["publication_number"])
    title, keywords, abstract = split_text(row["text"])
    labels = json.loads(row["labels"] or "[]")
    cpc = [Classification(ipc.parse(code).code) for code in labels]
    if row.get("n_labels") and int(row["n_labels"]) != len(labels):
        raise ValueError(f"n_labels={row['n_labels']} 与 labels 中的 {len(labels)} 个分类号不符")
    return PatentRecord(
        number=pub.text,
        country=pub.country,
        kind=pub.kind,
        patent_type=numbers.cn_type_from_kind(pub.kind),
        title_zh=title,
        abstract_zh=abstract,
        keywords=keywords,
        cpc=cpc,
        unknown=UNKNOWN,
        source=source,
    )


def rows(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    for row in reader:
        meter.done = fh.tell() if fh.seekable() else meter.done
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # exporters pad with ",,," rows
        yield Raw(f"第 {reader.line_num} 行", row)


def parse(raw: Raw, opts: Options) -> Item:
    try:
        return Parsed(raw.location, [record(raw.payload, opts.source_name)])
    except (ValueError, KeyError) as exc:
        return Failed(raw.location, None, str(exc))


FORMAT = Format("cn-cpc", rows, parse)
