"""The navigation analyses on constructed facts, each expected value computed by hand in the
comments (report day 2025-06-01: filing years up to 2023 are complete)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from zhichan.navigation import analytics, effects, reports
from zhichan.navigation.facts import Fact, Scope, snapshot_id

AS_OF = 2025
FACTS = [
    Fact("N1", 2020, 2021, 2022, ipc=("H01M10/052", "H01M4/13"), applicants=("甲公司",),
         applicant_kinds=("企业",), province="浙江", status="valid", content_hash="h1"),
    Fact("N2", 2020, 2022, None, ipc=("H01M4/13",), applicants=("甲公司", "乙大学"),
         applicant_kinds=("企业", "高校"), province="浙江", status="pending", content_hash="h2"),
    Fact("N3", 2021, 2022, 2023, ipc=("G06F17/30",), applicants=("乙大学",),
         applicant_kinds=("高校",), province="江苏", status="valid", content_hash="h3"),
    Fact("N4", 2022, None, None, ipc=("H01M50/40",), applicants=("丙公司",),
         applicant_kinds=("企业",), province="广东", status="invalid", content_hash="h4"),
    Fact("N5", 2024, applicants=("丁公司",), applicant_kinds=("企业",), content_hash="h5"),
    Fact("N6", text="本发明降低了生产成本，提高洗衣机的洗涤效率。", content_hash="h6"),
]  # fmt: skip


def test_trend_marks_the_incomplete_years_and_counts_what_is_missing() -> None:
    fig = analytics.trend(FACTS, AS_OF)
    # Filing years of N1–N5 span 2020–2024; publications 2021, 2022 ×2; grants 2022, 2023.
    assert fig.rows == [
        [2020, 2, 0, 0, "是"],
        [2021, 1, 1, 0, "是"],
        [2022, 1, 2, 1, "是"],
        [2023, 0, 0, 1, "是"],
        [2024, 1, 0, 0, "不完整"],
    ]
    assert fig.missing == {"filing_year": 1} and "1 件无申请日" in fig.notes[0]


def test_growth_cagr_and_phase() -> None:
    fig = analytics.growth(FACTS, AS_OF)
    # Complete years 2020 (2 filings, 甲+乙), 2021 (1, 乙), 2022 (1, 丙).
    assert fig.rows == [[2020, 2, 2], [2021, 1, 1], [2022, 1, 1]]
    # (1/2)^(1/2) − 1 = −29.3 %; four filings in 2018–2023 are too few for a phase.
    assert fig.notes[-2:] == [
        "年均复合增长率 CAGR（2020—2022）：-29.3%",
        "生命周期阶段：萌芽期（或数据不足）",
    ]


def test_phases_from_applications_and_applicants() -> None:
    def phase(before: tuple[int, int], recent: tuple[int, int]) -> str:
        apps = Counter({2019: before[0], 2022: recent[0]})
        people = {2019: {f"p{i}" for i in range(before[1])},
                  2022: {f"p{i}" for i in range(100, 100 + recent[1])}}  # fmt: skip
        return analytics.phase(apps, people, last=2023)

    assert phase((10, 5), (20, 8)) == "成长期"  # +100 % filings, +60 % applicants
    assert phase((20, 10), (24, 10)) == "成熟期"  # +20 %, ±0
    assert phase((20, 10), (10, 5)) == "衰退期"  # −50 %, −50 %
    assert phase((20, 10), (10, 20)) == "调整期（申请量与申请人数变化方向不一）"


def test_applicants_concentration_on_fractional_counts() -> None:
    fig = analytics.applicants(FACTS)
    # Shares: 甲 1 + ½ = 1.5, 乙 ½ + 1 = 1.5, 丙 1, 丁 1 of 5 → .3 .3 .2 .2; ties by name.
    assert fig.rows == [
        ["乙大学", 2, 0.3],
        ["甲公司", 2, 0.3],
        ["丁公司", 1, 0.2],
        ["丙公司", 1, 0.2],
    ]
    # CR4 = 100 %; HHI = 30² + 30² + 20² + 20² = 2600.
    assert fig.notes[-2:] == ["CR4：100.0%", "HHI：2600"]


def test_aliases_merge_before_counting() -> None:
    merged = [replace(f, applicants=tuple("甲公司" if a == "丁公司" else a for a in f.applicants))
              for f in FACTS]  # fmt: skip
    # 甲 now 1.5 + 1 = 2.5 of 5 → .5; HHI = 50² + 30² + 20² = 3800.
    fig = analytics.applicants(merged)
    assert fig.rows[0] == ["甲公司", 3, 0.5] and fig.notes[-1] == "HHI：3800"


def test_composition_regions_status_entrants_partners() -> None:
    ipc = analytics.composition(FACTS, 4, {"H01M": "电化学电池"})
    assert ipc.rows == [["H01M", "电化学电池", 3, 0.75], ["G06F", "", 1, 0.25]]
    assert ipc.missing == {"ipc": 2}
    assert analytics.composition(FACTS, 1).rows == [["H", "", 3, 0.75], ["G", "", 1, 0.25]]
    assert analytics.regions(FACTS).rows == [["浙江", 2, 0.5], ["广东", 1, 0.25], ["江苏", 1, 0.25]]
    assert analytics.legal_status(FACTS).rows == [
        ["有效", 2, 0.5],
        ["失效", 1, 0.25],
        ["审中", 1, 0.25],
    ]
    # First filings: 甲 2020, 乙 2020, 丙 2022, 丁 2024; since 2023 only 丁.
    assert analytics.new_entrants(FACTS, AS_OF).rows == [["丁公司", 2024, 1]]
    assert analytics.cooperation(FACTS).rows == [["乙大学", "甲公司", 1]]
    kinds = analytics.applicant_kinds(FACTS)
    assert kinds.rows == [["企业", 4], ["高校", 1]]  # by the first applicant: N1 N2 N4 N5, N3


def test_a_chart_without_its_field_says_so() -> None:
    bare = [Fact("K1", text="提高效率"), Fact("K2")]
    fig = analytics.trend(bare, AS_OF)
    assert fig.rows == [] and fig.insufficient == "数据不足：缺少申请日（共 2 件，2 件无申请日）"
    both = analytics.new_entrants(bare, AS_OF)
    assert (
        both.insufficient == "数据不足：缺少申请人、申请日（共 2 件，2 件无申请人，2 件无申请日）"
    )


def test_effects_read_from_the_clause() -> None:
    assert effects.effects_of("本发明降低了生产成本，提高洗衣机的洗涤效率。") == {
        "降低成本",
        "提高效率",
    }
    assert effects.effects_of("可降低劳动强度。") == {"降低劳动强度"}
    assert effects.effects_of("采用提升管反应器。") == set()  # a noun, no attribute follows
    assert effects.effects_of("可降低成本并延长电池寿命。") == {"降低成本", "延长寿命"}
    # One effect, however it is worded.
    assert effects.effects_of("提高了使用寿命，减少加工时间。") == {"延长寿命", "缩短时间"}


def test_matrix_cells_and_blank_spots() -> None:
    facts = [
        Fact("M1", ipc=("H01M4/13",), text="可降低成本并延长电池寿命。"),
        Fact("M2", ipc=("H01M10/05",), text="提高充电效率。"),
        Fact("M3", ipc=("H01M2/10",), text="降低生产成本。"),
        Fact("M4", ipc=("G06F16/30",), text="提高检索效率，降低成本。"),
        Fact("M5", ipc=("G06F3/01",), text="本发明结构简单。"),
        Fact("M6", text="延长循环寿命。"),
    ]
    fig = effects.matrix(facts, {"M6": ("电池", "隔膜")})
    # Columns by total (降低成本 3; 延长寿命 2 and 提高效率 2 by name); M6's branch is the
    # larger-named of two equally common keywords (隔膜).
    assert fig.header == ["技术分支", "降低成本", "延长寿命", "提高效率"]
    assert fig.rows == [["H01M", 2, 1, 1], ["G06F", 1, 0, 1], ["隔膜", 0, 1, 0]]
    assert fig.cells["H01M|降低成本"] == ["M1", "M3"] and fig.notes[0] == "写明功效的专利 5 / 6 件"
    # Row totals 4, 2, 1 (median 2), column totals 3, 2, 2 (median 2): cells ≤ 1 in rows and
    # columns at or above the median.
    assert fig.blanks == [
        "H01M × 延长寿命（1 件）",
        "H01M × 提高效率（1 件）",
        "G06F × 降低成本（1 件）",
        "G06F × 延长寿命（0 件）",
        "G06F × 提高效率（1 件）",
    ]


def test_report_manifest_reproduces_and_names_a_changed_record() -> None:
    scope = Scope(ipc=("H01M", "G06F"))
    first = reports.build("industry", "测试", FACTS, scope, date(2025, 6, 1))
    again = reports.build("industry", "测试", list(reversed(FACTS)), scope, date(2025, 6, 1))
    assert first.manifest == again.manifest and first.manifest["records"] == 4
    assert reports.chart_data(first.chapters) == reports.chart_data(again.chapters)
    changed = [replace(f, content_hash="new") if f.number == "N3" else f for f in FACTS]
    other = reports.build("industry", "测试", changed, scope, date(2025, 6, 1))
    assert other.manifest["snapshot"] != first.manifest["snapshot"]
    assert other.manifest["chart_data_sha256"] == first.manifest["chart_data_sha256"]
    assert first.manifest["snapshot"] == snapshot_id(f for f in FACTS if f.ipc)


def test_region_positioning_against_the_whole_store() -> None:
    zhejiang = [f for f in FACTS if f.province == "浙江"]
    fig = analytics.positioning(zhejiang, FACTS, ("浙江",), {"H01M": "电池"})
    # 浙江: N1 (H01M), N2 (H01M) → H01M 2 of 2. Store with IPC: N1–N4 → H01M 3 of 4, G06F 1.
    # RTA = (2/2) ÷ (3/4) = 1.33; share of the store's H01M = 2/3.
    assert fig.rows == [["H01M", "电池", 2, 3, 0.6667, 1.33]]
    assert analytics.positioning(zhejiang, FACTS, (), {}).insufficient


def test_operations_count_patents_and_events() -> None:
    facts = [
        replace(FACTS[0], events=("grant", "transfer", "transfer", "pledge")),
        replace(FACTS[1], events=("publication", "licence_record")),
        FACTS[2],  # no legal events at all: not counted, named in the notes
    ]
    fig = analytics.operations(facts)
    rows = {r[0]: r[1:] for r in fig.rows}
    assert rows["转让"] == [1, 2] and rows["质押登记"] == [1, 1] and rows["许可备案"] == [1, 1]
    assert rows["开放许可声明"] == [0, 0]
    assert fig.missing == {"events": 1}
    assert analytics.operations([FACTS[2]]).insufficient.startswith("数据不足：缺少法律事件")


def test_value_distribution_from_the_high_value_verdicts() -> None:
    facts = [replace(f, patent_id=i) for i, f in enumerate(FACTS, 1)]
    fig = analytics.value(facts, frozenset({1, 3}), "2025-12-31", {"H01M": "电池"})
    # H01M: N1 (high value), N2, N4 → 1 of 3; G06F: N3 (high value) → 1 of 1.
    assert fig.rows == [["H01M", "电池", 3, 1, 0.3333], ["G06F", "", 1, 1, 1.0]]
    assert fig.notes[-1] == "范围内高价值发明专利 2 / 4 件（判定基准日 2025-12-31）"
    assert analytics.value(facts, None, None, {}).insufficient.startswith("数据不足：尚未")


def test_main_groups_and_emerging_industries() -> None:
    fig = analytics.groups(FACTS, {"H01M4/00": "电极"})
    # H01M4/13 in N1 and N2; H01M10/052, H01M50/40 and G06F17/30 once each.
    assert fig.rows[0] == ["H01M4/00", "电极", 2, 0.5]
    assert sorted(r[0] for r in fig.rows[1:]) == ["G06F17/00", "H01M10/00", "H01M50/00"]
    sei = [
        replace(FACTS[0], sei=("新能源汽车产业", "新材料产业")),
        replace(FACTS[1], sei=("新材料产业",)),
        FACTS[2],
    ]
    fig = analytics.industries(sei)
    assert fig.rows == [["新材料产业", 2, 0.6667], ["新能源汽车产业", 1, 0.3333]]
    assert fig.notes[-1] == "不属于任何战略性新兴产业的 1 / 3 件"


def test_citations_rank_the_store_s_most_cited_records() -> None:
    fig = analytics.citations(FACTS, {"N3": 4, "N1": 2, "X9": 7}, citing=5)
    # X9 is cited but not in scope; N3 4 times, N1 twice.
    assert [r[:3] for r in fig.rows] == [["N3", "", 4], ["N1", "", 2]]
    assert fig.notes[-1] == "库中载有引用文献的记录 5 件；范围内被引用过的 2 件"
    assert analytics.citations(FACTS, {}, citing=0).insufficient.startswith("数据不足")
