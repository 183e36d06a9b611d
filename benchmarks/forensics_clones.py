"""Clone detection on three development sets beside Dolos, the score chosen by
leave-one-dataset-out cross-validation, all-against-all timing, and the line report at 100k lines.

**Sets** (:mod:`benchmarks.clone_datasets`): IR-Plag (real, Java, 460 pairs), GEN-Java and GEN-C
(GENERATED disguises of real OpenJDK classes and Debian example programs at the six levels of
Faidhi & Robinson, with per-author templates). Each set is split by original into a tuning part
and an untouched third. The score's normalisation, minimum tile, literal weight and minimum
literal count are chosen as :mod:`benchmarks.clone_selection` says (the boilerplate share is
swept, not chosen); the
tables report ROC-AUC and best-threshold F1 per set, on the tuning part and the untouched part,
for the chosen score, its parts, the previous score (maximum coverage and literal share, equal
weights, tiles of 6) and Dolos.

**Dolos** runs in the same run: ``@dodona/dolos-lib`` 3.5.1 (the library its CLI wraps; the
CLI package ``@dodona/dolos`` is not on the npm registry this machine reaches) with the CLI's
defaults (k-grams of 23 AST tokens, windows of 17): per pair a fresh instance; for all against
all one instance over the whole folder, as its CLI does.

**All against all**: every file of IR-Plag (7 tasks, 467 Java files, 108,811 pairs) as one
folder, and the 294 files of GEN-C (GENERATED): wall time of zhichan's
:func:`zhichan.forensics.code.collection.rank` with the product's defaults (tokenising
included, 1 and 2 processes) beside Dolos analysing the same folder, and whether the top 50
pairs equal an exhaustive comparison of every pair; and the whole ``zhichan compare folder
DIR --json`` process beside the whole Dolos process. Each timing is the median of three runs.

**Line report throughput**: a GENERATED project pair of about 100,000 lines per side made from
the IR-Plag Java files (labelled as generated in the results): the left side concatenates real
files into 500 files; the right renames identifiers on 30 % of lines, changes case on 5 %,
deletes 5 %, inserts 5 % new lines and shuffles file names.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import clone_datasets
from benchmarks import clone_selection as selection
from benchmarks.clone_datasets import Pair
from benchmarks.clone_selection import Setting
from benchmarks.report import print_table, write_result
from zhichan.core import settings as settings_mod
from zhichan.forensics.code import clone, collection, linereport, projects, tiling, tokens
from zhichan.forensics.evidence import sources

HERE = Path(__file__).parent
DOLOS = HERE / "dolos"
LEVELS = ("L1", "L2", "L3", "L4", "L5", "L6")


SETS = ("IR-Plag", "GEN-Java", "GEN-C")


def dolos(script: str, payload: Any, language: str) -> tuple[dict[str, Any], float]:
    node = shutil.which("node")
    if node is None or not (DOLOS / "node_modules" / "@dodona" / "dolos-lib").exists():
        raise SystemExit(
            "Dolos is not installed: make bench installs it with npm into benchmarks/dolos"
        )
    started = time.perf_counter()
    out = subprocess.run(
        [node, str(DOLOS / script), language],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout), time.perf_counter() - started


def dolos_scores(pairs: list[Pair]) -> tuple[list[float], float]:
    payload = [{"left": str(p.left), "right": str(p.right)} for p in pairs]
    doc, _wall = dolos("pairs.mjs", payload, pairs[0].language)
    return [p["similarity"] for p in doc["pairs"]], float(doc["seconds"])


def product_speed(pairs: list[Pair]) -> float:
    """Pairs per second of the shipped score, each pair read, parsed and compared on its own."""
    started = time.perf_counter()
    for p in pairs:
        a = tokens.tokenize(p.left.read_bytes(), p.language)
        b = tokens.tokenize(p.right.read_bytes(), p.language)
        clone.compare(a, b)
    return len(pairs) / (time.perf_counter() - started)


def previous_scores(pairs: list[Pair]) -> tuple[list[float], float]:
    """The score before this change: maximum coverage (tiles of 6) and literal share, equal."""
    out = []
    started = time.perf_counter()
    for p in pairs:
        a = tokens.tokenize(p.left.read_bytes(), p.language)
        b = tokens.tokenize(p.right.read_bytes(), p.language)
        tiled = sum(t.length for t in tiling.tiles([t.kind for t in a], [t.kind for t in b], 6))
        structure = clone.Shares.of(tiled, len(a), len(b)).maximum
        lit = clone.count_literals(a, b)
        if lit.left or lit.right:
            structure = (structure + lit.shares().maximum) / 2
        out.append(structure)
    return out, time.perf_counter() - started


def quality(sets: dict[str, list[Pair]]) -> tuple[list[dict[str, Any]], Setting]:
    measured = {name: (pairs, selection.measure(pairs)) for name, pairs in sets.items()}
    names = list(sets)
    chosen = selection.choose(measured, names)
    rows: list[dict[str, Any]] = []
    for name in names:
        pairs, parts = measured[name]
        others = [n for n in names if n != name]
        loo = selection.choose(measured, others)
        dolos_values, dolos_seconds = dolos_scores(pairs)
        previous, previous_seconds = previous_scores(pairs)
        speed = f"{product_speed(pairs):.0f} pairs/s" if chosen.params == clone.DEFAULT else ""
        tools: list[tuple[str, list[float], str]] = [
            ("chosen score", selection.scores(chosen, parts), f"{chosen.label()}; {speed}"),
            ("LOO: chosen without this set", selection.scores(loo, parts), loo.label()),
        ]
        variants = {**selection.parts_only(chosen), **selection.share_sweep(chosen)}
        for label, variant in variants.items():
            tools.append((label, selection.scores(variant, parts), variant.label()))
        key = (chosen.params.min_tile, chosen.share)
        tools += [
            ("literals only (Dice)", selection.literal_scores(parts[key]), ""),
            ("previous score", previous, f"{len(pairs) / previous_seconds:.0f} pairs/s"),
            ("Dolos 3.5.1", dolos_values, f"{len(pairs) / dolos_seconds:.0f} pairs/s"),
        ]
        for tool, values, note in tools:
            row: dict[str, Any] = {"set": name, "tool": tool}
            for part, held in (("tuning", False), ("untouched", True), ("all", None)):
                a, f = selection.evaluate(values, pairs, held)
                row[f"AUC {part}"], row[f"F1 {part}"] = round(a, 3), round(f, 3)
            row["pairs"] = len(pairs)
            row["note"] = note
            rows.append(row)
    return rows, chosen


def cli_seconds(folder: Path) -> float:
    """Wall time of the whole ``zhichan compare folder DIR --json`` process."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "zhichan.entry", "compare", "folder", str(folder), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def all_pairs(
    files: list[Path], folder: Path, language: str, label: str, chosen: Setting
) -> dict[str, Any]:
    """Median of :data:`RUNS` timings for each tool (this machine's timings vary run to run)."""
    tokens.tokenize(b"int x;", language)  # the grammar is loaded outside the timing
    row: dict[str, Any] = {"folder": label, "files": len(files)}
    row["product default = chosen"] = chosen.params == clone.DEFAULT
    for workers in (1, 2):
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            streams = [tokens.tokenize(f.read_bytes(), language) for f in files]
            ranking = collection.rank(streams, workers=workers)  # the product's defaults
            times.append(time.perf_counter() - started)
        row[f"zhichan s ({workers} proc)"] = round(statistics.median(times), 2)
    row["pairs"] = ranking.all_pairs
    row["candidates"] = ranking.candidates
    row["suppressed tokens"] = ranking.boilerplate.tokens
    exhaustive = collection.rank(streams, workers=2, exhaustive=True)
    top = {(p.left, p.right) for p in ranking.pairs[:TOP]}
    row[f"top {TOP} = exhaustive"] = top == {(p.left, p.right) for p in exhaustive.pairs[:TOP]}
    runs = [dolos("folder.mjs", [str(f) for f in files], language) for _ in range(RUNS)]
    row["Dolos s"] = round(statistics.median(float(doc["seconds"]) for doc, _ in runs), 2)
    row["Dolos process s"] = round(statistics.median(wall for _, wall in runs), 2)
    row["ratio (1 proc)"] = round(row["zhichan s (1 proc)"] / row["Dolos s"], 2)
    row["ratio (2 proc)"] = round(row["zhichan s (2 proc)"] / row["Dolos s"], 2)
    row["zhichan CLI process s"] = round(
        statistics.median(cli_seconds(folder) for _ in range(RUNS)), 2
    )
    row["ratio of processes"] = round(row["zhichan CLI process s"] / row["Dolos process s"], 2)
    return row


