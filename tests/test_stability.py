"""Weight stability intervals: hand-worked bounds, brute-force checks at every bound, the numeric
path against the closed form, the sweep, and the CLI."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import Criterion, Model, Option, Score, UsageError, load_model, rank
from scenarios.analysis.stability import stability, sweep
from scenarios.cli import main

from .conftest import write_model

STEP = 1e-6


def _path_weights(model: Model, j: int, t: float) -> np.ndarray:
    """The one-way path written out independently: w_j = t, w_k = w_k·(1 − t)/(1 − w_j)."""
    w = model.weights
    out = w * (1.0 - t) / (1.0 - w[j])
    out[j] = t
    return out


def _scores_at(model: Model, j: int, t: float) -> np.ndarray:
    return rank(model, weights=_path_weights(model, j, t)).scores.to_numpy()


def _check_bounds_by_brute_force(model: Model) -> None:
    """At each bound strictly inside (0, 1): one step inside, the leader (resp. the ranking) still
    holds; one step outside, it does not, and the named option scores above the leader."""
    base = rank(model)
    order = [model.option_ids.index(o) for o in base.order()]
    leader = order[0]
    res = stability(model)
    for j, cid in enumerate(model.criterion_ids):
        row = res.intervals.loc[cid]
        t0 = row["weight"]
        assert row["top_lower"] <= t0 <= row["top_upper"]
        for bound, side, takeover in (
            (row["top_lower"], -1, row["top_takeover_low"]),
            (row["top_upper"], +1, row["top_takeover_high"]),
        ):
            inside = bound - side * min(STEP, abs(bound - t0) / 2)
            s = _scores_at(model, j, inside)
            assert s[leader] >= s.max() - 1e-12, (cid, bound, "leader must still be first inside")
            if 0.0 < bound < 1.0 and 0.0 <= bound + side * STEP <= 1.0:
                s = _scores_at(model, j, bound + side * STEP)
                assert s.max() > s[leader] + 1e-13, (cid, bound, "leader must be overtaken outside")
                assert takeover is not None
                assert s[model.option_ids.index(takeover)] > s[leader]
            else:
                assert takeover is None
        for bound, side in ((row["rank_lower"], -1), (row["rank_upper"], +1)):
            inside = bound - side * min(STEP, abs(bound - t0) / 2)
            s = _scores_at(model, j, inside)
            assert all(s[a] >= s[b] - 1e-12 for a, b in itertools.pairwise(order))
            if 0.0 < bound < 1.0 and 0.0 <= bound + side * STEP <= 1.0:
                s = _scores_at(model, j, bound + side * STEP)
                assert any(s[b] > s[a] + 1e-13 for a, b in itertools.pairwise(order)), (
                    cid,
                    bound,
                    "ranking must change outside",
                )


def _assert_same_bounds(a, b, tol=1e-9):
    cols = ["weight", "top_lower", "top_upper", "rank_lower", "rank_upper"]
    np.testing.assert_allclose(a.intervals[cols].to_numpy(float), b.intervals[cols].to_numpy(float), atol=tol)
    for col in ("top_takeover_low", "top_takeover_high"):
        assert list(a.intervals[col]) == list(b.intervals[col])


# ---- a two-option example worked by hand ---------------------------------------------------
HAND_WEIGHTS = {
    "title": "Hand-worked",
    "criteria": {
        c: {"label": c, "better": "higher", "scale": [0, 1], "weight": w}
        for c, w in (("c1", 0.5), ("c2", 0.3), ("c3", 0.2))
    },
}
HAND_OPTIONS = {
    "a": {"label": "A", "scores": {"c1": 1, "c2": 0, "c3": 0.5}},
    "b": {"label": "B", "scores": {"c1": 0, "c2": 1, "c3": 0.5}},
}


@pytest.fixture
def hand_model(tmp_path):
    return load_model(write_model(tmp_path / "hand", HAND_WEIGHTS, HAND_OPTIONS))


def test_two_option_bounds_match_the_hand_calculation(hand_model):
    # Values equal the scores (scale [0, 1], higher is better). At w = (0.5, 0.3, 0.2):
    # S_A = 0.5 + 0.1 = 0.6, S_B = 0.3 + 0.1 = 0.4, so A leads.
    # c1 = t, c2 = 0.6(1 − t), c3 = 0.4(1 − t): S_A = t + 0.2(1 − t) = 0.2 + 0.8t,
    #   S_B = 0.6(1 − t) + 0.2(1 − t) = 0.8 − 0.8t; equal at 1.6t = 0.6, t = 0.375.
    # c2 = t, c1 = (5/7)(1 − t), c3 = (2/7)(1 − t): S_A = (6/7)(1 − t), S_B = t + (1/7)(1 − t);
    #   equal at 6(1 − t) = 7t + (1 − t), t = 5/12.
    # c3 = t, c1 = 0.625(1 − t), c2 = 0.375(1 − t): S_A − S_B = 0.25(1 − t) ≥ 0, a tie only at
    #   t = 1, which counts as A staying first: [0, 1], nobody takes over.
    res = stability(hand_model)
    iv = res.intervals
    assert res.leader == "a" and res.computed == "exact"
    assert iv.loc["c1", "top_lower"] == pytest.approx(0.375)
    assert iv.loc["c1", "top_upper"] == 1.0
    assert iv.loc["c1", "top_takeover_low"] == "b" and iv.loc["c1", "top_takeover_high"] is None
    assert iv.loc["c2", "top_lower"] == 0.0
    assert iv.loc["c2", "top_upper"] == pytest.approx(5 / 12)
    assert iv.loc["c2", "top_takeover_low"] is None and iv.loc["c2", "top_takeover_high"] == "b"
    assert (iv.loc["c3", "top_lower"], iv.loc["c3", "top_upper"]) == (0.0, 1.0)
    assert iv.loc["c3", "top_takeover_low"] is None and iv.loc["c3", "top_takeover_high"] is None
    # With two options the ranking changes exactly when the leader does.
    np.testing.assert_allclose(iv["rank_lower"], iv["top_lower"])
    np.testing.assert_allclose(iv["rank_upper"], iv["top_upper"])


def test_criterion_holding_all_the_weight_hands_the_rest_out_equally(hand_model):
    # w = (1, 0, 0): nothing to keep in proportion, so c2 and c3 share 1 − t equally.
    # S_A = t + 0.5·(1 − t)/2 = 0.25 + 0.75t, S_B = (1 + 0.5)(1 − t)/2 = 0.75 − 0.75t: t = 1/3.
    res = stability(hand_model, weights=np.array([1.0, 0.0, 0.0]), criterion="c1")
    row = res.intervals.loc["c1"]
    assert row["weight"] == 1.0
    assert row["top_lower"] == pytest.approx(1 / 3) and row["top_upper"] == 1.0
    assert row["top_takeover_low"] == "b"
    num = stability(hand_model, weights=np.array([1.0, 0.0, 0.0]), criterion="c1", exact=False)
    _assert_same_bounds(res, num)


# ---- brute force ---------------------------------------------------------------------------
def test_default_model_bounds_hold_by_brute_force():
    _check_bounds_by_brute_force(load_model())


def test_small_model_bounds_hold_by_brute_force(small_model_dir):
    _check_bounds_by_brute_force(load_model(small_model_dir))


def _random_model(values: list[list[int]], raw_weights: list[int]) -> Model:
    w = np.array(raw_weights, float) / sum(raw_weights)
    crits = tuple(Criterion(f"c{j}", f"c{j}", "higher", (0.0, 10.0), float(wj)) for j, wj in enumerate(w))
    opts = tuple(
        Option(f"o{i}", f"o{i}", {f"c{j}": Score(float(v), float(v), float(v)) for j, v in enumerate(row)})
        for i, row in enumerate(values)
    )
    return Model("random", crits, opts)


@st.composite
def random_models(draw):
    m = draw(st.integers(2, 4))
    n = draw(st.integers(2, 4))
    values = draw(st.lists(st.lists(st.integers(0, 10), min_size=n, max_size=n), min_size=m, max_size=m))
    weights = draw(st.lists(st.integers(1, 10), min_size=n, max_size=n))
    return _random_model(values, weights)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(random_models())
def test_random_small_models_bounds_hold_by_brute_force(model):
    _check_bounds_by_brute_force(model)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(random_models())
def test_numeric_path_matches_the_closed_form_on_random_models(model):
    _assert_same_bounds(stability(model), stability(model, exact=False))


def test_numeric_path_matches_the_closed_form_on_the_default_model():
    model = load_model()
    num = stability(model, exact=False)
    assert num.computed == "numeric" and (num.intervals["computed"] == "numeric").all()
    _assert_same_bounds(stability(model), num)


def test_rank_interval_contains_the_weight_and_lies_inside_the_top_interval(small_model_dir):
    for model in (load_model(), load_model(small_model_dir)):
        iv = stability(model).intervals
        assert (iv["top_lower"] <= iv["rank_lower"]).all()
        assert (iv["rank_lower"] <= iv["weight"]).all()
        assert (iv["weight"] <= iv["rank_upper"]).all()
        assert (iv["rank_upper"] <= iv["top_upper"]).all()


def test_profile_and_weights_set_the_point_weights_analysed(small_model_dir):
    model = load_model(small_model_dir)
    res = stability(model, profile="safety_first")
    np.testing.assert_allclose(res.intervals["weight"], [0.2, 0.6, 0.2])


# ---- sweep ---------------------------------------------------------------------------------
def test_sweep_gives_each_options_score_along_the_path(small_model_dir):
    model = load_model(small_model_dir)
    frame = sweep(model, "safety", points=11)
    assert frame.shape == (11, 3) and list(frame.columns) == list(model.option_ids)
    np.testing.assert_allclose(frame.index, np.linspace(0, 1, 11))
    for k in (0, 3, 10):
        np.testing.assert_allclose(frame.iloc[k], _scores_at(model, 1, k / 10), atol=1e-12)
    # The row at the current weight (0.3) is the point ranking.
    np.testing.assert_allclose(frame.iloc[3], rank(model).scores, atol=1e-12)


# ---- errors and the CLI --------------------------------------------------------------------
def test_unknown_criterion_is_a_usage_error(small_model_dir):
    model = load_model(small_model_dir)
    with pytest.raises(UsageError, match="--criterion"):
        stability(model, criterion="nope")
    with pytest.raises(UsageError, match="--criterion"):
        sweep(model, "nope")


def test_cli_unknown_criterion_exits_2_with_one_line(small_model_dir, capsys):
    assert main(["stability", "--model", str(small_model_dir), "--criterion", "nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--criterion" in err and "nope" in err


def test_cli_json_equals_the_api(small_model_dir, capsys):
    args = ["stability", "--model", str(small_model_dir), "--weight", "cost=0.2", "--format", "json"]
    assert main(args) == 0
    cli = json.loads(capsys.readouterr().out)
    api = stability(load_model(small_model_dir), weights={"cost": 0.2}).to_dict()
    assert cli == api
    assert cli["computed"] == "exact"
    assert set(cli["criteria"][0]) >= {
        "criterion",
        "weight",
        "top_lower",
        "top_upper",
        "top_takeover_low",
        "top_takeover_high",
        "rank_lower",
        "rank_upper",
    }


def test_cli_single_criterion_and_csv(small_model_dir, capsys):
    assert main(["stability", "--model", str(small_model_dir), "--criterion", "cost", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("criterion,") and len(lines) == 2 and lines[1].startswith("cost,")


def test_result_shows_itself_as_text_and_html(small_model_dir):
    res = stability(load_model(small_model_dir))
    assert "StabilityResult(" in repr(res) and "top_takeover_low" in repr(res)
    assert "<table" in res._repr_html_()
