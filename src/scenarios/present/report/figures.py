"""The report's charts as matplotlib Figures (no pyplot, so no global state or GUI backend),
and their serialization to self-contained SVG or PNG."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from .. import plots

RC: dict[Any, Any] = {
    "svg.fonttype": "path",  # text as outlines: the file needs no font on the reader's machine
    "svg.hashsalt": "scenarios",  # deterministic ids, so the same numbers give the same file
    "font.size": 9,
}
WIDTH = 9.0  # inches; the HTML scales charts down to the page width


def figure(height: float, width: float = WIDTH) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def contributions(report: Any) -> Figure:
    n = len(report.model.criteria)
    fig = figure(max(1.2 + 0.65 * len(report.model.options), 0.42 * n + 0.6))
    plots.plot_contributions(report.ranking, fig.add_subplot())
    return fig


def acceptability(report: Any) -> Figure:
    fig = figure(1.3 + 0.6 * len(report.model.options))
    plots.plot_acceptability(report.smaa, fig.add_subplot())
    return fig


def central_weights(report: Any) -> Figure:
    fig = figure(2.0 + 0.6 * len(report.model.options))
    plots.plot_central_weights(report.smaa, fig.add_subplot())
    return fig


def pairwise(report: Any) -> Figure:
    m = len(report.model.options)
    fig = figure(1.4 + 0.85 * m, min(WIDTH, 3.2 + 1.3 * m))
    plots.plot_pairwise(report.smaa, fig.add_subplot())
    return fig


def scores(report: Any) -> Figure:
    fig = figure(1.4 + 0.6 * len(report.model.options))
    plots.plot_scores(report.smaa, fig.add_subplot(), point=report.ranking.scores)
    return fig


def stability(report: Any) -> Figure:
    ncols = 3
    nrows = -(-len(report.sweeps) // ncols)
    fig = figure(2.9 * nrows + 0.9)
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
    plots.plot_weight_stability_grid(
        report.stability, report.sweeps, axes, option_labels=report.option_labels
    )
    return fig


def tornado(report: Any) -> Figure:
    rows = min(len(report.tornado.inputs), 12)
    fig = figure(1.6 + 0.5 * rows)
    plots.plot_tornado(
        report.tornado,
        fig.add_subplot(),
        top=12,
        option_labels=report.option_labels,
        criterion_labels=report.criterion_labels,
    )
    return fig


def sobol(report: Any) -> Figure:
    rows = min(len(report.sobol.inputs), 12)
    fig = figure(1.6 + 0.55 * rows)
    plots.plot_sobol(
        report.sobol,
        fig.add_subplot(),
        top=12,
        option_labels=report.option_labels,
        criterion_labels=report.criterion_labels,
    )
    return fig


def profiles(report: Any) -> Figure:
    fig = figure(4.4)
    names = {"model": report.weights_name.removeprefix("the ")} | report.profile_labels
    plots.plot_profiles(report.profiles, fig.add_subplot(), profile_labels=names)
    return fig


FUTURES_SHOWN = 30  # rows of the futures heat map: the most probable futures


def futures(report: Any) -> Figure:
    f = report.futures
    rows = min(len(f.futures), FUTURES_SHOWN)
    m = len(report.model.options)
    fig = figure(1.6 + 0.27 * rows, min(WIDTH, 5.5 + 1.3 * m))
    plots.plot_futures(f, fig.add_subplot(), top=FUTURES_SHOWN, option_labels=report.option_labels)
    return fig


def value_of_information(report: Any) -> Figure:
    f = report.futures
    fig = figure(1.1 + 0.42 * (len(f.evppi) + 1))
    labels = {u.id: u.label for u in report.model.futures.uncertainties}
    plots.plot_value_of_information(f, fig.add_subplot(), uncertainty_labels=labels)
    return fig


_XML_HEAD = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # matplotlib escapes "--" inside its comments
_SIZE = re.compile(r'<svg([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"')


def to_svg(fig: Figure, label: str = "") -> str:
    """An inline-ready <svg> element: no XML prolog or doctype, no comments (which would repeat
    the chart's text), scaled to its container's width up to its natural size."""
    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = _COMMENT.sub("", _XML_HEAD.sub("", buf.getvalue(), count=1))
    aria = f' role="img" aria-label="{html.escape(label, quote=True)}"' if label else ""
    return _SIZE.sub(
        lambda m: f'<svg{m.group(1)}{aria} width="100%" style="max-width:{m.group(2)}pt"', svg, count=1
    ).strip()


def to_png(fig: Figure, dpi: int = 144) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def to_bytes(fig: Figure, fmt: str) -> bytes:
    """The chart as a standalone file's bytes (SVG keeps its XML prolog there)."""
    if fmt == "png":
        return to_png(fig)
    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return _COMMENT.sub("", buf.getvalue()).encode("utf-8")
