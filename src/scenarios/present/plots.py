"""Charts of the result objects: one small function per chart, pure presentation.

Every function draws numbers a result already holds (nothing is recomputed) on the `ax` it is
given, or on a new figure's, and returns the axes; nothing is shown or saved. Colours come
from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), safe for the common
colour-vision deficiencies; ordered quantities (ranks, shares) use the perceptually uniform,
colour-blind-safe `viridis` map. Options keep one colour in every chart (their model order),
criteria another set.

Plot text uses matplotlib's default font, DejaVu Sans, which has Arabic glyphs. Matplotlib ≥ 3.11
lays text out with libraqm, so Arabic labels are joined and run right to left; older versions draw
them as separate letters in the wrong order (the report's HTML tables render them properly).

This module imports matplotlib; keep it out of the modules `scenarios rank` imports.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

# Okabe–Ito, black swapped for a grey so stacked segments and text on them stay readable.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#7F7F7F")
# Paul Tol's "muted" scheme, also colour-blind safe, for more than eight series.
TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#DDDDDD",
)
SEQUENTIAL = "viridis"
DIVERGING = "PuOr"  # colour-blind safe, centred on 0.5 for winning odds
UNIT_SHARE = "share of draws"
UNIT_WEIGHT = "weight (normalized)"
UNIT_SCORE = "score (0–1 value scale)"


def palette(n: int) -> list[str]:
    """n distinct colour-blind-safe colours (Okabe–Ito up to 8, Tol muted up to 10, then cycled)."""
    base = OKABE_ITO if n <= len(OKABE_ITO) else TOL_MUTED
    return [base[k % len(base)] for k in range(n)]


def wrap(text: str, width: int = 30) -> str:
    """Break a label onto lines of at most `width` characters (long words are kept whole)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def ink(color: Any) -> str:
    """Black or white, whichever reads better on `color` (WCAG relative luminance)."""
    r, g, b = matplotlib.colors.to_rgb(color)
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if lum > 0.45 else "white"


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """`ax`, or the axes of a new figure of `size` inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def tidy(ax: Axes, grid: Literal["both", "x", "y"] | None = "x") -> None:
    """The house style: no top or right spine, a faint grid along the value axis, small ticks."""
    ax.spines[["top", "right"]].set_visible(False)
    if grid:
        ax.grid(axis=grid, color="0.85", linewidth=0.6)
        ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)


def legend_right(ax: Axes, **kw: Any) -> None:
    """A one-column legend to the right of the axes, for long labels."""
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8, borderaxespad=0.0, **kw
    )


def legend_above(ax: Axes, ncol: int, **kw: Any) -> None:
    """The legend in a row (or rows) just above the axes, where it never covers data or labels."""
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncol=ncol,
        frameon=False,
        fontsize=8,
        borderaxespad=0.0,
        **kw,
    )


def _labels(ids: Sequence[str], labels: Mapping[str, str] | pd.Series | None, width: int) -> list[str]:
    return [wrap(labels[i] if labels is not None and i in labels else i, width) for i in ids]


# ---- the deterministic ranking ------------------------------------------------------------
def plot_contributions(result: Any, ax: Axes | None = None, *, width: int = 28, legend: bool = True) -> Axes:
    """Ranking → horizontal stacked bars, one per option (best at the top), one segment per
    criterion's contribution (weight × value); the bar's length is the option's score."""
    order = result.order()
    crits = list(result.contributions.columns)
    ax = new_axes(ax, (9.0, max(1.2 + 0.6 * len(order), 0.42 * len(crits))))
    contrib = result.contributions.loc[order]
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for cid, color in zip(crits, palette(len(crits)), strict=True):
        vals = contrib[cid].to_numpy(float)
        ax.barh(
            y,
            vals,
            left=left,
            color=color,
            edgecolor="white",
            linewidth=0.5,
            height=0.6,
            label=wrap(result.criterion_labels[cid], width),
        )
        left += vals
    for yi, oid in zip(y, order, strict=True):
        ax.text(result.scores[oid] + 0.005, yi, f"{result.scores[oid]:.3f}", va="center", fontsize=8)
    ax.set_yticks(y, _labels(order, result.option_labels, width))
    ax.set_xlabel(UNIT_SCORE + ": weighted contribution of each criterion")
    ax.set_xlim(0, max(float(result.scores.max()) * 1.12, 1e-9))
    tidy(ax)
    if legend:
        legend_right(ax, title="criterion", title_fontsize=8, alignment="left")
    return ax


