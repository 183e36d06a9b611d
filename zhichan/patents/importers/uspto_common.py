"""Helpers shared by the USPTO dialect parsers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date

from zhichan.core.text import nfkc
from zhichan.patents import applicants, claims, dates
from zhichan.patents.record import ClaimItem, Party

_SPACES = re.compile(r"\s+")


def text(el: ET.Element | None) -> str | None:
    """All text under ``el``, whitespace collapsed; ``None`` when empty or missing."""
    if el is None:
        return None
    joined = _SPACES.sub(" ", "".join(el.itertext())).strip()
    return nfkc(joined) or None


def first(el: ET.Element, *paths: str) -> str | None:
    for path in paths:
        found = text(el.find(path))
        if found:
            return found
    return None


def paragraphs(el: ET.Element | None) -> str | None:
    """Paragraph-preserving text of an abstract or description."""
    if el is None:
        return None
    parts = [text(p) for p in el if text(p)]
    joined = "\n".join(p for p in parts if p)
    return joined or text(el)


def date_of(value: str | None) -> date | None:
    return dates.parse_date(value) if value else None


def party(
    name: str, *, city: str | None = None, state: str | None = None, country: str | None = None
) -> Party:
    address = ", ".join(p for p in (city, state, country) if p) or None
    normalised = applicants.normalise_name(name)
    return Party(
        name_raw=name,
        name=normalised,
        kind=applicants.classify(name, normalised=normalised),
        country=country or ("US" if state else None),
        province=state,
        city=city,
        address=address,
    )


def person(given: str | None, family: str | None, middle: str | None = None) -> str | None:
    parts = [p for p in (given, middle, family) if p]
    return " ".join(parts) or None


def claim_items(items: Iterable[tuple[int, str, list[int]]]) -> list[ClaimItem]:
    """Claims with structured references where given, else references read from the text."""
    out = []
    for num, raw_body, refs in items:
        body = re.sub(rf"^\s*{num}\s*[.．]\s*", "", raw_body)  # the text repeats its own number
        deps = [r for r in refs if r < num] or claims.references(body, num)
        out.append(ClaimItem(num, body, deps))
    return out


def claim_number(raw: str | None, fallback: int) -> int:
    digits = re.findall(r"\d+", raw or "")
    return int(digits[-1]) if digits else fallback
