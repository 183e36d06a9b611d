"""The line comparison report of a software-copyright investigation, in the form the seed's
case shows (seeds/000 §1.1: left = the registered code, right = the accused source).

Each line of both files ends in exactly one category, so for every comparison

    left  = identical + unimportant left-only + unimportant differences
            + important left-only + important differences
    right = identical + unimportant right-only + unimportant differences
            + important right-only + important differences

1. Every line is normalised by the *unimportance rules* (letter case, whitespace, comments of
   the language, line endings); a blank or comment-only line normalises to "".
2. The normalised sequences are aligned with the histogram diff (:mod:`.histogram`).
   An aligned pair whose raw texts are equal (line endings aside) is *identical*; otherwise
   it differs only in unimportant ways: an *unimportant difference*.
3. Between aligned lines lie the difference sections (差异部分). In each, the lines that
   normalise to "" are *unimportant left/right-only*; the others are paired in order by
   token similarity (a pair needs ratio ≥ ``pair_threshold``): paired lines are *important
   differences*, the rest *important left/right-only*.
4. *Similar* (measured, where the seed's examiner estimated): important differences whose
   token sequences with identifiers and literals replaced by placeholders match with ratio
   ≥ ``similar_threshold`` — renamed variables, changed constants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from zhichan.forensics.code import histogram

COMMENTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    # language: (line-comment starts, (block start, block end) pairs)
    "c": (("//",), (("/*", "*/"),)),
    "python": (("#",), ()),
    "lua": (("--",), (("--[[", "]]"),)),
    "php": (("//", "#"), (("/*", "*/"),)),
    "none": ((), ()),
}
EXTENSIONS = {
    ".java": "c", ".c": "c", ".h": "c", ".cpp": "c", ".cc": "c", ".hpp": "c", ".cs": "c",
    ".js": "c", ".ts": "c", ".jsx": "c", ".tsx": "c", ".go": "c", ".kt": "c", ".swift": "c",
    ".py": "python", ".lua": "lua", ".php": "php",
}  # fmt: skip
_TOKEN = re.compile(
    r"[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*|\d[\w.]*|\"(?:\\.|[^\"])*\"|'(?:\\.|[^'])*'|\S"
)
KEYWORDS = frozenset([
    "if", "else", "for", "while", "do", "switch", "case", "default", "break", "continue",
    "return", "function", "local", "end", "then", "class", "struct", "public", "private",
    "protected", "static", "final", "void", "int", "long", "float", "double", "char", "bool",
    "boolean", "new", "delete", "try", "catch", "finally", "throw", "throws", "import",
    "package", "include", "def", "elif", "and", "or", "not", "in", "is", "lambda", "var",
    "let", "const", "true", "false", "null", "nil", "none", "self", "this", "super", "extends",
    "implements", "interface", "enum", "goto", "sizeof", "typedef", "namespace", "using",
    "template",
])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rules:
    """What counts as an unimportant difference (each rule can be switched off)."""

    ignore_case: bool = True
    ignore_whitespace: bool = True
    ignore_comments: bool = True
    ignore_blank_lines: bool = True
    language: str = "c"
    pair_threshold: float = 0.5
    similar_threshold: float = 0.8


def language_of(filename: str) -> str:
    dot = filename.rfind(".")
    return EXTENSIONS.get(filename[dot:].lower(), "none") if dot >= 0 else "none"


def split_lines(text: str) -> list[str]:
    """Lines without their endings; CRLF, CR and LF all end a line (line-ending rule)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else []


def strip_comments(lines: list[str], language: str) -> list[str]:
    """Each line with its comments removed, string literals respected."""
    line_starts, blocks = COMMENTS.get(language, COMMENTS["none"])
    out, in_block = [], None
    for line in lines:
        kept, in_block = _scan(line, in_block, line_starts, blocks)
        out.append(kept)
    return out


