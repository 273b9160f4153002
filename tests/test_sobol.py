"""Sobol' indices: the analysis path reproduces Ishigami's analytic indices, the model's inputs
and outputs are the right ones, inverse CDFs match the Monte Carlo samplers, seeding, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from scenarios import UsageError, load_model, rank, sobol
from scenarios.analysis.sobol import WEIGHTS_TREATMENT, sobol_indices, uncertain_inputs
from scenarios.cli import main
from scenarios.model.distributions import KINDS, sample_scores

from .conftest import write_model

N = 256  # SALib base samples in the model tests: fast, and enough for the properties pinned


# ---- Ishigami through the same estimation path ----------------------------------------------
def ishigami_exact(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Analytic S1 and ST of Y = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π).

    Ishigami & Homma, ISUMA '90 (1990) 398–403; partial variances as in Sobol' & Levitan,
    Comput. Phys. Commun. 117 (1999) 52–61: V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V3 = 0,
    V13 = 8b²π⁸/225, V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2.
    """
    v1 = (1 + b * np.pi**4 / 5) ** 2 / 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * np.pi**8 / 225
    v = a**2 / 8 + b * np.pi**4 / 5 + b**2 * np.pi**8 / 18 + 0.5
    assert v == pytest.approx(v1 + v2 + v13)
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def ishigami(u: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    x = -np.pi + 2 * np.pi * u
    return (np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0]))[:, None]


