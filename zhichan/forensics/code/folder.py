"""A folder of submissions (or versions) compared all against all: ranked pairs, clusters,
the suppressed boilerplate, and for the top pairs the same line-by-line view as a two-sided
comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhichan.core.errors import InvalidInput
from zhichan.forensics.code import clone, collection, linereport, projects, results
from zhichan.forensics.evidence import sources
from zhichan.forensics.evidence.sources import Progress

MAX_PAIRS = 500
MAX_FILES = 2000
WORKERS = 2
FOLDER_DEFAULTS: dict[str, Any] = {
    **{k: v for k, v in results.CODE_DEFAULTS.items() if k != "min_similarity"},
    "cluster_at": collection.CLUSTER_AT,
}


def folder(
    root: Path,
    _right: Path | None,
    p: dict[str, Any],
    extra: dict[str, Path],
    progress: Progress | None,
) -> dict[str, Any]:
    exclusions, template = results.exclusions_of(p, extra)
    tree = sources.read(root, exclusions, progress)
    if len(tree.files) < 2:
        raise InvalidInput(
            f"全量比对至少需要 2 个源代码文件，{tree.root} 中只有 {len(tree.files)} 个"
        )
    if len(tree.files) > MAX_FILES:
        raise InvalidInput(
            f"一次全量比对最多 {MAX_FILES} 个文件，{tree.root} 中有 {len(tree.files)} 个"
        )
    streams = [projects.token_stream(f) for f in tree.files]
    base = [projects.token_stream(f) for f in template.files] if template else []
    ranking = collection.rank(
        streams,
        results.params(p),
        p["boilerplate_share"],
        base,
        float(p["cluster_at"]),
        WORKERS,
        progress,
    )
    files = tree.files
    rules = results.line_rules(p)
    views = []
    for pair in ranking.pairs[: results.VIEW_PAIRS]:
        lf, rf = files[pair.left], files[pair.right]
        report = linereport.compare(lf.lines, rf.lines, projects.rules_for(rules, lf.path))
        views.append(results.view(lf, rf, report))
    return {
        "left": results.side(tree),
        "collection": {
            "files": ranking.files,
            "all_pairs": ranking.all_pairs,
            "candidates": ranking.candidates,
            "listed": min(len(ranking.pairs), MAX_PAIRS),
            "cluster_at": ranking.cluster_at,
        },
        "pairs": [
            {"left": files[x.left].path, "right": files[x.right].path, **results.score(x.score)}
            for x in ranking.pairs[:MAX_PAIRS]
        ],
        "clusters": [[files[i].path for i in group] for group in ranking.clusters],
        "notes": ranking.notes,
        "views": views,
        "boilerplate": results.suppressed(ranking.boilerplate, files, template),
        "methods": methods(p),
    }


def methods(p: dict[str, Any]) -> list[str]:
    return [
        "全量比对：每个文件只分词、取指纹一次（winnowing，k 为最短片段长度、窗口 "
        f"{collection.WINDOW}），共享至少 {collection.MIN_SHARED} 个指纹的文件对为候选，"
        "只对候选计算贪婪串匹配；未成为候选的文件对在模板之外没有足够长的相同片段。",
        f"按克隆相似度排序，列出前 {MAX_PAIRS} 对；相似度达到 {p['cluster_at']} 的文件对"
        "连成的组为聚类。",
        *results.clone_methods(p),
        f"扣除模板后任一方少于 {clone.SHORT_TOKENS} 个记号的文件对标注“代码过短”："
        "其相似度说明不了什么。",
        "逐行对照：排名前列的文件对，规则同双方比对"
        "（直方图差异算法，忽略大小写、空白、注释、空行）。",
    ]
