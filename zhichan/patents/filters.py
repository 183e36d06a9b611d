"""A small filter syntax for listing and exporting patents (``--query``).

Terms are separated by spaces and all must hold: ``KEY=VALUE``, ``KEY>=DATE``, ``KEY<=DATE``.

=====  =====================================  ===========================
key    field                                  example
=====  =====================================  ===========================
PN     publication number (prefix)            ``PN=CN1188``
AN     application number (prefix)            ``AN=CN2017``
PA     applicant (normalised name contains)   ``PA=华为``
IPC    any IPC symbol (prefix)                ``IPC=G06F16``
CPC    any CPC symbol (prefix)                ``CPC=G06F40``
PT     patent type                            ``PT=invention``
CC     country                                ``CC=US``
LS     legal status text contains             ``LS=有效``
SRC    source file contains                   ``SRC=kppatent``
AD/PD  application / publication date         ``AD>=2020-01-01 PD<=2023.12.31``
=====  =====================================  ===========================

The full search language (Boolean operators, fields, full text) is the search domain's.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select

from zhichan.core.errors import InvalidInput
from zhichan.core.text import nfkc
from zhichan.patents.applicants import normalise_name
from zhichan.patents.dates import parse_date
from zhichan.patents.models import Patent, PatentClass, PatentParty

_TERM = re.compile(r"(?P<key>[A-Za-z]+)\s*(?P<op>>=|<=|=)\s*(?P<value>\S+)")
KEYS = ("PN", "AN", "PA", "IPC", "CPC", "PT", "CC", "LS", "SRC", "AD", "PD")


def _condition(key: str, op: str, value: str, pos: int) -> ColumnElement[bool]:
    if key in ("AD", "PD"):
        column = Patent.application_date if key == "AD" else Patent.publication_date
        try:
            when = parse_date(value)
        except ValueError as exc:
            raise InvalidInput(f"第 {pos + 1} 个字符处：{exc}", details={"position": pos}) from exc
        return column >= when if op == ">=" else (column <= when if op == "<=" else column == when)
    if op != "=":
        raise InvalidInput(f"第 {pos + 1} 个字符处：{key} 只支持 =", details={"position": pos})
    if key in ("IPC", "CPC"):
        code = value.upper().replace(" ", "")
        return exists().where(
            PatentClass.patent_id == Patent.id,
            PatentClass.scheme == key,
            PatentClass.code.startswith(code, autoescape=True),
        )
    if key == "PA":
        return exists().where(
            PatentParty.patent_id == Patent.id,
            PatentParty.name.contains(normalise_name(value), autoescape=True),
        )
    simple = {
        "PN": lambda: Patent.number.startswith(value.upper(), autoescape=True),
        "AN": lambda: Patent.application_number.startswith(value.upper(), autoescape=True),
        "PT": lambda: Patent.patent_type == value,
        "CC": lambda: Patent.country == value.upper(),
        "LS": lambda: Patent.legal_status.contains(value, autoescape=True),
        "SRC": lambda: Patent.source.contains(value, autoescape=True),
    }
    return simple[key]()


def apply(stmt: Select[Any], query: str | None) -> Select[Any]:
    """Add the query's conditions to ``stmt``; a malformed term names its position."""
    text = nfkc(query or "")
    pos = 0
    while pos < len(text):
        if text[pos] == " ":
            pos += 1
            continue
        m = _TERM.match(text, pos)
        if not m:
            raise InvalidInput(
                f"查询第 {pos + 1} 个字符处：应为 键=值（可用键：{' '.join(KEYS)}）",
                details={"position": pos},
            )
        key = m.group("key").upper()
        if key not in KEYS:
            raise InvalidInput(
                f"查询第 {pos + 1} 个字符处：未知键 {key}（可用键：{' '.join(KEYS)}）",
                details={"position": pos},
            )
        stmt = stmt.where(_condition(key, m.group("op"), m.group("value"), pos))
        pos = m.end()
    return stmt


def base() -> Select[Any]:
    return select(Patent)
