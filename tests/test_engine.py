"""Monte Carlo engine: exact answers on the 3-criterion simplex, determinism, stopping, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

import scenarios
from scenarios import load_model
from scenarios.cli import main
from scenarios.montecarlo import engine
from scenarios.montecarlo.plan import UNIT

from .conftest import write_model
from .exact_simplex import exact_smaa, interval_region, ordinal_region, uniform_region

# Fixed criterion values on [0, 1] scales (value = score): no option dominates another, so
# every option wins somewhere on the weight simplex and the polygons are non-trivial.
VALUES = np.array([[0.9, 0.2, 0.4], [0.3, 0.8, 0.3], [0.5, 0.5, 0.6], [0.1, 0.4, 0.95]])
POINT = (0.5, 0.3, 0.2)
LOWER, UPPER = (0.25, 0.15, 0.1), (0.6, 0.5, 0.45)


def three_criteria_model(tmp_path, weight_model: str):
    crits = {
        f"c{j}": {
            "label": f"C{j}",
            "better": "higher",
            "scale": [0, 1],
            "weight": POINT[j],
            "weight_range": [LOWER[j], UPPER[j]],
        }
        for j in range(3)
    }
    weights = {"title": "exact", "criteria": crits, "weight_uncertainty": {"model": weight_model}}
    options = {
        f"o{i}": {"scores": {f"c{j}": float(v) for j, v in enumerate(row)}} for i, row in enumerate(VALUES)
    }
    return load_model(write_model(tmp_path, weights, options))


REGIONS = {
    "uniform": uniform_region(),
    "ordinal": ordinal_region((0, 1, 2)),  # point weights 0.5 ≥ 0.3 ≥ 0.2
    "intervals": interval_region(np.array(LOWER), np.array(UPPER)),
}


@pytest.mark.parametrize("weight_model", list(REGIONS))
def test_acceptability_pairwise_and_central_weights_match_polygon_areas(tmp_path, weight_model):
    """With fixed scores and three criteria, P(first), P(i beats k) and the central weights are
    area ratios and centroids of polygons on the weight simplex (Lahdelma & Salminen 2001, §3)."""
    n = 200_000
    r = scenarios.sensitivity(three_criteria_model(tmp_path, weight_model), samples=n, seed=11, workers=1)
    exact = exact_smaa(VALUES, REGIONS[weight_model])
    first = r.first.to_numpy()
    se = np.sqrt(exact["first"] * (1 - exact["first"]) / n)
    assert np.all(np.abs(first - exact["first"]) <= 4 * se + 1e-12), (first, exact["first"])
    pw = r.pairwise.to_numpy()
    off = ~np.eye(len(VALUES), dtype=bool)
    pse = np.sqrt(exact["pairwise"] * (1 - exact["pairwise"]) / n)
    assert np.all(np.abs(pw - exact["pairwise"])[off] <= 4 * pse[off] + 1e-12)
    # central weights: a component's spread within a region is at most half its extent, so the
    # mean's SE is at most 0.5 / sqrt(count); compare where the option wins often enough
    for i, p in enumerate(exact["first"]):
        if p * n < 1000:
            continue
        tol = 4 * 0.5 / np.sqrt(p * n)
        np.testing.assert_allclose(r.central_weights.to_numpy()[i], exact["central"][i], atol=tol)


def test_fixed_scores_give_confidence_one_for_every_winner(tmp_path):
    # the first-rank region of a linear model is convex, so its centroid lies inside it
    r = scenarios.sensitivity(three_criteria_model(tmp_path, "uniform"), samples=20_000, seed=3, workers=1)
    winners = r.first > 0
    assert np.all(r.confidence[winners] == 1.0)


def test_dominated_option_never_ranks_first_and_has_no_central_weights(small_model_dir, capsys):
    m = load_model(small_model_dir)
    # make gamma dominated in every draw: worse than beta's worst case on every criterion
    m = m.with_score("gamma", "cost", 9.5, range=(9, 10)).with_score("gamma", "safety", 1, range=(0, 2))
    m = m.with_score("gamma", "speed", 5, range=(0, 10))
    r = scenarios.sensitivity(m, samples=30_000, seed=5, workers=1)
    assert r.first["gamma"] == 0.0
    assert r.central_weights.loc["gamma"].isna().all() and np.isnan(r.confidence["gamma"])
    d = r.to_dict()
    gamma = next(o for o in d["options"] if o["id"] == "gamma")
    assert gamma["central_weights"] is None and gamma["confidence"] is None


def test_acceptability_rows_and_columns_sum_to_one(small_model_dir):
    r = scenarios.sensitivity(load_model(small_model_dir), samples=40_000, seed=9, workers=1)
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0)


def test_same_seed_identical_json_whatever_workers_and_grouping(small_model_dir):
    m = load_model(small_model_dir)
    n = 25 * UNIT + 123  # several tasks and a ragged last unit
    runs = [
        scenarios.sensitivity(m, samples=n, seed=42, workers=w, group=g).to_dict()
        for w, g in [(1, None), (2, None), (3, 1), (1, 3), (2, 2), (1000, 5)]
    ]
    first = json.dumps(runs[0], sort_keys=True)
    assert all(json.dumps(r, sort_keys=True) == first for r in runs[1:])


def test_different_seeds_differ_but_agree_within_standard_error(small_model_dir):
    m = load_model(small_model_dir)
    a = scenarios.sensitivity(m, samples=50_000, seed=1, workers=1)
    b = scenarios.sensitivity(m, samples=50_000, seed=2, workers=1)
    assert not np.array_equal(a.acceptability.to_numpy(), b.acceptability.to_numpy())
    se = np.sqrt(a.acceptability_se.to_numpy() ** 2 + b.acceptability_se.to_numpy() ** 2)
    assert np.all(np.abs(a.acceptability - b.acceptability).to_numpy() <= 4 * se + 1e-9)


def test_precision_stops_within_one_unit_of_the_target(small_model_dir):
    m = load_model(small_model_dir)
    r = scenarios.sensitivity(m, samples=2_000_000, seed=4, precision=0.002, workers=2)
    assert r.samples < 2_000_000 and r.samples % UNIT == 0
    assert r.acceptability_se.to_numpy().max() < 0.002
    # one unit fewer would not have been enough, and N draws asked for give the same numbers
    fewer = scenarios.sensitivity(m, samples=r.samples - UNIT, seed=4, workers=1)
    assert fewer.acceptability_se.to_numpy().max() >= 0.002
    exact = scenarios.sensitivity(m, samples=r.samples, seed=4, workers=1).to_dict()
    stopped = r.to_dict() | {"requested_samples": r.samples, "precision": None}
    assert json.dumps(stopped, sort_keys=True) == json.dumps(exact, sort_keys=True)


def test_ctrl_c_returns_what_was_computed_marked_partial(small_model_dir, monkeypatch):
    real = engine.acceptance_task

    def interrupted(plan, units, *more):
        if units[0].index >= 16:
            raise KeyboardInterrupt
        return real(plan, units, *more)

    monkeypatch.setattr(engine, "acceptance_task", interrupted)
    n = 100 * UNIT
    r = scenarios.sensitivity(load_model(small_model_dir), samples=n, seed=1, workers=1, group=8)
    assert r.partial and r.samples == 16 * UNIT and r.requested == n
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0)


def test_sensitivity_json_contract(small_model_dir, capsys):
    assert (
        main(["sensitivity", "--model", str(small_model_dir), "--samples", "5000", "--format", "json"]) == 0
    )
    d = json.loads(capsys.readouterr().out)
    assert {"samples", "seed", "weight_model", "options", "pairwise"} <= set(d)
    assert d["samples"] == 5000 and d["seed"] == 7 and d["weight_model"] == "dirichlet"
    for o in d["options"]:
        assert len(o["rank_acceptability"]) == len(o["rank_acceptability_se"]) == 3
        assert sum(o["rank_acceptability"]) == pytest.approx(1)
        assert {"central_weights", "confidence"} <= set(o)
    ids = {o["id"] for o in d["options"]}
    for i in ids:
        for k in ids - {i}:
            assert d["pairwise"][i][k] + d["pairwise"][k][i] == pytest.approx(1, abs=1e-9)


def test_cli_numbers_equal_the_api(small_model_dir, capsys):
    args = ["sensitivity", "--model", str(small_model_dir), "--samples", "6000", "--seed", "3"]
    assert main([*args, "--weight-model", "uniform", "--fixed-scores", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    api = scenarios.sensitivity(
        load_model(small_model_dir), samples=6000, seed=3, weight_model="uniform", fixed_scores=True
    )
    assert cli == json.loads(json.dumps(api.to_dict()))


BAD = [
    (["--samples", "0"], "--samples"),
    (["--samples", "-5"], "--samples"),
    (["--samples", "100000000000"], "--samples"),
    (["--samples", "many"], "--samples"),
    (["--precision", "0"], "--precision"),
    (["--precision", "0.5"], "--precision"),
    (["--precision", "-1"], "--precision"),
    (["--workers", "0"], "--workers"),
    (["--weight-model", "gaussian"], "--weight-model"),
    (["--seed", "-1"], "--seed"),
    (["--format", "yaml"], "--format"),
    (["--backend", "ray"], "--backend"),
]


@pytest.mark.parametrize("flags, named", BAD, ids=[" ".join(f) for f, _ in BAD])
def test_bad_run_settings_exit_2_with_one_line(small_model_dir, capsys, flags, named):
    assert main(["sensitivity", "--model", str(small_model_dir), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and named in err, err


def test_dask_backend_gives_the_same_numbers_as_processes(small_model_dir):
    pytest.importorskip("dask")  # the optional extra; installed by the test extra
    m = load_model(small_model_dir)
    n = 20 * UNIT + 7
    local = scenarios.sensitivity(m, samples=n, seed=8, workers=2).to_dict()
    dask = scenarios.sensitivity(m, samples=n, seed=8, workers=2, backend="dask").to_dict()
    assert json.dumps(local, sort_keys=True) == json.dumps(dask, sort_keys=True)


@pytest.mark.parametrize("weight_model", list(REGIONS))
def test_qmc_matches_polygon_areas_with_a_smaller_error_than_mc(tmp_path, weight_model):
    """Scrambled Sobol' points through the same inverse CDFs: unbiased (within 4 binomial SEs of
    the exact areas), and the replicate-based SE is below Monte Carlo's binomial one."""
    model = three_criteria_model(tmp_path, weight_model)
    n = 2**15
    r = scenarios.sensitivity(model, samples=n, seed=11, workers=1, sampler="qmc")
    exact = exact_smaa(VALUES, REGIONS[weight_model])
    binomial = np.sqrt(exact["first"] * (1 - exact["first"]) / n)
    assert np.all(np.abs(r.first.to_numpy() - exact["first"]) <= 4 * binomial + 1e-12)
    assert r.acceptability_se[1].sum() < binomial.sum()
    assert r.to_dict()["sampler"] == "qmc"


