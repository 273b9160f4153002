"""`scenarios futures` and `--future` on a model small enough to work out by hand.

Two options on two criteria (linear 0–10, higher is better, weights ½ and ½):
    a: c1 = 6, c2 = 4 → 0.5        b: c1 = 5, c2 = 5 → 0.5
Uncertainties: u1 ∈ {x: 0.6, y: 0.4}, u2 ∈ {p: 0.5, q: 0.5}. Effects: u1 = y shifts a's c1 by −2
(a → 0.4); u2 = q shifts b's c2 by −4 (b → 0.3). The four futures:
    (x, p) 0.30: a 0.5, b 0.5 (tie)   (x, q) 0.30: a 0.5, b 0.3
    (y, p) 0.20: a 0.4, b 0.5         (y, q) 0.20: a 0.4, b 0.3
"""

from __future__ import annotations

import json

import pytest
import tomli_w

from scenarios import load_model, rank
from scenarios.analysis.futures import futures
from scenarios.cli import main

from .conftest import write_model

WEIGHTS = {
    "title": "Hand example",
    "criteria": {
        "c1": {"better": "higher", "scale": [0, 10], "weight": 1},
        "c2": {"better": "higher", "scale": [0, 10], "weight": 1},
    },
}
OPTIONS = {"a": {"scores": {"c1": 6, "c2": 4}}, "b": {"scores": {"c1": 5, "c2": 5}}}
FUTURES = {
    "uncertainties": {
        "u1": {"label": "U1", "outcomes": {"x": {"probability": 0.6}, "y": {"probability": 0.4}}},
        "u2": {"label": "U2", "outcomes": {"p": {"probability": 0.5}, "q": {"probability": 0.5}}},
    },
    "effects": [
        {"when": "u1.y", "option": "a", "criterion": "c1", "shift": -2, "rationale": "hand"},
        {"when": "u2.q", "option": "b", "criterion": "c2", "shift": -4, "rationale": "hand"},
    ],
}


@pytest.fixture
def hand(tmp_path):
    root = write_model(tmp_path / "hand", WEIGHTS, OPTIONS)
    (root / "futures.toml").write_text(tomli_w.dumps(FUTURES), encoding="utf-8")
    return root


def test_expected_scores_regrets_and_choices_by_hand(hand):
    r = futures(load_model(hand)).to_dict()
    opts = {o["id"]: o for o in r["options"]}
    # E[a] = .3·.5 + .3·.5 + .2·.4 + .2·.4 = .46;  E[b] = .3·.5 + .3·.3 + .2·.5 + .2·.3 = .40
    assert opts["a"]["expected_score"] == pytest.approx(0.46)
    assert opts["b"]["expected_score"] == pytest.approx(0.40)
    # regrets: a loses .1 in (y, p); b loses .2 in (x, q) and .1 in (y, q)
    assert opts["a"]["expected_regret"] == pytest.approx(0.2 * 0.1)
    assert opts["b"]["expected_regret"] == pytest.approx(0.3 * 0.2 + 0.2 * 0.1)
    assert (opts["a"]["max_regret"], opts["b"]["max_regret"]) == pytest.approx((0.1, 0.2))
    assert (opts["a"]["worst_score"], opts["b"]["worst_score"]) == pytest.approx((0.4, 0.3))
    # P(best): the tie in (x, p) is split: a = .15 + .3 + .2, b = .15 + .2
    assert (opts["a"]["p_best"], opts["b"]["p_best"]) == pytest.approx((0.65, 0.35))
    assert r["choices"] == {"expected_score": "a", "minimax_regret": "a", "maximin": "a"}


