"""Strategic-emerging-industry (SEI) categories of IPC codes.

Source: 《战略性新兴产业分类与国际专利分类参照关系表（2021）》 (CNIPA), as transcribed in
``shared/data/reference/sei-ipc``. Matching follows that table's README:

* a code falls under a rule when it matches at least one of the rule's patterns and none of
  its exclusions;
* ``*`` covers that level and everything below it, compared level by level (section, class,
  subclass, main group, subgroup) — ``B60L8*`` covers ``B60L8/16`` but not ``B60L80/00``;
* without ``*``: a full subgroup means exactly that subgroup, a bare subclass the whole
  subclass, a bare main group (``H03M13``) means ``H03M13/00`` only;
* a rule with keywords is *confirmed* only when one of its keywords also occurs in the text;
  an IPC-only hit is reported for review, not as confirmed.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_CODE = re.compile(r"^([A-HY])(\d{2})?([A-Z])?(\d{1,4})?(?:/(\d{1,6}))?$")


@functools.lru_cache(maxsize=1 << 16)
def _levels(code: str) -> tuple[str, ...]:
    m = _CODE.match(code)
    if not m:
        raise ValueError(f"无法解析的分类号：{code}")
    section, cls, subclass, group, sub = m.groups()
    levels = [section]
    for part in (cls, subclass, str(int(group)) if group else None, sub):
        if part is None:
            break
        levels.append(part)
    return tuple(levels)


# Codes repeat across millions of patents and every one is tried against every pattern of the
# table: both parses and answers are cached (bounded; the table has under 2,000 patterns).
@functools.lru_cache(maxsize=1 << 18)
def matches(pattern: str, code: str) -> bool:
    code_levels = _levels(code)
    if pattern.endswith("*"):
        prefix = _levels(pattern[:-1])
        return code_levels[: len(prefix)] == prefix
    pat = _levels(pattern)
    if len(pat) == 3:  # bare subclass: the whole subclass
        return code_levels[:3] == pat
    if len(pat) == 4:  # bare main group: the /00 group only
        pat = (*pat, "00")
    return code_levels == pat


@dataclass(frozen=True, slots=True)
class Rule:
    sei_code: str
    sei_name: str
    rule_no: int
    ipc_patterns: Sequence[str]
    exclude_patterns: Sequence[str]
    keywords: Sequence[str]

    @property
    def keyword_items(self) -> list[str]:
        return [
            k.strip()
            for text in self.keywords
            for k in re.split(r"[；;、，,]", text)
            if len(k.strip()) >= 2
        ]


def read_rules(path: Path) -> list[Rule]:
    """The rules of a concordance file (``sei_ipc_2021.jsonl``: one JSON rule per line)."""
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    fields = ("sei_code", "sei_name", "rule_no", "ipc_patterns", "exclude_patterns", "keywords")
    return [Rule(*(r[f] for f in fields)) for r in rows]


@dataclass(frozen=True, slots=True)
class Hit:
    sei_code: str
    sei_name: str
    rule_no: int
    ipc: str
    pattern: str
    confirmed: bool
    keyword: str | None


class Concordance:
    """The table's rules with their patterns filed under the subclass they can match, so a code
    is tried against a few dozen patterns instead of all of them (the answers are those of
    trying every rule in order: the same hits, the same first matching pattern of each rule)."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        self._keywords = [rule.keyword_items for rule in self.rules]
        self._by_subclass: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}
        # Patterns above subclass level (a section, a class) and any the parser rejects, which
        # are then tried — and fail — as before.
        self._wide: list[tuple[int, int, str]] = []
        for r, rule in enumerate(self.rules):
            for i, pattern in enumerate(rule.ipc_patterns):
                try:
                    levels = _levels(pattern.removesuffix("*"))
                except ValueError:
                    levels = ()
                if len(levels) >= 3:
                    self._by_subclass.setdefault(levels[:3], []).append((r, i, pattern))
                else:
                    self._wide.append((r, i, pattern))

    def _first_patterns(self, code: str) -> dict[int, tuple[int, str]]:
        """Each rule's first pattern (in the rule's order) that ``code`` matches."""
        first: dict[int, tuple[int, str]] = {}
        for r, i, pattern in (*self._by_subclass.get(_levels(code)[:3], ()), *self._wide):
            if (r not in first or i < first[r][0]) and matches(pattern, code):
                first[r] = (i, pattern)
        return first

    def classify(self, codes: Iterable[str], text: str = "") -> list[Hit]:
        """Every (category, rule) that one of ``codes`` falls under, with the pattern that
        matched; for a rule several codes fall under, the first code, or the first whose
        rule keyword the text confirms."""
        codes = [c for c in codes if _CODE.match(c)]
        found: dict[int, dict[int, str]] = {}
        for n, code in enumerate(codes):
            for r, (_, pattern) in self._first_patterns(code).items():
                found.setdefault(r, {})[n] = pattern
        hits: dict[tuple[str, int], Hit] = {}
        for r in sorted(found):
            rule = self.rules[r]
            for n, pattern in sorted(found[r].items()):
                code = codes[n]
                if any(matches(x, code) for x in rule.exclude_patterns):
                    continue
                keyword = next((k for k in self._keywords[r] if k in text), None)
                confirmed = keyword is not None or not self._keywords[r]
                key = (rule.sei_code, rule.rule_no)
                if key not in hits or (confirmed and not hits[key].confirmed):
                    hits[key] = Hit(
                        rule.sei_code,
                        rule.sei_name,
                        rule.rule_no,
                        code,
                        pattern,
                        confirmed,
                        keyword,
                    )
        return sorted(hits.values(), key=lambda h: (h.sei_code, h.rule_no))


def classify(codes: Iterable[str], rules: Iterable[Rule], text: str = "") -> list[Hit]:
    """Every (category, rule) that one of ``codes`` falls under, with the pattern that matched
    (for many records, build one :class:`Concordance` and keep it)."""
    return Concordance(rules).classify(codes, text)
