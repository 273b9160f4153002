"""The compiled kernel and the numpy path give the same numbers, to the last bit, for a seed.

`montecarlo.kernel` runs the additive method's draws through numba when it is installed; the
numpy path (`Plan.keys` + `SmaaAccumulator.add`, `Plan.under` + `add_under`) is the fallback
and the reference. Equality is checked on everything a run reports (`SmaaResult.to_dict`), on
hand-built models that reach each branch (red lines, piecewise value functions, every score
distribution, ties, more than 8 options, fixed scores, every weight model, a ragged last
unit) and on generated models.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import scenarios
from scenarios.montecarlo import kernel
from scenarios.montecarlo.engine import acceptance_task, confidence_task
from scenarios.montecarlo.plan import Plan, layout

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model
from .strategies import models

pytest.importorskip("numba")


@pytest.fixture(autouse=True)
def kernel_on(monkeypatch):
    """Each test starts with the kernel allowed, even in a run with SCENARIOS_KERNEL=numpy,
    and loaded, so the short runs here use it (`kernel.worth_loading`)."""
    monkeypatch.delenv(kernel.ENV, raising=False)
    import scenarios.montecarlo.kernel_numba  # noqa: F401


def test_short_runs_use_numpy_until_the_kernel_is_loaded():
    code = (
        "import sys, scenarios; m = scenarios.load_model(); "
        "scenarios.sensitivity(m, samples=5000, workers=1); a = 'numba' in sys.modules; "
        "scenarios.sensitivity(m, samples=600_000, workers=1); b = 'numba' in sys.modules; "
        "print(a, b)"
    )
    env = {k: v for k, v in os.environ.items() if k != kernel.ENV}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "True"]


def both(model, monkeypatch, **kw) -> tuple[dict, dict]:
    """`sensitivity(model, **kw).to_dict()` through the kernel and through numpy."""
    monkeypatch.delenv(kernel.ENV, raising=False)
    compiled = scenarios.sensitivity(model, **kw).to_dict()
    monkeypatch.setenv(kernel.ENV, "numpy")
    plain = scenarios.sensitivity(model, **kw).to_dict()
    monkeypatch.delenv(kernel.ENV)
    return compiled, plain


def uses_kernel(model, **plan_kw) -> bool:
    plan = Plan.of(model, 1, model.weight_model, plan_kw.get("fixed_scores", False), "additive")
    return kernel.for_plan(plan) is not None


def test_default_model_identical_with_two_workers_and_a_ragged_unit(monkeypatch):
    model = scenarios.load_model()
    assert uses_kernel(model)
    compiled, plain = both(model, monkeypatch, samples=3 * 4096 + 905, seed=11, workers=2)
    assert compiled == plain
    assert compiled["samples"] == 3 * 4096 + 905


@pytest.mark.parametrize("weight_model", ["dirichlet", "uniform", "intervals", "ordinal"])
def test_every_weight_model_and_fixed_scores(tmp_path, monkeypatch, weight_model):
    weights = copy.deepcopy(SMALL_WEIGHTS)
    weights["weight_uncertainty"]["model"] = weight_model
    model = scenarios.load_model(write_model(tmp_path / weight_model, weights, copy.deepcopy(SMALL_OPTIONS)))
    for fixed in (False, True):
        compiled, plain = both(model, monkeypatch, samples=5000, seed=3, workers=1, fixed_scores=fixed)
        assert compiled == plain


def test_red_lines_curves_every_distribution_ties_and_many_options(tmp_path, monkeypatch):
    model = many_options_model(tmp_path)
    assert np.isfinite(model.red_lines).sum() == 2
    compiled, plain = both(model, monkeypatch, samples=6000, seed=9, workers=1)
    assert compiled == plain
    fixed = both(model, monkeypatch, samples=3000, seed=9, workers=1, fixed_scores=True)
    assert fixed[0] == fixed[1]


def many_options_model(tmp_path):
    """12 options (numpy's many-option branch), two identical (ties), red lines on both kinds
    of criterion, a piecewise value function, and uniform/triangular/PERT/normal/fixed cells."""
    weights = copy.deepcopy(SMALL_WEIGHTS)
    weights["criteria"]["cost"]["red_line"] = 8
    weights["criteria"]["safety"]["red_line"] = 2.5
    weights["criteria"]["safety"]["value_function"] = [[0, 0.0], [3, 0.5], [6, 0.6], [10, 1.0]]
    kinds = ["uniform", "triangular", "pert", "normal", "fixed"]
    options = {}
    rng = np.random.default_rng(5)
    for i in range(12):
        scores = {}
        for j, (cid, hi) in enumerate((("cost", 10), ("safety", 10), ("speed", 100))):
            v = float(np.round(rng.uniform(0.2, 0.8) * hi, 2))
            below, above = rng.uniform(0.03, 0.2, size=2) * hi  # lopsided: peaks off centre
            scores[cid] = {"value": v, "range": [max(0.0, v - below), min(float(hi), v + above)]}
            scores[cid]["distribution"] = kinds[(i + j) % len(kinds)]
        options[f"o{i:02d}"] = {"label": f"O{i}", "scores": scores}
    options["o11"] = copy.deepcopy(options["o10"])  # a tie whenever their cells are fixed alike
    return scenarios.load_model(write_model(tmp_path / "many", weights, options))


def test_per_draw_scores_and_keys_bit_for_bit(tmp_path):
    """Each draw's raw scores, values, scores and red-line keys, before any accumulation (where
    a last-bit difference could round away)."""
    from scenarios.model.distributions import scores_from_inputs
    from scenarios.montecarlo import kernel_numba
    from scenarios.montecarlo.plan import ACCEPTANCE, Unit

    model = many_options_model(tmp_path)
    plan = Plan.of(model, 8, model.weight_model, False, "additive")
    k = kernel.for_plan(plan)
    assert k is not None
    size, (m, n) = 1000, plan.shape
    weights, u, hard = plan.inputs(ACCEPTANCE, Unit(0, 0, 0, size))
    raw, val = np.empty((m * n, size)), np.empty((m * n, size))
    kernel_numba._fill(u, hard, k.cells, raw, val, 0, size)
    expected_raw = scores_from_inputs(plan.groups, u, hard)  # (size, m, n)
    assert np.array_equal(raw, expected_raw.reshape(size, m * n).T)
    assert np.array_equal(val, plan.evaluation.values_of(expected_raw).reshape(size, m * n).T)
    score, key = np.empty((m, size)), np.empty((m, size))
    line, lower_better, demotion = k.cells[14:17]
    kernel_numba._scores(
        val, raw, np.ascontiguousarray(weights.T), line, lower_better, demotion, score, key, 0, size
    )
    expected_keys, expected_scores = plan.keys(expected_raw, weights)
    assert np.array_equal(score, expected_scores.T)
    assert np.array_equal(key, expected_keys.T)
    assert (key < score).any()  # some draws cross a red line


def test_unit_accumulators_bit_for_bit(monkeypatch):
    """Below the result's rounding: every count and float sum of a unit, compared exactly."""
    model = scenarios.load_model()
    plan = Plan.of(model, 4, model.weight_model, False, "additive")
    units = layout(3 * 4096, plan.unit)
    compiled_counts, compiled_records = acceptance_task(plan, units)
    monkeypatch.setenv(kernel.ENV, "numpy")
    plain_counts, plain_records = acceptance_task(plan, units)
    for a, b in zip(compiled_records, plain_records, strict=True):
        assert np.array_equal(a.rank_counts, b.rank_counts)
        assert np.array_equal(a.pairwise_counts, b.pairwise_counts)
        assert all(np.array_equal(x, y) for x, y in zip(a.sums, b.sums, strict=True))
    assert np.array_equal(compiled_counts.score_hist, plain_counts.score_hist)
    central = np.vstack([model.weights, np.full(len(model.weights), np.nan), model.weights[::-1]])
    plain_conf = confidence_task(plan, units, central)
    monkeypatch.delenv(kernel.ENV)
    compiled_conf = confidence_task(plan, units, central)
    for (_, a), (_, b) in zip(compiled_conf, plain_conf, strict=True):
        assert np.array_equal(a.first_counts, b.first_counts)
        assert np.array_equal(a.defined, b.defined)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(methods=("additive",), options=(2, 10), criteria=(1, 6), futures=False))
def test_generated_models_identical(model):
    with pytest.MonkeyPatch.context() as mp:
        compiled, plain = both(model, mp, samples=700, seed=2, workers=1)
    assert compiled == plain


def test_numpy_setting_turns_the_kernel_off(monkeypatch):
    model = scenarios.load_model()
    monkeypatch.setenv(kernel.ENV, "numpy")
    assert not uses_kernel(model)
    monkeypatch.setenv(kernel.ENV, "")
    assert uses_kernel(model)
