"""Images, audio and text of a game: the edited copies are found, unrelated works are not."""

from __future__ import annotations

from pathlib import Path

from tests.forensics.samples import audio_folders, image_folders
from zhichan.forensics import runs
from zhichan.forensics.evidence.sources import Entry, SourceFile
from zhichan.forensics.media import text


def test_images_best_matches_transforms_and_clusters(tmp_path: Path) -> None:
    left, right = image_folders(tmp_path)
    r = runs.run("images", left, right)
    best = {m["left"]: m for m in r["matches"]}
    assert best["hero0.png"]["right"] in {"ui_small.jpg", "bright.png"}
    assert best["hero0.png"]["near_duplicate"]
    assert best["hero1.png"]["right"] == "flipped.png"
    assert best["hero1.png"]["transform"] == "水平翻转" and best["hero1.png"]["near_duplicate"]
    assert not best["hero2.png"]["near_duplicate"]
    assert r["summary"]["near_duplicates"] == 2
    hero0 = next(c for c in r["clusters"] if {"side": "left", "path": "hero0.png"} in c)
    assert {x["path"] for x in hero0} == {"hero0.png", "ui_small.jpg", "bright.png"}
    assert {"path": "broken.png", "reason": "无法解码的图片"} in r["right"]["skipped"]


def test_audio_is_found_inside_another_track_at_its_offset(tmp_path: Path) -> None:
    left, right = audio_folders(tmp_path)
    r = runs.run("audio", left, right)
    (m,) = r["matches"]
    assert m["right"] == "bgm.wav" and m["same_sound"]
    assert abs(m["offset_seconds"] - 6.0) < 0.5
    assert 10 <= m["overlap_seconds"] <= 15
    assert "fpcalc" in r["manifest"]["versions"]
    alone = runs.run("audio", left, right / "other.wav")
    assert not alone["matches"][0]["same_sound"]


def _file(name: str, body: str) -> SourceFile:
    return SourceFile(Entry(name, len(body), ""), body, "UTF-8", False)


def test_chinese_passages_are_aligned_despite_punctuation_and_order() -> None:
    left = _file(
        "quest.txt",
        "第一章 风起\n少年自幼在青阳镇长大，梦想成为一名真正的武者。\n某日，他在后山发现了一块神秘的石符。\n任务：采集十株灵草。",
    )
    right = _file(
        "剧情.txt",
        "序章\n某日他在后山发现了一块神秘的石符！\n主角自幼在青阳镇长大，梦想成为一名真正的武者\n任务：击败山贼。",
    )
    m = text.compare(left, right)
    assert [p.left_lines for p in m.passages] == [(2, 2), (3, 3)]
    assert [p.right_lines for p in m.passages] == [(3, 3), (2, 2)]
    assert m.shared_chars == sum(p.chars for p in m.passages)
    assert 0 < m.shares.left < 1 and m.shares.maximum == max(m.shares.left, m.shares.right)
    unrelated = text.compare(left, _file("x.txt", "完全不同的一段文字内容，没有共同的句子。"))
    assert unrelated.shared_chars == 0
