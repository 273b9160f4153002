"""Charts draw what the results hold: one artist per number, labelled axes, nothing recomputed."""

from __future__ import annotations

import copy
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from scenarios import compare_profiles, load_model, rank, sensitivity, sobol, stability, tornado
from scenarios.analysis.stability import sweep
from scenarios.present import plots

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = write_model(
        tmp_path_factory.mktemp("plots") / "small", copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    )
    model = load_model(root)
    return {
        "model": model,
        "ranking": rank(model),
        "smaa": sensitivity(model, samples=3000, seed=3, workers=1),
        "stability": stability(model),
        "tornado": tornado(model),
        "sobol": sobol(model, samples=64, seed=3),
        "profiles": compare_profiles(model),
    }


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_text()]


def ytick_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_palette_is_okabe_ito_for_up_to_eight_series_and_distinct_beyond():
    assert plots.palette(3) == list(plots.OKABE_ITO[:3])
    assert len(set(plots.palette(10))) == 10


def test_contributions_draws_one_segment_per_option_and_criterion(results):
    r = results["ranking"]
    ax = plots.plot_contributions(r)
    assert isinstance(ax, Axes)
    m, n = r.contributions.shape
    segs = bars(ax)
    assert len(segs) == m * n
    # Segments stack to each option's score, best option on top.
    order = r.order()
    assert ytick_labels(ax) == [r.option_labels[o] for o in order]
    ends = sorted({round(s.get_x() + s.get_width(), 12) for s in segs})
    assert max(ends) == pytest.approx(r.scores.max())
    assert texts(ax) == [f"{r.scores[o]:.3f}" for o in order]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(r.criterion_labels)
    assert "score (0–1 value scale)" in ax.get_xlabel()


def test_acceptability_splits_each_bar_by_rank_and_labels_shares(results):
    s = results["smaa"]
    ax = s.plot_acceptability()
    m = len(s.acceptability)
    assert len(bars(ax)) == m * m
    widths = sorted(round(b.get_width(), 12) for b in bars(ax))
    assert widths == sorted(round(v, 12) for v in s.acceptability.to_numpy().ravel())
    acc = s.acceptability.loc[s.order()]
    shown = [f"{v:.0%}" for r in acc.columns for v in acc[r] if v >= 0.06]  # drawn rank by rank
    assert texts(ax) == shown
    assert ax.get_xlabel() == "share of draws"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"rank {k}" for k in range(1, m + 1)]


def test_central_weights_heat_map_annotates_every_cell(results):
    s = results["smaa"]
    ax = s.plot_central_weights()
    assert len([a for a in ax.get_children() if isinstance(a, AxesImage)]) == 1
    cw = s.central_weights.loc[s.order()]
    expected = ["never first" if np.isnan(v) else f"{v:.2f}" for v in cw.to_numpy().ravel()]
    assert texts(ax) == expected
    colorbar = ax.figure.axes[-1]
    assert colorbar.get_ylabel() == "weight (normalized)"


def test_pairwise_heat_map_annotates_off_diagonal_cells(results):
    s = results["smaa"]
    ax = s.plot_pairwise()
    order = s.order()
    expected = [f"{s.pairwise.at[i, k]:.0%}" if i != k else "—" for i in order for k in order]
    assert texts(ax) == expected
    assert "P(row beats column)" in ax.figure.axes[-1].get_ylabel()


def test_score_distributions_draw_boxes_from_stored_quantiles(results):
    s, r = results["smaa"], results["ranking"]
    ax = s.plot_scores(point=r.scores)
    boxes = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(boxes) == len(s.scores)
    order = s.order()
    for box, oid in zip(boxes, order, strict=True):
        assert box.get_x() == pytest.approx(s.scores.at[oid, "q25"])
        assert box.get_x() + box.get_width() == pytest.approx(s.scores.at[oid, "q75"])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["5–95 % of draws", "25–75 %", "median", "mean", "point estimate"]
    assert ax.get_xlabel() == "score (0–1 value scale)"


def test_weight_stability_marks_current_weight_and_shades_interval(results):
    model, st = results["model"], results["stability"]
    sw = sweep(model, "cost")
    ax = plots.plot_weight_stability(st, criterion="cost", sweep=sw)
    lines = ax.get_lines()
    assert len(lines) == sw.shape[1] + 1  # one per option, one for the current weight
    assert lines[-1].get_xdata()[0] == pytest.approx(st.intervals.at["cost", "weight"])
    (band,) = [p for p in ax.patches]
    x0, x1 = band.get_x(), band.get_x() + band.get_width()
    assert (x0, x1) == pytest.approx(
        (st.intervals.at["cost", "top_lower"], st.intervals.at["cost", "top_upper"])
    )
    assert ax.get_xlabel() == "weight (normalized)"
    assert ax.get_xlim() == (0.0, 1.0)


def test_weight_stability_grid_has_one_panel_per_criterion(results):
    model, st = results["model"], results["stability"]
    sweeps = {c: sweep(model, c) for c in model.criterion_ids}
    axes = plots.plot_weight_stability_grid(st, sweeps, ncols=2)
    visible = [ax for ax in axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == [c.label for c in model.criteria]
    assert len(axes[0].figure.legends) == 1


def test_tornado_draws_both_ends_of_every_input_shown(results):
    t = results["tornado"]
    ax = plots.plot_tornado(t, top=4)
    shown = t.inputs.head(4)
    assert len(bars(ax)) == 2 * len(shown)
    assert len(ytick_labels(ax)) == len(shown)
    ends = sorted(round(b.get_x() + b.get_width(), 12) for b in bars(ax))
    assert ends == sorted(round(v, 12) for v in shown[["margin_low", "margin_high"]].to_numpy().ravel())


def test_sobol_bars_hold_s1_and_st(results):
    s = results["sobol"]
    ax = plots.plot_sobol(s, top=5)
    idx = s.for_output("margin").head(5)
    widths = [b.get_width() for b in bars(ax)]
    assert widths == pytest.approx(list(idx["S1"]) + list(idx["ST"]))
    assert "share of the variance" in ax.get_xlabel()


def test_profiles_chart_writes_each_rank_above_its_bar(results):
    pc = results["profiles"]
    ax = pc.plot(profile_labels={"safety_first": "Safety first"})
    m, sets = pc.scores.shape
    assert len(bars(ax)) == m * sets
    assert texts(ax) == [str(int(pc.ranks.at[o, k])) for o in pc.scores.index for k in pc.scores.columns]
    names = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert names == ["analyst's weights", "Safety first"]


def test_input_label_reads_ids_as_words():
    assert plots.input_label("weight:cost", criterion_labels={"cost": "Cost"}) == "Weight of Cost"
    assert plots.input_label("score:alpha/cost", {"alpha": "Alpha"}, {"cost": "Cost"}) == (
        "Alpha: score on Cost"
    )


def test_rank_command_does_not_import_matplotlib():
    code = (
        "import sys, scenarios.cli; scenarios.cli.rank(scenarios.load_model()); "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_result_classes_delegate_to_the_plot_functions(results):
    model = results["model"]
    st = results["stability"]
    assert isinstance(st.plot(model, "safety"), Axes)
    grid = st.plot(model)
    assert sum(ax.get_visible() for ax in grid) == len(model.criteria)
    assert isinstance(results["tornado"].plot(top=3), Axes)
    assert isinstance(results["sobol"].plot(output="score:alpha"), Axes)
    assert isinstance(results["ranking"].plot_contributions(), Axes)
    assert isinstance(results["profiles"].plot(), Axes)