def _scan(
    line: str,
    in_block: str | None,
    line_starts: tuple[str, ...],
    blocks: tuple[tuple[str, str], ...],
) -> tuple[str, str | None]:
    """(code of the line, the block-comment end still awaited after it)."""
    kept: list[str] = []
    i, quote = 0, None
    while i < len(line):
        if in_block is not None:
            end = line.find(in_block, i)
            if end < 0:
                return "".join(kept), in_block
            i, in_block = end + len(in_block), None
            continue
        ch = line[i]
        if quote or ch in "\"'":
            step = 2 if quote and ch == "\\" else 1
            kept.append(line[i : i + step])
            quote = None if quote == ch else (quote or ch)
            i += step
            continue
        block = next((b for b in blocks if line.startswith(b[0], i)), None)
        if block:
            in_block, i = block[1], i + len(block[0])
            continue
        if any(line.startswith(s, i) for s in line_starts):
            break
        kept.append(ch)
        i += 1
    return "".join(kept), in_block


def normalise(lines: list[str], rules: Rules) -> list[str]:
    code = strip_comments(lines, rules.language) if rules.ignore_comments else list(lines)
    out = []
    for line in code:
        if rules.ignore_whitespace:
            line = " ".join(_TOKEN.findall(line))
        if rules.ignore_case:
            line = line.lower()
        if not rules.ignore_blank_lines and not line.strip():
            line = "\x00blank"
        out.append(line.strip())
    return out


def tokens(line: str) -> list[str]:
    return _TOKEN.findall(line)


def shape(line: str) -> list[str]:
    """Tokens with identifiers → ID and literals → LIT (keywords and operators kept)."""
    out = []
    for t in _TOKEN.findall(line):
        if t[0] in "\"'" or t[0].isdigit():
            out.append("LIT")
        elif t[0].isalpha() or t[0] == "_" or "\u4e00" <= t[0] <= "\u9fff":
            out.append(t if t.lower() in KEYWORDS else "ID")
        else:
            out.append(t)
    return out


