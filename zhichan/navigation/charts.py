"""A figure's chart as a PNG image drawn on the server (matplotlib, Noto CJK), for the Word
and PDF reports; the page draws the same data with ECharts."""

from __future__ import annotations

import functools
import io
import subprocess
from pathlib import Path
from typing import Any

from zhichan.navigation.schemas import FigureRead

#: Where Debian's fonts-noto-cjk puts the font (scripts/system-deps.sh installs it).
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
#: Bars shown at most in one chart (the table beside it has every row).
BARS = 15


@functools.cache
def _font() -> Any:
    from matplotlib import font_manager

    path = next((p for p in FONT_FILES if Path(p).exists()), None)
    if path is None:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
        path = found or None
    return font_manager.FontProperties(fname=path) if path else None


def png(fig: FigureRead) -> bytes | None:
    """The chart of a figure with data, else ``None`` (tables and graphs stay tables)."""
    if fig.insufficient or not fig.rows or fig.chart in ("table", "graph"):
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    font = _font()
    canvas, ax = plt.subplots(figsize=(7.2, 3.6), dpi=110)
    try:
        if fig.chart == "line":
            _line(ax, fig, font)
        elif fig.chart == "scatter":
            _scatter(ax, fig, font)
        elif fig.chart == "bubble":
            _bubbles(ax, fig, font)
        else:
            _bars(ax, fig, font)
        ax.set_title(fig.title, fontproperties=font)
        canvas.tight_layout()
        out = io.BytesIO()
        # No timestamp in the file, so the same data gives the same bytes.
        canvas.savefig(out, format="png", metadata={"Software": None})
        return out.getvalue()
    finally:
        plt.close(canvas)


def _labels(ax: Any, font: Any) -> None:
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontproperties(font)


def _line(ax: Any, fig: FigureRead, font: Any) -> None:
    years = [r[0] for r in fig.rows]
    for col in range(1, len(fig.header) - 1):
        ax.plot(years, [r[col] for r in fig.rows], marker="o", label=fig.header[col])
    incomplete = [r[0] for r in fig.rows if r[-1] != "是"]
    if incomplete:
        ax.axvspan(min(incomplete) - 0.5, max(incomplete) + 0.5, color="#dddddd")
    ax.legend(prop=font)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _labels(ax, font)


def _scatter(ax: Any, fig: FigureRead, font: Any) -> None:
    xs, ys = [r[1] for r in fig.rows], [r[2] for r in fig.rows]
    ax.plot(xs, ys, marker="o")
    for r in fig.rows:
        ax.annotate(str(r[0]), (r[1], r[2]), fontsize=8)
    ax.set_xlabel(fig.header[1], fontproperties=font)
    ax.set_ylabel(fig.header[2], fontproperties=font)


def _bars(ax: Any, fig: FigureRead, font: Any) -> None:
    rows = fig.rows[:BARS][::-1]
    value = 2 if fig.header[1] == "名称" else 1
    names = [f"{r[0]} {r[1]}"[:24] if value == 2 else str(r[0])[:24] for r in rows]
    ax.barh(range(len(rows)), [r[value] for r in rows], color="#3b6ea5")
    ax.set_yticks(range(len(rows)), names)
    _labels(ax, font)


def _bubbles(ax: Any, fig: FigureRead, font: Any) -> None:
    columns = fig.header[1:]
    for i, row in enumerate(fig.rows):
        for j, n in enumerate(row[1:]):
            if n:
                ax.scatter(j, i, s=60 + 40 * n, color="#3b6ea5", alpha=0.6)
                ax.annotate(str(n), (j, i), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(columns)), columns, rotation=45, ha="right")
    ax.set_yticks(range(len(fig.rows)), [str(r[0]) for r in fig.rows])
    ax.invert_yaxis()
    _labels(ax, font)
