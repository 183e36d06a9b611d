"""Column headers of CNIPA 专利检索及分析, incoPat and PatSnap exports, and mapping files.

Google Patents CSV (``id, title, assignee, inventor/author, priority date, filing/creation
date, publication date, grant date, result link``, under a ``search URL:`` line) is covered
too. Headers are compared after NFKC, with spaces and the bracket style removed and Latin
upper-cased, so ``公开（公告）号`` and ``公开(公告)号`` are one header. A mapping file (TOML)
maps any other layout::

    [columns]
    "Pub. No." = "publication_number"
    "Filing Date" = "application_date"

    [options]
    header_row = 1        # 1-based; default: detected
    sheet = "Sheet1"      # Excel only; default: the first sheet

Targets are the names in :data:`zhichan.patents.normalise.FIELDS`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from zhichan.core.errors import InvalidInput
from zhichan.core.text import nfkc
from zhichan.patents.normalise import FIELDS

ALIASES: dict[str, tuple[str, ...]] = {
    "application_number": (
        "申请号",
        "申请号码",
        "专利申请号",
        "APPLICATION NUMBER",
        "APPLICATION NO",
        "APPL NO",
    ),
    "application_date": (
        "申请日",
        "申请日期",
        "APPLICATION DATE",
        "FILING DATE",
        "FILING/CREATION DATE",
    ),
    "publication_number": (
        "公开(公告)号",
        "公开号",
        "公开公告号",
        "公布号",
        "公开(公布)号",
        "PUBLICATION NUMBER",
        "PUBLICATION NO",
        "PUB NO",
        "ID",
    ),
    "publication_date": (
        "公开(公告)日",
        "公开日",
        "公开公告日",
        "公布日",
        "公开(公布)日",
        "PUBLICATION DATE",
    ),
    "grant_number": ("授权公告号", "授权号", "GRANT NUMBER"),
    "grant_date": ("授权公告日", "授权日", "GRANT DATE"),
    "title": ("发明名称", "标题", "名称", "专利名称", "标题(中文)", "中文标题", "TITLE"),
    "title_en": ("标题(英文)", "英文标题", "TITLE (ENGLISH)"),
    "abstract": ("摘要", "中文摘要", "摘要(中文)", "ABSTRACT"),
    "abstract_en": ("摘要(英文)", "英文摘要"),
    "main_claim": ("主权项", "首项权利要求", "独立权利要求", "FIRST CLAIM"),
    "claims": ("权利要求", "权利要求书", "CLAIMS"),
    "description": ("说明书", "DESCRIPTION"),
    "applicants": (
        "申请(专利权)人",
        "申请人",
        "专利权人",
        "原始申请(专利权)人",
        "APPLICANT",
        "APPLICANTS",
    ),
    "owners": ("当前权利人", "当前申请(专利权)人", "CURRENT ASSIGNEE", "ASSIGNEE"),
    "inventors": ("发明人", "设计人", "发明(设计)人", "INVENTOR", "INVENTORS", "INVENTOR/AUTHOR"),
    "ipc": ("IPC分类号", "IPC", "分类号", "IPC分类", "国际分类号"),
    "ipc_main": ("主分类号", "IPC主分类号", "IPC主分类", "MAIN IPC"),
    "cpc": ("CPC", "CPC分类号"),
    "legal_status": ("法律状态", "当前法律状态", "简单法律状态", "LEGAL STATUS"),
    "legal_events": ("法律事件", "法律状态事件", "LEGAL EVENTS"),
    "applicant_address": ("申请人地址", "地址", "专利权人地址", "APPLICANT ADDRESS"),
    "province_code": ("国省代码", "申请人省市代码", "省市代码"),
    "agency": ("代理机构", "专利代理机构", "AGENCY"),
    "agents": ("代理人", "AGENT", "AGENTS"),
    "priorities": ("优先权", "优先权号", "PRIORITY"),
    "family": ("同族", "同族专利", "简单同族", "同族公开号", "FAMILY"),
    "family_id": ("同族ID", "简单同族ID", "FAMILY ID"),
    "citations": ("引证专利", "引用专利", "CITED PATENTS", "CITATIONS"),
    "keywords": ("关键词", "KEYWORDS"),
    "patent_type": ("专利类型", "类型", "TYPE"),
    "country": ("受理局", "国家/地区", "公开国别"),
}

REQUIRED_ANY = ("application_number", "publication_number", "grant_number")


def key(header: object) -> str:
    text = nfkc(str(header or "")).upper()
    return re.sub(r"[\s_:：]", "", text)


_LOOKUP = {key(alias): target for target, aliases in ALIASES.items() for alias in aliases}


def match(headers: Sequence[object], mapping: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column index → canonical field, for the headers recognised (mapping file first)."""
    extra = {key(k): v for k, v in (mapping or {}).items()}
    found: dict[int, str] = {}
    for i, header in enumerate(headers):
        target = extra.get(key(header)) or _LOOKUP.get(key(header))
        if target and target not in found.values():
            found[i] = target
    return found


def find_header_row(rows: Sequence[Sequence[object]], mapping: Mapping[str, str] | None) -> int:
    """0-based index of the row with the most recognised headers among the first rows."""
    best, best_score = 0, 0
    for i, row in enumerate(rows):
        score = len(match(row, mapping))
        if score > best_score:
            best, best_score = i, score
    return best


def require(columns: Mapping[int, str], source: str, header_line: int) -> None:
    if not set(columns.values()) & set(REQUIRED_ANY):
        raise InvalidInput(
            f"{source} 第 {header_line} 行：缺少必需列——"
            "申请号、公开(公告)号或授权公告号至少需要一列（表头不同时请提供映射文件 --mapping）",
            details={"file": source, "line": header_line},
        )


def load_mapping(path: Path) -> tuple[dict[str, str], int | None, str | None]:
    """Read a mapping file; returns (columns, header_row or None, sheet or None)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(
            f"映射文件 {path.name} 无法读取：{exc}", details={"file": str(path)}
        ) from exc
    columns = data.get("columns", {})
    bad = sorted({v for v in columns.values() if v not in FIELDS})
    if bad:
        raise InvalidInput(
            f"映射文件 {path.name}：未知目标字段 {', '.join(bad)}；可用：{', '.join(FIELDS)}",
            details={"file": str(path)},
        )
    options = data.get("options", {})
    header_row = options.get("header_row")
    return dict(columns), int(header_row) if header_row else None, options.get("sheet")
