"""Evidence for the forensics tests, built on the spot: real IR-Plag Java files packed as a
deposit and a product, drawn images with edited copies, synthesised tones, Chinese text."""

from __future__ import annotations

import io
import random
import wave
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from tests.conftest import SHARED

IRPLAG = SHARED / "data" / "forensics" / "ir-plag" / "IR-Plag-Dataset"


def deposit_and_product(folder: Path) -> tuple[Path, Path]:
    """Left: case-02's original + case-05's original under one name layout; right: their
    level-4 plagiarised versions under other names, plus a third-party file and a binary."""
    left, right = folder / "deposit", folder / "product"
    for case, name in (("case-02", "src/Score.java"), ("case-05", "src/Account.java")):
        original = next((IRPLAG / case / "original").glob("*.java"))
        (left / name).parent.mkdir(parents=True, exist_ok=True)
        (left / name).write_bytes(original.read_bytes())
        copy = sorted((IRPLAG / case / "plagiarized" / "L4").glob("*/*.java"))[0]
        target = right / "game" / f"{case[-2:]}" / "Main.java"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy.read_bytes())
    (right / "node_modules" / "lib").mkdir(parents=True)
    (right / "node_modules" / "lib" / "index.js").write_text("module.exports = 1;\n")
    (right / "assets").mkdir()
    (right / "assets" / "logo.bin").write_bytes(bytes(range(256)) * 4)
    return left, right


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(folder).as_posix())
    return target


def art(seed: int, size: tuple[int, int] = (160, 120)) -> Image.Image:
    rng = random.Random(seed)
    img = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))  # type: ignore[arg-type]
    draw = ImageDraw.Draw(img)
    for _ in range(14):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(15, 70), rng.randrange(15, 70)
        fill = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x, y, x + w, y + h], fill=fill)  # type: ignore[arg-type]
    return img


def image_folders(folder: Path) -> tuple[Path, Path]:
    """Left: 3 originals. Right: a shrunk JPEG of #0, a mirrored #1, a brighter #0 and an
    unrelated picture."""
    left, right = folder / "art-left", folder / "art-right"
    left.mkdir(parents=True)
    right.mkdir(parents=True)
    originals = [art(s) for s in (1, 2, 3)]
    for n, img in enumerate(originals):
        img.save(left / f"hero{n}.png")
    originals[0].resize((80, 60)).save(right / "ui_small.jpg", quality=70)
    ImageOps.mirror(originals[1]).save(right / "flipped.png")
    ImageEnhance.Brightness(originals[0]).enhance(1.15).save(right / "bright.png")
    art(99).save(right / "other.png")
    (right / "broken.png").write_bytes(b"not an image")
    return left, right


RATE = 22050


def tune(seed: int, seconds: float) -> np.ndarray:
    rng = random.Random(seed)
    notes = []
    for _ in range(int(seconds * 4)):
        f = 220 * 2 ** (rng.randrange(24) / 12)
        t = np.arange(RATE // 4) / RATE
        notes.append(0.3 * np.sin(2 * np.pi * f * t) + 0.1 * np.sin(4 * np.pi * f * t))
    return np.concatenate(notes)


def wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def audio_folders(folder: Path) -> tuple[Path, Path]:
    """Left: a 20 s theme. Right: the theme's first 12 s, quieter, 6 s into another track;
    and an unrelated track."""
    left, right = folder / "sound-left", folder / "sound-right"
    left.mkdir(parents=True)
    right.mkdir(parents=True)
    theme = tune(1, 20)
    wav(left / "theme.wav", theme)
    wav(right / "bgm.wav", np.concatenate([tune(5, 6), 0.6 * theme[: RATE * 12], tune(6, 4)]))
    wav(right / "other.wav", tune(2, 20))
    return left, right


def png_bytes(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
