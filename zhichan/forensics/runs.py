"""One comparison from evidence on disk to a JSON-ready result with its manifest.

The result holds only numbers, paths, methods and short excerpts (no verdict); the HTML/PDF
report (:mod:`.report`), the CLI and the web workspace all read it. ``rerun`` checks the
evidence against the manifest and repeats the comparison with the recorded parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhichan.core.errors import InvalidInput
from zhichan.forensics.code import folder as code_folder
from zhichan.forensics.code import results as code_results
from zhichan.forensics.evidence import manifest
from zhichan.forensics.evidence.sources import Progress
from zhichan.forensics.media import results as media_results

KINDS = {
    "code": "源代码比对",
    "folder": "源代码全量比对（一组提交或版本）",
    "images": "图片比对",
    "audio": "音频比对",
    "text": "文本比对",
}
ONE_SIDED = frozenset({"folder"})
DEFAULTS: dict[str, dict[str, Any]] = {
    "code": code_results.CODE_DEFAULTS,
    "folder": code_folder.FOLDER_DEFAULTS,
}
DISCLAIMER = "本报告只陈述比对所得的数据、方法与参数，不对是否构成侵权作出判断。"


def run(
    kind: str,
    left: Path,
    right: Path | None,
    parameters: dict[str, Any] | None = None,
    extra: dict[str, Path] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    if kind not in KINDS:
        raise InvalidInput(f"不支持的比对类型：{kind}（可选：{'、'.join(KINDS)}）")
    if (right is None) != (kind in ONE_SIDED):
        raise InvalidInput("全量比对只需一个目录" if right else "请提供右侧证据")
    sides = (("左侧", left),) if right is None else (("左侧", left), ("右侧", right))
    for role, path in (*sides, *(extra or {}).items()):
        if not path.exists():
            raise InvalidInput(f"{role}证据不存在：{path}")
    params = {**DEFAULTS.get(kind, {}), **(parameters or {})}
    body = _RUNNERS[kind](left, right, params, extra or {}, progress)
    result = {"kind": kind, "title": KINDS[kind], "disclaimer": DISCLAIMER, **body}
    inputs = {"left": left, **({"right": right} if right else {}), **(extra or {})}
    result["manifest"] = manifest.build(inputs, params, result, audio=kind == "audio")
    return result


def rerun(result: dict[str, Any], relocate: dict[str, Path] | None = None) -> dict[str, Any]:
    """{"changes": [...], "reproduced": bool | None, "numbers_sha256": new digest or None}."""
    recorded = result["manifest"]
    was = recorded["parameters"].get("method", 1) if result["kind"] in DEFAULTS else None
    now = DEFAULTS[result["kind"]]["method"] if result["kind"] in DEFAULTS else None
    if was != now:
        note = f"比对方法已更新（记录为第 {was} 版，现为第 {now} 版），不能按原方法重跑；请重新比对"
        return {"changes": [], "reproduced": None, "numbers_sha256": None, "method": note}
    changed = manifest.changes(recorded, relocate)
    if changed:
        return {"changes": changed, "reproduced": None, "numbers_sha256": None}
    where = {
        role: (relocate or {}).get(role) or Path(v["location"])
        for role, v in recorded["inputs"].items()
    }
    extra = {k: v for k, v in where.items() if k not in ("left", "right")}
    again = run(result["kind"], where["left"], where.get("right"), recorded["parameters"], extra)
    new = again["manifest"]["numbers_sha256"]
    return {"changes": [], "reproduced": new == recorded["numbers_sha256"], "numbers_sha256": new}


_RUNNERS: dict[str, Any] = {
    "code": code_results.code,
    "folder": code_folder.folder,
    "images": media_results.images,
    "audio": media_results.audio,
    "text": media_results.text,
}
