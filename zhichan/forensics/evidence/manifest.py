"""The evidence manifest: what was compared, with which tools and settings, and a check of it.

A manifest lists every input file (path inside its evidence, size, SHA-256), the versions of
the tools and libraries that produced the numbers, the parameters, when it was made, and a
digest of the numbers themselves. :func:`changes` re-reads the evidence and names every file
that changed, disappeared or appeared; a comparison re-run from an unchanged manifest must give
the same digest (:func:`zhichan.forensics.runs.rerun`).
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from zhichan import __version__
from zhichan.core.files import sha256_of
from zhichan.forensics.evidence import sources

LIBRARIES = ("tree-sitter", "tree-sitter-languages", "ImageHash", "pillow", "numpy", "py7zr")


def versions(audio: bool = False) -> dict[str, str]:
    out = {"zhichan": __version__, "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "未安装"
    if audio:
        from zhichan.forensics.media import audio as audio_mod

        out["fpcalc"] = audio_mod.fpcalc_version()
    return out


def inventory(root: Path) -> dict[str, Any]:
    entries = [
        {"path": m.path, "size": m.size, "sha256": m.sha256}
        for m in sorted(sources.walk(root), key=lambda m: m.path)
    ]
    whole = sha256_of(root) if root.is_file() else None
    return {
        "location": str(root.resolve()),
        "name": root.name,
        "archive_sha256": whole,
        "files": len(entries),
        "bytes": sum(e["size"] for e in entries),
        "entries": entries,
    }


def digest(numbers: Any) -> str:
    canonical = json.dumps(numbers, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build(
    inputs: dict[str, Path], parameters: dict[str, Any], numbers: Any, audio: bool = False
) -> dict[str, Any]:
    return {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": {role: inventory(path) for role, path in inputs.items()},
        "parameters": parameters,
        "versions": versions(audio),
        "numbers_sha256": digest(numbers),
    }


def changes(manifest: dict[str, Any], relocate: dict[str, Path] | None = None) -> list[str]:
    """Every difference between the evidence now and as recorded (empty: unchanged)."""
    out = []
    for role, recorded in manifest["inputs"].items():
        root = (relocate or {}).get(role) or Path(recorded["location"])
        if not root.exists():
            out.append(f"{role}：证据不存在 {root}")
            continue
        now = {e["path"]: e for e in inventory(root)["entries"]}
        before = {e["path"]: e for e in recorded["entries"]}
        for path in sorted(before.keys() - now.keys()):
            out.append(f"{role}：文件缺失 {path}")
        for path in sorted(now.keys() - before.keys()):
            out.append(f"{role}：新增文件 {path}")
        for path in sorted(before.keys() & now.keys()):
            if before[path]["sha256"] != now[path]["sha256"]:
                out.append(
                    f"{role}：文件已改变 {path}（SHA-256 原为 {before[path]['sha256'][:16]}…，"
                    f"现为 {now[path]['sha256'][:16]}…）"
                )
    return out
