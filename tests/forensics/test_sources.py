"""Reading evidence: directories and archives alike, encodings, binaries, exclusions."""

from __future__ import annotations

import hashlib
import tarfile
import zipfile
from pathlib import Path

import py7zr
import pytest

from tests.forensics.samples import deposit_and_product, zipped
from zhichan.core.errors import InvalidInput
from zhichan.forensics.evidence import sources


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "t"
    (root / "src").mkdir(parents=True)
    (root / "src" / "main.c").write_bytes("int main(){\r\n  return 0; // 入口\r\n}\n".encode())
    (root / "src" / "gbk.c").write_bytes("/* 中文注释 */\nint x;\n".encode("gbk"))
    (root / "src" / "bom.c").write_bytes(b"\xef\xbb\xbfint y;\n")
    (root / "app.min.js").write_text("var a=1;" * 300)
    (root / "bundle.js").write_text("function f(){return 1;}" * 100)
    (root / "logo.png").write_bytes(b"\x89PNG\x00\x00binary")
    (root / "vendor" / "x").mkdir(parents=True)
    (root / "vendor" / "x" / "lib.c").write_text("int lib;\n")
    return root


def _archives(root: Path, tmp_path: Path) -> list[Path]:
    z = zipped(root, tmp_path / "t.zip")
    t = tmp_path / "t.tar.gz"
    with tarfile.open(t, "w:gz") as tar:
        tar.add(root, arcname=".")
    s = tmp_path / "t.7z"
    with py7zr.SevenZipFile(s, "w") as archive:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                archive.write(p, p.relative_to(root).as_posix())
    return [z, t, s]


def test_directories_and_archives_read_alike(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    expected = sources.read(root)
    kept = {f.path: f.encoding for f in expected.files}
    assert kept == {
        "src/main.c": "UTF-8",
        "src/gbk.c": "GB18030/GBK",
        "src/bom.c": "UTF-8 (BOM)",
        "bundle.js": "UTF-8",
    }
    reasons = {s.entry.path: s.reason for s in expected.skipped}
    assert reasons["logo.png"].startswith("二进制文件")
    assert reasons["vendor/x/lib.c"] == "排除规则：vendor/*"
    assert reasons["app.min.js"] == "排除规则：*.min.js"
    gbk = next(f for f in expected.files if f.path == "src/gbk.c")
    assert gbk.lines[0] == "/* 中文注释 */"
    for archive in _archives(root, tmp_path):
        tree = sources.read(archive)
        assert {f.path: f.text for f in tree.files} == {f.path: f.text for f in expected.files}
        assert [e.sha256 for e in tree.entries] == [e.sha256 for e in expected.entries]


def test_minified_code_is_reflowed_and_says_so(tmp_path: Path) -> None:
    tree = sources.read(_tree(tmp_path))
    bundle = next(f for f in tree.files if f.path == "bundle.js")
    assert bundle.reflowed and len(bundle.lines) >= 200
    assert not next(f for f in tree.files if f.path == "src/main.c").reflowed


def test_known_libraries_and_the_template_directory_are_excluded(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    digest = hashlib.sha256((root / "src" / "bom.c").read_bytes()).hexdigest()
    known = sources.known_list(f"# 已知库\n{digest}  *bom-lib 1.0\n")
    base = tmp_path / "template"
    base.mkdir()
    (base / "m.c").write_text("int main(){\n    return 0; // 入口\n}\n")  # other line endings
    exclusions = sources.Exclusions(known=known, base=sources.base_keys(base))
    reasons = {s.entry.path: s.reason for s in sources.read(root, exclusions).skipped}
    assert reasons["src/bom.c"] == "已知第三方库：bom-lib 1.0"
    assert reasons["src/main.c"] == "与基础/模板目录中的文件相同"
    with pytest.raises(InvalidInput, match="第 1 行"):
        sources.known_list("not-a-hash lib")


def test_broken_archives_and_missing_paths_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InvalidInput, match="压缩包无法读取"):
        sources.read(bad)
    with pytest.raises(InvalidInput, match="找不到证据"):
        sources.read(tmp_path / "missing")


def test_progress_is_reported_per_entry(tmp_path: Path) -> None:
    left, _ = deposit_and_product(tmp_path)
    seen: list[int] = []
    sources.read(left, progress=lambda stage, done, total: seen.append(done))
    assert seen == [1, 2]


class _GbkName(zipfile.ZipInfo):
    """A member name written the way zip tools on Chinese Windows do: GBK, no UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


def test_gbk_member_names_without_the_utf8_flag_are_decoded(tmp_path: Path) -> None:
    target = tmp_path / "gbk.zip"
    with zipfile.ZipFile(target, "w") as z:
        z.writestr(_GbkName("源码/主程序.c"), "int main(){return 0;}\n")
    assert [f.path for f in sources.read(target).files] == ["源码/主程序.c"]
