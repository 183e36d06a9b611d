"""Print command results as aligned text for people or as JSON for scripts (``--json``)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

import typer
from pydantic import BaseModel


def emit(data: BaseModel | Sequence[BaseModel], *, as_json: bool, columns: Sequence[str]) -> None:
    rows = [data] if isinstance(data, BaseModel) else list(data)
    if as_json:
        payload = (
            data.model_dump(mode="json")
            if isinstance(data, BaseModel)
            else [r.model_dump(mode="json") for r in rows]
        )
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = [[str(r.model_dump(mode="json").get(c, "") or "") for c in columns] for r in rows]
    widths = [max([_width(c), *(_width(row[i]) for row in table)]) for i, c in enumerate(columns)]
    for row in [list(columns), *table]:
        typer.echo("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip())


def _width(text: str) -> int:
    # Chinese characters take two terminal columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
