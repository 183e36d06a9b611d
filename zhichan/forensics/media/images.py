"""Images of two works (art, UI screens): perceptual hashes, best matches, near-duplicate clusters.

Each image is reduced to a 64-bit DCT perceptual hash (pHash, ``imagehash``) and a 64-bit
difference hash (dHash); distance is the Hamming distance of the pHash. A re-saved, rescaled,
recompressed or lightly recoloured copy stays within a few bits; unrelated images sit near
32. The right image is also hashed mirrored and rotated (the 8 symmetries of a square), so a
flipped copy is found, and the transform is reported. Best match per left image, and clusters
of near-duplicates across both folders (union-find at ``threshold`` bits).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from zhichan.forensics.evidence.sources import Entry, Progress

THRESHOLD = 10  # bits of 64: near-duplicate
EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tga", ".tif", ".tiff")
TRANSFORMS = ("原图", "水平翻转", "旋转90°", "旋转180°", "旋转270°", "垂直翻转", "转置", "反转置")
BITS = 64


@dataclass(frozen=True, slots=True)
class Hashed:
    entry: Entry
    width: int
    height: int
    phash: int
    dhash: int
    variants: tuple[int, ...]  # pHash of each transform, in TRANSFORMS order


@dataclass(frozen=True, slots=True)
class ImageMatch:
    left: Hashed
    right: Hashed
    distance: int  # pHash Hamming distance after the best transform
    transform: str
    dhash_distance: int

    @property
    def similarity(self) -> float:
        return 1 - self.distance / BITS

    @property
    def near_duplicate(self) -> bool:
        return self.distance <= THRESHOLD


def is_image(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS)


def hashed(entry: Entry, data: bytes) -> Hashed | None:
    import imagehash

    try:
        with Image.open(BytesIO(data)) as img:
            img.load()
            rgb = img.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    variants = [
        rgb,
        ImageOps.mirror(rgb),
        rgb.transpose(Image.Transpose.ROTATE_90),
        rgb.transpose(Image.Transpose.ROTATE_180),
        rgb.transpose(Image.Transpose.ROTATE_270),
        ImageOps.flip(rgb),
        rgb.transpose(Image.Transpose.TRANSPOSE),
        rgb.transpose(Image.Transpose.TRANSVERSE),
    ]
    codes = tuple(_int(imagehash.phash(v)) for v in variants)
    return Hashed(entry, rgb.width, rgb.height, codes[0], _int(imagehash.dhash(rgb)), codes)


def _int(h: object) -> int:
    return int(str(h), 16)


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def best_matches(
    left: list[Hashed], right: list[Hashed], progress: Progress | None = None
) -> list[ImageMatch]:
    out = []
    for n, a in enumerate(left, start=1):
        best: ImageMatch | None = None
        for b in right:
            d, t = min((distance(a.phash, v), t) for t, v in enumerate(b.variants))
            if best is None or d < best.distance:
                best = ImageMatch(a, b, d, TRANSFORMS[t], distance(a.dhash, b.dhash))
        if best is not None:
            out.append(best)
        if progress:
            progress("比对图片", n, len(left))
    return out


def clusters(
    items: Iterable[tuple[str, Hashed]], threshold: int = THRESHOLD
) -> list[list[tuple[str, Hashed]]]:
    """Groups of images (from either side, ``(side, image)``) linked by near-duplicate pairs."""
    nodes = list(items)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            a, b = nodes[i][1], nodes[j][1]
            if min(distance(a.phash, v) for v in b.variants) <= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[str, Hashed]]] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(find(i), []).append(node)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: -len(g))
