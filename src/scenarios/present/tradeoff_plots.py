"""Plots of the tradeoff frames: a ternary winner map and the criteria's value curves.

Plain matplotlib (imported lazily, so `import scenarios` stays light); each function draws on
the `ax` it is given (or a new figure's) and returns the axes. Nothing is shown or saved.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd

from ..model.decision import Model

SQRT3 = np.sqrt(3.0)
MARKERS = ("o", "s", "D", "^", "v", "P", "X")


def option_colors(model: Model) -> dict[str, str]:
    """Option id → colour: the same colour-blind-safe palette, in model order, as `plots.py`."""
    from .plots import palette

    return dict(zip(model.option_ids, palette(len(model.options)), strict=True))


def to_xy(shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(…, 3) barycentric shares (a, b, c) → 2-D points in an equilateral triangle with
    a at (0, 0), b at (1, 0) and c at (1/2, √3/2)."""
    shares = np.asarray(shares, dtype=float)
    return shares[..., 1] + shares[..., 2] / 2, shares[..., 2] * SQRT3 / 2


def plot_winner_map(
    frame: pd.DataFrame,
    model: Model,
    ax: Any = None,
    mark_label: str = "analyst's weights",
    title: str | None = None,
    wrap: int = 24,
) -> Any:
    """Draw a `winner_map` frame as a ternary map: each grid point's cell coloured by its winner.

    Corners are the three criteria at 100 % of their combined weight, each labelled with the
    share the model's point weights give it; the star marks that split (`mark_label` names it
    in the legend). White gridlines every 20 % of the combined weight. Returns the axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 6.4))
    criteria = list(frame.columns[:3])
    total = frame[criteria].iloc[0].sum()
    shares = frame[criteria].to_numpy() / total  # (g, 3)
    x, y = to_xy(shares)
    colors = option_colors(model)
    labels = dict(zip(model.option_ids, (o.label for o in model.options), strict=True))

    # The grid is triangular; each point's nearest-neighbour cell is a hexagon with circumradius
    # step/√3. Drawing those cells clipped to the triangle gives crisp, discrete regions.
    resolution = (np.sqrt(1 + 8 * len(frame)) - 3) / 2  # g = (r + 1)(r + 2) / 2 grid points
    angles = np.deg2rad(np.arange(30, 390, 60))
    hexagon = np.column_stack([np.cos(angles), np.sin(angles)]) / (resolution * SQRT3)
    cells = np.column_stack([x, y])[:, None, :] + hexagon[None]  # (g, 6, 2)
    triangle = Polygon([(0, 0), (1, 0), (0.5, SQRT3 / 2)], closed=True, facecolor="none", edgecolor="0.2")
    ax.add_patch(triangle)
    cell_colors = [colors[w] for w in frame["winner"]]
    coll = PolyCollection(
        cells, facecolors=cell_colors, edgecolors=cell_colors, linewidths=0.5, antialiaseds=False
    )
    coll.set_clip_path(triangle)
    ax.add_collection(coll)

    for t in (0.2, 0.4, 0.6, 0.8):  # lines of constant share for each corner
        for k in range(3):
            ends = np.zeros((2, 3))
            ends[:, k] = t
            ends[0, (k + 1) % 3] = 1 - t
            ends[1, (k + 2) % 3] = 1 - t
            gx, gy = to_xy(ends)
            ax.plot(gx, gy, color="white", lw=0.6, alpha=0.7, zorder=2)

    analyst = np.array([model.weights[model.criterion_index(c)] for c in criteria]) / total
    places = [((0, -0.03), "top"), ((1, -0.03), "top"), ((0.5, SQRT3 / 2 + 0.03), "bottom")]
    for c, share, ((cx, cy), va) in zip(criteria, analyst, places, strict=True):
        name = "\n".join(textwrap.wrap(model.criterion(c).label, wrap))
        text = f"{name}\n({share:.0%})" if va == "top" else f"({share:.0%})\n{name}"
        ax.text(cx, cy, text, ha="center", va=va, fontsize=9, linespacing=1.1)
    top_lines = len(textwrap.wrap(model.criterion(criteria[2]).label, wrap)) + 1
    mx, my = to_xy(analyst)
    ax.plot(mx, my, marker="*", ms=16, color="white", mec="black", mew=1.2, zorder=5)

    handles: list[Any] = [
        Patch(color=colors[o], label=labels[o]) for o in model.option_ids if o in set(frame["winner"])
    ]
    star = Line2D([], [], marker="*", ls="none", ms=12, color="white", mec="black", label=mark_label)
    handles.append(star)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.02), frameon=False, fontsize=9)
    if title is None:
        title = f"Who wins as {total:.0%} of the weight is split among three criteria"
    ax.set_title(title, fontsize=10, pad=4)
    ax.text(
        0.5,
        1.0,
        "other criteria keep their weights · scores at point values · (%): the star's split",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=8,
        color="0.35",
    )
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(-0.2, SQRT3 / 2 + 0.07 + 0.045 * top_lines)  # room for the top corner's label
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_value_curves(
    frame: pd.DataFrame, model: Model, axes: Any = None, ncols: int = 4, wrap: int = 30
) -> Any:
    """Small multiples of a `value_curves` frame, one panel per criterion, with each option's
    point score marked on the curve. `axes`: a flat sequence of at least n axes, or None for a
    new figure. Returns the array of axes used."""
    import matplotlib.pyplot as plt

    from ..model.values import ValueFunctions

    ids = list(dict.fromkeys(frame["criterion"]))
    if axes is None:
        nrows = -(-len(ids) // ncols)
        _, axes = plt.subplots(
            nrows, ncols, figsize=(3.2 * ncols, 2.9 * nrows), squeeze=False, layout="constrained"
        )
        for ax in axes.ravel()[len(ids) :]:
            ax.set_visible(False)
    axes = np.ravel(axes)
    colors = option_colors(model)
    raw = model.score_array("value")  # (m, n)
    values = ValueFunctions.of(model.criteria)(raw.copy())
    for ax, cid in zip(axes, ids, strict=False):
        j = model.criterion_index(cid)
        c = model.criteria[j]
        part = frame[frame["criterion"] == cid]
        ax.plot(part["score"], part["value"], color="0.3", lw=1.5)
        for i, o in enumerate(model.options):  # hollow, distinct shapes keep coinciding scores visible
            shape = MARKERS[i % len(MARKERS)]
            ax.plot(
                raw[i, j], values[i, j], shape, color=colors[o.id], mfc="none", ms=9, mew=2, label=o.label
            )
        ax.set_title("\n".join(textwrap.wrap(c.label, wrap)), fontsize=9)
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlim(*c.scale)
        ax.set_xlabel(f"score ({c.better} is better)", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("value", fontsize=8)
    handles, labels = axes[0].get_legend_handles_labels()
    fig = axes[0].figure
    loc = "outside lower center" if fig.get_layout_engine() is not None else "lower center"
    fig.legend(handles, labels, loc=loc, ncol=len(labels), frameon=False, fontsize=9)
    return axes
