"""The clone similarity of two source files: structure first, literal content only when it can
speak, both measured on the code that is not boilerplate.

* **Structure**: greedy string tiling (:mod:`.tiling`) over the tree-sitter tokens with
  identifiers and literals normalised, so renaming, reformatting, comments and reordered
  methods do not hide a copy. Coverage relative to the left file (tiled ÷ its tokens), to the
  right, symmetric (2·tiled ÷ both) and maximum (the larger one-sided share).
* **Literal content**: the multiset of literal texts (messages, constants, keys) shared by the
  two files, as a Dice share (2·shared ÷ both), used only when each file has at least
  ``min_literals`` of them: a file with two literals cannot speak for a copy, and Dice is 1.0
  only when both files hold the same literals (one-sided shares saturated at 1.0).
* **Boilerplate**: tokens the caller marks (fragments shared by many files of a collection, or
  present in the declared template) never match and are not counted on either side.
* **Clone similarity** = ``(1 − w)·structure + w·literals`` (``w`` = 0 without literals), with
  the structural share symmetric, 2·tiled ÷ (left + right): a small file inside a large
  unrelated one scores about twice their size ratio, not 1.0 as under the maximum. Minimum tile
  12, ``w`` 0.1 and ``min_literals`` 5 were chosen by leave-one-dataset-out cross-validation
  over IR-Plag and two generated sets (``benchmarks/forensics_clones.py``; docs/forensics.md).

The matched fragments are the tiles, as line ranges on both sides; only tiles of at least
:data:`EVIDENCE_TOKENS` tokens are evidence (shorter ones still count in the coverage).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from zhichan.forensics.code import tiling
from zhichan.forensics.code.tokens import Token
from zhichan.forensics.code.winnowing import Fragment

EVIDENCE_TOKENS = 12
# Below this many tokens (boilerplate excluded) a side is too short for its share to mean much:
# every solution of a "hello world" task is the same 27 tokens once the template is set aside.
SHORT_TOKENS = 50
NORMALISATIONS = {"symmetric": "对称覆盖率", "geometric": "几何平均覆盖率", "maximum": "最大覆盖率"}


@dataclass(frozen=True, slots=True)
class Params:
    min_tile: int = 12
    normalise: str = "symmetric"
    literal_weight: float = 0.1
    min_literals: int = 5

    def describe(self) -> str:
        literal = (
            f"字面量内容（双方各至少 {self.min_literals} 个字面量时）按 Dice 重合率计权 "
            f"{self.literal_weight:g}"
            if self.literal_weight
            else "不计字面量"
        )
        return (
            f"贪婪串匹配（最短 {self.min_tile} 个记号）的{NORMALISATIONS[self.normalise]}"
            f"计权 {1 - self.literal_weight:g}，{literal}"
        )


DEFAULT = Params()


@dataclass(frozen=True, slots=True)
class Shares:
    left: float
    right: float
    symmetric: float
    maximum: float

    @classmethod
    def of(cls, shared: int, left_total: int, right_total: int) -> Shares:
        left = shared / left_total if left_total else 0.0
        right = shared / right_total if right_total else 0.0
        both = left_total + right_total
        return cls(left, right, 2 * shared / both if both else 0.0, max(left, right))

    def normalised(self, how: str) -> float:
        if how == "geometric":
            return float((self.left * self.right) ** 0.5)
        return self.maximum if how == "maximum" else self.symmetric


@dataclass(frozen=True, slots=True)
class CloneScore:
    similarity: float
    structure: Shares
    literals: Shares | None  # None: too few literals on a side to be used
    tiled_tokens: int
    left_tokens: int  # not counting suppressed (boilerplate) tokens
    right_tokens: int
    suppressed_left: int = 0
    suppressed_right: int = 0
    fragments: list[Fragment] = field(default_factory=list)

    @property
    def short(self) -> bool:
        return min(self.left_tokens, self.right_tokens) < SHORT_TOKENS


@dataclass(frozen=True, slots=True)
class Literals:
    """How many literal texts each side holds (boilerplate excluded) and how many are shared."""

    left: int
    right: int
    shared: int

    def usable(self, minimum: int) -> bool:
        return min(self.left, self.right) >= max(minimum, 1)

    def shares(self) -> Shares:
        return Shares.of(self.shared, self.left, self.right)


def similarity(structure: Shares, literals: Literals, params: Params = DEFAULT) -> float:
    score = structure.normalised(params.normalise)
    if params.literal_weight and literals.usable(params.min_literals):
        w = params.literal_weight
        score = (1 - w) * score + w * literals.shares().symmetric
    return score


@dataclass(frozen=True, slots=True)
class Side:
    """One file made ready for comparison: a collection prepares each file once."""

    tokens: list[Token]
    suppressed: int
    prepared: tiling.Prepared
    literals: Counter[str]


def side(
    tokens: list[Token], suppressed: bytes | None, table: dict[str, int], min_tile: int
) -> Side:
    """``table`` maps token kinds to codes and is shared by every side to be compared; a
    suppressed token gets a code of its own (negative), so it never matches."""
    codes = [
        _unique(table) if suppressed and suppressed[i] else table.setdefault(t.kind, len(table))
        for i, t in enumerate(tokens)
    ]
    return Side(
        tokens,
        sum(1 for x in suppressed or b"" if x),
        tiling.prepare(codes, min_tile),
        _literals(tokens, suppressed),
    )


def _unique(table: dict[str, int]) -> int:
    table[_NEXT] = table.get(_NEXT, 0) - 1
    return table[_NEXT]


_NEXT = "\0next"  # no token kind starts with NUL


def compare(
    left: list[Token],
    right: list[Token],
    params: Params = DEFAULT,
    suppressed_left: bytes | None = None,
    suppressed_right: bytes | None = None,
) -> CloneScore:
    """``suppressed_*``: one byte per token, non-zero where the token is boilerplate."""
    table: dict[str, int] = {}
    a = side(left, suppressed_left, table, params.min_tile)
    b = side(right, suppressed_right, table, params.min_tile)
    return compare_sides(a, b, params)


def compare_sides(a: Side, b: Side, params: Params = DEFAULT) -> CloneScore:
    found = tiling.tiles_of(a.prepared, b.prepared)
    tiled = sum(t.length for t in found)
    n_l, n_r = len(a.tokens) - a.suppressed, len(b.tokens) - b.suppressed
    structure = Shares.of(tiled, n_l, n_r)
    literals = Literals(a.literals.total(), b.literals.total(), (a.literals & b.literals).total())
    left, right = a.tokens, b.tokens
    fragments = [
        Fragment(
            (left[t.left].line, left[t.left + t.length - 1].line),
            (right[t.right].line, right[t.right + t.length - 1].line),
            t.length,
        )
        for t in found
        if t.length >= EVIDENCE_TOKENS
    ]
    return CloneScore(
        similarity(structure, literals, params),
        structure,
        literals.shares() if literals.usable(params.min_literals) else None,
        tiled,
        n_l,
        n_r,
        a.suppressed,
        b.suppressed,
        fragments,
    )


def count_literals(
    left: list[Token],
    right: list[Token],
    suppressed_left: bytes | None = None,
    suppressed_right: bytes | None = None,
) -> Literals:
    a = _literals(left, suppressed_left)
    b = _literals(right, suppressed_right)
    return Literals(a.total(), b.total(), (a & b).total())


def _literals(tokens: list[Token], suppressed: bytes | None) -> Counter[str]:
    return Counter(
        t.value
        for i, t in enumerate(tokens)
        if t.kind == "LIT" and not (suppressed and suppressed[i])
    )
