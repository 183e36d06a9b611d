"""The technology–effect matrix (技术功效矩阵, GB/T 39551 chapter A6) and its blank spots, from
the texts themselves.

An effect is a direction verb (提高/降低/延长/避免…) followed, within the same clause, by an
attribute from the lexicon below (效率, 成本, 寿命…): "降低了生产成本" gives 降低成本, "提高洗衣机的
洗涤效率" gives 提高效率. Nouns that begin with such a verb (提升管, 增强剂) name no attribute and
give nothing. Rows are technical branches: the IPC subclass when the records have one, else the
record's most common keyword in the scope. Every cell keeps the patents behind it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from statistics import median

from zhichan.navigation.analytics import Figure, _figure, ranked
from zhichan.navigation.facts import Fact

#: Verbs and the direction the effect is written in (a lower cost and a higher efficiency are
#: both improvements; the label keeps the verb group's word).
VERBS = {
    "提高": "提高",
    "提升": "提高",
    "增加": "提高",
    "增强": "提高",
    "改善": "改善",
    "优化": "改善",
    "延长": "延长",
    "加快": "提高",
    "降低": "降低",
    "减少": "降低",
    "减小": "降低",
    "减轻": "降低",
    "节约": "降低",
    "节省": "降低",
    "缩短": "缩短",
    "简化": "简化",
    "避免": "避免",
    "防止": "避免",
}
#: Attributes an effect changes; the one written first in the clause counts, the longer at the
#: same place (劳动强度 over 强度). 生产成本 and 成本 are one effect, so compounds are not listed.
_ATTRIBUTE_WORDS = """
效率 成本 产量 产率 收率 质量 精度 强度 寿命 稳定性 安全性 可靠性 速度 能耗 功耗 污染
排放 噪音 噪声 重量 体积 时间 劳动强度 用户体验 体验 性能 良率 合格率 准确率 准确性
灵敏度 耐腐蚀性 耐磨性 散热 密封性 利用率 损耗 磨损 振动 故障率 风险 工序 步骤 结构 操作
浪费 占地 维护 误差 泄漏 堵塞 粉尘 温度 韧性 硬度 纯度 转化率 舒适性 便捷性 灵活性 兼容性
"""
ATTRIBUTES = sorted(_ATTRIBUTE_WORDS.split(), key=len, reverse=True)
_VERB = re.compile("(" + "|".join(sorted(VERBS, key=len, reverse=True)) + ")")
_CLAUSE_END = re.compile(r"[，。；;,.：:、！？\n（(]")
#: Characters after the verb the attribute must appear within.
REACH = 14
#: Keywords that name no technology.
_STOP_WORDS = "的 了 和 与 及 上 下 两个 一种 方法 装置 系统 设备 时 中 面 内 外"
_STOP = set(_STOP_WORDS.split())


def effects_of(text: str | None) -> set[str]:
    return {effect for effect, _ in extractions(text)}


def extractions(text: str | None) -> Iterator[tuple[str, re.Match[str]]]:
    """Each effect the text states, with the verb it was read from."""
    if not text:
        return
    for m in _VERB.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if before[-1:] in ("不", "未") or before in _NEGATIONS:
            continue  # 不会降低室内温度 states no effect (不仅提高, 不断提高 do)
        tail = text[m.end() : m.end() + REACH]
        end = _CLAUSE_END.search(tail)
        clause = tail[: end.start()] if end else tail
        placed = sorted(
            (at, -len(a), a)
            for a in ATTRIBUTES
            if (at := clause.find(a)) >= 0 and not clause[:at].endswith("不")
        )
        if placed:
            yield _label(VERBS[m.group(1)], _head(clause, placed)), m


#: Words before a verb that deny it (besides a bare 不 or 未 right before it).
_NEGATIONS = frozenset({"不会", "不能", "无法", "没有", "未能", "不再", "不致"})


def _head(clause: str, placed: list[tuple[int, int, str]]) -> str:
    """The attribute written first, or the one it runs into (降低操作风险 is about 风险, 减少
    结构重量 about 重量: the last word of a compound names the thing)."""
    at, size, word = placed[0]
    ends = at - size
    for nxt_at, nxt_size, nxt in placed[1:]:
        if nxt_at == ends:
            word, ends = nxt, nxt_at - nxt_size
    return word


#: The verb an attribute is usually written with, for either direction: 提高寿命 and 延长寿命
#: are one effect, so are 减少时间 and 缩短时间.
_USUAL = {("提高", "寿命"): "延长", ("改善", "寿命"): "延长", ("降低", "时间"): "缩短"}


def _label(verb: str, attribute: str) -> str:
    return _USUAL.get((verb, attribute), verb) + attribute


def _branches(facts: Sequence[Fact], keywords: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A branch per record: its IPC subclass (the first listed), else its keyword that is
    most common in the scope."""
    common = Counter(
        k for f in facts if not f.ipc for k in set(keywords.get(f.number, ())) if _usable(k)
    )
    out = {}
    for f in facts:
        if f.ipc:
            out[f.number] = f.ipc[0][:4]
        else:
            ks = [k for k in keywords.get(f.number, ()) if _usable(k)]
            if ks:
                out[f.number] = max(ks, key=lambda k: (common[k], k))
    return out


