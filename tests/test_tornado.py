"""Tornado: each end of each swing equals ranking the changed model, zero-width inputs do not
swing, rows follow their option, sorting, errors and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from scenarios import UsageError, load_model, rank, tornado
from scenarios.cli import main

from .conftest import write_model


@pytest.fixture
def docs(small_docs):
    """The small model with beta's safety lowered to 8 so nobody ties at the point estimate:
    alpha 0.58, beta 0.55, gamma 0.53 (cost 0.5, safety 0.3, speed 0.2)."""
    w, o = small_docs
    o["beta"]["scores"]["safety"] = 8
    return w, o


@pytest.fixture
def model(tmp_path, docs):
    return load_model(write_model(tmp_path / "m", *docs))


def _margin(scores, leader: str) -> float:
    return scores[leader] - scores.drop(leader).max()


def test_each_end_equals_ranking_the_changed_model(model):
    res = tornado(model)
    base = rank(model)
    assert res.leader == base.order()[0] == "alpha" and res.runner_up == "beta"
    assert res.base_margin == pytest.approx(0.58 - 0.55)
    w = model.weights
    for key, row in res.inputs.iterrows():
        for end in ("low", "high"):
            x = row[end]
            if row["kind"] == "weight":
                j = model.criterion_index(row["criterion"])
                path = w * (1 - x) / (1 - w[j])
                path[j] = x
                scores = rank(model, weights=path).scores
            else:
                scores = rank(model.with_score(row["option"], row["criterion"], value=x)).scores
            assert row[f"margin_{end}"] == pytest.approx(_margin(scores, "alpha"), abs=1e-12), (key, end)
            np.testing.assert_allclose(res.scores.loc[key, end], scores, atol=1e-12)
        assert row["swing"] == pytest.approx(abs(row["margin_high"] - row["margin_low"]), abs=1e-12)


def test_inputs_are_weight_ranges_and_uncertain_scores_only(model):
    ids = set(tornado(model).inputs.index)
    # speed has no weight_range; gamma and alpha.speed and beta.cost/safety have no range.
    assert ids == {
        "weight:cost",
        "weight:safety",
        "score:alpha/cost",
        "score:alpha/safety",
        "score:beta/speed",
    }


def test_hand_worked_score_swing(model):
    # alpha's cost (lower is better, scale 0–10) swings 3 → 6: value 0.7 → 0.4, weight 0.5, so
    # alpha's score moves 0.58 + 0.05 = 0.63 → 0.58 − 0.10 = 0.48 against beta's 0.55:
    # margin 0.08 → −0.07 (beta overtakes), swing 0.15.
    row = tornado(model).inputs.loc["score:alpha/cost"]
    assert row["margin_low"] == pytest.approx(0.08)
    assert row["margin_high"] == pytest.approx(-0.07)
    assert row["swing"] == pytest.approx(0.15)


def test_single_point_weight_range_without_score_ranges_swings_zero(tmp_path, docs):
    w, o = docs
    w["criteria"]["speed"]["weight_range"] = [0.2, 0.2]
    o["beta"]["scores"]["speed"] = 80
    res = tornado(load_model(write_model(tmp_path / "z", w, o)))
    row = res.inputs.loc["weight:speed"]
    assert row["low"] == row["high"] == 0.2
    assert row["swing"] == pytest.approx(0.0, abs=1e-12)
    assert not [k for k in res.inputs.index if k.startswith("score:") and k.endswith("/speed")]
    assert res.inputs.index[-1] == "weight:speed"  # the smallest swing sorts last


def test_swapping_two_options_scores_swaps_their_rows(tmp_path, docs):
    w, o = docs
    a = tornado(load_model(write_model(tmp_path / "a", w, o)))
    o["alpha"]["scores"], o["beta"]["scores"] = o["beta"]["scores"], o["alpha"]["scores"]
    b = tornado(load_model(write_model(tmp_path / "b", w, o)))
    assert (a.leader, b.leader) == ("alpha", "beta")
    swap = {"alpha": "beta", "beta": "alpha"}
    relabelled = b.inputs.rename(
        index=lambda k: k.replace("beta/", "@/").replace("alpha/", "beta/").replace("@/", "alpha/")
    )
    options = [swap.get(x, x) for x in relabelled["option"]]
    relabelled["option"] = pd.Series(options, index=relabelled.index, dtype=object)
    left, right = a.inputs.sort_index(), relabelled.sort_index()
    assert list(left["option"]) == list(right["option"])
    assert list(left["kind"]) == list(right["kind"])
    num = ["point", "low", "high", "margin_low", "margin_high", "swing"]
    np.testing.assert_allclose(left[num].to_numpy(float), right[num].to_numpy(float), atol=1e-12)
    assert a.inputs.loc["score:alpha/cost", "option"] == "alpha"
    assert b.inputs.loc["score:beta/cost", "option"] == "beta"


def test_rows_are_sorted_by_swing_descending():
    res = tornado(load_model())
    swing = res.inputs["swing"].to_numpy()
    assert np.all(np.diff(swing) <= 0)
    assert list(res.scores.index) == list(res.inputs.index)


def test_no_uncertainty_at_all_is_a_usage_error(tmp_path, docs, capsys):
    w, o = docs
    for c in w["criteria"].values():
        c.pop("weight_range", None)
    for doc in o.values():
        doc["scores"] = {k: (v["value"] if isinstance(v, dict) else v) for k, v in doc["scores"].items()}
    root = write_model(tmp_path / "fixed", w, o)
    with pytest.raises(UsageError, match="nothing to swing"):
        tornado(load_model(root))
    assert main(["tornado", "--model", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nothing to swing" in err


def test_cli_json_equals_the_api(model, capsys):
    assert main(["tornado", "--model", str(model.path), "--profile", "safety_first", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli == tornado(model, profile="safety_first").to_dict()
    assert cli["inputs"][0]["swing"] >= cli["inputs"][-1]["swing"]
    first = cli["inputs"][0]
    assert set(first) >= {"kind", "criterion", "option", "low", "high", "margin_low", "margin_high", "swing"}
    assert set(first["scores_low"]) == {"alpha", "beta", "gamma"}


def test_cli_table_and_csv(model, capsys):
    assert main(["tornado", "--model", str(model.path)]) == 0
    assert "score:alpha/cost" in capsys.readouterr().out
    assert main(["tornado", "--model", str(model.path), "--format", "csv"]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert head.startswith("input,kind,criterion,option") and "score_high:gamma" in head


def test_result_shows_itself_as_text_and_html(model):
    res = tornado(model)
    assert "TornadoResult(" in repr(res) and "score:alpha/cost" in repr(res)
    assert "<table" in res._repr_html_()
