"""Clone detection by fingerprints: k-grams of normalised tokens, winnowed.

Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document fingerprinting"
(SIGMOD 2003), as Dolos and MOSS use it: hash every k-gram of the token stream, keep the
minimum hash of every window of w consecutive hashes (rightmost on ties). Any shared run of
at least w + k − 1 tokens is guaranteed to share a fingerprint. Similarities of a pair:

* relative to the left (registered) file: its fingerprints found in the right ÷ its fingerprints;
* symmetric: shared ÷ union (Jaccard); maximum: the larger of the two one-sided shares.

Matched fragments are runs of shared k-grams merged into line ranges on both sides.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from zhichan.forensics.code.tokens import Token

K = 12
WINDOW = 8


@dataclass(frozen=True, slots=True)
class Fingerprint:
    hash: int
    start: int  # index of the k-gram's first token


def kgram_hashes(tokens: list[Token], k: int = K) -> list[int]:
    kinds = [t.kind for t in tokens]
    out = []
    for i in range(len(kinds) - k + 1):
        digest = hashlib.blake2b("\x1f".join(kinds[i : i + k]).encode(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big"))
    return out


def winnow(hashes: list[int], window: int = WINDOW) -> list[Fingerprint]:
    """The chosen fingerprints in order (a position is chosen once)."""
    if not hashes:
        return []
    if len(hashes) <= window:
        i = min(range(len(hashes)), key=lambda x: (hashes[x], -x))
        return [Fingerprint(hashes[i], i)]
    chosen: list[Fingerprint] = []
    last = -1
    for start in range(len(hashes) - window + 1):
        block = hashes[start : start + window]
        low = min(block)
        pos = start + max(i for i, h in enumerate(block) if h == low)
        if pos != last:
            chosen.append(Fingerprint(low, pos))
            last = pos
    return chosen


@dataclass(frozen=True, slots=True)
class Fragment:
    left_lines: tuple[int, int]
    right_lines: tuple[int, int]
    tokens: int


@dataclass(frozen=True, slots=True)
class PairScore:
    left: float
    right: float
    symmetric: float
    maximum: float
    shared: int
    fragments: list[Fragment]


@dataclass(frozen=True, slots=True)
class Fingerprinted:
    tokens: list[Token]
    hashes: list[int]
    prints: list[Fingerprint]

    @classmethod
    def of(cls, tokens: list[Token], k: int = K, window: int = WINDOW) -> Fingerprinted:
        hashes = kgram_hashes(tokens, k)
        return cls(tokens, hashes, winnow(hashes, window))


def compare(left: Fingerprinted, right: Fingerprinted, k: int = K) -> PairScore:
    lset = {f.hash for f in left.prints}
    rset = {f.hash for f in right.prints}
    shared = lset & rset
    union = lset | rset
    lshare = len(shared) / len(lset) if lset else 0.0
    rshare = len(shared) / len(rset) if rset else 0.0
    return PairScore(
        left=lshare,
        right=rshare,
        symmetric=len(shared) / len(union) if union else 0.0,
        maximum=max(lshare, rshare),
        shared=len(shared),
        fragments=_fragments(left, right, shared, k),
    )


def _fragments(
    left: Fingerprinted, right: Fingerprinted, shared: set[int], k: int
) -> list[Fragment]:
    """Runs of consecutive shared k-grams (every k-gram, not only fingerprints), as lines."""
    where: dict[int, list[int]] = {}
    for j, h in enumerate(right.hashes):
        where.setdefault(h, []).append(j)
    out: list[Fragment] = []
    i = 0
    while i < len(left.hashes):
        starts = where.get(left.hashes[i]) if left.hashes[i] in shared else None
        if not starts:
            i += 1
            continue
        j = starts[0]
        n = 1
        while (
            i + n < len(left.hashes)
            and j + n < len(right.hashes)
            and left.hashes[i + n] == right.hashes[j + n]
        ):
            n += 1
        lt, rt = left.tokens, right.tokens
        out.append(
            Fragment(
                (lt[i].line, lt[min(i + n + k - 2, len(lt) - 1)].line),
                (rt[j].line, rt[min(j + n + k - 2, len(rt) - 1)].line),
                n + k - 1,
            )
        )
        i += n
    return out
