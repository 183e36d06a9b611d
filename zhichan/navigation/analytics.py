"""The navigation analyses (GB/T 39551 chapters A2–A8) as pure functions over ``Fact`` lists.

Each returns a ``Figure``: a table (the chart's data), the fields it needs, how many records
lacked them, and the rule it applied with its source. A figure whose records all lack a
needed field says 数据不足 with the counts instead of drawing an empty chart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from zhichan.navigation.facts import FIELDS, Fact

#: Applications are published 18 months after filing (专利法第三十四条), so the last two filing
#: years before the report's day are incomplete.
LAG_YEARS = 2
#: A life-cycle phase needs at least this many applications in the compared windows.
PHASE_MINIMUM = 20
#: Growth above which applications or applicants count as rising (the platform's choice).
RISING = 0.10


@dataclass
class Figure:
    key: str
    title: str
    chart: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    needs: tuple[str, ...] = ()
    #: Records lacking each needed field (only those lacking some).
    missing: dict[str, int] = field(default_factory=dict)
    total: int = 0
    notes: list[str] = field(default_factory=list)
    rule: str = ""
    insufficient: str | None = None
    #: A matrix's patents behind each "row|column" cell, and its blank-spot candidates.
    cells: dict[str, list[str]] = field(default_factory=dict)
    blanks: list[str] = field(default_factory=list)


def ranked(counts: Counter[Any], top: int | None = None) -> list[tuple[Any, int]]:
    """Largest first, ties by key: the same records rank alike in every process (a set's
    order, and so ``most_common``'s among ties, changes with the hash seed)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]


def present(name: str) -> Callable[[Fact], bool]:
    """``Fact.has(name)`` as a function of one field."""
    if name == "text":
        return lambda f: f.effects is not None or bool(f.text)
    get = attrgetter(name)
    return lambda f: bool(v := get(f)) and v != "unknown"


def _figure(
    key: str,
    title: str,
    chart: str,
    header: list[str],
    facts: Sequence[Fact],
    needs: tuple[str, ...],
    rule: str,
) -> tuple[Figure, list[Fact]]:
    """The figure and the records that have every needed field."""
    # One pass with a check per field (a call of ``Fact.has`` per record and field was a
    # third of a million-record report).
    checks = [(n, present(n)) for n in needs]
    missing = dict.fromkeys(needs, 0)
    usable = []
    for f in facts:
        ok = True
        for n, check in checks:
            if not check(f):
                missing[n] += 1
                ok = False
        if ok:
            usable.append(f)
    fig = Figure(key, title, chart, header, needs=needs, total=len(facts), rule=rule)
    fig.missing = {n: c for n, c in missing.items() if c}
    if not usable:
        lacking = "、".join(FIELDS[n] for n in needs if missing[n])
        counts = "，".join(f"{missing[n]} 件无{FIELDS[n]}" for n in needs if missing[n])
        fig.insufficient = f"数据不足：缺少{lacking}（共 {len(facts)} 件，{counts}）"
    elif fig.missing:
        fig.notes.append(
            "未计入："
            + "，".join(f"{c} 件无{FIELDS[n]}" for n, c in fig.missing.items())
            + f"（计入 {len(usable)} / {len(facts)} 件）"
        )
    return fig, usable


def trend(facts: Sequence[Fact], as_of_year: int) -> Figure:
    fig, usable = _figure(
        "A2.trend",
        "申请、公开与授权趋势",
        "line",
        ["年份", "申请量", "公开量", "授权量", "数据完整"],
        facts,
        ("filing_year",),
        "按申请日、公开日、授权日的年份计数；发明专利申请自申请日起满十八个月公布"
        "（专利法第三十四条），报告日前两个申请年的数字不完整，标为“不完整”。",
    )
    if fig.insufficient:
        return fig
    filed = Counter(f.filing_year for f in usable)
    published = Counter(f.publication_year for f in facts if f.publication_year)
    granted = Counter(f.grant_year for f in facts if f.grant_year)
    years = sorted(y for y in set(filed) | set(published) | set(granted) if y is not None)
    for y in range(years[0], years[-1] + 1):
        complete = y <= as_of_year - LAG_YEARS
        fig.rows.append([y, filed[y], published[y], granted[y], "是" if complete else "不完整"])
    return fig


def growth(facts: Sequence[Fact], as_of_year: int) -> Figure:
    """CAGR over the complete filing years and the life-cycle phase from applications and
    applicants of the last three complete years against the three before."""
    fig, usable = _figure(
        "A2.growth",
        "增长率与技术生命周期",
        "scatter",
        ["年份", "申请量", "申请人数"],
        facts,
        ("filing_year", "applicants"),
        "年均复合增长率 CAGR = (末年申请量 / 首年申请量)^(1/(年数−1)) − 1，只用数据完整的年份；"
        "生命周期按申请量与申请人数的变化（近三个完整年对前三年，增幅 10% 以上为上升）：两者上升为"
        "成长期，申请上升而申请人不升为成熟期，两者下降为衰退期，申请量少于 20 件为萌芽期或数据不足"
        "（本平台的判定规则，依专利分析实务中的申请量—申请人数生命周期图）。",
    )
    if fig.insufficient:
        return fig
    last = as_of_year - LAG_YEARS
    apps: Counter[int] = Counter()
    people: dict[int, set[str]] = defaultdict(set)
    for f in usable:
        assert f.filing_year is not None
        apps[f.filing_year] += 1
        people[f.filing_year].update(f.applicants)
    years = [y for y in sorted(apps) if y <= last]
    for y in years:
        fig.rows.append([y, apps[y], len(people[y])])
    if len(years) >= 2 and apps[years[0]] > 0:
        span = years[-1] - years[0]
        cagr = (apps[years[-1]] / apps[years[0]]) ** (1 / span) - 1 if span else 0.0
        fig.notes.append(f"年均复合增长率 CAGR（{years[0]}—{years[-1]}）：{cagr * 100:.1f}%")
    fig.notes.append(f"生命周期阶段：{phase(apps, people, last)}")
    return fig


def phase(apps: Counter[int], people: dict[int, set[str]], last: int) -> str:
    recent, before = range(last - 2, last + 1), range(last - 5, last - 2)
    a1, a0 = sum(apps[y] for y in recent), sum(apps[y] for y in before)
    p1 = len(set().union(*(people.get(y, set()) for y in recent)))
    p0 = len(set().union(*(people.get(y, set()) for y in before)))
    if a1 + a0 < PHASE_MINIMUM:
        return "萌芽期（或数据不足）"
    if a0 == 0 or p0 == 0:
        return "萌芽期"
    ga, gp = a1 / a0 - 1, p1 / p0 - 1
    if ga > RISING and gp > RISING:
        return "成长期"
    if ga > -RISING and gp <= RISING:
        return "成熟期"
    if ga <= -RISING and gp <= -RISING:
        return "衰退期"
    return "调整期（申请量与申请人数变化方向不一）"


def composition(
    facts: Sequence[Fact], level: int = 4, titles: dict[str, str] | None = None, top: int = 20
) -> Figure:
    """Records per IPC code cut to ``level`` characters (1 section, 3 class, 4 subclass; 0 the
    main group, H01M10/052 → H01M10/00); a record counts once per distinct code at that
    level."""
    names = {1: "部", 3: "大类", 4: "小类", 0: "大组"}
    fig, usable = _figure(
        f"A3.ipc{level}" if level else "A3.group",
        f"技术构成（IPC {names.get(level, '组')}）",
        "bar",
        ["分类号", "名称", "专利数", "占比"],
        facts,
        ("ipc",),
        "每件专利在该层级的每个不同分类号各计一次（主分类与副分类都计），"
        + ("大组 = 分类号斜线前的部分（记作 /00），" if not level else "")
        + "占比 = 专利数 / 计入的专利总数。",
    )
    if fig.insufficient:
        return fig
    cut = main_group if not level else (lambda c: c[:level])
    counts = Counter(code for f in usable for code in {cut(c) for c in f.ipc})
    for code, n in ranked(counts, top):
        fig.rows.append([code, (titles or {}).get(code, ""), n, round(n / len(usable), 4)])
    return fig


def groups(facts: Sequence[Fact], titles: dict[str, str] | None = None, top: int = 20) -> Figure:
    """Records per IPC main group (H01M10/052 → H01M10/00)."""
    return composition(facts, 0, titles, top)


def main_group(code: str) -> str:
    """H01M10/052 → H01M10/00 (the form the IPC titles table uses)."""
    return code.replace(" ", "").split("/")[0] + "/00"


def industries(facts: Sequence[Fact], top: int = 20) -> Figure:
    """Records per strategic emerging industry (the 2021 IPC concordance)."""
    fig, usable = _figure(
        "A3.sei",
        "战略性新兴产业分布",
        "bar",
        ["产业", "专利数", "占比"],
        facts,
        ("ipc",),
        "按《战略性新兴产业分类与国际专利分类参照关系表（2021）》把每件专利的 IPC 分类号对应到"
        "产业（需关键词确认的条目只计已确认的）；一件专利可属多个产业，各计一次。",
    )
    if fig.insufficient:
        return fig
    counts = Counter(name for f in usable for name in f.sei)
    outside = sum(1 for f in usable if not f.sei)
    fig.rows = [[name, n, round(n / len(usable), 4)] for name, n in ranked(counts, top)]
    fig.notes.append(f"不属于任何战略性新兴产业的 {outside} / {len(usable)} 件")
    return fig


def applicants(facts: Sequence[Fact], top: int = 20) -> Figure:
    """Top applicants by count, and the concentration of the field (CR4, HHI) on fractional
    counts: a patent with k applicants gives each 1/k, so the shares add up to one."""
    fig, usable = _figure(
        "A5.applicants",
        "主要申请人与集中度",
        "bar",
        ["申请人", "专利数", "份额"],
        facts,
        ("applicants",),
        "专利数：该申请人参与的专利件数；份额：按分数计数（一件专利有几个共同申请人，每人计几分之一）占全部的比例。"
        "CR4 = 前四位份额之和；HHI = Σ(份额×100)²，0—10000"
        "（美国司法部与联邦贸易委员会 2010 年《横向合并指南》以 1500 以下为不集中、"
        "2500 以上为高度集中）。",
    )
    if fig.insufficient:
        return fig
    whole: Counter[str] = Counter()
    share: defaultdict[str, float] = defaultdict(float)
    for f in usable:
        names = list(dict.fromkeys(f.applicants))
        for name in names:
            whole[name] += 1
            share[name] += 1 / len(names)
    total = sum(share.values())
    ranked = sorted(share, key=lambda n: (-whole[n], -share[n], n))
    for name in ranked[:top]:
        fig.rows.append([name, whole[name], round(share[name] / total, 4)])
    shares = sorted((v / total for v in share.values()), reverse=True)
    fig.notes.append(f"CR4：{sum(shares[:4]) * 100:.1f}%")
    fig.notes.append(f"HHI：{sum((s * 100) ** 2 for s in shares):.0f}")
    return fig


def applicant_kinds(facts: Sequence[Fact]) -> Figure:
    fig, usable = _figure(
        "A5.kinds",
        "申请人类型",
        "pie",
        ["类型", "专利数"],
        facts,
        ("applicants",),
        "按第一申请人的类型（企业、高校、科研院所、个人、机关团体，依名称规则判定）计数。",
    )
    if fig.insufficient:
        return fig
    counts = Counter(f.applicant_kinds[0] if f.applicant_kinds else "未知" for f in usable)
    fig.rows = [[k, n] for k, n in ranked(counts)]
    return fig


def new_entrants(facts: Sequence[Fact], as_of_year: int, window: int = 3) -> Figure:
    fig, usable = _figure(
        "A5.entrants",
        "新进入者",
        "table",
        ["申请人", "首次申请年", "专利数"],
        facts,
        ("applicants", "filing_year"),
        f"在本范围内首次申请年份位于报告日前 {window} 个年份内（含当年）的申请人。",
    )
    if fig.insufficient:
        return fig
    first: dict[str, int] = {}
    count: Counter[str] = Counter()
    for f in usable:
        assert f.filing_year is not None
        for name in set(f.applicants):
            first[name] = min(first.get(name, f.filing_year), f.filing_year)
            count[name] += 1
    since = as_of_year - window + 1
    entrants = sorted((n for n, y in first.items() if y >= since), key=lambda n: (-count[n], n))
    fig.rows = [[n, first[n], count[n]] for n in entrants]
    return fig


def regions(facts: Sequence[Fact], top: int = 34) -> Figure:
    fig, usable = _figure(
        "A4.provinces",
        "地域分布（第一申请人所在省、州）",
        "bar",
        ["省份", "专利数", "占比"],
        facts,
        ("province",),
        "按第一申请人地址所在省级行政区计数。",
    )
    if fig.insufficient:
        return fig
    counts = Counter(f.province for f in usable)
    fig.rows = [[p, n, round(n / len(usable), 4)] for p, n in ranked(counts, top)]
    return fig


def positioning(
    chosen: Sequence[Fact],
    everything: Sequence[Fact],
    provinces: Sequence[str],
    titles: dict[str, str],
    top: int = 20,
) -> Figure:
    """The region's IPC subclasses beside the whole store: its share of each and the revealed
    technological advantage (RTA)."""
    fig, usable = _figure(
        "A4.position",
        "区域技术定位（与全库比较）",
        "bar",
        ["IPC 小类", "名称", "本地区专利数", "全库专利数", "本地区占全库", "RTA"],
        chosen,
        ("ipc", "province"),
        "RTA（显示性技术优势）=（本地区该小类专利数 ÷ 本地区专利数）÷（全库该小类专利数 ÷ "
        "全库专利数）；大于 1 表示本地区在该小类相对专长（Soete 1987 的指数）。"
        "全库 = 本平台专利库中有 IPC 的全部记录，不是全国专利总量。",
    )
    if fig.insufficient:
        return fig
    if not provinces:
        fig.insufficient = "范围未限定省份：区域技术定位需要在范围中选择一个或几个省份"
        return fig
    region = _subclasses(usable)
    nation = _subclasses([f for f in everything if f.ipc])
    n_region, n_nation = len(usable), sum(1 for f in everything if f.ipc)
    fig.rows = [
        [
            sc,
            titles.get(sc, ""),
            n,
            nation[sc],
            round(n / nation[sc], 4),
            round((n / n_region) / (nation[sc] / n_nation), 2),
        ]
        for sc, n in ranked(region, top)
    ]
    fig.notes.append(f"本地区 {n_region} 件，全库 {n_nation} 件（均为有 IPC 的记录）")
    return fig


def _subclasses(facts: Sequence[Fact]) -> Counter[str]:
    return Counter(sc for f in facts for sc in {c.replace(" ", "")[:4] for c in f.ipc})


#: Legal events that record a patent being used (转化运用), with the words a table uses.
OPERATIONS = {
    "transfer": "转让",
    "licence_record": "许可备案",
    "open_licence": "开放许可声明",
    "pledge": "质押登记",
    "pledge_release": "质押解除",
    "invalidation": "无效宣告",
}


def operations(facts: Sequence[Fact]) -> Figure:
    fig, usable = _figure(
        "A8.operations",
        "运营状态（转让、许可、质押等）",
        "bar",
        ["事件", "专利数", "事件数"],
        facts,
        ("events",),
        "按记录的法律事件归类计数：专利数 = 至少有一次该事件的专利，事件数 = 该事件的次数。"
        "只计入记录了法律事件的专利（没有任何法律事件的记录无法区分“没有发生”与“没有数据”）。",
    )
    if fig.insufficient:
        return fig
    patents: Counter[str] = Counter()
    times: Counter[str] = Counter()
    for f in usable:
        codes = Counter(c for c in f.events if c in OPERATIONS)
        times.update(codes)
        patents.update(codes.keys())
    fig.rows = [[OPERATIONS[c], patents[c], times[c]] for c in OPERATIONS]
    return fig


def value(
    facts: Sequence[Fact],
    high_value: frozenset[int] | None,
    judged_on: str | None,
    titles: dict[str, str],
    top: int = 20,
) -> Figure:
    """High-value invention patents (the indicators domain's verdicts) per IPC subclass."""
    fig, usable = _figure(
        "A10.value",
        "高价值发明专利分布",
        "bar",
        ["IPC 小类", "名称", "专利数", "高价值发明专利", "占比"],
        facts,
        ("ipc",),
        "高价值发明专利 = 本平台“指标”页按国家知识产权局《高价值发明专利统计口径》逐件判定为"
        "“是”的专利（每件附满足的条件）；未判定或判定为“否”“无法判断”的不计为高价值。",
    )
    if fig.insufficient:
        return fig
    if high_value is None:
        fig.insufficient = "数据不足：尚未进行高价值发明专利判定（知识产权局在“指标”页计算后可用）"
        return fig
    total, valued = Counter[str](), Counter[str]()
    for f in usable:
        for sc in {c.replace(" ", "")[:4] for c in f.ipc}:
            total[sc] += 1
            valued[sc] += f.patent_id in high_value
    fig.rows = [
        [sc, titles.get(sc, ""), n, valued[sc], round(valued[sc] / n, 4)]
        for sc, n in ranked(total, top)
    ]
    hv = sum(1 for f in usable if f.patent_id in high_value)
    fig.notes.append(f"范围内高价值发明专利 {hv} / {len(usable)} 件（判定基准日 {judged_on}）")
    return fig


def citations(facts: Sequence[Fact], cited: dict[str, int], citing: int, top: int = 20) -> Figure:
    """The records in scope cited most by the store's records (forward citations)."""
    fig, _usable = _figure(
        "A9.citations",
        "被引用最多的专利（库内前向引用）",
        "bar",
        ["专利号", "名称", "被引次数", "申请人"],
        facts,
        (),
        "被引次数 = 本平台专利库中引用该专利的记录数（按记录所载的引用文献，号码按原样比对）；"
        "库外的引用无法计入，只能比较同一库内的专利。",
    )
    if not citing:
        fig.insufficient = "数据不足：库中没有任何记录载有引用文献"
        return fig
    scored = Counter({f.number: cited[f.number] for f in facts if cited.get(f.number)})
    by_number = {f.number: f for f in facts}
    fig.rows = [
        [n, by_number[n].title or "", k, "、".join(by_number[n].applicants[:2])]
        for n, k in ranked(scored, top)
    ]
    fig.notes.append(f"库中载有引用文献的记录 {citing} 件；范围内被引用过的 {len(scored)} 件")
    return fig


STATUS_LABELS = {"valid": "有效", "invalid": "失效", "pending": "审中", "unknown": "未知"}


def legal_status(facts: Sequence[Fact]) -> Figure:
    fig, usable = _figure(
        "A7.status",
        "法律状态",
        "pie",
        ["状态", "专利数", "占比"],
        facts,
        ("status",),
        "按记录的法律状态文本归类（有效、失效、审中）；没有状态的记录不计入。",
    )
    if fig.insufficient:
        return fig
    counts = Counter(f.status for f in usable)
    fig.rows = [[STATUS_LABELS[s], n, round(n / len(usable), 4)] for s, n in ranked(counts)]
    return fig


def inventors(facts: Sequence[Fact], top: int = 20) -> Figure:
    fig, usable = _figure(
        "A5.inventors",
        "主要发明人",
        "bar",
        ["发明人", "专利数", "团队平均人数"],
        facts,
        ("inventors",),
        "发明人参与的专利件数；团队平均人数 = 这些专利发明人数的平均值。",
    )
    if fig.insufficient:
        return fig
    count: Counter[str] = Counter()
    sizes: defaultdict[str, list[int]] = defaultdict(list)
    for f in usable:
        for name in set(f.inventors):
            count[name] += 1
            sizes[name].append(len(set(f.inventors)))
    for name, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        fig.rows.append([name, n, round(sum(sizes[name]) / len(sizes[name]), 2)])
    return fig


def cooperation(facts: Sequence[Fact], top: int = 30) -> Figure:
    fig, usable = _figure(
        "A9.partners",
        "共同申请合作",
        "graph",
        ["申请人甲", "申请人乙", "共同申请数"],
        facts,
        ("applicants",),
        "两个申请人出现在同一件专利的申请人中，计一次合作。",
    )
    if fig.insufficient:
        return fig
    pairs: Counter[tuple[str, str]] = Counter()
    for f in usable:
        names = sorted(set(f.applicants))
        pairs.update((a, b) for i, a in enumerate(names) for b in names[i + 1 :])
    for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        fig.rows.append([a, b, n])
    if not fig.rows:
        fig.notes.append("范围内没有共同申请。")
    return fig