def ratio(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side view (``None`` on the side that has no line)."""

    kind: str
    left: int | None
    right: int | None
    section: int | None = None
    similar: bool = False


KINDS = {
    "identical": "相同行",
    "unimportant_left": "不重要的左边独有行",
    "unimportant_right": "不重要的右边独有行",
    "unimportant_diff": "不重要的差异行",
    "important_left": "重要的左边独有行",
    "important_right": "重要的右边独有行",
    "important_diff": "重要差异行",
}


@dataclass
class LineReport:
    left_total: int
    right_total: int
    counts: dict[str, int]
    sections: int
    similar: int
    rules: Rules
    rows: list[Row] = field(default_factory=list)

    def share(self, key: str, side: str = "left") -> float:
        total = self.left_total if side == "left" else self.right_total
        value = self.similar if key == "similar" else self.counts[key]
        return value / total if total else 0.0

    def identities_hold(self) -> bool:
        c = self.counts
        common = c["identical"] + c["unimportant_diff"] + c["important_diff"]
        left = common + c["unimportant_left"] + c["important_left"]
        right = common + c["unimportant_right"] + c["important_right"]
        return left == self.left_total and right == self.right_total


def compare(left: list[str], right: list[str], rules: Rules = Rules()) -> LineReport:
    """The report of ``left`` (registered code) against ``right`` (accused source)."""
    nl, nr = normalise(left, rules), normalise(right, rules)
    pairs = histogram.matches(nl, nr, weak=frozenset({""}))
    rows: list[Row] = []
    section = 0
    i = j = 0
    for pi, pj in [*pairs, (len(left), len(right))]:
        if i < pi or j < pj:
            section += 1
            rows += _section(left, right, nl, nr, range(i, pi), range(j, pj), rules, section)
        if pi < len(left):
            same = left[pi].rstrip("\r\n") == right[pj].rstrip("\r\n")
            rows.append(Row("identical" if same else "unimportant_diff", pi, pj))
        i, j = pi + 1, pj + 1
    counts = {k: 0 for k in KINDS}
    for r in rows:
        counts[r.kind] += 1
    return LineReport(
        left_total=len(left),
        right_total=len(right),
        counts=counts,
        sections=section,
        similar=sum(1 for r in rows if r.similar),
        rules=rules,
        rows=rows,
    )


def _section(
    left: list[str], right: list[str], nl: list[str], nr: list[str],
    li: range, rj: range, rules: Rules, section: int,
) -> list[Row]:  # fmt: skip
    """One difference section: unimportant lines apart, the rest paired in order."""
    rows: list[Row] = []
    lcode = [i for i in li if nl[i]]
    rcode = [j for j in rj if nr[j]]
    rows += [Row("unimportant_left", i, None, section) for i in li if not nl[i]]
    rows += [Row("unimportant_right", None, j, section) for j in rj if not nr[j]]
    paired = _pair(lcode, rcode, nl, nr, rules.pair_threshold)
    used_l = {i for i, _ in paired}
    used_r = {j for _, j in paired}
    for i, j in paired:
        close = ratio(shape(left[i]), shape(right[j])) >= rules.similar_threshold
        rows.append(Row("important_diff", i, j, section, close))
    rows += [Row("important_left", i, None, section) for i in lcode if i not in used_l]
    rows += [Row("important_right", None, j, section) for j in rcode if j not in used_r]
    return sorted(rows, key=lambda r: _place(r, li, rj))


def _place(row: Row, li: range, rj: range) -> tuple[float, int]:
    """Where a row sits in the side-by-side view: right-only lines are interleaved with the
    left lines in proportion to their place in the section."""
    if row.left is not None:
        return (row.left, row.right if row.right is not None else -1)
    assert row.right is not None
    scaled = li.start + (row.right - rj.start) * len(li) / max(len(rj), 1) - 0.5
    return (scaled, row.right)


def _pair(
    lcode: list[int], rcode: list[int], nl: list[str], nr: list[str], threshold: float
) -> list[tuple[int, int]]:
    """An in-order pairing maximising total token similarity (pairs need ≥ ``threshold``);
    dynamic programming when the section is small, a greedy walk when it is large."""
    if not lcode or not rcode:
        return []
    lt = [tokens(nl[i]) for i in lcode]
    rt = [tokens(nr[j]) for j in rcode]
    if len(lcode) * len(rcode) > 40_000:
        return _greedy(lcode, rcode, lt, rt, threshold)
    n, m = len(lcode), len(rcode)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            s = ratio(lt[a], rt[b])
            take = s + best[a + 1][b + 1] if s >= threshold else -1.0
            best[a][b] = max(take, best[a + 1][b], best[a][b + 1])
    out, a, b = [], 0, 0
    while a < n and b < m:
        s = ratio(lt[a], rt[b])
        if s >= threshold and abs(best[a][b] - (s + best[a + 1][b + 1])) < 1e-9:
            out.append((lcode[a], rcode[b]))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return out


def _greedy(
    lcode: list[int], rcode: list[int], lt: list[list[str]], rt: list[list[str]], threshold: float
) -> list[tuple[int, int]]:
    out, b = [], 0
    for a, i in enumerate(lcode):
        window = range(b, min(b + 50, len(rcode)))
        scored = [(ratio(lt[a], rt[k]), k) for k in window]
        good = [(s, k) for s, k in scored if s >= threshold]
        if good:
            _s, k = max(good)
            out.append((i, rcode[k]))
            b = k + 1
    return out


def total(parts: list[LineReport], rules: Rules) -> LineReport:
    """The sum of several files' reports (a project); each part's identities carry over."""
    counts = {k: sum(p.counts[k] for p in parts) for k in KINDS}
    return LineReport(
        left_total=sum(p.left_total for p in parts),
        right_total=sum(p.right_total for p in parts),
        counts=counts,
        sections=sum(p.sections for p in parts),
        similar=sum(p.similar for p in parts),
        rules=rules,
    )
