"""The report's pictures, as PNG files: matplotlib's object API with the Agg canvas (no display, no pyplot state).

Each function draws one figure from a table made by :mod:`stratkit.instructor.reports.confusion` or
:mod:`stratkit.instructor.reports.statistics` and returns the path it wrote. Colours: a sequential palette for
counts, green for right and red for wrong, readable in grey print too (bars also carry labels).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage
    from matplotlib.patches import Rectangle

RIGHT = "#2e7d32"
WRONG = "#c62828"
NEUTRAL = "#546e7a"
DPI = 110


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, bbox_inches="tight", facecolor="white")
    return path


def short(text: str, width: int = 42, lines: int = 2) -> str:
    """Wrap a statement for an axis label: at most ``lines`` lines of ``width`` characters."""
    return textwrap.shorten(" ".join(text.split()), width * lines, placeholder="…") if lines == 1 else \
        "\n".join(textwrap.wrap(" ".join(text.split()), width, max_lines=lines, placeholder="…"))


def score_histogram(totals: pd.Series, max_total: float, path: Path, *, title: str) -> Path:
    """How the class scored: one bar per score band, with the mean marked."""
    figure = _figure(7.5, 3.2)
    axes = figure.add_subplot()
    bins = np.linspace(0, max_total, min(int(max_total), 20) + 1).tolist() if max_total > 0 else 10
    axes.hist(totals.to_numpy(dtype=float), bins=bins, color=NEUTRAL, edgecolor="white")
    mean = float(totals.mean()) if len(totals) else 0.0
    axes.axvline(mean, color="#ef6c00", linewidth=2, label=f"class mean {mean:.1f}")
    axes.set_xlim(0, max_total)
    axes.set_xlabel(f"points (out of {max_total:g})")
    axes.set_ylabel("students")
    axes.set_title(title, loc="left", fontsize=11)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _save(figure, path)


def facility_bars(labels: Sequence[str], facility: Sequence[float], discrimination: Sequence[float], path: Path, *,
                  title: str) -> Path:
    """Share of the class right on each statement, step or option; hatched when it does not discriminate."""
    n = len(labels)
    figure = _figure(8.5, 0.42 * n + 1.2)
    axes = figure.add_subplot()
    y = np.arange(n)
    values = np.nan_to_num(np.asarray(facility, dtype=float))
    weak = [not (d >= 20) for d in discrimination]  # Moodle: under 20 is weak (NaN counts as weak)
    colours = [WRONG if v < 0.5 else RIGHT for v in values]
    bars = axes.barh(y, values, color=colours, alpha=0.85)
    for bar, is_weak in zip(bars, weak, strict=False):
        if is_weak:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    for yi, v in zip(y, values, strict=False):
        _bar_label(axes, float(yi), float(v), f"{v:.0%}")
    axes.set_yticks(y, [short(label, 48, 1) for label in labels], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes.set_xlabel("share of the class right (facility; red: under half)   ·   hatched: discrimination under 20")
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _save(figure, path)


def _bar_label(axes: Axes, y: float, value: float, text: str) -> None:
    """The value at the end of a bar: outside it, or inside in white when the bar nearly fills the axis."""
    if value > 0.8:
        axes.text(value - 0.01, y, text, va="center", ha="right", fontsize=8, color="white")
    else:
        axes.text(value + 0.01, y, text, va="center", fontsize=8)


def _heatmap(axes: Axes, matrix: np.ndarray, annotations: np.ndarray, *, cmap: str = "Blues") -> AxesImage:
    image = axes.imshow(matrix, cmap=cmap, vmin=0, vmax=max(1e-9, float(np.nanmax(matrix)) if matrix.size else 1))
    top = float(np.nanmax(matrix)) if matrix.size else 1.0
    for (i, j), text in np.ndenumerate(annotations):
        if text:
            axes.text(j, i, text, ha="center", va="center", fontsize=8,
                      color="white" if matrix[i, j] > 0.6 * top else "black")
    return image


def sort_heatmap(confusion: pd.DataFrame, path: Path, *, title: str) -> Path:
    """Category confusion: each row (the true category) shows where its statements were filed, in %."""
    counts = confusion.to_numpy(dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    labels = np.vectorize(lambda s: f"{s:.0%}" if s > 0 else "")(shares)
    figure = _figure(1.35 * confusion.shape[1] + 2.4, 0.62 * confusion.shape[0] + 1.9)
    axes = figure.add_subplot()
    image = _heatmap(axes, shares, labels)
    for i in range(min(confusion.shape)):  # the diagonal is right: outline it
        axes.add_patch(_outline(i, i))
    axes.set_xticks(range(confusion.shape[1]), [short(c, 14) for c in confusion.columns], fontsize=8)
    axes.set_yticks(range(confusion.shape[0]), [short(r, 20) for r in confusion.index], fontsize=8)
    axes.set_xlabel("category students chose")
    axes.set_ylabel("right category")
    axes.set_title(title, loc="left", fontsize=11)
    colourbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    colourbar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    return _save(figure, path)


def _outline(i: int, j: int) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=RIGHT, linewidth=2)


def order_heatmap(positions: pd.DataFrame, texts: Sequence[str], path: Path, *, title: str,
                  correct_places: Sequence[Sequence[int]] | None = None) -> Path:
    """Where each step was placed (rows: steps in a correct order; columns: place 1, 2, ...), in % of students."""
    counts = positions.to_numpy(dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    labels = np.vectorize(lambda s: f"{s:.0%}" if s > 0 else "")(shares)
    figure = _figure(0.85 * positions.shape[1] + 4.6, 0.6 * positions.shape[0] + 1.8)
    axes = figure.add_subplot()
    image = _heatmap(axes, shares, labels, cmap="Purples")
    for i, places in enumerate(correct_places or [[i + 1] for i in range(positions.shape[0])]):
        for place in places:
            axes.add_patch(_outline(i, place - 1))
    axes.set_xticks(range(positions.shape[1]), [str(c) for c in positions.columns], fontsize=8)
    axes.set_yticks(range(positions.shape[0]), [short(t, 40) for t in texts], fontsize=8)
    axes.set_xlabel("place students gave the step (green box: a correct place)")
    axes.set_title(title, loc="left", fontsize=11)
    colourbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    colourbar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    return _save(figure, path)


def pick_bars(options: pd.DataFrame, path: Path, *, title: str) -> Path:
    """How often each option was ticked: green bars should be long (right), red bars short (wrong)."""
    n = len(options)
    figure = _figure(8.5, 0.45 * n + 1.3)
    axes = figure.add_subplot()
    y = np.arange(n)
    shares = options["ticked_share"].to_numpy(dtype=float)
    colours = [RIGHT if c else WRONG for c in options["correct"]]
    axes.barh(y, shares, color=colours, alpha=0.85)
    for yi, share, correct in zip(y, shares, options["correct"], strict=False):
        _bar_label(axes, float(yi), float(share), f"{share:.0%} " + ("(right)" if correct else "(wrong)"))
    axes.set_yticks(y, [short(t, 48, 1) for t in options["text"]], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes.set_xlabel("share of the class who ticked it (green: right option, red: wrong option)")
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _save(figure, path)