def plot_profiles(
    result: Any,
    ax: Axes | None = None,
    *,
    profile_labels: Mapping[str, str] | None = None,
    width: int = 16,
) -> Axes:
    """ProfileComparison → grouped bars: each weight set's score for every option, the rank
    written above each bar (1 = best)."""
    scores, ranks = result.scores, result.ranks
    sets, opts = list(scores.columns), list(scores.index)
    first = next(iter(result.rankings.values()))
    ax = new_axes(ax, (max(6.0, 1.3 * len(sets) + 2), 4.5))
    x = np.arange(len(sets))
    bar = 0.8 / len(opts)
    for k, (oid, color) in enumerate(zip(opts, palette(len(opts)), strict=True)):
        xs = x - 0.4 + bar * (k + 0.5)
        ax.bar(xs, scores.loc[oid], width=bar, color=color, label=first.option_labels[oid])
        for xi, s, r in zip(xs, scores.loc[oid], ranks.loc[oid], strict=True):
            ax.text(xi, s + 0.01, str(int(r)), ha="center", va="bottom", fontsize=7)
    names = {"model": "analyst's weights"} | dict(profile_labels or {})
    ax.set_xticks(x, [wrap(names.get(s, s), width) for s in sets], fontsize=8)
    ax.set_ylabel(UNIT_SCORE)
    ax.set_ylim(0, min(1.05, float(scores.max().max()) * 1.15 + 0.02))
    tidy(ax, "y")
    legend_above(
        ax,
        ncol=min(3, len(opts)),
        title="number above each bar: the option's rank (1 = best)",
        title_fontsize=8,
        alignment="left",
    )
    return ax


# ---- SMAA-2 ------------------------------------------------------------------------------
def plot_acceptability(result: Any, ax: Axes | None = None, *, width: int = 28) -> Axes:
    """SmaaResult → one horizontal bar per option split by rank: the share of draws in which
    the option holds rank 1, 2, …; shares of at least 6 % are written on the bar."""
    order = result.order()
    acc = result.acceptability.loc[order]
    m = acc.shape[1]
    ax = new_axes(ax, (8.0, 1.4 + 0.55 * len(order)))
    cmap = matplotlib.colormaps[SEQUENTIAL]
    colors = [cmap(0.9 * k / max(m - 1, 1)) for k in range(m)]  # rank 1 darkest; skip the palest end
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for r, color in zip(acc.columns, colors, strict=True):
        vals = acc[r].to_numpy(float)
        ax.barh(
            y, vals, left=left, color=color, edgecolor="white", linewidth=0.5, height=0.6, label=f"rank {r}"
        )
        for yi, lo, v in zip(y, left, vals, strict=True):
            if v >= 0.06:
                ax.text(lo + v / 2, yi, f"{v:.0%}", ha="center", va="center", fontsize=8, color=ink(color))
        left += vals
    ax.set_yticks(y, _labels(order, result.option_labels, width))
    ax.set_xlim(0, 1)
    ax.set_xlabel(UNIT_SHARE)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    tidy(ax)
    legend_above(ax, ncol=min(m, 6))
    return ax


