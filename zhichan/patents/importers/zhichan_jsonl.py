"""zhichan's own JSONL: one canonical record per line, the lossless export format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from zhichan.patents.importers.base import Failed, Item, Meter, Options, Parsed
from zhichan.patents.record import PatentRecord


def looks_like(first: dict[str, Any]) -> bool:
    return "number" in first and "unknown" in first


def read(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Item]:
    for n, raw in enumerate(fh, start=1):
        meter.done += len(raw)
        if not raw.strip():
            continue
        try:
            rec = PatentRecord.from_dict(json.loads(raw))
            if not rec.number:
                raise ValueError("number 为空")
            yield Parsed(f"第 {n} 行", [rec])
        except (ValueError, KeyError, TypeError) as exc:
            yield Failed(f"第 {n} 行", None, f"无法解析：{exc}")
