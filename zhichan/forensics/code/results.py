"""The result of a source-code comparison: the seed's summary table, pairs, views, methods."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from zhichan.forensics.code import clone, linereport, projects
from zhichan.forensics.evidence import sources
from zhichan.forensics.evidence.sources import Progress

VIEW_PAIRS = 10
VIEW_ROWS = 400
FRAGMENTS = 30

CODE_DEFAULTS: dict[str, Any] = {
    "ignore_case": True, "ignore_whitespace": True, "ignore_comments": True,
    "ignore_blank_lines": True, "pair_threshold": 0.5, "similar_threshold": 0.8,
    "min_similarity": projects.MIN_SIMILARITY, "min_tile": 6,
    "exclude": list(sources.THIRD_PARTY),
}  # fmt: skip


def code(
    left: Path, right: Path, p: dict[str, Any], extra: dict[str, Path], progress: Progress | None
) -> dict[str, Any]:
    known = sources.known_list(extra["known"].read_text("utf-8")) if "known" in extra else {}
    base = sources.base_keys(extra["base"]) if "base" in extra else frozenset()
    exclusions = sources.Exclusions(tuple(p["exclude"]), known, base)
    lt = sources.read(left, exclusions, progress)
    rt = sources.read(right, exclusions, progress)
    rules = linereport.Rules(
        ignore_case=p["ignore_case"],
        ignore_whitespace=p["ignore_whitespace"],
        ignore_comments=p["ignore_comments"],
        ignore_blank_lines=p["ignore_blank_lines"],
        pair_threshold=p["pair_threshold"],
        similar_threshold=p["similar_threshold"],
    )
    report = projects.compare(lt, rt, rules, p["min_similarity"], progress, p["min_tile"])
    pairs = sorted(report.pairs, key=lambda x: -x.score.similarity.maximum)
    return {
        "left": side(lt),
        "right": side(rt),
        "summary": _lines(report.totals),
        "clone": _project_clone(report),
        "pairs": [_pair(x) for x in pairs],
        "unpaired_left": [f.path for f in report.unpaired_left],
        "unpaired_right": [f.path for f in report.unpaired_right],
        "views": [_view(x) for x in pairs[:VIEW_PAIRS]],
        "notes": report.notes,
        "methods": _code_methods(p),
    }


def side(tree: sources.Tree) -> dict[str, Any]:
    encodings: dict[str, int] = {}
    for f in tree.files:
        encodings[f.encoding] = encodings.get(f.encoding, 0) + 1
    return {
        "name": tree.root,
        "source_files": len(tree.files),
        "lines": sum(len(f.lines) for f in tree.files),
        "encodings": encodings,
        "skipped": [{"path": s.entry.path, "reason": s.reason} for s in tree.skipped],
    }


def _lines(r: linereport.LineReport) -> dict[str, Any]:
    keys = ("identical", "unimportant_diff", "important_diff", "similar")
    return {
        "left_total": r.left_total,
        "right_total": r.right_total,
        "counts": r.counts,
        "sections": r.sections,
        "similar": r.similar,
        "share_left": {k: round(r.share(k, "left"), 4) for k in keys},
        "share_right": {k: round(r.share(k, "right"), 4) for k in keys},
        "identities_hold": r.identities_hold(),
    }


def _project_clone(report: projects.ProjectReport) -> dict[str, Any]:
    tiled = sum(x.score.tiled_tokens for x in report.pairs)
    left = sum(x.score.left_tokens for x in report.pairs) + report.unpaired_left_tokens
    right = sum(x.score.right_tokens for x in report.pairs) + report.unpaired_right_tokens
    return {
        "tiled_tokens": tiled,
        "left_tokens": left,
        "right_tokens": right,
        "structure": asdict(clone.Shares.of(tiled, left, right)),
    }


def _pair(x: projects.FilePair) -> dict[str, Any]:
    s = x.score
    return {
        "left": x.left.path,
        "right": x.right.path,
        "similarity": rounded(asdict(s.similarity)),
        "structure": rounded(asdict(s.structure)),
        "literals": rounded(asdict(s.literals)) if s.literals else None,
        "tiled_tokens": s.tiled_tokens,
        "left_tokens": s.left_tokens,
        "right_tokens": s.right_tokens,
        "fragments": [asdict(f) for f in sorted(s.fragments, key=lambda f: -f.tokens)[:FRAGMENTS]],
        "lines": _lines(x.report),
    }


def rounded(d: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in d.items()}


def _view(x: projects.FilePair) -> dict[str, Any]:
    ll, rl = x.left.lines, x.right.lines
    rows = [
        [
            r.kind,
            r.left,
            r.right,
            ll[r.left] if r.left is not None else None,
            rl[r.right] if r.right is not None else None,
            r.similar,
        ]
        for r in x.report.rows[:VIEW_ROWS]
    ]
    return {
        "left": x.left.path,
        "right": x.right.path,
        "rows": rows,
        "truncated": len(x.report.rows) > VIEW_ROWS,
    }


def _code_methods(p: dict[str, Any]) -> list[str]:
    switched = [
        name
        for key, name in (
            ("ignore_case", "字母大小写"),
            ("ignore_whitespace", "空白"),
            ("ignore_comments", "注释"),
            ("ignore_blank_lines", "空行"),
        )
        if p[key]
    ]
    return [
        "文件配对：按内容（归一化记号的 winnowing 指纹，k=12、窗口 8）找候选，"
        f"以克隆相似度（最大值）从高到低一一配对，低于 {p['min_similarity']} 不配对；不按文件名。",
        "逐行比对：直方图差异算法（histogram diff，同 git diff --histogram）；"
        f"不重要差异规则：{'、'.join(switched) or '无'}，以及换行符。",
        f"差异部分内的代码行按记号相似度（≥ {p['pair_threshold']}）成对，成对者为重要差异行；"
        f"其中标识符与字面量替换为占位符后相似度 ≥ {p['similar_threshold']} 者计为“近似”。",
        "克隆相似度：tree-sitter 语法记号（标识符→ID、字面量→LIT），"
        f"贪婪串匹配（最短 {p['min_tile']} 个记号）的覆盖率，"
        "与字面量内容重合率等权平均；给出相对左侧、相对右侧、对称与最大值四种口径。",
        "排除：路径规则 "
        + "、".join(p["exclude"][:6])
        + ("等" if len(p["exclude"]) > 6 else "")
        + "；已知第三方库 SHA-256 清单与基础/模板目录（如提供）。二进制文件不作为源代码比对。",
    ]
