"""How alike two patent texts are, with the words that make them so: cosine of TF-IDF vectors
of jieba words. Used by the watch (a new record like one of my patents) and the navigation
risk screening list (a product feature against claims).

Words are whole jieba words of two or more characters (never character pairs cut across
words), less the wording every patent uses. Callers take the document frequencies from a fixed
sample of the store (``SAMPLE`` records, the first by id), so the same records give the same
score every time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zhichan.fulltext.analysis import runs
from zhichan.fulltext.analysis import words as jieba_words

SAMPLE = 2000
#: Patent boilerplate: words of the genre, not of a technology.
_BOILERPLATE = (
    "一种 本发明 本实用新型 发明 实用新型 公开 涉及 提供 所述 包括 其中 具有 设有 以及 通过 用于 "
    "进行 可以 能够 一个 多个 至少 之间 方法 装置 系统 设备 结构 技术 领域 特征 步骤 得到 采用 "
    "实现 根据 权利 要求 相应 连接 设置 位于 方式 作用 效果 问题 目的 简单 有效 现有 本申请 "
    "第一 第二 第三 上述 使得 从而 同时 然后 所述的 一端 另一端"
)
STOP = frozenset(_BOILERPLATE.split())


def terms(text: str | None) -> list[str]:
    if not text:
        return []
    out: list[str] = []
    for han, run in runs(text):
        if han:
            out.extend(w for w in jieba_words(run) if len(w) >= 2 and w not in STOP)
        elif len(run) >= 3 and not run.isdigit():
            out.append(run.lower())
    return out


@dataclass(frozen=True, slots=True)
class Idf:
    docs: int
    df: dict[str, int]

    @classmethod
    def of(cls, texts: Iterable[str | None]) -> Idf:
        df: Counter[str] = Counter()
        n = 0
        for t in texts:
            n += 1
            df.update(set(terms(t)))
        return cls(n, dict(df))

    def weight(self, term: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0


Vector = dict[str, float]


def vector(text: str | None, idf: Idf) -> Vector:
    counts = Counter(terms(text))
    v = {t: (1.0 + math.log(n)) * idf.weight(t) for t, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def cosine(a: Vector, b: Vector, most: int = 8) -> tuple[float, list[str]]:
    """The similarity and the shared words that carry most of it (largest first)."""
    shared = sorted(((a[t] * b[t], t) for t in a.keys() & b.keys()), key=lambda x: (-x[0], x[1]))
    return sum(x for x, _ in shared), [t for _, t in shared[:most]]


def best(candidate: Vector, mine: Sequence[tuple[str, Vector]]) -> tuple[str, float, list[str]]:
    """The own patent the candidate is most like (on a tie, the first in order)."""
    top: tuple[str, float, list[str]] = ("", -1.0, [])
    for number, v in mine:
        score, shared = cosine(candidate, v)
        if score > top[1]:
            top = (number, score, shared)
    return top
