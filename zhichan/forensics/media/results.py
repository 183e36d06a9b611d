"""The results of image, audio and text comparisons (best matches, clusters, passages)."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from zhichan.forensics.code import clone
from zhichan.forensics.code.results import FRAGMENTS, rounded, side
from zhichan.forensics.evidence import sources
from zhichan.forensics.evidence.sources import Progress
from zhichan.forensics.media import audio as sound
from zhichan.forensics.media import images as imagehashing
from zhichan.forensics.media import text as texts

#: What each summary figure is, in words (the report and the run page show these).
SUMMARY_LABELS = {
    "left_images": "左侧图片数",
    "right_images": "右侧图片数",
    "near_duplicates": "近似重复的左侧图片",
    "clusters": "近似图片组",
    "threshold_bits": "判为近似的最大汉明距离（位）",
    "left_files": "左侧音频数",
    "right_files": "右侧音频数",
    "same_sound": "同一声音的左侧音频",
    "match_threshold": "判为同一声音的最低比特一致率",
    "shared_chars": "共有文字（字）",
    "left_chars": "左侧文字（字）",
    "right_chars": "右侧文字（字）",
    "min_chars": "计入的最短段落（字）",
    "share_left": "占左侧比例",
    "shares": "占比",
}
#: The summary figure that counts what a comparison of this kind reads; zero means the
#: evidence held nothing of that kind (a code archive compared as images).
INPUTS = {
    "images": ("left_images", "right_images"),
    "audio": ("left_files", "right_files"),
    "text": ("left_chars", "right_chars"),
}

Media = tuple[list[tuple[sources.Entry, bytes]], list[dict[str, str]]]


def _media(root: Path, accept: Any, progress: Progress | None) -> Media:
    kept, skipped = [], []
    for n, member in enumerate(sources.walk(root), start=1):
        if not accept(member.path):
            skipped.append({"path": member.path, "reason": "类型不符，未比对"})
        elif member.data is None:
            skipped.append({"path": member.path, "reason": sources.TOO_LARGE})
        else:
            kept.append((member.entry, member.data))
        if progress:
            progress(f"读取 {root.name}", n, None)
    kept.sort(key=lambda k: k[0].path)
    skipped.sort(key=lambda k: k["path"])
    return kept, skipped


def images(
    left: Path, right: Path, p: dict[str, Any], extra: dict[str, Path], progress: Progress | None
) -> dict[str, Any]:
    threshold = int(p.setdefault("threshold", imagehashing.THRESHOLD))
    sides = []
    for root in (left, right):
        kept, skipped = _media(root, imagehashing.is_image, progress)
        hashed = []
        for entry, data in kept:
            h = imagehashing.hashed(entry, data)
            if h is None:
                skipped.append({"path": entry.path, "reason": "无法解码的图片"})
            else:
                hashed.append(h)
        sides.append((root, hashed, skipped))
    (_, lh, ls), (_, rh, rs) = sides
    matches = imagehashing.best_matches(lh, rh, progress)
    groups = imagehashing.clusters(
        [("left", h) for h in lh] + [("right", h) for h in rh], threshold
    )
    near = [m for m in matches if m.distance <= threshold]
    return {
        "left": {"name": left.name, "images": len(lh), "skipped": ls},
        "right": {"name": right.name, "images": len(rh), "skipped": rs},
        "summary": {
            "left_images": len(lh),
            "right_images": len(rh),
            "near_duplicates": len(near),
            "share_left": round(len(near) / len(lh), 4) if lh else 0.0,
            "clusters": len(groups),
            "threshold_bits": threshold,
        },
        "matches": [
            {
                "left": m.left.entry.path,
                "right": m.right.entry.path,
                "distance": m.distance,
                "similarity": round(m.similarity, 4),
                "transform": m.transform,
                "dhash_distance": m.dhash_distance,
                "near_duplicate": m.distance <= threshold,
                "left_size": [m.left.width, m.left.height],
                "right_size": [m.right.width, m.right.height],
            }
            for m in sorted(matches, key=lambda m: (m.distance, m.left.entry.path))
        ],
        "clusters": [[{"side": side, "path": h.entry.path} for side, h in g] for g in groups],
        "methods": [
            "感知哈希：64 位 DCT 感知哈希（pHash）与 64 位差值哈希（dHash），ImageHash 库；"
            "距离为 pHash 的汉明距离（0–64 位），右侧图片另取镜像、旋转等 8 种变换取最小距离。",
            f"左侧每张图片取右侧距离最小者为最佳匹配；距离 ≤ {threshold} 位计为近似重复，"
            "并按此阈值把两侧图片连成近似重复簇（并查集）。",
        ],
    }


def audio(
    left: Path, right: Path, p: dict[str, Any], extra: dict[str, Path], progress: Progress | None
) -> dict[str, Any]:
    prints = []
    with tempfile.TemporaryDirectory(prefix="zhichan-audio-") as tmp:
        for side, root in (("left", left), ("right", right)):
            kept, skipped = _media(root, sound.is_audio, progress)
            found = []
            for n, (entry, data) in enumerate(kept):
                path = Path(tmp) / f"{side}-{n}{Path(entry.path).suffix}"
                path.write_bytes(data)  # fpcalc reads files; archive members have none
                fp = sound.fingerprint(entry, path)
                if fp is None:
                    skipped.append({"path": entry.path, "reason": "无法解码的音频"})
                else:
                    found.append(fp)
            prints.append((found, skipped))
    (lf, ls), (rf, rs) = prints
    matches = sound.best_matches(lf, rf, progress)
    same = [m for m in matches if m.same_sound]
    return {
        "left": {"name": left.name, "files": len(lf), "skipped": ls},
        "right": {"name": right.name, "files": len(rf), "skipped": rs},
        "summary": {
            "left_files": len(lf),
            "right_files": len(rf),
            "same_sound": len(same),
            "share_left": round(len(same) / len(lf), 4) if lf else 0.0,
            "match_threshold": sound.MATCH,
        },
        "matches": [
            {
                "left": m.left.entry.path,
                "right": m.right.entry.path,
                "bit_match": round(m.bit_match, 4),
                "offset_seconds": round(m.offset_seconds, 2),
                "overlap_seconds": round(m.overlap_seconds, 2),
                "same_sound": m.same_sound,
                "left_seconds": round(m.left.duration, 2),
                "right_seconds": round(m.right.duration, 2),
            }
            for m in sorted(matches, key=lambda m: -m.bit_match)
        ],
        "methods": [
            "声学指纹：Chromaprint（fpcalc，Debian libchromaprint-tools），"
            "每约 0.124 秒一个 32 位子指纹。",
            f"时间对齐：把两段指纹逐个偏移滑动（重叠至少 {sound.MIN_OVERLAP} 个子指纹，约 2 秒），"
            "取比特一致率最高的偏移；无关声音约 0.5–0.65，"
            f"≥ {sound.MATCH} 计为同一声音。"
            "偏移为左侧文件在右侧文件中的起点（秒，负数表示右侧在左侧中）。",
        ],
    }


def text(
    left: Path, right: Path, p: dict[str, Any], extra: dict[str, Path], progress: Progress | None
) -> dict[str, Any]:
    min_chars = int(p.setdefault("min_chars", texts.MIN_CHARS))
    only = sources.Exclusions(patterns=())
    lt, rt = sources.read(left, only, progress), sources.read(right, only, progress)
    matches = texts.pair_and_compare(lt.files, rt.files, progress, min_chars)
    shared = sum(m.shared_chars for m in matches)
    left_chars = sum(len(texts.characters(f.text)) for f in lt.files)
    right_chars = sum(len(texts.characters(f.text)) for f in rt.files)
    return {
        "left": side(lt),
        "right": side(rt),
        "summary": {
            "shared_chars": shared,
            "left_chars": left_chars,
            "right_chars": right_chars,
            "shares": rounded(asdict(clone.Shares.of(shared, left_chars, right_chars))),
            "min_chars": min_chars,
        },
        "matches": [
            {
                "left": m.left.path,
                "right": m.right.path,
                "shares": rounded(asdict(m.shares)),
                "shared_chars": m.shared_chars,
                "left_chars": m.left_chars,
                "right_chars": m.right_chars,
                "passages": [asdict(x) for x in m.passages[:FRAGMENTS]],
            }
            for m in matches
        ],
        "methods": [
            "文本先做 NFKC 规范化，只保留字母、数字与汉字（标点、空格、换行不计）。",
            f"相同段落：对字符做贪婪串匹配，连续相同至少 {min_chars} 个字符才计入"
            "（段落移动后仍能找到）；"
            "占比分别相对左侧、右侧、双方（对称）与二者较大者。",
            "多个文件时按共享的 8 字符 winnowing 指纹最多者一一配对。",
        ],
    }