def heatmap(
    ax: Axes,
    data: pd.DataFrame,
    *,
    cmap: Any,
    vmin: float,
    vmax: float,
    fmt: str,
    rows: list[str],
    cols: list[str],
    colorbar: str,
    missing: str = "",
) -> Axes:
    """Annotated heat map of `data` (NaN cells grey with `missing` written in them)."""
    arr = data.to_numpy(float)
    cm = matplotlib.colormaps[cmap].with_extremes(bad="0.92")
    img = ax.imshow(np.ma.masked_invalid(arr), cmap=cm, vmin=vmin, vmax=vmax, aspect="auto")
    norm = img.norm
    for (i, j), v in np.ndenumerate(arr):
        if np.isnan(v):
            ax.text(j, i, missing, ha="center", va="center", fontsize=7, color="0.4")
        else:
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=8, color=ink(cm(norm(v))))
    ax.set_xticks(range(len(cols)), cols, fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    bar = ax.figure.colorbar(img, ax=ax, shrink=0.8, pad=0.02)
    bar.set_label(colorbar, fontsize=8)
    bar.ax.tick_params(labelsize=7)
    return ax


def plot_central_weights(result: Any, ax: Axes | None = None, *, width: int = 22) -> Axes:
    """SmaaResult → heat map of the central weight vectors: rows options, columns criteria, each
    cell the mean weight of the criterion in the draws where the option ranks first."""
    order = result.order()
    cw = result.central_weights.loc[order]
    crits = list(cw.columns)
    ax = new_axes(ax, (max(6.0, 0.95 * len(crits) + 3), 1.8 + 0.55 * len(order)))
    top = float(np.nanmax(cw.to_numpy(float))) if cw.notna().any().any() else 1.0
    heatmap(
        ax,
        cw,
        cmap=SEQUENTIAL,
        vmin=0.0,
        vmax=top,
        fmt=".2f",
        rows=_labels(order, result.option_labels, width),
        cols=_labels(crits, result.criterion_labels, max(8, 88 // max(len(crits), 1))),
        colorbar=UNIT_WEIGHT,
        missing="never first",
    )
    ax.tick_params(axis="x", labelrotation=0)
    return ax


def plot_pairwise(result: Any, ax: Axes | None = None, *, width: int = 22) -> Axes:
    """SmaaResult → heat map of P(row option scores above column option), cells annotated."""
    order = result.order()
    pw = result.pairwise.loc[order, order]
    side = 2.2 + 1.1 * len(order)
    ax = new_axes(ax, (side + 2.5, side))
    heatmap(
        ax,
        pw,
        cmap=DIVERGING,
        vmin=0.0,
        vmax=1.0,
        fmt=".0%",
        rows=_labels(order, result.option_labels, width),
        cols=_labels(order, result.option_labels, 16),
        colorbar="P(row beats column), " + UNIT_SHARE,
        missing="—",
    )
    ax.set_ylabel("row option")
    ax.set_xlabel("column option")
    return ax


def plot_scores(
    result: Any, ax: Axes | None = None, *, point: pd.Series | None = None, width: int = 28
) -> Axes:
    """SmaaResult → each option's score distribution from its stored summary: whiskers q05–q95,
    box q25–q75, a line at the median, a diamond at the mean (and a cross at `point`, the
    deterministic score, when given). No raw draws are kept, so this is not a full box plot."""
    order = result.order()
    s = result.scores.loc[order]
    ax = new_axes(ax, (8.0, 1.4 + 0.6 * len(order)))
    colors = dict(zip(result.option_labels.index, palette(len(result.option_labels)), strict=True))
    y = np.arange(len(order))[::-1]
    for yi, oid in zip(y, order, strict=True):
        q = s.loc[oid]
        c = colors[oid]
        ax.plot([q["q05"], q["q95"]], [yi, yi], color=c, lw=1.5, solid_capstyle="butt")
        ax.plot([q["q05"]] * 2, [yi - 0.12, yi + 0.12], color=c, lw=1.5)
        ax.plot([q["q95"]] * 2, [yi - 0.12, yi + 0.12], color=c, lw=1.5)
        ax.add_patch(
            matplotlib.patches.Rectangle(
                (q["q25"], yi - 0.25), q["q75"] - q["q25"], 0.5, facecolor=c, alpha=0.45, edgecolor=c
            )
        )
        ax.plot([q["q50"]] * 2, [yi - 0.25, yi + 0.25], color="black", lw=1.5)
        ax.plot(q["mean"], yi, marker="D", color="white", mec="black", ms=5, ls="none")
        if point is not None and oid in point:
            ax.plot(point[oid], yi, marker="x", color="black", ms=6, ls="none")
    handles = [
        matplotlib.lines.Line2D([], [], color="0.4", lw=1.5, label="5–95 % of draws"),
        matplotlib.patches.Patch(facecolor="0.4", alpha=0.45, label="25–75 %"),
        matplotlib.lines.Line2D([], [], color="black", lw=1.5, label="median"),
        matplotlib.lines.Line2D([], [], marker="D", color="white", mec="black", ls="none", label="mean"),
    ]
    if point is not None:
        handles.append(
            matplotlib.lines.Line2D([], [], marker="x", color="black", ls="none", label="point estimate")
        )
    ax.set_yticks(y, _labels(order, result.option_labels, width))
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlabel(UNIT_SCORE)
    tidy(ax)
    legend_above(ax, ncol=len(handles), handles=handles)
    return ax


# ---- one-way sensitivity ------------------------------------------------------------------
def plot_weight_stability(
    result: Any,
    ax: Axes | None = None,
    *,
    criterion: str,
    sweep: pd.DataFrame,
    option_labels: Mapping[str, str] | None = None,
    legend: bool = True,
    width: int = 34,
) -> Axes:
    """StabilityResult + `stability.sweep(model, criterion)` → each option's score as the
    criterion's weight runs 0 → 1 (the others rescaled in proportion); a dashed line at the
    current weight and the interval where the leader stays first shaded."""
    row = result.intervals.loc[criterion]
    ax = new_axes(ax, (8.0, 3.8))
    leader = _label(result.leader, option_labels)
    ax.axvspan(
        row["top_lower"],
        row["top_upper"],
        color="0.5",
        alpha=0.18,
        lw=0,
        label=wrap(f"{leader} stays first", width),
    )
    for oid, color in zip(sweep.columns, palette(sweep.shape[1]), strict=True):
        ax.plot(sweep.index, sweep[oid], color=color, lw=1.8, label=wrap(_label(oid, option_labels), width))
    ax.axvline(row["weight"], color="black", ls="--", lw=1, label="current weight")
    ax.set_xlim(0, 1)
    ax.set_xlabel(UNIT_WEIGHT)
    ax.set_ylabel(UNIT_SCORE)
    ax.set_title(wrap(row["label"], width), fontsize=9)
    tidy(ax, "both")
    if legend:
        legend_right(ax)
    return ax


def plot_weight_stability_grid(
    result: Any,
    sweeps: Mapping[str, pd.DataFrame],
    axes: Any = None,
    *,
    option_labels: Mapping[str, str] | None = None,
    ncols: int = 3,
) -> np.ndarray:
    """Small multiples of `plot_weight_stability`, one panel per criterion in `sweeps`, one
    legend below them all. Returns the array of axes used."""
    ids = list(sweeps)
    if axes is None:
        import matplotlib.pyplot as plt

        nrows = -(-len(ids) // ncols)
        _, grid = plt.subplots(
            nrows,
            ncols,
            figsize=(3.6 * ncols, 3.0 * nrows + 0.8),
            squeeze=False,
            layout="constrained",
            sharey=True,
        )
        axes = grid.ravel()
    axes = np.ravel(axes)
    for ax in axes[len(ids) :]:
        ax.set_visible(False)
    for ax, cid in zip(axes, ids, strict=False):
        plot_weight_stability(
            result, ax, criterion=cid, sweep=sweeps[cid], option_labels=option_labels, legend=False, width=30
        )
    for k, ax in enumerate(axes[: len(ids)]):
        ax.xaxis.label.set_size(8)
        ax.yaxis.label.set_size(8)
        if k % ncols:  # one y label per row is enough
            ax.set_ylabel("")
    handles, labels = axes[0].get_legend_handles_labels()
    fig = axes[0].figure
    loc = "outside lower center" if fig.get_layout_engine() is not None else "lower center"
    fig.legend(handles, labels, loc=loc, ncol=min(len(labels), 3), frameon=False, fontsize=8)
    return cast(np.ndarray, axes)


def _label(key: str, labels: Mapping[str, str] | None) -> str:
    return labels[key] if labels is not None and key in labels else key


def input_label(
    key: str,
    option_labels: Mapping[str, str] | None = None,
    criterion_labels: Mapping[str, str] | None = None,
) -> str:
    """`weight:<criterion>` / `score:<option>/<criterion>` → a readable name, with labels when given."""
    kind, _, rest = key.partition(":")
    if kind == "weight":
        return f"Weight of {_label(rest, criterion_labels)}"
    if kind == "score" and "/" in rest:
        oid, cid = rest.split("/", 1)
        return f"{_label(oid, option_labels)}: score on {_label(cid, criterion_labels)}"
    return key


def plot_tornado(
    result: Any,
    ax: Axes | None = None,
    *,
    top: int = 12,
    option_labels: Mapping[str, str] | None = None,
    criterion_labels: Mapping[str, str] | None = None,
    width: int = 44,
) -> Axes:
    """TornadoResult → for the `top` inputs of largest swing, bars from the point-estimate
    margin of the leader over the best other option to the margin with the input at its low
    and at its high end; the leader is overtaken left of zero."""
    rows = result.inputs.head(top)
    ax = new_axes(ax, (8.5, 1.4 + 0.45 * len(rows)))
    base = result.base_margin
    y = np.arange(len(rows))[::-1]
    low_c, high_c = OKABE_ITO[3], OKABE_ITO[0]
    ax.barh(y, rows["margin_low"] - base, left=base, color=low_c, height=0.6, label="input at its low end")
    ax.barh(y, rows["margin_high"] - base, left=base, color=high_c, height=0.6, label="input at its high end")
    ax.axvline(base, color="black", lw=1)
    ax.axvline(0, color="0.3", lw=1, ls=":")
    names = [wrap(input_label(k, option_labels, criterion_labels), width) for k in rows.index]
    ax.set_yticks(y, names, fontsize=7)
    ax.set_xlabel(
        f"margin of {_label(result.leader, option_labels)} over the best other option\n"
        f"({UNIT_SCORE}; solid line: {base:.3f} at the point estimate; dotted: overtaken)",
        fontsize=8,
    )
    tidy(ax)
    legend_above(ax, ncol=2)
    return ax


def plot_sobol(
    result: Any,
    ax: Axes | None = None,
    *,
    output: str = "margin",
    top: int = 12,
    option_labels: Mapping[str, str] | None = None,
    criterion_labels: Mapping[str, str] | None = None,
    width: int = 44,
) -> Axes:
    """SobolResult → first-order (S1) and total (ST) indices of one output for its `top` inputs
    by ST, with SALib's 95 % bootstrap intervals as error bars."""
    idx = result.for_output(output).head(top)
    ax = new_axes(ax, (8.5, 1.4 + 0.5 * len(idx)))
    y = np.arange(len(idx))[::-1]
    h = 0.38
    ax.barh(
        y + h / 2,
        idx["S1"],
        height=h,
        xerr=idx["S1_conf"],
        color=OKABE_ITO[4],
        label="first order S1",
        error_kw={"elinewidth": 0.8, "capsize": 2},
    )
    ax.barh(
        y - h / 2,
        idx["ST"],
        height=h,
        xerr=idx["ST_conf"],
        color=OKABE_ITO[0],
        label="total ST (with interactions)",
        error_kw={"elinewidth": 0.8, "capsize": 2},
    )
    names = [wrap(input_label(k, option_labels, criterion_labels), width) for k in idx.index]
    ax.set_yticks(y, names, fontsize=7)
    ax.axvline(0, color="black", lw=0.8)
    target = (
        f"the margin of {_label(result.leader, option_labels)} over the best other option"
        if output == "margin"
        else f"the score of {_label(output.removeprefix('score:'), option_labels)}"
    )
    ax.set_xlabel(wrap(f"share of the variance of {target}", 90), fontsize=8)
    tidy(ax)
    legend_above(ax, ncol=2)
    return ax


# ---- futures -----------------------------------------------------------------------------
def plot_futures(
    result: Any,
    ax: Axes | None = None,
    *,
    top: int = 30,
    option_labels: Mapping[str, str] | None = None,
    width: int = 18,
) -> Axes:
    """FuturesResult → heat map of every option's score (columns) in the `top` most probable
    futures (rows, most probable at the top), each named by its probability and how its outcomes
    differ from the most probable future's; the best option's score in each row is in bold."""
    from .tables import future_differences

    order = result.options.sort_values("expected_score", ascending=False, kind="stable").index
    scores = result.futures["score"].head(top)[list(order)]
    p = result.futures[("probability", "")].head(top)
    differs = future_differences(result)[: len(scores)]
    opts = list(scores.columns)
    labels = option_labels if option_labels is not None else result.options["label"]
    ax = new_axes(ax, (max(6.0, 1.6 * len(opts) + 4.5), 1.4 + 0.26 * len(scores)))
    arr = scores.to_numpy(float)
    lo, hi = float(arr.min()), float(arr.max())
    heatmap(
        ax,
        scores,
        cmap=SEQUENTIAL,
        vmin=lo,
        vmax=hi if hi > lo else lo + 1e-9,
        fmt=".3f",
        rows=[f"{q:.1%}  {d}" for q, d in zip(p, differs, strict=True)],
        cols=_labels(opts, labels, width),
        colorbar=f"score in the future ({result.method}, higher is better)",
    )
    best = arr >= arr.max(axis=1, keepdims=True) - 1e-12
    for t, (i, j) in zip(ax.texts[-arr.size :], np.ndindex(arr.shape), strict=True):
        if best[i, j]:
            t.set_fontweight("bold")
    ax.xaxis.tick_top()
    ax.set_ylabel("future: probability, and how it differs from the most probable", fontsize=8)
    return ax


def plot_value_of_information(
    result: Any,
    ax: Axes | None = None,
    *,
    uncertainty_labels: Mapping[str, str] | None = None,
    width: int = 36,
) -> Axes:
    """FuturesResult → horizontal bars of what knowing each uncertainty before choosing is worth
    (EVPPI), largest first, under a bar for knowing them all (EVPI); values written beside."""
    evppi = result.evppi.sort_values(ascending=False, kind="stable")
    names = ["all of them (EVPI)", *_labels(list(evppi.index), uncertainty_labels, width)]
    values = np.array([result.evpi, *evppi.to_numpy(float)])
    ax = new_axes(ax, (8.0, 1.0 + 0.42 * len(values)))
    y = np.arange(len(values))[::-1]
    colors = [OKABE_ITO[7]] + [OKABE_ITO[0]] * len(evppi)
    ax.barh(y, values, color=colors, height=0.6)
    top = float(values.max()) if values.max() > 0 else 1.0
    for yi, v in zip(y, values, strict=True):
        ax.text(v + top * 0.01, yi, f"{v:.3f}", va="center", fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel("worth knowing before choosing (score points, 0–1 scale)")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%.3f"))
    tidy(ax)
    return ax