def test_ishigami_reproduces_its_analytic_indices_within_confidence():
    s1, st = ishigami_exact()
    np.testing.assert_allclose(s1, [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(st, [0.5576, 0.4424, 0.2437], atol=1e-4)
    est = sobol_indices(ishigami, ["x1", "x2", "x3"], ["y"], samples=2048, seed=11)
    got = est.indices.set_index("input").loc[["x1", "x2", "x3"]]
    assert est.evaluations == 2048 * 5
    for col, exact in (("S1", s1), ("ST", st)):
        err = np.abs(got[col].to_numpy() - exact)
        assert np.all(err <= 3 * got[f"{col}_conf"].to_numpy() + 0.01), (col, got[col].to_numpy(), exact)


def test_ishigami_second_order_x1_x3_interaction():
    # S13 = V13/V; the other pairs do not interact.
    _, st = ishigami_exact()
    est = sobol_indices(ishigami, ["x1", "x2", "x3"], ["y"], samples=2048, seed=5, calc_second_order=True)
    pairs = est.second_order["y"].set_index(["input_a", "input_b"])
    exact = {("x1", "x2"): 0.0, ("x1", "x3"): st[2], ("x2", "x3"): 0.0}
    for key, value in exact.items():
        assert abs(pairs.loc[key, "S2"] - value) <= 3 * pairs.loc[key, "S2_conf"] + 0.02, key


# ---- the model's inputs and outputs ---------------------------------------------------------
def test_inputs_are_sampled_weight_ranges_and_uncertain_scores_only(small_model_dir):
    res = sobol(load_model(small_model_dir), samples=N, seed=1)
    # speed has no weight_range; gamma's scores, alpha.speed and beta.cost/safety are fixed.
    assert list(res.inputs.index) == [
        "weight:cost",
        "weight:safety",
        "score:alpha/cost",
        "score:alpha/safety",
        "score:beta/speed",
    ]
    assert set(res.indices["input"]) == set(res.inputs.index)
    assert res.outputs == ["margin", "score:alpha", "score:beta", "score:gamma"]
    assert res.evaluations == N * (5 + 2)


def test_a_score_cannot_move_another_options_score(small_model_dir):
    res = sobol(load_model(small_model_dir), samples=N, seed=3)
    gamma = res.for_output("score:gamma")
    for key in ("score:alpha/cost", "score:alpha/safety", "score:beta/speed"):
        assert abs(gamma.loc[key, "ST"]) <= gamma.loc[key, "ST_conf"] + 1e-12, key
        assert abs(gamma.loc[key, "S1"]) <= gamma.loc[key, "S1_conf"] + 1e-12, key
    alpha = res.for_output("score:alpha")
    assert abs(alpha.loc["score:beta/speed", "ST"]) <= alpha.loc["score:beta/speed", "ST_conf"] + 1e-12
    # ...while an option's own uncertain score clearly does move it.
    assert alpha.loc["score:alpha/cost", "ST"] > 3 * alpha.loc["score:alpha/cost", "ST_conf"]


def test_indices_sorted_by_total_index_within_each_output():
    res = sobol(load_model(), samples=N)
    for out in res.outputs:
        st = res.for_output(out)["ST"].to_numpy()
        assert np.all(np.diff(st) <= 0), out


def test_leader_and_seed_defaults_come_from_the_model(small_model_dir):
    model = load_model(small_model_dir)
    res = sobol(model, samples=N)
    assert res.seed == model.seed == 7
    assert res.leader == rank(model).order()[0]
    assert res.weights_treatment == WEIGHTS_TREATMENT


def test_same_seed_same_numbers_other_seed_other_numbers(small_model_dir):
    model = load_model(small_model_dir)
    a, b, c = (sobol(model, samples=N, seed=s) for s in (4, 4, 5))
    assert a.indices.equals(b.indices)
    assert not np.allclose(a.indices["S1"], c.indices["S1"])


def test_weights_are_raw_judgements_normalized_inside_the_model(small_model_dir):
    model = load_model(small_model_dir)
    inputs = uncertain_inputs(model)
    d = len(inputs.table)
    u = np.zeros((2, d))
    u[1, :2] = 1.0  # row 0: cost and safety at their lower bounds; row 1: at their upper bounds
    raw, w = inputs(u)
    # cost [0.3, 0.7], safety [0.1, 0.5] sampled raw; speed keeps its raw 0.2; then normalized.
    np.testing.assert_allclose(w[0], np.array([0.3, 0.1, 0.2]) / 0.6)
    np.testing.assert_allclose(w[1], np.array([0.7, 0.5, 0.2]) / 1.4)
    for row in raw:  # gamma has no uncertain score: it never moves
        np.testing.assert_allclose(row[2], model.score_array("value")[2])


def test_inverse_cdfs_match_the_monte_carlo_samplers():
    kinds = np.array([["uniform", "triangular", "pert", "normal"]])
    value = np.array([[5.0, 3.0, 6.0, 1.0]])
    low = np.array([[2.0, 1.0, 2.0, 0.0]])
    high = np.array([[8.0, 9.0, 7.0, 4.0]])  # the normal cell is truncated at the scale's 0
    s_low, s_high = np.zeros(4), np.full(4, 10.0)
    size = 20_000
    mc = sample_scores(np.random.default_rng(1), size, value, low, high, kinds, s_low, s_high)[:, 0, :]
    u = np.random.default_rng(2).random((size, 1))
    for j, kind in enumerate(kinds[0]):
        cell = (value[0, [j]], low[0, [j]], high[0, [j]], s_low[[j]], s_high[[j]])
        q = KINDS[kind].ppf(u, *cell)[:, 0]
        assert stats.ks_2samp(q, mc[:, j]).pvalue > 1e-3, kind
        lo, hi = (s_low[j], s_high[j]) if kind == "normal" else (low[0, j], high[0, j])
        assert lo <= q.min() and q.max() <= hi, kind


# ---- errors and the CLI ---------------------------------------------------------------------
@pytest.mark.parametrize("samples", [100, 0, 1, 2**20, 3.0])
def test_samples_must_be_a_power_of_two(small_model_dir, samples):
    with pytest.raises(UsageError, match="--samples"):
        sobol(load_model(small_model_dir), samples=samples)


def test_no_uncertainty_at_all_is_a_usage_error(tmp_path, small_docs, capsys):
    w, o = small_docs
    for c in w["criteria"].values():
        c.pop("weight_range", None)
    for doc in o.values():
        doc["scores"] = {k: (v["value"] if isinstance(v, dict) else v) for k, v in doc["scores"].items()}
    root = write_model(tmp_path / "fixed", w, o)
    with pytest.raises(UsageError, match="nothing uncertain"):
        sobol(load_model(root), samples=N)
    assert main(["sobol", "--model", str(root), "--samples", str(N)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nothing uncertain" in err


@pytest.mark.parametrize(
    "flags, named",
    [
        (["--samples", "100"], "--samples"),
        (["--samples", "lots"], "--samples"),
        (["--seed", "-1"], "--seed"),
        (["--seed", "x"], "--seed"),
    ],
)
def test_cli_bad_flags_exit_2_with_one_line(small_model_dir, capsys, flags, named):
    assert main(["sobol", "--model", str(small_model_dir), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and named in err


def test_cli_json_equals_the_api_for_the_same_seed(small_model_dir, capsys):
    args = ["sobol", "--model", str(small_model_dir), "--samples", str(N), "--seed", "9", "--format", "json"]
    assert main(args) == 0
    cli = json.loads(capsys.readouterr().out)
    api = sobol(load_model(small_model_dir), samples=N, seed=9).to_dict()
    assert cli == api
    assert cli["weights_treatment"] == WEIGHTS_TREATMENT
    first = cli["outputs"]["margin"][0]
    assert set(first) == {"input", "S1", "S1_conf", "ST", "ST_conf"}


def test_cli_table_lists_each_output(small_model_dir, capsys):
    assert main(["sobol", "--model", str(small_model_dir), "--samples", str(N)]) == 0
    out = capsys.readouterr().out
    for name in ("Output margin", "Output score:alpha", "score:beta/speed"):
        assert name in out


def test_result_shows_itself_as_text_and_html(small_model_dir):
    res = sobol(load_model(small_model_dir), samples=N, seed=2)
    assert "SobolResult(" in repr(res) and "score:beta/speed" in repr(res)
    assert "<table" in res._repr_html_()
    assert res.to_frame().index.names == ["output", "input"]
