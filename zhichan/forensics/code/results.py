"""The result of a source-code comparison: the seed's summary table, pairs, views, methods."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from zhichan.forensics.code import boilerplate, clone, linereport, projects
from zhichan.forensics.evidence import sources
from zhichan.forensics.evidence.sources import Progress

# The clone score's version: 1 = maximum coverage and literal share (tiles of 6), 2 = the
# cross-validated score with boilerplate suppression. A run records it; a re-run under another
# version says so instead of reporting different numbers as if something had changed.
METHOD = 2
VIEW_PAIRS = 10
VIEW_ROWS = 400
FRAGMENTS = 30

CODE_DEFAULTS: dict[str, Any] = {
    "ignore_case": True, "ignore_whitespace": True, "ignore_comments": True,
    "ignore_blank_lines": True, "pair_threshold": 0.5, "similar_threshold": 0.8,
    "min_similarity": projects.MIN_SIMILARITY, "min_tile": clone.DEFAULT.min_tile,
    "boilerplate_share": boilerplate.DEFAULT_SHARE, "exclude": list(sources.THIRD_PARTY),
    "method": METHOD,
}  # fmt: skip


def code(
    left: Path, right: Path, p: dict[str, Any], extra: dict[str, Path], progress: Progress | None
) -> dict[str, Any]:
    exclusions, template = exclusions_of(p, extra)
    lt = sources.read(left, exclusions, progress)
    rt = sources.read(right, exclusions, progress)
    rules = line_rules(p)
    report = projects.compare(
        lt, rt, rules, p["min_similarity"], progress, params(p), p["boilerplate_share"], template
    )
    pairs = sorted(report.pairs, key=lambda x: -x.score.similarity)
    files = [*lt.files, *rt.files]
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
        "boilerplate": suppressed(report.boilerplate, files, template),
        "methods": _code_methods(p),
    }


def line_rules(p: dict[str, Any]) -> linereport.Rules:
    return linereport.Rules(
        ignore_case=p["ignore_case"],
        ignore_whitespace=p["ignore_whitespace"],
        ignore_comments=p["ignore_comments"],
        ignore_blank_lines=p["ignore_blank_lines"],
        pair_threshold=p["pair_threshold"],
        similar_threshold=p["similar_threshold"],
    )


def params(p: dict[str, Any]) -> clone.Params:
    return clone.Params(min_tile=int(p["min_tile"]))


def exclusions_of(
    p: dict[str, Any], extra: dict[str, Path]
) -> tuple[sources.Exclusions, sources.Tree | None]:
    known = sources.known_list(extra["known"].read_text("utf-8")) if "known" in extra else {}
    base = sources.base_keys(extra["base"]) if "base" in extra else frozenset()
    template = sources.read(extra["base"]) if "base" in extra else None
    return sources.Exclusions(tuple(p["exclude"]), known, base), template


def suppressed(
    found: boilerplate.Boilerplate | None,
    files: list[sources.SourceFile],
    template: sources.Tree | None,
) -> dict[str, Any]:
    """What was left out of the scores as boilerplate, named by file and lines."""
    if found is None:
        return {"tokens": 0, "passages": [], "share": None, "template": template is not None}
    return {
        "tokens": found.tokens,
        "share": found.share,
        "threshold_files": found.threshold + 1,
        "template": template is not None,
        "passages": [
            {
                "file": files[x.file].path,
                "lines": [x.first_line, x.last_line],
                "tokens": x.tokens,
                "files": x.files,
                "excerpt": _excerpt(files[x.file], x.first_line, x.last_line),
            }
            for x in found.passages
        ],
    }


def _excerpt(f: sources.SourceFile, first: int, last: int) -> str:
    lines = [line.strip() for line in f.lines[first - 1 : min(last, first + 2)]]
    return " ⏎ ".join(x for x in lines if x)[:160]


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
        **score(s),
        "lines": _lines(x.report),
    }


def score(s: clone.CloneScore) -> dict[str, Any]:
    return {
        "similarity": round(s.similarity, 4),
        "structure": rounded(asdict(s.structure)),
        "literals": rounded(asdict(s.literals)) if s.literals else None,
        "tiled_tokens": s.tiled_tokens,
        "left_tokens": s.left_tokens,
        "right_tokens": s.right_tokens,
        "suppressed_left": s.suppressed_left,
        "suppressed_right": s.suppressed_right,
        "short": s.short,
        "fragments": [asdict(f) for f in sorted(s.fragments, key=lambda f: -f.tokens)[:FRAGMENTS]],
    }


def rounded(d: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in d.items()}


def _view(x: projects.FilePair) -> dict[str, Any]:
    return view(x.left, x.right, x.report)


def view(
    left: sources.SourceFile, right: sources.SourceFile, report: linereport.LineReport
) -> dict[str, Any]:
    ll, rl = left.lines, right.lines
    rows = [
        [
            r.kind,
            r.left,
            r.right,
            ll[r.left] if r.left is not None else None,
            rl[r.right] if r.right is not None else None,
            r.similar,
        ]
        for r in report.rows[:VIEW_ROWS]
    ]
    return {
        "left": left.path,
        "right": right.path,
        "rows": rows,
        "truncated": len(report.rows) > VIEW_ROWS,
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
        f"以克隆相似度从高到低一一配对，低于 {p['min_similarity']} 不配对；不按文件名。",
        "逐行比对：直方图差异算法（histogram diff，同 git diff --histogram）；"
        f"不重要差异规则：{'、'.join(switched) or '无'}，以及换行符。",
        f"差异部分内的代码行按记号相似度（≥ {p['pair_threshold']}）成对，成对者为重要差异行；"
        f"其中标识符与字面量替换为占位符后相似度 ≥ {p['similar_threshold']} 者计为“近似”。",
        *clone_methods(p),
        "排除：路径规则 "
        + "、".join(p["exclude"][:6])
        + ("等" if len(p["exclude"]) > 6 else "")
        + "；已知第三方库 SHA-256 清单与基础/模板目录（如提供）。二进制文件不作为源代码比对。",
    ]


def clone_methods(p: dict[str, Any]) -> list[str]:
    share = p["boilerplate_share"]
    return [
        "克隆相似度：tree-sitter 语法记号（标识符→ID、字面量→LIT），"
        + params(p).describe()
        + "；另列相对左侧、相对右侧、对称与最大覆盖率。参数经跨数据集留一交叉验证选定"
        "（见 docs/forensics.md）。",
        f"证据片段：只列至少 {clone.EVIDENCE_TOKENS} 个记号的相同片段。",
        "模板/公共代码："
        + (
            f"连续 {boilerplate.K} 个记号在超过 {share:.0%} 的文件（且至少 "
            f"{boilerplate.MIN_FILES} 个）中出现者，"
            if share is not None
            else ""
        )
        + "以及基础/模板目录中的代码片段，不计入相似度（两侧均扣除），在“模板/公共代码”一节列明。",
    ]