TOP = 50
RUNS = 3
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
    with tempfile.TemporaryDirectory(prefix="zhichan-clones-") as tmp:
        sets = {
            "IR-Plag": clone_datasets.ir_plag(root),
            "GEN-Java": clone_datasets.generated(
                clone_datasets.jdk_originals(), "java", Path(tmp) / "java"
            ),
            "GEN-C": clone_datasets.generated(clone_datasets.c_originals(), "c", Path(tmp) / "c"),
        }
        rows, chosen = quality(sets)
        print(f"\nClone detection per set, score chosen by cross-validation: {chosen.label()}")
        print_table(rows, ["set", "tool", "AUC tuning", "F1 tuning", "AUC untouched",
                           "F1 untouched", "note"])  # fmt: skip
        folders = [
            all_pairs(sorted(root.rglob("*.java")), root, "java", "IR-Plag (all tasks)", chosen),
            all_pairs(
                selection.files_of(sets["GEN-C"]), Path(tmp) / "c", "c", "GEN-C (GENERATED)", chosen
            ),
        ]
    print("\nAll against all, beside Dolos on the same folder")
    print_table(folders, list(folders[0]))
    scale = throughput_benchmark(root)
    print("\nLine report on a generated 100k-line project pair")
    print_table(scale, list(scale[0]))
    write_result(
        "forensics_clones",
        data="IR-Plag (real, 460 pairs); GEN-Java and GEN-C (GENERATED disguises of real code); "
        "throughput on a GENERATED 100k-line project pair",
        method=__doc__ or "",
        rows=[*rows, *folders, *scale],
    )


if __name__ == "__main__":
    main()
