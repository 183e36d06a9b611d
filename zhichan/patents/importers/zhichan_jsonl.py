"""zhichan's own JSONL: one canonical record per line, the lossless export format."""

from __future__ import annotations

import json
from typing import Any

from zhichan.patents.importers.base import Failed, Format, Item, Options, Parsed, Raw
from zhichan.patents.importers.kppatent import lines
from zhichan.patents.record import PatentRecord


def looks_like(first: dict[str, Any]) -> bool:
    return "number" in first and "unknown" in first


def parse(raw: Raw, opts: Options) -> Item:
    try:
        rec = PatentRecord.from_dict(json.loads(raw.payload))
        if not rec.number:
            raise ValueError("number 为空")
        return Parsed(raw.location, [rec])
    except (ValueError, KeyError, TypeError) as exc:
        return Failed(raw.location, None, f"无法解析：{exc}")


FORMAT = Format("zhichan", lines, parse)
