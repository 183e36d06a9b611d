"""IPC and CPC symbols to one form: ``G06F16/332``, with the edition kept apart (``2006.01``)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from zhichan.core.text import nfkc

SPLIT = re.compile(r"[;；,，、|\n]+")
_VERSION = re.compile(r"\(?\s*(\d{4})[.\-](\d{2})\s*\)?\s*[A-Z]?\s*$")
_SLASHED = re.compile(r"^([A-HY]\d{2}[A-Z])\s*0*(\d{1,4})\s*/\s*(\d{1,6})$")
_FIXED = re.compile(r"^([A-HY]\d{2}[A-Z])(\d{4})(\d{6})$")
_COMPACT = re.compile(r"^([A-HY]\d{2}[A-Z])\s+(\d{3,7})$")
_SUBCLASS = re.compile(r"^([A-HY]\d{2}[A-Z])$")


@dataclass(frozen=True, slots=True)
class Symbol:
    code: str
    version: str | None = None

    @property
    def subclass(self) -> str:
        return self.code[:4]

    @property
    def main_group(self) -> str:
        """``G06F16/00`` for ``G06F16/332`` (the level the Chinese title table goes down to)."""
        if "/" not in self.code:
            return self.code
        return self.code.split("/")[0] + "/00"


def _subgroup(text: str) -> str:
    text = text.rstrip("0")
    return text if len(text) >= 2 else text.ljust(2, "0")


def parse(raw: str, known_main_groups: Collection[str] = ()) -> Symbol:
    """Parse one symbol; raises ``ValueError`` for text that is not an IPC/CPC symbol.

    Accepted: ``G06F 16/332``, ``G06F16/332 (2019.01)``, ``G06F0016332000`` (the fixed
    14-character form), ``G06F017/60`` (zero-padded groups), ``G06F 1516`` (USPTO's compact
    1990s form, whose split between main group and subgroup is ambiguous: a split whose main
    group is in ``known_main_groups`` wins, else two subgroup digits are assumed).
    """
    text = nfkc(raw).upper()
    version = None
    vm = _VERSION.search(text)
    if vm and vm.start() > 0:
        version = f"{vm.group(1)}.{vm.group(2)}"
        text = text[: vm.start()]
    text = text.strip()
    if m := _SLASHED.match(text):
        return Symbol(f"{m.group(1)}{int(m.group(2))}/{m.group(3).ljust(2, '0')}", version)
    compact = text.replace(" ", "")
    if m := _FIXED.match(compact):
        return Symbol(f"{m.group(1)}{int(m.group(2))}/{_subgroup(m.group(3))}", version)
    if m := _COMPACT.match(text):
        return Symbol(_split_compact(m.group(1), m.group(2), known_main_groups), version)
    if m := _SUBCLASS.match(compact):
        return Symbol(m.group(1), version)
    raise ValueError(f"无法识别的分类号：{raw}")


def _split_compact(subclass: str, digits: str, known: Collection[str]) -> str:
    candidates = [
        (digits[:i], digits[i:]) for i in range(1, min(4, len(digits) - 1)) if len(digits) - i >= 2
    ]
    for main, sub in candidates:
        if f"{subclass}{int(main)}/00" in known:
            return f"{subclass}{int(main)}/{sub}"
    main, sub = (digits[:-2], digits[-2:]) if len(digits) <= 4 else (digits[:2], digits[2:])
    return f"{subclass}{int(main)}/{sub}"


def parse_many(raw: str | None, known_main_groups: Collection[str] = ()) -> list[Symbol]:
    """Split a cell such as ``G06F16/332;G06F40/30`` and parse each symbol, keeping order."""
    if not raw:
        return []
    seen: dict[str, Symbol] = {}
    for part in SPLIT.split(raw):
        if part.strip():
            sym = parse(part, known_main_groups)
            seen.setdefault(sym.code, sym)
    return list(seen.values())


def version_from_date(value: str | None) -> str | None:
    """USPTO ``ipc-version-indicator`` 20060101 → ``2006.01``."""
    if value and len(value) >= 6 and value[:6].isdigit():
        return f"{value[:4]}.{value[4:6]}"
    return None
