"""Claims: split into numbered claims, and find the claims each one depends on.

Dependencies are read from the wording when the source gives no structure:
Chinese ``根据权利要求1所述``, ``如权利要求1或2所述``, ``权利要求1-3任一项``; English
``of claim 1``, ``according to claims 1 or 2``, ``as claimed in any one of claims 1 to 3``.
A claim with no reference is independent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhichan.core.text import nfkc_lines


@dataclass(slots=True)
class Claim:
    num: int
    text: str
    depends_on: list[int] = field(default_factory=list)

    @property
    def independent(self) -> bool:
        return not self.depends_on


_ZH_REF = re.compile(r"权利要求\s*((?:\d+\s*(?:[-~～至到或和、,，及]|或者)?\s*)+)")
_EN_REF = re.compile(r"\bclaims?\s+((?:\d+\s*(?:-|to|or|and|,|through)?\s*)+)", re.I)
_RANGE = re.compile(r"(\d+)\s*(?:-|~|～|至|到|to|through)\s*(\d+)", re.I)


def references(text: str, num: int | None = None) -> list[int]:
    """Claim numbers referred to in ``text`` (ranges expanded), excluding ``num`` itself."""
    found: list[int] = []
    for m in list(_ZH_REF.finditer(text)) + list(_EN_REF.finditer(text)):
        chunk = m.group(1)
        for r in _RANGE.finditer(chunk):
            lo, hi = int(r.group(1)), int(r.group(2))
            if 0 < lo <= hi and hi - lo < 200:
                found.extend(range(lo, hi + 1))
        chunk = _RANGE.sub(" ", chunk)
        found.extend(int(d) for d in re.findall(r"\d+", chunk))
    result = []
    for n in found:
        if n != num and n > 0 and (num is None or n < num) and n not in result:
            result.append(n)
    return result


_NUMBERED = re.compile(r"(?:^|\n|(?<=[。.;；]))\s*(\d{1,3})\s*[.．、:：]\s*(?=\S)")


def split_claims(raw: str | None) -> list[Claim]:
    """Split a claims text (``1.一种…\\n2.根据权利要求1所述…``) into numbered claims.

    Numbers must run 1, 2, 3…; a number that does not continue the sequence is part of the
    text (``步骤3.`` inside a claim stays inside it).
    """
    if not raw or not raw.strip():
        return []
    text = nfkc_lines(raw)
    starts: list[tuple[int, int, int]] = []
    expected = 1
    for m in _NUMBERED.finditer(text):
        if int(m.group(1)) == expected:
            starts.append((expected, m.start(), m.end()))
            expected += 1
    if not starts:
        return [Claim(1, text.strip())]
    claims = []
    for i, (num, _start, body_start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        body = text[body_start:end].strip()
        claims.append(Claim(num, body, references(body, num)))
    return claims


def tree(claims: list[Claim]) -> list[tuple[Claim, int]]:
    """Claims in display order with their depth: independent claims at 0, dependants below."""
    by_parent: dict[int, list[Claim]] = {}
    for c in claims:
        if c.depends_on:
            by_parent.setdefault(c.depends_on[0], []).append(c)
    out: list[tuple[Claim, int]] = []

    def visit(claim: Claim, depth: int) -> None:
        out.append((claim, depth))
        for child in by_parent.get(claim.num, []):
            visit(child, depth + 1)

    for c in claims:
        if c.independent:
            visit(c, 0)
    placed = {c.num for c, _ in out}
    out.extend((c, 1) for c in claims if c.num not in placed)
    return out
