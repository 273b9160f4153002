"""Deterministic ranking: the additive formula, the JSON contract, weights from file, flags and profiles."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from scenarios import load_model, rank
from scenarios.cli import main


def _linear_values(model):
    """Values computed independently of the library: linear in the scale, flipped for 'lower'."""
    raw = model.score_array("value")
    lo, hi = model.scale
    v = (raw - lo) / (hi - lo)
    lower = np.array([c.better == "lower" for c in model.criteria])
    return np.where(lower, 1 - v, v)


def test_additive_scores_follow_the_formula(small_model_dir):
    m = load_model(small_model_dir)
    r = rank(m)
    expected = _linear_values(m) @ np.array([0.5, 0.3, 0.2])
    np.testing.assert_allclose(r.scores.to_numpy(), expected)
    # alpha: cost 4 → 0.6, safety 6 → 0.6, speed 50 → 0.5 ⇒ 0.5·0.6 + 0.3·0.6 + 0.2·0.5 = 0.58
    assert r.scores["alpha"] == pytest.approx(0.58)


def test_custom_weights_change_scores_exactly_as_the_formula_says(small_model_dir):
    m = load_model(small_model_dir)
    r = rank(m, weights={"cost": 2.0})  # raw: cost 2, safety 0.3, speed 0.2 → normalized
    w = np.array([2.0, 0.3, 0.2]) / 2.5
    np.testing.assert_allclose(r.weights.to_numpy(), w)
    np.testing.assert_allclose(r.scores.to_numpy(), _linear_values(m) @ w)


def test_piecewise_value_function_is_interpolated(tmp_path, small_docs):
    from .conftest import write_model

    w, o = small_docs
    w["criteria"]["safety"]["value_function"] = [[0, 0.0], [5, 0.8], [10, 1.0]]
    m = load_model(write_model(tmp_path, w, o))
    r = rank(m)
    # alpha safety = 6 → 0.8 + (1 − 0.8)·(1/5) = 0.84
    assert r.values.at["alpha", "safety"] == pytest.approx(0.84)


def test_contributions_sum_to_score_and_ranks_follow_scores(small_model_dir):
    r = rank(load_model(small_model_dir))
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.scores)
    ordered = r.scores.loc[r.order()].to_numpy()
    assert np.all(np.diff(ordered) <= 1e-12)  # alpha and beta tie at 0.58 (to the last bit or so)
    assert r.ranks["alpha"] == r.ranks["beta"] == 1 and r.ranks["gamma"] == 3


def test_tied_options_share_the_better_rank(small_model_dir):
    m = load_model(small_model_dir).with_score("gamma", "cost", 7).with_score("gamma", "safety", 9)
    m = m.with_score("gamma", "speed", 80)  # now identical to beta at point scores
    r = rank(m)
    assert r.ranks["beta"] == r.ranks["gamma"] and r.scores["beta"] == r.scores["gamma"]


def test_profile_sets_the_weights(small_model_dir):
    r = rank(load_model(small_model_dir), profile="safety_first")
    np.testing.assert_allclose(r.weights.to_numpy(), [0.2, 0.6, 0.2])


def test_rank_json_contract(small_model_dir, capsys):
    assert main(["rank", "--model", str(small_model_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "additive"
    assert sum(data["weights"].values()) == pytest.approx(1)
    ranks = [o["rank"] for o in data["options"]]
    scores = [o["score"] for o in data["options"]]
    assert ranks == sorted(ranks)
    assert all(a >= b - 1e-12 for a, b in itertools.pairwise(scores))
    for o in data["options"]:
        assert set(o) >= {"id", "label", "rank", "score", "contributions"}
        assert sum(o["contributions"].values()) == pytest.approx(o["score"])


def test_weight_flags_override_the_weights_file(small_model_dir, tmp_path, capsys):
    wf = tmp_path / "w.toml"
    wf.write_text("cost = 1\nsafety = 1\nspeed = 2\n")
    args = ["rank", "--model", str(small_model_dir), "--format", "json", "--weights", str(wf)]
    assert main([*args, "--weight", "cost=2"]) == 0
    weights = json.loads(capsys.readouterr().out)["weights"]
    assert weights == pytest.approx({"cost": 0.4, "safety": 0.2, "speed": 0.4})


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_other_formats_list_every_option(small_model_dir, capsys, fmt):
    assert main(["rank", "--model", str(small_model_dir), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert all(o in out for o in ("alpha", "beta", "gamma"))


def test_profiles_side_by_side(small_model_dir, capsys):
    assert main(["rank", "--model", str(small_model_dir), "--profiles", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"model", "safety_first"}
    assert data["safety_first"]["weights"]["safety"] == pytest.approx(0.6)


def test_output_file_is_written_whole(small_model_dir, tmp_path, capsys):
    out = tmp_path / "rank.json"
    assert main(["rank", "--model", str(small_model_dir), "--format", "json", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["options"][0]["rank"] == 1
    assert list(tmp_path.glob(".rank.json.*")) == []  # no temporary left behind


def test_explain_lists_score_value_weight_contribution_rationale(small_model_dir, capsys):
    assert main(["explain", "--model", str(small_model_dir), "--option", "alpha", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["options"]
    cost = next(r for r in rows if r["criterion"] == "cost")
    assert cost["score"] == 4 and cost["value"] == pytest.approx(0.6) and cost["weight"] == pytest.approx(0.5)
    assert cost["contribution"] == pytest.approx(0.3) and cost["rationale"] == "cheap-ish"


BAD_FLAGS = [
    (["--weight", "cost"], "--weight"),
    (["--weight", "cost=abc"], "--weight"),
    (["--weight", "=3"], "--weight"),
    (["--weight", "comfort=1"], "comfort"),
    (["--weight", "cost=-1"], "cost"),
    (["--weight", "cost=nan"], "cost"),
    (["--weight", "cost=0", "--weight", "safety=0", "--weight", "speed=0"], "all zero"),
    (["--profile", "nobody"], "--profile"),
    (["--format", "xml"], "--format"),
    (["--method", "magic"], "--method"),
    (["--weights", "/nonexistent/w.toml"], "w.toml"),
    (["--output", "/nonexistent/dir/out.txt"], "--output"),
    (["--bogus-flag"], "--bogus-flag"),
]


@pytest.mark.parametrize("flags, named", BAD_FLAGS, ids=[" ".join(f) for f, _ in BAD_FLAGS])
def test_bad_flags_exit_2_with_one_line(small_model_dir, capsys, flags, named):
    assert main(["rank", "--model", str(small_model_dir), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and named in err, err


def test_bad_weights_file_names_file_and_key(small_model_dir, tmp_path, capsys):
    wf = tmp_path / "w.toml"
    wf.write_text("cost = 1\nsafety = 'x'\nspeed = 1\n")
    assert main(["rank", "--model", str(small_model_dir), "--weights", str(wf)]) == 2
    err = capsys.readouterr().err
    assert "w.toml" in err and "safety" in err


def test_debug_shows_the_traceback(small_model_dir):
    from scenarios.errors import UsageError

    with pytest.raises(UsageError):
        main(["rank", "--model", str(small_model_dir), "--profile", "nobody", "--debug"])


def test_output_file_gets_ordinary_permissions_not_private_ones(small_model_dir, tmp_path):
    import os

    out = tmp_path / "rank.md"
    old = os.umask(0o022)
    try:
        assert (
            main(["rank", "--model", str(small_model_dir), "--format", "markdown", "--output", str(out)]) == 0
        )
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
