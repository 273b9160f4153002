"""The Monte Carlo run with every method, red lines and a future drawn per draw, checked against
exact answers within 4 standard errors (fixed seeds), and reproducible whatever the workers."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import tomli_w
from scipy.optimize import brentq

from scenarios import load_model, rank, sensitivity
from scenarios.cli import main
from scenarios.methods import METHODS

from .conftest import write_model
from .test_futures import FUTURES, OPTIONS, WEIGHTS

N = 40_000


def two_criteria(tmp_path):
    """Three options on two criteria, scores fixed: under uniform weights w1 ~ U(0, 1), the first
    option changes only where two options' keys cross, so P(first) is a sum of interval lengths."""
    w = {
        "title": "two criteria",
        "criteria": {
            "c1": {"better": "higher", "scale": [0, 10], "weight": 1},
            "c2": {"better": "lower", "scale": [0, 10], "weight": 1},
        },
        "weight_uncertainty": {"model": "uniform"},
    }
    o = {
        "a": {"scores": {"c1": 8, "c2": 7}},
        "b": {"scores": {"c1": 5, "c2": 3}},
        "c": {"scores": {"c1": 2, "c2": 1}},
    }
    return load_model(write_model(tmp_path / "two", w, o))


def exact_first(model, method: str) -> dict[str, float]:
    """P(first) under w1 ~ U(0, 1): find every change of leader on a fine grid, refine each with
    brentq on the keys' difference, and measure the intervals."""

    def leader(w1: float) -> str:
        return rank(model, weights=[w1, 1 - w1], method=method).order()[0]

    grid = np.linspace(0, 1, 2001)
    leaders = [leader(x) for x in grid]
    cuts = [0.0]
    for k in range(len(grid) - 1):
        if leaders[k] != leaders[k + 1]:
            a, b = leaders[k], leaders[k + 1]

            def gap(w1: float, a=a, b=b) -> float:
                s = rank(model, weights=[w1, 1 - w1], method=method).scores
                return float(s[a] - s[b])

            lo, hi = gap(grid[k]), gap(grid[k + 1])
            if lo * hi > 0:  # a tie within rounding sits on a grid node: that node is the cut
                cuts.append(grid[k] if abs(lo) < abs(hi) else grid[k + 1])
            else:
                cuts.append(brentq(gap, grid[k], grid[k + 1], xtol=1e-12))
    cuts.append(1.0)
    out = dict.fromkeys(model.option_ids, 0.0)
    for lo, hi in itertools.pairwise(cuts):
        out[leader((lo + hi) / 2)] += hi - lo
    return out


@pytest.mark.parametrize("method", sorted(METHODS))
def test_first_rank_acceptability_matches_the_exact_answer_for_every_method(tmp_path, method):
    model = two_criteria(tmp_path)
    exact = exact_first(model, method)
    r = sensitivity(model, samples=N, seed=5, workers=1, method=method, fixed_scores=True)
    for o, p in exact.items():
        se = max(np.sqrt(p * (1 - p) / N), 1 / N)
        assert abs(r.acceptability.at[o, 1] - p) <= 4 * se, (method, o, r.acceptability.at[o, 1], p)


def test_an_option_crossing_a_red_line_is_never_first_while_another_crosses_none(tmp_path):
    model = two_criteria(tmp_path).with_red_lines({"c2": 6})  # a (c2 = 7) crosses it
    r = sensitivity(model, samples=N, seed=5, workers=1, fixed_scores=True)
    assert r.acceptability.at["a", 1] == 0.0 and r.acceptability.at["a", 3] == 1.0
    # the scores reported are the method's, not the demoted keys: a's mean score is its value
    assert 0 <= r.scores["mean"].min() and r.scores["mean"].max() <= 1


def test_red_lines_and_methods_give_the_same_numbers_whatever_the_workers(tmp_path):
    model = two_criteria(tmp_path).with_red_lines({"c2": 6})
    runs = [
        json.dumps(
            sensitivity(model, samples=20_000, seed=3, workers=w, method="topsis").to_dict(), sort_keys=True
        )
        for w in (1, 2)
    ]
    assert runs[0] == runs[1]


def test_over_futures_matches_the_probability_weighted_exact_answer(tmp_path):
    """The hand model of test_futures.py with uniform weights: in each future a and b are linear in
    w1, so P(a first | future) is exact; the run must match Σ_f p_f P(a first | f) within 4 SE."""
    w = dict(WEIGHTS, weight_uncertainty={"model": "uniform"})
    root = write_model(tmp_path / "hand", w, OPTIONS)
    (root / "futures.toml").write_text(tomli_w.dumps(FUTURES), encoding="utf-8")
    model = load_model(root)
    expected = 0.0
    codes, p, _ = model.futures.conditioned({})
    for row, q in zip(codes, p, strict=True):
        expected += q * exact_first(model.in_future(model.futures.outcomes_of(row)), "additive")["a"]
    r = sensitivity(model, samples=N, seed=8, workers=1, fixed_scores=True, over_futures=True)
    se = np.sqrt(expected * (1 - expected) / N)
    assert abs(r.acceptability.at["a", 1] - expected) <= 4 * se
    assert r.to_dict()["over_futures"] is True


def test_without_futures_drawing_them_changes_nothing(small_model_dir):
    m = load_model(small_model_dir)
    plain = sensitivity(m, samples=8_192, seed=2, workers=1).to_dict()
    drawn = sensitivity(m, samples=8_192, seed=2, workers=1, over_futures=True).to_dict()
    assert {k: v for k, v in plain.items() if k != "over_futures"} == {
        k: v for k, v in drawn.items() if k != "over_futures"
    }


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--profiles", "safety_first"], "two or more"),
        (["--profiles", "safety_first,nope"], "unknown profile"),
        (["--profiles", "safety_first,safety_first"], "two or more"),
        (["--method", "additive,electre"], "unknown method"),
        (["--method", "additive,,topsis"], "separated by commas"),
        (["--method", "additive,topsis", "--shares", "1,x"], "expected numbers"),
        (["--method", "additive,topsis", "--shares", "1"], "one share per member"),
        (["--shares", "1,2"], "--shares"),
        (["--over-futures", "--sampler", "qmc"], "--over-futures"),
    ],
)
def test_bad_group_and_method_flags_exit_2(small_model_dir, capsys, args, fragment):
    assert main(["sensitivity", "--model", str(small_model_dir), "--samples", "2000", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and fragment in err, err


def test_method_list_on_the_command_line_reports_each_and_the_mixture(small_model_dir, capsys):
    args = ["sensitivity", "--model", str(small_model_dir), "--samples", "4096", "--workers", "1"]
    assert main([*args, "--method", "additive,vikor", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["members"]) == {"additive", "vikor"} and out["kind"] == "method"
    mixed_first = {o: v["rank_acceptability"][0] for o, v in out["mixed"].items()}
    for o, p in mixed_first.items():
        assert p == pytest.approx(
            0.5 * out["members"]["additive"]["first"][o] + 0.5 * out["members"]["vikor"]["first"][o]
        )
