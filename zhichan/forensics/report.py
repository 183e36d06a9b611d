"""The report a judge reads: HTML (self-contained) and PDF (WeasyPrint, Noto CJK fonts).

Rendered from the JSON result alone (:mod:`.runs`), so the three formats always agree.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from zhichan.core import dates
from zhichan.core.errors import InvalidInput

HERE = Path(__file__).parent / "templates"
FORMATS = (".html", ".pdf", ".json")
KIND_NAMES = {
    "identical": "相同行", "unimportant_left": "不重要的左边独有行",
    "unimportant_right": "不重要的右边独有行", "unimportant_diff": "不重要的差异行",
    "important_left": "重要的左边独有行", "important_right": "重要的右边独有行",
    "important_diff": "重要差异行",
}  # fmt: skip
# the recorded parameters as a reader of the report names them (the JSON keeps the keys)
PARAMETER_NAMES = {
    "ignore_case": "忽略大小写", "ignore_whitespace": "忽略空白", "ignore_comments": "忽略注释",
    "ignore_blank_lines": "忽略空行", "pair_threshold": "差异行成对的记号相似度",
    "similar_threshold": "“近似”行的记号相似度阈值", "min_similarity": "文件配对的最低克隆相似度",
    "min_tile": "最短相同片段（记号）", "boilerplate_share": "模板/公共代码的文件比例",
    "exclude": "排除的路径模式", "method": "克隆相似度方法版本", "cluster_at": "聚类阈值",
}  # fmt: skip


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _shanghai(iso: str | None) -> str:
    """The manifest's UTC instant as the court reads it (Asia/Shanghai)."""
    if not iso:
        return ""
    try:
        return dates.shanghai_text(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(["html"]))
    env.filters["pct"] = _percent
    env.filters["shanghai"] = _shanghai
    env.filters["value"] = _value
    env.globals["KIND_NAMES"] = KIND_NAMES
    env.globals["PARAMETER_NAMES"] = PARAMETER_NAMES
    return env


def html(result: dict[str, Any], *, case: str | None = None) -> str:
    template = _environment().get_template("report.html")
    return template.render(r=result, case=case, manifest_json=_manifest_text(result))


def pdf(result: dict[str, Any], *, case: str | None = None) -> bytes:
    from weasyprint import HTML  # loads Pango; only reports pay for it

    data: bytes = HTML(string=html(result, case=case)).write_pdf()
    return data


def check_target(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"报告文件须以 {'、'.join(FORMATS)} 结尾：{target.name}")
    if not target.parent.is_dir():
        raise InvalidInput(f"报告的目录不存在：{target.parent}")
    return suffix


def write(result: dict[str, Any], target: Path, *, case: str | None = None) -> Path:
    """Write the report in the format the file name asks for (.html, .pdf or .json)."""
    suffix = check_target(target)
    tmp = target.with_name(target.name + ".part")  # a failed render leaves no half file
    if suffix == ".pdf":
        tmp.write_bytes(pdf(result, case=case))
    elif suffix == ".html":
        tmp.write_text(html(result, case=case), encoding="utf-8")
    else:
        tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target)
    return target


def _manifest_text(result: dict[str, Any]) -> str:
    m = dict(result.get("manifest", {}))
    m["inputs"] = {
        role: {k: v for k, v in side.items() if k != "entries"}
        for role, side in m.get("inputs", {}).items()
    }
    return json.dumps(m, ensure_ascii=False, indent=1)
