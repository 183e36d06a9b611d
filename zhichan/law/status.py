"""Whether an instrument of the corpus is the text in force, and on what basis.

Derived from the corpus where it can be: an instrument with a newer version of the same title
in the corpus is superseded; one named in an amendment decision (修改《…》) whose version is
older than the decision's adoption is the text before that amendment (the texts republished
as amended carry a later date). Repeals the
corpus does not contain are listed in ``REPEALED`` with the document that repealed them,
marked as not checked against a text here. Superseded, amended and repealed texts are marked
on their pages and ranked below the texts in force (``ranking``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhichan.core.text import nfkc

IN_FORCE = "in_force"
SUPERSEDED = "superseded"
AMENDED = "amended"
REPEALED_CODE = "repealed"
AMENDING = "amending"

LABELS = {
    IN_FORCE: "现行有效",
    SUPERSEDED: "已被新版本取代",
    AMENDED: "已被修改（本文为修改前文本）",
    REPEALED_CODE: "已废止",
    AMENDING: "修改决定（修改内容已并入被修改的文件）",
}
NOT_IN_FORCE = frozenset({SUPERSEDED, AMENDED, REPEALED_CODE})

_UNCHECKED = "该文件不在语料中，未能核对原文，请以官方公布为准"
_SPC = "最高人民法院关于"
#: Repeals by documents the corpus does not hold: title → (the repealing document, what
#: replaced the rules); docs/law.md says how each was chosen.
REPEALED: dict[str, tuple[str, str]] = {
    _SPC + "对诉前停止侵犯专利权行为适用法律问题的若干规定": (
        "《最高人民法院关于废止部分司法解释及相关规范性文件的决定》（法释〔2020〕16号，"
        "2021年1月1日起施行）",
        "诉前责令停止侵害知识产权行为现适用《最高人民法院关于审查知识产权纠纷行为保全案件"
        "适用法律若干问题的规定》",
    ),
    _SPC + "诉前停止侵犯注册商标专用权行为和保全证据适用法律问题的解释": (
        "《最高人民法院关于废止部分司法解释及相关规范性文件的决定》（法释〔2020〕16号，"
        "2021年1月1日起施行）",
        "诉前责令停止侵害知识产权行为现适用《最高人民法院关于审查知识产权纠纷行为保全案件"
        "适用法律若干问题的规定》",
    ),
    "最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释": (
        "《最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释》"
        "（2025年4月26日起施行）",
        "侵犯知识产权刑事案件现适用该解释",
    ),
    "最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释(二)": (
        "《最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释》"
        "（2025年4月26日起施行）",
        "侵犯知识产权刑事案件现适用该解释",
    ),
    "最高人民法院 最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释(三)": (
        "《最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释》"
        "（2025年4月26日起施行）",
        "侵犯知识产权刑事案件现适用该解释",
    ),
    "浙江省专利条例": (
        "《浙江省知识产权保护和促进条例》（2023年1月1日起施行）",
        "浙江省的专利保护与促进现适用该条例",
    ),
}

_AMENDS = re.compile(r"修改《([^》]+)》")
_IN_FORCE_FROM = re.compile(r"本决定自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")


@dataclass(frozen=True, slots=True)
class Status:
    code: str
    basis: str  # the records or document the status rests on

    @property
    def label(self) -> str:
        return LABELS[self.code]


def _key(title: str) -> str:
    return nfkc(title).removeprefix("中华人民共和国")


def statuses(instruments: list[Any]) -> dict[str, Status]:
    """Status of each parsed instrument (``corpus.Instrument``), keyed by source path."""
    newest: dict[str, date] = {}
    for inst in instruments:
        if inst.version_date:
            k = _key(inst.title)
            newest[k] = max(newest.get(k, inst.version_date), inst.version_date)
    amended: dict[str, tuple[str, date]] = {}
    amending: set[str] = set()
    for inst in instruments:
        if "决定" not in inst.title or not any(a.point for a in inst.articles):
            continue
        text = "\n".join(a.text for a in inst.articles)
        m = _IN_FORCE_FROM.search(text)
        if not m or inst.promulgated is None:
            continue
        amending.add(inst.source)
        for name in _AMENDS.findall(text):
            amended.setdefault(_key(name), (inst.title, inst.promulgated))
    out: dict[str, Status] = {}
    for inst in instruments:
        k = _key(inst.title)
        out[inst.source] = _status(inst, k, newest, amended, amending)
    return out


def _status(
    inst: Any,
    key: str,
    newest: dict[str, date],
    amended: dict[str, tuple[str, date]],
    amending: set[str],
) -> Status:
    if inst.source in amending:
        return Status(AMENDING, "本文件修改其他司法解释，修改后的文本以各该文件为准")
    if key in REPEALED:
        by, now = REPEALED[key]
        return Status(REPEALED_CODE, f"被{by}废止；{now}。{_UNCHECKED}")
    version = inst.version_date
    if version and newest.get(key, version) > version:
        return Status(SUPERSEDED, f"语料中有同名文件的 {newest[key]} 版本")
    if key in amended and version and version < amended[key][1]:
        decision, adopted = amended[key]
        return Status(AMENDED, f"《{decision}》（{adopted} 通过）修改了本文件，此处为修改前的文本")
    return Status(IN_FORCE, "语料中没有取代、修改或废止它的文件")