def _usable(keyword: str) -> bool:
    return len(keyword) >= 2 and keyword not in _STOP


def matrix(
    facts: Sequence[Fact],
    keywords: dict[str, tuple[str, ...]] | None = None,
    rows: int = 12,
    columns: int = 12,
) -> Figure:
    fig, usable = _figure(
        "A6.matrix",
        "技术功效矩阵",
        "bubble",
        ["技术分支"],
        facts,
        ("text",),
        "功效 = 方向词（提高、降低、延长、避免等）后同一分句 14 字内出现的属性词"
        "（效率、成本、寿命等，词表见说明）；技术分支 = IPC 小类，"
        "无 IPC 时取记录关键词中在本范围最常见的一个。"
        "单元格 = 同时属于该分支、写明该功效的专利数。",
    )
    if fig.insufficient:
        return fig
    branch = _branches(usable, keywords or {})
    cells: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for f in usable:
        if f.number in branch:
            found = f.effects if f.effects is not None else effects_of(f.text)
            for effect in sorted(found):
                cells[(branch[f.number], effect)].append(f.number)
    with_effect = {n for ns in cells.values() for n in ns}
    fig.notes.append(f"写明功效的专利 {len(with_effect)} / {len(usable)} 件")
    row_total = Counter({b: 0 for b in set(branch.values())})
    col_total: Counter[str] = Counter()
    for (b, e), ns in cells.items():
        row_total[b] += len(ns)
        col_total[e] += len(ns)
    # Ties by name, so the same records give the same table in every process.
    top_rows = sorted((b for b in row_total if row_total[b]), key=lambda b: (-row_total[b], b))
    top_cols = sorted(col_total, key=lambda e: (-col_total[e], e))[:columns]
    top_rows = top_rows[:rows]
    fig.header = ["技术分支", *top_cols]
    fig.rows = [[b, *(len(cells.get((b, e), [])) for e in top_cols)] for b in top_rows]
    fig.cells = {
        f"{b}|{e}": sorted(cells[(b, e)]) for b in top_rows for e in top_cols if cells.get((b, e))
    }
    fig.blanks = blank_spots(fig.rows, top_cols) + open_branches(usable, branch, top_rows)
    return fig


#: A branch whose largest holder has less than this share of its patents has no dominant holder.
DOMINANT = 0.25


def open_branches(facts: Sequence[Fact], branch: dict[str, str], rows: list[str]) -> list[str]:
    """Branches (of those shown) where no applicant holds a quarter of the patents."""
    holders: defaultdict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter()
    for f in facts:
        if f.number in branch and f.applicants:
            sizes[branch[f.number]] += 1
            holders[branch[f.number]].update(set(f.applicants))
    out = []
    for b in rows:
        if sizes[b] >= 4:
            name, n = ranked(holders[b], 1)[0]
            if n / sizes[b] < DOMINANT:
                out.append(f"{b}：无主导持有人（最多的 {name} 占 {n}/{sizes[b]} 件）")
    return out


def blank_spots(table: list[list[object]], columns: list[str]) -> list[str]:
    """Cells with at most one patent where both the branch and the effect are at or above the
    median of their totals: an effect others reach in a branch that is itself active."""
    if not table or not columns:
        return []
    counts = [[int(str(v)) for v in row[1:]] for row in table]
    rows_med = median(sum(r) for r in counts)
    cols_med = median(sum(r[j] for r in counts) for j in range(len(columns)))
    out = []
    for i, row in enumerate(table):
        for j, col in enumerate(columns):
            dense = sum(counts[i]) >= rows_med and sum(r[j] for r in counts) >= cols_med
            if counts[i][j] <= 1 and dense:
                out.append(f"{row[0]} × {col}（{counts[i][j]} 件）")
    return out
