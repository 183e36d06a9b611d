"""Choosing the clone score by leave-one-dataset-out cross-validation.

For every development set the parts of every pair are measured once per minimum tile and
boilerplate share (tiled tokens, tokens per side, literal counts — by the product's own
:func:`zhichan.forensics.code.clone.compare`, with the collection being all files of the set),
then each candidate score is a cheap function of those parts (:func:`clone.similarity`).

Two choices are not left to these sets, because the issue's measurements on four real
contest and course sets (which this machine does not have) already decided them: the bare
maximum coverage is not a candidate (it let a small file inside a large unrelated one score as
a copy; it is reported beside the choice), and literals count only when each side has at least
five. The boilerplate share is not chosen here either: in the generated sets every author's
template sits in about a sixth of the files, so any share below that "wins" by construction,
while in IR-Plag, where one original is copied by 36 of a task's files, a low share suppresses
the copies themselves; the pairs are scored without a collection (as ``compare code`` does) and
the share's effect is reported as a sweep.

Objective: the mean over datasets of (ROC-AUC + best-threshold F1) / 2, on the **tuning part**
of each set only; among settings within :data:`TIE` of the best mean, the one whose worst set
scores best (pairs are split by original/task, a third held out, see
:mod:`benchmarks.clone_datasets`). Leave-one-dataset-out: for each set, the score is chosen
on the tuning parts of the *other* sets and reported on this set; the shipped default is
chosen on the tuning parts of all sets and reported on every untouched part.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from benchmarks.clone_datasets import Pair
from zhichan.forensics.code import boilerplate, clone, tokens

MIN_TILES = (9, 12, 15)
SHARES: tuple[float | None, ...] = (None, 0.5, 0.2, 0.1)
NORMALISATIONS = ("symmetric", "geometric")
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5)
MIN_LITERALS = (5, 10)
# Differences of the mean this small are well inside the sampling noise of a few hundred pairs
# per set; within them the setting whose worst set is best is taken (it generalises).
TIE = 0.005


@dataclass(frozen=True, slots=True)
class Setting:
    params: clone.Params
    share: float | None

    def label(self) -> str:
        p = self.params
        share = "off" if self.share is None else f"{self.share:g}"
        return (
            f"tile {p.min_tile}, {p.normalise}, w {p.literal_weight:g}, "
            f"lit≥{p.min_literals}, boilerplate {share}"
        )


@dataclass(frozen=True, slots=True)
class Parts:
    structure: clone.Shares
    literals: clone.Literals


def measure(pairs: list[Pair]) -> dict[tuple[int, float | None], list[Parts]]:
    """Parts of every pair for each (minimum tile, boilerplate share)."""
    files = sorted({p.left for p in pairs} | {p.right for p in pairs})
    where = {f: n for n, f in enumerate(files)}
    language = pairs[0].language
    streams = [tokens.tokenize(f.read_bytes(), language) for f in files]
    out: dict[tuple[int, float | None], list[Parts]] = {}
    for share in SHARES:
        found = boilerplate.find(streams, share)
        for tile in MIN_TILES:
            params = clone.Params(min_tile=tile)
            rows = []
            for p in pairs:
                i, j = where[p.left], where[p.right]
                s = clone.compare(
                    streams[i], streams[j], params, found.suppressed(i), found.suppressed(j)
                )
                lit = clone.count_literals(
                    streams[i], streams[j], found.suppressed(i), found.suppressed(j)
                )
                rows.append(Parts(s.structure, lit))
            out[(tile, share)] = rows
    return out


def auc(scores: list[float], labels: list[int]) -> float:
    s, y = np.asarray(scores), np.asarray(labels)
    pos, neg = s[y == 1], s[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def best_f1(scores: list[float], labels: list[int]) -> tuple[float, float]:
    """(F1, threshold) at the best threshold."""
    s, y = np.asarray(scores), np.asarray(labels)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    tp, fp = np.cumsum(y), np.cumsum(1 - y)
    last = np.r_[s[1:] != s[:-1], True]  # a threshold takes every tie
    precision = tp / np.maximum(tp + fp, 1)
    recall = tp / max(int(y.sum()), 1)
    f1 = np.where(tp > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0)
    f1 = np.where(last, f1, 0)
    k = int(np.argmax(f1))
    return float(f1[k]), float(s[k])


def settings() -> list[Setting]:
    out = []
    for tile, how, w in itertools.product(MIN_TILES, NORMALISATIONS, WEIGHTS):
        for m in MIN_LITERALS if w else (MIN_LITERALS[0],):
            out.append(Setting(clone.Params(tile, how, w, m), None))
    return out


def scores(setting: Setting, parts: dict[tuple[int, float | None], list[Parts]]) -> list[float]:
    rows = parts[(setting.params.min_tile, setting.share)]
    return [clone.similarity(r.structure, r.literals, setting.params) for r in rows]


def evaluate(values: list[float], pairs: list[Pair], held_out: bool | None) -> tuple[float, float]:
    keep = [n for n, p in enumerate(pairs) if held_out is None or p.held_out == held_out]
    v = [values[n] for n in keep]
    y = [pairs[n].label for n in keep]
    return auc(v, y), best_f1(v, y)[0]


def per_set(
    setting: Setting, sets: dict[str, tuple[list[Pair], dict]], names: list[str]
) -> list[float]:
    """(AUC + best F1) / 2 on the tuning part of each named set."""
    out = []
    for name in names:
        pairs, parts = sets[name]
        a, f = evaluate(scores(setting, parts), pairs, held_out=False)
        out.append((a + f) / 2)
    return out


def objective(
    setting: Setting, sets: dict[str, tuple[list[Pair], dict]], names: list[str]
) -> float:
    values = per_set(setting, sets, names)
    return sum(values) / len(values)


def choose(sets: dict[str, tuple[list[Pair], dict]], names: list[str]) -> Setting:
    """Best mean; among the settings within :data:`TIE` of it, the best worst set."""
    values = {s: per_set(s, sets, names) for s in settings()}
    best = max(sum(v) / len(v) for v in values.values())
    near = [s for s, v in values.items() if sum(v) / len(v) >= best - TIE]
    return max(near, key=lambda s: (min(values[s]), sum(values[s]), -s.params.min_tile))


def parts_only(setting: Setting) -> dict[str, Setting]:
    """The chosen setting's structure alone and with the previous maximum normalisation."""
    return {
        "structure only": replace(setting, params=replace(setting.params, literal_weight=0.0)),
        "maximum normalisation": replace(
            setting, params=replace(setting.params, normalise="maximum")
        ),
    }


def share_sweep(setting: Setting) -> dict[str, Setting]:
    return {
        f"boilerplate share {share:g} of the set's files": replace(setting, share=share)
        for share in SHARES
        if share is not None
    }


def literal_scores(parts: list[Parts]) -> list[float]:
    return [r.literals.shares().symmetric for r in parts]


def files_of(pairs: list[Pair]) -> list[Path]:
    return sorted({p.left for p in pairs} | {p.right for p in pairs})