def test_value_of_information_by_hand(hand):
    r = futures(load_model(hand)).to_dict()
    # EVPI = (.3·.5 + .3·.5 + .2·.5 + .2·.4) − .46 = .48 − .46 = .02 = E[regret of a]
    assert r["evpi"] == pytest.approx(0.02)
    # EVPPI(u1) = .6·max(.5, .4) + .4·max(.4, .4) − .46 = 0
    # EVPPI(u2) = .5·max(.46, .5) + .5·max(.46, .3) − .46 = .02
    assert r["evppi"]["u1"] == pytest.approx(0.0, abs=1e-12)
    assert r["evppi"]["u2"] == pytest.approx(0.02)
    assert r["evpi"] >= max(r["evppi"].values()) >= 0


def test_breaks_name_the_futures_where_each_option_is_not_best(hand):
    r = futures(load_model(hand)).to_dict()
    assert r["breaks"]["a"] == [{"when": {"u1": ["y"], "u2": ["p"]}, "coverage": 1.0, "density": 1.0}]
    assert r["breaks"]["b"] == [{"when": {"u2": ["q"]}, "coverage": 1.0, "density": 1.0}]


def test_futures_json_lists_futures_most_probable_first(hand, capsys):
    assert main(["futures", "--model", str(hand), "--format", "json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert [f["probability"] for f in r["futures"]] == pytest.approx([0.3, 0.3, 0.2, 0.2])
    assert r["futures"][1] == {
        "outcomes": {"u1": "x", "u2": "q"},
        "probability": pytest.approx(0.3),
        "scores": {"a": pytest.approx(0.5), "b": pytest.approx(0.3)},
        "best": "a",
        "regret": {"a": 0.0, "b": pytest.approx(0.2)},
    }
    assert r["uncertainties"] == {"u1": {"x": 0.6, "y": 0.4}, "u2": {"p": 0.5, "q": 0.5}}


def test_conditioning_on_an_outcome_keeps_its_futures_and_renormalizes(hand, capsys):
    r = futures(load_model(hand), given={"u1": "y"}).to_dict()
    assert [f["probability"] for f in r["futures"]] == pytest.approx([0.5, 0.5])
    opts = {o["id"]: o["expected_score"] for o in r["options"]}
    assert opts == pytest.approx({"a": 0.4, "b": 0.4})  # b: .5·.5 + .5·.3
    assert r["evppi"]["u1"] == 0.0


def test_future_flag_applies_only_the_effects_of_the_named_outcomes(hand, capsys):
    assert main(["rank", "--model", str(hand), "--future", "u1=y", "--format", "json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert [(o["id"], round(o["score"], 12)) for o in r["options"]] == [("b", 0.5), ("a", 0.4)]
    assert r["future"] == {"u1": "y"}


def test_a_model_without_futures_has_one_future_equal_to_the_ranking(small_model_dir):
    m = load_model(small_model_dir)
    r = futures(m).to_dict()
    ranking = rank(m)
    assert len(r["futures"]) == 1 and r["futures"][0]["probability"] == 1.0
    assert r["futures"][0]["scores"] == {k: float(v) for k, v in ranking.scores.items()}
    assert r["evpi"] == 0.0 and r["evppi"] == {}
    assert r["choices"]["expected_score"] == ranking.order()[0]


def test_an_empty_future_changes_nothing(hand):
    m = load_model(hand)
    assert rank(m.in_future({})).to_dict() == rank(m).to_dict()


@pytest.mark.parametrize(
    "flag, fragment",
    [
        ("u3=x", "unknown uncertainty"),
        ("u1=z", "unknown outcome"),
        ("u1", "expected ID=VALUE"),
        ("=x", "ID=VALUE"),
    ],
)
def test_bad_future_flags_exit_2_naming_the_flag(hand, capsys, flag, fragment):
    for command in (["futures"], ["rank"], ["explain"], ["tornado"]):
        assert main([*command, "--model", str(hand), "--future", flag]) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "--future" in err and fragment in err, err


def test_the_default_model_tables_fit_100_columns(capsys):
    assert main(["futures"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "Where each option breaks" in out and "EVPI" in out
