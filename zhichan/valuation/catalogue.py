"""The indicator catalogue: what each indicator measures, its dimension, the framework it comes
from and whether the records or a person supply it.

Frameworks: GB/T 42748-2023《专利评估指引》(legal / technical / economic value, weights by
scenario; its own indicator names and weights could not be read, see docs/valuation.md),
CNIPA's 2012《专利价值分析指标体系操作手册》(PVD, 18 indicators) and the OECD patent-quality
indicators (Squicciarini, Dernis & Criscuolo 2013, doi:10.1787/5k4522wkw1r8-en).
"""

from __future__ import annotations

from dataclasses import dataclass

DIMENSIONS = {"legal": "法律价值", "technical": "技术价值", "economic": "经济价值"}
GBT = "GB/T 42748-2023《专利评估指引》"
PVD = "《专利价值分析指标体系操作手册》（国家知识产权局专利管理司、中国技术交易所，2012）"
OECD = "OECD《Measuring Patent Quality》（Squicciarini、Dernis、Criscuolo，2013）"


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    dimension: str
    name: str
    #: "record": computed from the stored records; "expert": entered by a person.
    source_kind: str
    framework: str
    formula: str
    #: What zhichan decided where the frameworks give no number (shown on every report).
    assumption: str | None = None
    #: Expert indicators: the question the form asks and how the answer maps to 0–100.
    question: str | None = None
    scale: str = "0–100"


COHORT = "同一 IPC 小类 × 申请年内的百分位（不足 30 件时依次放宽为大类 × 申请年、申请年、全库）"

CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "term",
        "legal",
        "剩余保护期",
        "record",
        f"{PVD}“有效期”；{OECD} renewal",
        "不在有效期内为 0；否则 100 × 剩余天数 ÷ 法定保护期天数（含已载明的期限补偿）",
    ),
    Indicator(
        "stability",
        "legal",
        "权利稳定性",
        "record",
        f"{PVD}“稳定性”",
        "基准 70；发明已授权（经实质审查）+15；有无效宣告请求 −40；"
        "检索报告 X 类文献每篇 −10（至多 −30）；结果限定在 0–100",
        assumption="基准分与加减分为本平台设定，操作手册原值未能核实",
    ),
    Indicator(
        "scope",
        "legal",
        "保护范围",
        "record",
        f"{OECD} claims、patent scope",
        f"权利要求项数、独立权利要求数、最短独立权利要求字数（越短越宽，取反）、"
        f"IPC 小类数四项百分位的平均；{COHORT}",
    ),
    Indicator(
        "family",
        "legal",
        "地域布局（同族）",
        "record",
        f"{PVD}“多国申请”；{OECD} family size",
        f"同族专利涉及的国家/地区数；{COHORT}",
    ),
    Indicator(
        "encumbrance",
        "legal",
        "权属与权利负担",
        "record",
        f"{PVD}“专利许可状态”；《专利权质押登记办法》（国家知识产权局公告第四六一号）驳回情形",
        "基准 100；质押未解除 −50；共有人两个以上 −30；有保全、冻结或权属纠纷中止记录 −100；"
        "结果限定在 0–100",
        assumption="扣分值为本平台设定；只读法律事件，独占许可无法从事件判断",
    ),
    Indicator(
        "grant_lag",
        "legal",
        "授权周期",
        "record",
        f"{OECD} grant lag",
        f"申请日到授权日的天数，越短越高（取反的百分位）；{COHORT}",
        assumption="OECD 将授权周期列为质量指标（申请人倾向加快有价值的专利）；方向为本平台采用",
    ),
    Indicator(
        "enforceability",
        "legal",
        "侵权可判定性",
        "expert",
        f"{PVD}“专利侵权可判定性”",
        "专家评分",
        question="从市场上的产品能否看出是否使用了本专利？"
        "100：直接可见；50：需拆解或检测；0：几乎无法取证",
    ),
    Indicator(
        "design_around",
        "legal",
        "不可规避性",
        "expert",
        f"{PVD}“不可规避性”",
        "专家评分",
        question="竞争者能否不侵权而达到同样效果？100：无法绕开；0：容易绕开",
    ),
    Indicator(
        "dependence",
        "legal",
        "依赖性",
        "expert",
        f"{PVD}“依赖性”",
        "专家评分",
        question="实施本专利是否依赖他人专利？100：不依赖；0：完全依赖他人基础专利",
    ),
    Indicator(
        "forward_citations",
        "technical",
        "被引证次数",
        "record",
        f"{OECD} forward citations；{PVD}“先进性”（代理）",
        f"本库中引用本专利的记录数；{COHORT}",
        assumption="库中没有引用它的记录时视为无数据（引用数据不全，不按 0 计）",
    ),
    Indicator(
        "backward_citations",
        "technical",
        "引证文献数",
        "record",
        f"{OECD} backward citations",
        f"记录所载后向引证数；{COHORT}",
    ),
    Indicator(
        "breadth",
        "technical",
        "适用范围",
        "record",
        f"{PVD}“适用范围”；{OECD} generality",
        f"专利所属 IPC 大类数（无引证分类时的替代）；{COHORT}",
    ),
    Indicator(
        "originality",
        "technical",
        "文本原创性",
        "record",
        f"{OECD} originality（文本代理）",
        "1 − 与最相近的 10 件在先专利（按申请日；无日期时为库中其他专利）语义相似度的均值；"
        f"{COHORT}",
        assumption="以语义向量的余弦相似度代替引证分类分布",
    ),
    Indicator(
        "trl",
        "technical",
        "技术成熟度",
        "expert",
        f"{PVD}“成熟度”",
        "专家填写技术就绪水平 1–9 级，折算 10 + (级数 − 1) × 90 ÷ 8",
        question="技术就绪水平：1 级 原理提出 …… 4 级 实验室验证 …… "
        "7 级 样机在实际环境演示 …… 9 级 已批量应用",
        scale="1–9",
    ),
    Indicator(
        "substitutability",
        "technical",
        "不可替代性",
        "expert",
        f"{PVD}“可替代性”",
        "专家评分",
        question="市场上有无可替代的技术方案？100：没有替代方案；0：替代方案多且成熟",
    ),
    Indicator(
        "operations",
        "economic",
        "实施与运营记录",
        "record",
        f"{PVD}“市场应用情况”",
        "转让、许可备案、质押、开放许可等记录：20 + 30 × 件数，至多 100",
        assumption="分值为本平台设定；只有法律事件或本平台登记中有记录时才计分",
    ),
    Indicator(
        "policy_fit",
        "economic",
        "政策适应性",
        "record",
        f"{PVD}“政策适应性”",
        "属于战略性新兴产业（IPC 参照关系表 2021）为 100，否则 50",
        assumption="50 为本平台设定；地方重点产业目录未载入",
    ),
    Indicator(
        "maintenance",
        "economic",
        "维持年限",
        "record",
        f"{OECD} renewal",
        f"授权（无授权日时为申请）至终止日或估值日的年数；{COHORT}",
    ),
    Indicator(
        "market",
        "economic",
        "市场规模与占有率",
        "expert",
        f"{PVD}“市场规模前景”“市场占有率”",
        "专家评分",
        question="应用本专利的产品市场有多大、占有率多高？"
        "100：大市场且领先；50：中等；0：几乎没有市场",
    ),
    Indicator(
        "competition",
        "economic",
        "竞争情况",
        "expert",
        f"{PVD}“竞争情况”",
        "专家评分",
        question="市场竞争是否有利于专利权人？100：少有竞争者；0：竞争激烈且对手强",
    ),
)
BY_KEY = {i.key: i for i in CATALOGUE}
EXPERT = tuple(i.key for i in CATALOGUE if i.source_kind == "expert")
RECORD = tuple(i.key for i in CATALOGUE if i.source_kind == "record")

SCENARIOS = {
    "finance": "金融（质押融资）",
    "licensing": "许可转让",
    "enforcement": "侵权救济",
    "management": "管理（分级与存量盘活）",
    "reporting": "财务报告",
}
#: Names a user may type for a scenario (the CLI takes 金融, 许可转让 …).
SCENARIO_WORDS = {
    **{k: k for k in SCENARIOS},
    "金融": "finance",
    "质押": "finance",
    "许可转让": "licensing",
    "许可": "licensing",
    "转让": "licensing",
    "侵权救济": "enforcement",
    "侵权": "enforcement",
    "管理": "management",
    "分级": "management",
    "财务报告": "reporting",
    "财务": "reporting",
}
MODEL_VERSION = "zhichan-valuation-1"
#: What pages, reports and the command line call a model version (the code stays in the API).
MODEL_LABELS = {MODEL_VERSION: "估值模型第 1 版"}
DISCLAIMER = "估值参考，非资产评估报告（资产评估报告须由资产评估机构出具并签字）"