def test_qmc_is_identical_whatever_workers_and_grouping(small_model_dir):
    m = load_model(small_model_dir)
    runs = [
        json.dumps(
            scenarios.sensitivity(m, samples=70_001, seed=3, workers=w, group=g, sampler="qmc").to_dict()
        )
        for w, g in [(1, None), (2, 1), (2, 3)]
    ]
    assert runs[0] == runs[1] == runs[2]


def test_units_shrink_for_large_models_and_tasks_stay_bounded():
    from scenarios.montecarlo.plan import unit_size

    assert unit_size(3, 8) == UNIT
    assert unit_size(200, 100) * 200 * 300 <= 2**21  # the 200 x 100 case that took 12 GB


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """The max_workers of each process pool started, on a machine of 2 cores."""
    started: list[int] = []

    class Counted(engine.backends.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine.backends, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(engine, "default_workers", lambda: 2)
    monkeypatch.setattr(engine.backends, "default_workers", lambda: 2)
    return started


def test_the_default_worker_count_starts_a_pool_only_for_runs_that_repay_it(
    small_model_dir, monkeypatch, pools
):
    monkeypatch.setenv(engine.kernel.ENV, "numpy")  # the numpy path's thresholds
    m = load_model(small_model_dir)
    m_cells = len(m.option_ids) * len(m.criterion_ids)
    short = engine.POOL_CELLS // m_cells  # one worker's worth of work
    scenarios.sensitivity(m, samples=short, seed=1)
    assert pools == []  # too short: this process alone
    scenarios.sensitivity(m, samples=short, seed=1, workers=2)
    assert pools == [1]  # asked for: this process and one fork
    scenarios.sensitivity(m, samples=2 * short + UNIT, seed=1)
    assert pools == [1, 1]
    scenarios.sensitivity(m, samples=2 * short + UNIT, seed=1, fixed_scores=True)
    assert pools == [1, 1]  # fixed scores make cheaper draws: twice the work per worker


def test_the_compiled_kernel_repays_workers_only_for_longer_runs(small_model_dir, monkeypatch, pools):
    pytest.importorskip("numba")
    import scenarios.montecarlo.kernel_numba  # loaded: short runs use it too

    monkeypatch.delenv(engine.kernel.ENV, raising=False)
    m = load_model(small_model_dir)
    short = engine.POOL_CELLS // (len(m.option_ids) * len(m.criterion_ids))
    scenarios.sensitivity(m, samples=2 * short + UNIT, seed=1)
    assert pools == []  # ~4x cheaper draws: what repays a worker on the numpy path does not here
    scenarios.sensitivity(m, samples=8 * short + UNIT, seed=1)
    assert pools == [1]


def test_qmc_dirichlet_agrees_with_monte_carlo(small_model_dir):
    """Dirichlet weights from Gamma inverse CDFs (gammaincinv) and scores from each cell's inverse
    CDF estimate the same acceptabilities as Monte Carlo's gamma and score samplers."""
    m = load_model(small_model_dir)
    q = scenarios.sensitivity(m, samples=2**14, seed=2, workers=1, sampler="qmc")
    mc = scenarios.sensitivity(m, samples=2**16, seed=2, workers=1)
    se = np.sqrt(q.acceptability_se.to_numpy() ** 2 + mc.acceptability_se.to_numpy() ** 2)
    assert np.all(np.abs(q.acceptability - mc.acceptability).to_numpy() <= 4 * se + 1e-9)
