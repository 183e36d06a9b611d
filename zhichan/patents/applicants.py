"""Applicant names to a normalised form, and the applicant type by tested rules.

Types follow CNIPA statistics: 企业 (enterprise), 高校 (university), 科研院所 (research
institute), 个人 (individual), 机关团体 (government body or association). The rules look at the
normalised name only; their order matters and is the order below.
"""

from __future__ import annotations

import re

from zhichan.core.text import nfkc, nfkc_lines

ENTERPRISE, UNIVERSITY, INSTITUTE, INDIVIDUAL, PUBLIC_BODY = (
    "企业",
    "高校",
    "科研院所",
    "个人",
    "机关团体",
)
TYPES = (ENTERPRISE, UNIVERSITY, INSTITUTE, INDIVIDUAL, PUBLIC_BODY)

# Suffix variants that name the same legal form.
_FORMS = (
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "股份有限公司"),
)
_EN_FORMS = (
    (r"\bCORPORATION\b", "CORP"),
    (r"\bCORP\b\.?", "CORP"),
    (r"\bINCORPORATED\b", "INC"),
    (r"\bINC\b\.?", "INC"),
    (r"\bLIMITED\b", "LTD"),
    (r"\bLTD\b\.?", "LTD"),
    (r"\bCOMPANY\b", "CO"),
    (r"\bCO\b\.?", "CO"),
)

_UNIVERSITY = re.compile(
    r"(大学|(?<!科)学院|学校|UNIVERSITY|COLLEGE|INSTITUTE OF TECHNOLOGY|\bUNIV\b)"
)
_INSTITUTE = re.compile(
    r"(研究院|研究所|研究中心|科学院|实验室|研究总院|设计院|RESEARCH INSTITUTE|ACADEMY|LABORATOR)"
)
_PUBLIC = re.compile(
    r"(人民政府|委员会|局$|办公室|办公厅|协会|学会|联合会|基金会|医院|站$|^国家|部$|厅$|"
    r"GOVERNMENT|MINISTRY|ASSOCIATION|FOUNDATION|HOSPITAL)"
)
_ENTERPRISE = re.compile(
    r"(公司|企业|集团|厂|工作室|合作社|商行|事务所|中心\(有限合伙\)|有限合伙|\bCORP\b|\bINC\b|\bLTD\b|\bCO\b|"
    r"\bGMBH\b|\bAG\b|\bS\.?A\.?\b|\bLLC\b|\bPLC\b|\bKK\b|\bAB\b|\bBV\b|\bNV\b|\bSPA\b)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def normalise_name(raw: str) -> str:
    """NFKC, brackets and spaces unified, legal-form variants folded, Latin upper-cased.

    ``华为技术有限责任公司`` and ``华为技术有限公司`` normalise alike; so do
    ``Sony Corporation`` and ``SONY CORP.``.
    """
    text = nfkc(raw)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    if _CJK.search(text):
        text = re.sub(r"\s+", "", text)
        for variant, canonical in _FORMS:
            if text.endswith(variant):
                text = text[: -len(variant)] + canonical
        return text.upper()
    text = text.upper().replace(",", " ").replace("&", " AND ")
    for pattern, canonical in _EN_FORMS:
        text = re.sub(pattern, canonical, text)
    return re.sub(r"\s+", " ", text).strip(" .")


def classify(name: str, *, normalised: str | None = None) -> str:
    """Applicant type of a name (give ``normalised`` if already computed); see the module doc."""
    text = normalised if normalised is not None else normalise_name(name)
    if _UNIVERSITY.search(text) and not re.search(r"公司$", text):
        return UNIVERSITY
    if _INSTITUTE.search(text) and not re.search(r"(公司|有限合伙\)?)$", text):
        return INSTITUTE
    if _ENTERPRISE.search(text):
        return ENTERPRISE
    if _PUBLIC.search(text):
        return PUBLIC_BODY
    if _CJK.search(text) and (2 <= len(text) <= 4 or "·" in text):
        return INDIVIDUAL
    if not _CJK.search(text) and re.fullmatch(r"[A-Z][A-Z.'\- ]+", text) and len(text.split()) <= 4:
        return INDIVIDUAL
    return ENTERPRISE


def split_names(raw: str | None) -> list[str]:
    """Split an exporter's multi-name cell (``甲公司;乙大学``, ``张三；李四``, ``A | B``)."""
    if not raw:
        return []
    return [p.strip() for p in re.split(r"[;；|\n]+", nfkc_lines(raw)) if p.strip()]
