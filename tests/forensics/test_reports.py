"""Results, the evidence manifest and its checks, and the HTML/PDF/JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.forensics.samples import deposit_and_product, zipped
from tests.support import pdf as pdf_support
from zhichan.core.errors import InvalidInput
from zhichan.forensics import report, runs
from zhichan.forensics.evidence import manifest


@pytest.fixture
def code_result(tmp_path: Path) -> tuple[dict, Path, Path]:
    left, right = deposit_and_product(tmp_path)
    return runs.run("code", left, zipped(right, tmp_path / "product.zip")), left, right


def test_code_result_has_the_seed_table_pairs_and_manifest(
    code_result: tuple[dict, Path, Path],
) -> None:
    r, left, _ = code_result
    s = r["summary"]
    c = s["counts"]
    assert s["identities_hold"]
    assert (
        s["left_total"]
        == c["identical"]
        + c["unimportant_left"]
        + c["unimportant_diff"]
        + c["important_left"]
        + c["important_diff"]
    )
    assert len(r["pairs"]) == 2 and r["views"][0]["rows"]
    entries = {e["path"]: e for e in r["manifest"]["inputs"]["left"]["entries"]}
    assert entries["src/Score.java"]["size"] == (left / "src" / "Score.java").stat().st_size
    assert r["manifest"]["inputs"]["right"]["archive_sha256"]
    assert r["manifest"]["versions"]["tree-sitter-languages"] == "1.10.2"
    assert "不对是否构成侵权作出判断" in r["disclaimer"]


def test_rerun_reproduces_and_a_changed_file_is_detected(
    code_result: tuple[dict, Path, Path],
) -> None:
    r, left, _ = code_result
    again = runs.rerun(r)
    assert again == {
        "changes": [],
        "reproduced": True,
        "numbers_sha256": r["manifest"]["numbers_sha256"],
    }
    (left / "src" / "Score.java").write_text("class Changed {}\n")
    (left / "src" / "New.java").write_text("class New {}\n")
    changed = runs.rerun(r)
    assert changed["reproduced"] is None
    assert any("文件已改变 src/Score.java" in x for x in changed["changes"])
    assert any("新增文件 src/New.java" in x for x in changed["changes"])


def test_the_digest_covers_the_numbers() -> None:
    assert manifest.digest({"a": 1, "b": [1, 2]}) == manifest.digest({"b": [1, 2], "a": 1})
    assert manifest.digest({"a": 1}) != manifest.digest({"a": 2})


def test_reports_render_in_chinese_with_cjk_fonts(
    code_result: tuple[dict, Path, Path], tmp_path: Path
) -> None:
    r, _, _ = code_result
    page = report.html(r, case="（2026）测试技术调查")
    for text in ("技术比对报告", "相同行", "重要差异行", "证据清单", "方法与参数", "Score.java"):
        assert text in page
    assert "构成侵权" in page and "侵权成立" not in page
    pdf = report.write(r, tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    streams = pdf_support.streams(pdf)
    fonts = pdf_support.embedded_fonts(pdf)
    assert {b"Noto-Serif-CJK-SC", b"Noto-Sans-CJK-SC"} <= fonts, fonts
    # each embedded font's ToUnicode map: the Han characters of the title must be there
    maps = b"".join(d for d in streams if b"beginbfchar" in d).lower()
    assert all(f"<{ord(ch):04x}>".encode() in maps for ch in "技术比对报告")
    back = json.loads(report.write(r, tmp_path / "r.json").read_text("utf-8"))
    assert back["manifest"]["numbers_sha256"] == r["manifest"]["numbers_sha256"]
    with pytest.raises(InvalidInput, match=r"\.html"):
        report.write(r, tmp_path / "r.docx")
    assert not list(tmp_path.glob("*.part"))


def test_unknown_kind_and_missing_evidence_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="不支持的比对类型"):
        runs.run("video", tmp_path, tmp_path)
    with pytest.raises(InvalidInput, match="证据不存在"):
        runs.run("code", tmp_path / "nope", tmp_path)
