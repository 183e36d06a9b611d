"""The infringement-risk screening list (侵权风险排查清单): for each technical feature of a
product, the valid and pending records in scope whose title, abstract and first claim are most
alike in words. A list of facts to check, never a legal conclusion.

Whether a product falls within a patent's scope is decided claim by claim on all the features
of a claim (全面覆盖原则, 《最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释》
第七条); word similarity only orders what a professional reads first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zhichan.fulltext import similar
from zhichan.navigation.analytics import Figure, _figure
from zhichan.navigation.facts import Fact

if TYPE_CHECKING:
    from zhichan.navigation.reports import Claims

#: Records listed per feature.
PER_FEATURE = 10
#: Lapsed records bind no one; a record without a status cannot be ruled out.
STATUS = {"valid": "有效", "pending": "审中", "unknown": "未知（记录未载）"}


def screening(
    facts: Sequence[Fact], features: Sequence[str], claims: Claims | None
) -> list[Figure]:
    fig, usable = _figure(
        "R1.risk",
        "侵权风险排查清单",
        "table",
        ["特征", "专利号", "名称", "专利权人", "法律状态", "相似度", "共有词语"],
        [f for f in facts if f.status in STATUS],
        ("text",),
        "对每条产品技术特征，列出范围内有效、审中和法律状态未知的专利中标题、摘要与首项权利要求的词语与之最相近"
        f"的至多 {PER_FEATURE} 件（词语 TF-IDF 余弦，rjieba 分词，逆文档频率取自库中前 "
        f"{similar.SAMPLE} 件记录）。列入清单不表示构成侵权，未列入也不表示不侵权：是否落入保护范围"
        "须由专业人员按权利要求的全部技术特征逐项比对（全面覆盖原则，《最高人民法院关于审理侵犯"
        "专利权纠纷案件应用法律若干问题的解释》第七条）。已失效的专利不列入；状态未知的无法排除，"
        "一并列出，应先查明法律状态。",
    )
    if fig.insufficient or claims is None:
        return [fig]
    holders = {f.number: "、".join(f.applicants[:3]) or "（记录未载）" for f in usable}
    titles = {f.number: f.title or "" for f in usable}
    status = {f.number: STATUS[f.status] for f in usable}
    vectors = [
        (n, similar.vector(t, claims.idf)) for n, t in sorted(claims.texts.items()) if n in holders
    ]
    for i, feature in enumerate(features, 1):
        want = similar.vector(feature, claims.idf)
        scored = sorted(
            ((*similar.cosine(want, v), n) for n, v in vectors),
            key=lambda s: (-s[0], s[2]),
        )
        hits = [s for s in scored[:PER_FEATURE] if s[0] > 0]
        if not hits:
            fig.notes.append(f"特征 {i}：范围内没有与之共有词语的专利")
        for score, shared, number in hits:
            fig.rows.append(
                [
                    f"{i}. {feature}",
                    number,
                    titles[number],
                    holders[number],
                    status[number],
                    round(score, 3),
                    "、".join(shared),
                ]
            )
    return [fig]
