"""Which reader a file needs: by its first bytes and, for text, its first line or header."""

from __future__ import annotations

import json
from pathlib import Path

from zhichan.patents.importers import cncpc, kppatent, tabular, uspto, zhichan_jsonl
from zhichan.patents.importers.base import Format, source_error

READERS: dict[str, Format] = {
    f.name: f
    for f in (
        kppatent.FORMAT,
        cncpc.FORMAT,
        uspto.FORMAT,
        tabular.CSV,
        tabular.XLSX,
        tabular.XLS,
        zhichan_jsonl.FORMAT,
    )
}
FORMATS = ("auto", *READERS)
LABELS = {
    "auto": "自动识别",
    "kppatent": "KPPatent-ZH 数据集",
    "cn-cpc": "cn-cpc 数据集",
    "uspto": "USPTO 全文 XML",
    "csv": "CSV 表格",
    "xlsx": "Excel 表格（.xlsx）",
    "xls": "Excel 表格（.xls）",
    "zhichan": "知产 JSONL",
}

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise source_error(path, "文件为空")
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return "xls"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if uspto.looks_like(head):
            return "uspto"
        raise source_error(path, "XML 文件不是可识别的 USPTO 专利全文格式", 1)
    if stripped.startswith(b"{"):
        return _jsonl_kind(path, stripped)
    if _is_cncpc(head):
        return "cn-cpc"
    return "csv"


def _jsonl_kind(path: Path, head: bytes) -> str:
    line = head.split(b"\n", 1)[0]
    try:
        first = json.loads(line)
    except ValueError as exc:
        raise source_error(path, f"第一行不是有效的 JSON：{exc}", 1) from exc
    if not isinstance(first, dict):
        raise source_error(path, "JSONL 每行应是一个 JSON 对象", 1)
    if zhichan_jsonl.looks_like(first):
        return "zhichan"
    if kppatent.looks_like(first):
        return "kppatent"
    raise source_error(path, f"无法识别的 JSONL 格式（字段：{', '.join(sorted(first)[:8])}）", 1)


def _is_cncpc(head: bytes) -> bool:
    first_line = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip()
    return first_line.split(",") == cncpc.HEADER
