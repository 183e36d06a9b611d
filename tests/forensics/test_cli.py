"""``zhichan compare …`` and ``zhichan evidence …`` as a user runs them (no database needed):
in this process, and the first comparison as a real process."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from tests.forensics.samples import (
    IRPLAG,
    audio_folders,
    deposit_and_product,
    image_folders,
    zipped,
)
from tests.test_cli import Cli


def zc(*args: str, cwd: Path, real: bool = False) -> subprocess.CompletedProcess[str]:
    return Cli(f"sqlite:///{cwd / 'unused.db'}", cwd, real=real)(*args)


def test_compare_code_writes_reports_and_verifies(tmp_path: Path) -> None:
    left, right = deposit_and_product(tmp_path)
    product = zipped(right, tmp_path / "product.zip")
    out = zc(
        "compare",
        "code",
        str(left),
        str(product),
        "--report",
        "r.pdf",
        "--case",
        "测试案",
        cwd=tmp_path,
        real=True,
    )
    assert out.returncode == 0, out.stderr
    assert "相同行" in out.stdout and "差异部分" in out.stdout and "不对是否构成侵权" in out.stdout
    assert "逐行比对" in out.stderr  # progress
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    as_json = zc(
        "compare", "code", str(left), str(product), "--json", "--report", "r.json", cwd=tmp_path
    )
    printed = json.loads(as_json.stdout)
    assert (
        printed["manifest"]["numbers_sha256"]
        == json.loads((tmp_path / "r.json").read_text())["manifest"]["numbers_sha256"]
    )
    ok = zc("compare", "verify", "r.json", cwd=tmp_path)
    assert ok.returncode == 0 and "重跑结果相同" in ok.stdout
    (left / "src" / "Score.java").write_text("// 改过\n")
    bad = zc("compare", "verify", "r.json", cwd=tmp_path)
    assert bad.returncode == 1 and "文件已改变 src/Score.java" in bad.stdout


def test_compare_images_audio_text_json(tmp_path: Path) -> None:
    il, ir = image_folders(tmp_path)
    images = json.loads(zc("compare", "images", str(il), str(ir), "--json", cwd=tmp_path).stdout)
    assert images["summary"]["near_duplicates"] == 2
    al, ar = audio_folders(tmp_path)
    sound = json.loads(zc("compare", "audio", str(al), str(ar), "--json", cwd=tmp_path).stdout)
    assert sound["matches"][0]["same_sound"]
    (tmp_path / "a.txt").write_text("某日，他在后山发现了一块神秘的石符。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("他在后山发现了一块神秘的石符！\n", encoding="gbk")
    text = zc("compare", "text", "a.txt", "b.txt", "--report", "t.html", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "神秘的石符" in (tmp_path / "t.html").read_text("utf-8")


def test_evidence_manifest_and_check(tmp_path: Path) -> None:
    left, _ = deposit_and_product(tmp_path)
    made = zc("evidence", "manifest", str(left), "--out", "m.json", cwd=tmp_path)
    assert made.returncode == 0 and "2 个文件" in made.stdout
    doc = json.loads((tmp_path / "m.json").read_text())
    assert {e["path"] for e in doc["manifest"]["inputs"]["evidence"]["entries"]} == {
        "src/Score.java",
        "src/Account.java",
    }
    assert zc("evidence", "manifest", str(left), "--check", "m.json", cwd=tmp_path).returncode == 0
    (left / "src" / "Account.java").unlink()
    checked = zc("evidence", "manifest", str(left), "--check", "m.json", cwd=tmp_path)
    assert checked.returncode == 1 and "文件缺失 src/Account.java" in checked.stdout
    missing = zc("compare", "code", "nope", str(left), cwd=tmp_path)
    assert missing.returncode == 2 and "证据不存在" in missing.stderr
    wrong = zc("compare", "code", str(left), str(left), "--report", "x.docx", cwd=tmp_path)
    assert wrong.returncode == 2 and not (tmp_path / "x.docx").exists()


def test_compare_folder_starts_without_the_platform(tmp_path: Path) -> None:
    """``zhichan compare …`` needs files only: the executable does not import every domain."""
    original = next((IRPLAG / "case-06" / "original").glob("*.java"))
    known = tmp_path / "known.sha256"
    known.write_text(f"{hashlib.sha256(original.read_bytes()).hexdigest()}  lib.java\n")
    args = ["compare", "folder", str(IRPLAG / "case-06"), "--known", str(known), "--json"]
    script = (
        "import sys\n"
        "from zhichan import entry\n"
        "try:\n"
        f"    entry.main({args!r})\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('platform' if 'zhichan.domains' in sys.modules else 'files only', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("files only")
    result = json.loads(done.stdout)
    assert result["kind"] == "folder" and result["collection"]["files"] == 66
    assert [s["path"] for s in result["left"]["skipped"]] == ["original/" + original.name]
    assert result["pairs"] and result["boilerplate"]["passages"]
