"""Winner maps over the weight simplex and value curves (src/scenarios/tradeoffs.py)."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest

import scenarios
from scenarios.analysis.tradeoffs import simplex_grid, value_curves, win_shares, winner_map

matplotlib.use("Agg")

TRIPLE = ("isis_resurgence", "investment", "us_cost")


@pytest.fixture(scope="module")
def model():
    return scenarios.load_model()


def test_simplex_grid_covers_the_triangle_once():
    g = simplex_grid(4)
    assert g.shape == (15, 3)
    np.testing.assert_allclose(g.sum(axis=1), 1)
    assert (g >= 0).all()
    assert len({tuple(np.round(row * 4).astype(int)) for row in g}) == 15


def test_winner_map_keeps_the_three_criteria_total_and_the_others_fixed(model):
    frame = winner_map(model, TRIPLE, resolution=10)
    assert len(frame) == 66
    assert list(frame.columns) == [*TRIPLE, "winner", "margin"]
    total = sum(model.criterion(c).weight for c in TRIPLE)
    np.testing.assert_allclose(frame[list(TRIPLE)].sum(axis=1), total)
    assert frame.attrs["total"] == pytest.approx(total)
    assert (frame["margin"] >= 0).all()
    assert set(frame["winner"]) <= set(model.option_ids)


@pytest.mark.parametrize("triple", [TRIPLE, ("sovereignty", "militia_threat", "security_cooperation")])
def test_winner_at_the_analysts_weights_is_ranks_leader(model, triple):
    # the default weights are whole percentages, so resolution = 100 T puts them on the grid
    analyst = np.array([model.criterion(c).weight for c in triple])
    frame = winner_map(model, triple, resolution=round(100 * analyst.sum()))
    at = np.abs(frame[list(triple)].to_numpy() - analyst).sum(axis=1).argmin()
    np.testing.assert_allclose(frame.loc[at, list(triple)].to_numpy(float), analyst, atol=1e-12)
    assert frame.loc[at, "winner"] == scenarios.rank(model).order()[0]


def test_winner_regions_agree_with_brute_force_ranking(model):
    frame = winner_map(model, TRIPLE, resolution=40)
    rng = np.random.default_rng(6)
    idx = model.criterion_index
    checked = 0
    for row in rng.choice(len(frame), size=60, replace=False):
        if frame.loc[row, "margin"] < 1e-9:
            continue  # an exact tie: either leader is right
        weights = model.weights.copy()
        for c in TRIPLE:
            weights[idx(c)] = frame.loc[row, c]
        r = scenarios.rank(model, weights=weights)
        assert r.order()[0] == frame.loc[row, "winner"]
        top = np.sort(r.scores.to_numpy())[::-1]
        assert frame.loc[row, "margin"] == pytest.approx(top[0] - top[1], abs=1e-12)
        checked += 1
    assert checked > 50


def test_every_corner_of_the_map_is_won_by_the_best_option_on_that_criterion(model):
    frame = winner_map(model, TRIPLE, resolution=12)
    r = scenarios.rank(model)
    for k, c in enumerate(TRIPLE):
        corner = frame[np.isclose(frame[c], frame.attrs["total"])]
        assert len(corner) == 1
        others = [x for x in model.criterion_ids if x not in TRIPLE]
        weights = np.array([frame.attrs["total"] if x == c else 0 for x in TRIPLE])
        point = r.values[list(TRIPLE)].to_numpy() @ weights + (
            r.values[others].to_numpy() @ model.weights[[model.criterion_index(x) for x in others]]
        )
        assert corner["winner"].iloc[0] == model.option_ids[int(np.argmax(point))], k


def test_win_shares_list_every_option_and_sum_to_one(model):
    shares = win_shares(winner_map(model, TRIPLE, resolution=20), model)
    assert list(shares.index) == list(model.option_ids)
    assert shares.sum() == pytest.approx(1)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        (("isis_resurgence", "isis_resurgence", "us_cost"), "three different"),
        (("isis_resurgence", "us_cost"), "three different"),
        (("isis_resurgence", "us_cost", "nope"), "unknown criterion"),
    ],
)
def test_winner_map_rejects_bad_criteria(model, criteria, message):
    with pytest.raises(scenarios.UsageError, match=message):
        winner_map(model, criteria)


def test_winner_map_rejects_zero_weight_triples_and_bad_resolution(model):
    zeroed = model.with_weights(dict.fromkeys(TRIPLE, 0.0))
    with pytest.raises(scenarios.UsageError, match="zero total weight"):
        winner_map(zeroed, TRIPLE)
    with pytest.raises(scenarios.UsageError, match="resolution"):
        winner_map(model, TRIPLE, resolution=0)


def test_value_curves_follow_each_criterion_through_its_breakpoints(model):
    curves = value_curves(model, points=11)
    assert list(curves.columns) == ["criterion", "score", "value"]
    assert list(dict.fromkeys(curves["criterion"])) == list(model.criterion_ids)
    for c in model.criteria:
        part = curves[curves["criterion"] == c.id]
        xs, vs = c.value_points()
        assert part["score"].is_monotonic_increasing
        np.testing.assert_allclose(np.interp(xs, part["score"], part["value"]), vs)
        step = np.diff(part["value"].to_numpy())
        assert (step <= 1e-12).all() if c.better == "lower" else (step >= -1e-12).all()


def test_plots_draw_without_error(model):
    import matplotlib.pyplot as plt

    ax = scenarios.plot_winner_map(winner_map(model, TRIPLE, resolution=8), model)
    assert ax.get_legend() is not None
    axes = scenarios.plot_value_curves(value_curves(model), model)
    assert len([a for a in axes if a.get_visible()]) == len(model.criteria)
    plt.close("all")


def test_every_triple_of_the_default_model_maps(model):
    for triple in itertools.combinations(model.criterion_ids, 3):
        assert len(winner_map(model, triple, resolution=3)) == 10


def test_nearest_change_is_the_closest_outright_win_by_another_option(model):
    frame = winner_map(model, TRIPLE, resolution=30)
    change = scenarios.nearest_change(frame, model)
    leader = scenarios.rank(model).order()[0]
    assert change["winner"] != leader and change["margin"] > 0
    point = np.array([model.criterion(c).weight for c in TRIPLE])
    others = frame[(frame["winner"] != leader) & (frame["margin"] > 1e-12)]
    moved = np.abs(others[list(TRIPLE)].to_numpy() - point).sum(axis=1) / 2
    assert change["moved"] == pytest.approx(moved.min())
    weights = model.weights.copy()
    for c in TRIPLE:
        weights[model.criterion_index(c)] = change[c]
    assert scenarios.rank(model, weights=weights).order()[0] == change["winner"]


def test_nearest_change_is_none_when_the_leader_wins_everywhere(model):
    frame = winner_map(model, ("iran_influence", "militia_threat", "security_cooperation"), resolution=20)
    assert set(frame["winner"]) == {scenarios.rank(model).order()[0]}
    assert scenarios.nearest_change(frame, model) is None
