"""Print command results as aligned text for people or as JSON for scripts (``--json``): every
command's ``--json`` goes through :func:`print_json`, so scripts read one format (UTF-8, two-space
indent, dates and money as strings)."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import typer
from pydantic import BaseModel


def plain(data: Any) -> Any:
    """Models, dataclasses, mappings and sequences as JSON-ready values."""
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {f.name: plain(getattr(data, f.name)) for f in dataclasses.fields(data)}
    if isinstance(data, Mapping):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [plain(v) for v in data]
    return data


def print_json(data: Any) -> None:
    typer.echo(json.dumps(plain(data), ensure_ascii=False, indent=2, default=str))


def emit(data: BaseModel | Sequence[BaseModel], *, as_json: bool, columns: Sequence[str]) -> None:
    rows = [data] if isinstance(data, BaseModel) else list(data)
    if as_json:
        print_json(data)
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
