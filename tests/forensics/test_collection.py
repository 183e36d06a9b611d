"""Size-aware clone scores, boilerplate suppression and all-against-all ranking, on real
IR-Plag Java files."""

from __future__ import annotations

import threading
from pathlib import Path

from pytest import MonkeyPatch

from tests.forensics.samples import IRPLAG, deposit_and_product
from zhichan.forensics import report, runs
from zhichan.forensics.code import boilerplate, clone, collection, tokens


def _java(path: Path) -> list[tokens.Token]:
    return tokens.tokenize(path.read_bytes(), "java")


def _originals() -> list[Path]:
    return [next((IRPLAG / f"case-0{n}" / "original").glob("*.java")) for n in range(1, 8)]


def test_a_small_file_inside_a_large_unrelated_one_is_not_a_clone() -> None:
    small = IRPLAG / "case-01" / "original"
    small_file = next(small.glob("*.java"))
    others = [p for p in _originals() if p.parent != small]
    large_text = b"\n".join(p.read_bytes() for p in others * 2) + small_file.read_bytes()
    a = _java(small_file)
    b = tokens.tokenize(large_text, "java")
    score = clone.compare(a, b, clone.Params(min_tile=6))
    assert len(b) > 10 * len(a)
    assert score.structure.maximum >= 0.9  # the bare maximum would call this a copy
    assert score.similarity < collection.CLUSTER_AT


def test_boilerplate_in_most_files_is_suppressed_and_named(tmp_path: Path) -> None:
    # six unrelated real solutions, each with the same helper class appended (a "template")
    template = (IRPLAG / "case-06" / "original").glob("*.java").__next__().read_bytes()
    template = template.replace(b"class ", b"class Helper", 1)
    folder = tmp_path / "submissions"
    folder.mkdir()
    for n, original in enumerate(p for p in _originals() if "case-06" not in str(p)):
        (folder / f"s{n}.java").write_bytes(original.read_bytes() + b"\n" + template)
    result = runs.run("folder", folder, None)
    named = result["boilerplate"]["passages"]
    assert named and all(x["files"] >= 4 for x in named)
    template_lines = len(template.splitlines())
    assert any(x["lines"][1] - x["lines"][0] >= template_lines // 2 for x in named)
    kept = runs.run("folder", folder, None, {"boilerplate_share": 1.0})
    assert kept["boilerplate"]["tokens"] == 0
    top = max(p["similarity"] for p in kept["pairs"])
    assert max((p["similarity"] for p in result["pairs"]), default=0.0) < top
    html = report.html(result)
    assert "模板/公共代码（不计入相似度）" in html and named[0]["file"] in html
    assert "模板/公共代码的文件比例" in html and "boilerplate_share" not in html


def test_all_against_all_finds_the_same_top_pairs_as_every_pair() -> None:
    case = IRPLAG / "case-06"
    files = sorted(case.rglob("*.java"))
    streams = [_java(p) for p in files]
    fast = collection.rank(streams, share=None)
    every = collection.rank(streams, share=None, exhaustive=True)
    assert fast.candidates < every.candidates == len(files) * (len(files) - 1) // 2
    top = [(p.left, p.right, round(p.score.similarity, 6)) for p in every.pairs[:15]]
    assert [(p.left, p.right, round(p.score.similarity, 6)) for p in fast.pairs[:15]] == top
    assert fast.clusters and all(len(g) > 1 for g in fast.clusters)


def test_boilerplate_needs_more_than_the_share_and_enough_files() -> None:
    stream = _java(_originals()[1])
    few = boilerplate.MIN_FILES - 1
    assert boilerplate.find([stream] * few, share=0.5).tokens == 0
    found = boilerplate.find([stream] * boilerplate.MIN_FILES, share=0.5)
    assert found.tokens == boilerplate.MIN_FILES * len(stream)
    other = _java(_originals()[3])
    mixed = [stream] * boilerplate.MIN_FILES + [other] * (boilerplate.MIN_FILES + 1)
    found = boilerplate.find(mixed, share=0.5)
    assert found.masks[-1].count(1) == len(other)  # in 6 of 11 files: most
    assert found.masks[0].count(1) < len(stream)  # in 5 of 11: only what it shares with them


def test_a_run_of_the_previous_method_is_not_rerun_as_if_evidence_changed(tmp_path: Path) -> None:
    left, right = deposit_and_product(tmp_path)
    result = runs.run("code", left, right)
    assert result["manifest"]["parameters"]["method"] == 2
    assert runs.rerun(result)["reproduced"] is True
    del result["manifest"]["parameters"]["method"]  # as recorded before the method changed
    outcome = runs.rerun(result)
    assert outcome["reproduced"] is None and "第 1 版" in outcome["method"]


def test_candidates_beyond_the_bound_keep_the_best_and_say_so(monkeypatch: MonkeyPatch) -> None:
    streams = [_java(p) for p in sorted((IRPLAG / "case-06").rglob("*.java"))]
    every = collection.rank(streams, share=None)
    monkeypatch.setattr(collection, "MAX_CANDIDATES", 10)
    bounded = collection.rank(streams, share=None)
    assert every.candidates > 10 == bounded.candidates
    assert bounded.notes and "10" in bounded.notes[0]
    assert bounded.pairs[0].score.similarity == every.pairs[0].score.similarity


def test_a_threaded_process_never_forks(monkeypatch: MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started beside another thread")

    monkeypatch.setattr(collection, "ProcessPoolExecutor", no_pool)
    streams = [_java(p) for p in sorted((IRPLAG / "case-06").rglob("*.java"))]
    release = threading.Event()
    other = threading.Thread(target=release.wait, args=(30,))
    other.start()
    try:
        ranked = collection.rank(streams, share=None, workers=2, exhaustive=True)
    finally:
        release.set()
        other.join(timeout=30)
    assert ranked.candidates == len(streams) * (len(streams) - 1) // 2 >= 200
