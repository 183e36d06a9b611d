"""Clone detection on IR-Plag beside Dolos, and the line report's throughput at 100k lines.

**IR-Plag** (``../shared/data/forensics/ir-plag``, Karnalim et al., Informatics in Education
2019): 7 introductory Java tasks; every pair of a task's original with each of its plagiarised
files (levels L1–L6 of Faidhi & Robinson: comments/whitespace, identifiers, declarations,
method order, statements added/removed, control structure) and each non-plagiarised file —
460 pairs. For each tool: ROC-AUC of the similarity (plagiarised vs non-plagiarised, ties
count half), overall and per level (that level's pairs against all non-plagiarised pairs),
and F1 at the best threshold. Speed is pairs per second, each pair read from disk, parsed and
compared on its own, on one core, inside the tool's own process (Python's for zhichan, Node's
for Dolos); Dolos's process start is reported apart.

**Dolos** runs in the same run: ``@dodona/dolos-lib`` 3.5.1 (the library its CLI wraps; the
CLI package ``@dodona/dolos`` is not on the npm registry this machine reaches) with the CLI's
defaults (k-grams of 23 AST tokens, windows of 17), a fresh instance per pair.

**Line report throughput**: a GENERATED project pair of about 100,000 lines per side made from
the IR-Plag Java files (labelled as generated in the results): the left side concatenates real
files into 500 files; the right renames identifiers on 30 % of lines, changes case on 5 %,
deletes 5 %, inserts 5 % new lines and shuffles file names. Timed: the line report alone over
the known file pairs, and the whole project comparison (reading, pairing by content, clone
scores, line reports).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.forensics.code import clone, linereport, projects, tokens, winnowing
from zhichan.forensics.evidence import sources

HERE = Path(__file__).parent
DOLOS = HERE / "dolos"
LEVELS = ("L1", "L2", "L3", "L4", "L5", "L6")


def pairs(root: Path) -> list[tuple[Path, Path, int, str]]:
    out = []
    for case in sorted(p for p in root.iterdir() if p.is_dir()):
        original = next((case / "original").glob("*.java"))
        for f in sorted((case / "plagiarized").glob("*/*/*.java")):
            out.append((original, f, 1, f.parent.parent.name))
        for f in sorted((case / "non-plagiarized").glob("*/*.java")):
            out.append((original, f, 0, "none"))
    return out


def auc(positives: list[float], negatives: list[float]) -> float:
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def best_f1(scored: list[tuple[float, int]]) -> tuple[float, float]:
    best = (0.0, 0.0)
    positives = sum(label for _, label in scored)
    for threshold in sorted({s for s, _ in scored}):
        tp = sum(1 for s, label in scored if s >= threshold and label)
        fp = sum(1 for s, label in scored if s >= threshold and not label)
        if tp:
            precision, recall = tp / (tp + fp), tp / positives
            f1 = 2 * precision * recall / (precision + recall)
            best = max(best, (f1, threshold))
    return best


def evaluate(
    name: str, scores: list[float], ps: list[tuple[Path, Path, int, str]]
) -> dict[str, Any]:
    negatives = [s for s, (_, _, label, _) in zip(scores, ps, strict=True) if not label]
    row: dict[str, Any] = {"tool": name}
    every = [(s, label) for s, (_, _, label, _) in zip(scores, ps, strict=True)]
    row["AUC"] = round(auc([s for s, lab in every if lab], negatives), 3)
    row["F1"], threshold = best_f1(every)
    row["F1"] = round(row["F1"], 3)
    row["threshold"] = round(threshold, 3)
    for level in LEVELS:
        level_scores = [s for s, (_, _, _, lv) in zip(scores, ps, strict=True) if lv == level]
        row[f"AUC {level}"] = round(auc(level_scores, negatives), 3)
        level_pairs = [(s, 1) for s in level_scores] + [(s, 0) for s in negatives]
        row[f"F1 {level}"] = round(best_f1(level_pairs)[0], 3)
    return row


def zhichan_scores(ps: list[tuple[Path, Path, int, str]]) -> tuple[dict[str, list[float]], float]:
    tokens.tokenize(b"class A {}", "java")  # load the grammar outside the timing
    out: dict[str, list[float]] = {
        k: [] for k in ("maximum", "left", "symmetric", "structure", "literals", "winnowing")
    }
    started = time.perf_counter()
    for left, right, _, _ in ps:
        a = tokens.tokenize(left.read_bytes(), "java")
        b = tokens.tokenize(right.read_bytes(), "java")
        score = clone.compare(a, b)
        out["maximum"].append(score.similarity.maximum)
    seconds = time.perf_counter() - started
    for left, right, _, _ in ps:  # the parts and the older fingerprint method, untimed
        a = tokens.tokenize(left.read_bytes(), "java")
        b = tokens.tokenize(right.read_bytes(), "java")
        score = clone.compare(a, b)
        out["left"].append(score.similarity.left)
        out["symmetric"].append(score.similarity.symmetric)
        out["structure"].append(score.structure.maximum)
        out["literals"].append(score.literals.maximum if score.literals else 0.0)
        fa, fb = winnowing.Fingerprinted.of(a), winnowing.Fingerprinted.of(b)
        out["winnowing"].append(winnowing.compare(fa, fb).maximum)
    return out, seconds


def dolos_scores(ps: list[tuple[Path, Path, int, str]]) -> tuple[list[float], float, float]:
    node = shutil.which("node")
    if node is None or not (DOLOS / "node_modules" / "@dodona" / "dolos-lib").exists():
        raise SystemExit(
            "Dolos is not installed: make bench installs it with npm into benchmarks/dolos"
        )
    payload = json.dumps([{"left": str(a), "right": str(b)} for a, b, _, _ in ps])
    started = time.perf_counter()
    out = subprocess.run(
        [node, str(DOLOS / "pairs.mjs"), "java"],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    doc = json.loads(out.stdout)
    return [p["similarity"] for p in doc["pairs"]], float(doc["seconds"]), wall


def clone_benchmark(root: Path) -> list[dict[str, Any]]:
    ps = pairs(root)
    ours, our_seconds = zhichan_scores(ps)
    theirs, dolos_seconds, dolos_wall = dolos_scores(ps)
    rows = [
        {
            **evaluate("zhichan (clone similarity, maximum)", ours["maximum"], ps),
            "pairs/s": round(len(ps) / our_seconds, 1),
            "seconds": round(our_seconds, 2),
        },
        {
            **evaluate("Dolos 3.5.1 (defaults)", theirs, ps),
            "pairs/s": round(len(ps) / dolos_seconds, 1),
            "seconds": round(dolos_seconds, 2),
            "process wall s": round(dolos_wall, 2),
        },
    ]
    for key, label in (
        ("left", "zhichan relative to left"),
        ("symmetric", "zhichan symmetric"),
        ("structure", "zhichan structure only (GST)"),
        ("literals", "zhichan literals only"),
        ("winnowing", "zhichan winnowing k=12 w=8"),
    ):
        rows.append(evaluate(label, ours[key], ps))
    for row in rows:
        row["pairs"] = len(ps)
    return rows


_NAME = re.compile(r"\b([a-z][A-Za-z0-9]*)\b")


def generated_projects(
    root: Path, target: Path, lines_per_side: int = 100_000, seed: int = 7
) -> list[tuple[str, str]]:
    """GENERATED for scale: (left file, right file) names of the known pairs."""
    rng = random.Random(seed)
    corpus = [p.read_text("utf-8", "replace").splitlines() for p in sorted(root.rglob("*.java"))]
    left_dir, right_dir = target / "left", target / "right"
    left_dir.mkdir(parents=True)
    right_dir.mkdir(parents=True)
    known, written, n = [], 0, 0
    while written < lines_per_side:
        body: list[str] = []
        while len(body) < 200:
            body += rng.choice(corpus)
        left_name, right_name = (
            f"mod{n:04d}/Unit{n}.java",
            f"pkg{rng.randrange(10**6):06d}/C{n}.java",
        )
        right = []
        for line in body:
            roll = rng.random()
            if roll < 0.05:
                continue
            if roll < 0.35:
                line = _NAME.sub(
                    lambda m: m.group(1) + "X" if rng.random() < 0.5 else m.group(1), line
                )
            elif roll < 0.40:
                line = line.upper()
            right.append(line)
            if rng.random() < 0.05:
                right.append(f"    int added{rng.randrange(10**6)} = {rng.randrange(100)};")
        for folder, name, lines in ((left_dir, left_name, body), (right_dir, right_name, right)):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("\n".join(lines), encoding="utf-8")
        known.append((left_name, right_name))
        written += len(body)
        n += 1
    return known


def throughput_benchmark(root: Path) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="zhichan-bench-") as tmp:
        known = generated_projects(root, Path(tmp))
        left = sources.read(Path(tmp) / "left")
        right = sources.read(Path(tmp) / "right")
        by_l = {f.path: f for f in left.files}
        by_r = {f.path: f for f in right.files}
        started = time.perf_counter()
        parts = [linereport.compare(by_l[a].lines, by_r[b].lines) for a, b in known]
        line_seconds = time.perf_counter() - started
        total = linereport.total(parts, linereport.Rules())
        started = time.perf_counter()
        left = sources.read(Path(tmp) / "left")
        right = sources.read(Path(tmp) / "right")
        report = projects.compare(left, right)
        project_seconds = time.perf_counter() - started
        recovered = {(p.left.path, p.right.path) for p in report.pairs} & set(known)
    lines = total.left_total + total.right_total
    return [
        {
            "data": "GENERATED from IR-Plag Java files (scale test)",
            "files per side": len(known),
            "left lines": total.left_total,
            "right lines": total.right_total,
            "line report s": round(line_seconds, 2),
            "lines/s": round(lines / line_seconds),
            "identities hold": total.identities_hold(),
            "project compare s": round(project_seconds, 2),
            "pairs found": len(report.pairs),
            "true pairs found": len(recovered),
        }
    ]


def main() -> None:
    root = settings_mod.load().shared_path / "data" / "forensics" / "ir-plag" / "IR-Plag-Dataset"
    rows = clone_benchmark(root)
    print("\nClone detection on IR-Plag (460 pairs), zhichan vs Dolos")
    print_table(rows, ["tool", "AUC", *[f"AUC {lv}" for lv in LEVELS], "F1", "pairs/s"])
    scale = throughput_benchmark(root)
    print("\nLine report on a generated 100k-line project pair")
    print_table(scale, list(scale[0]))
    write_result(
        "forensics_clones",
        data="IR-Plag (real, 460 pairs); throughput on a GENERATED 100k-line project pair",
        method=__doc__ or "",
        rows=[*rows, *scale],
    )


if __name__ == "__main__":
    main()
