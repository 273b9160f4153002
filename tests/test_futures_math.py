"""Regret, robust choices and the value of information across futures, checked against arithmetic done by
hand (in the comments) and against the identities of Raiffa & Schlaifer (1961): 0 ≤ EVPPI ≤ EVPI, and
EVPI = the expected regret of the expected-value choice."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scenarios.analysis.futures_math import (
    choices,
    evpi,
    evppi,
    futures_result,
    regret,
    summary,
)

# ---- two uncertainties u (a .6, b .4), v (x .5, y .5); two options A, B ---------------------------------
# futures, most probable first: (a,x) .3, (a,y) .3, (b,x) .2, (b,y) .2
P2 = np.array([0.3, 0.3, 0.2, 0.2])
CODES2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
S2 = np.array(
    [
        [10.0, 6.0],  # (a,x): A best
        [4.0, 8.0],  # (a,y): B best
        [7.0, 7.0],  # (b,x): tie
        [2.0, 5.0],  # (b,y): B best
    ]
)


def test_two_options_expected_score_regret_and_choices():
    st_ = summary(S2, P2)
    # E[A] = .3·10 + .3·4 + .2·7 + .2·2 = 3 + 1.2 + 1.4 + .4 = 6.0
    # E[B] = .3·6 + .3·8 + .2·7 + .2·5 = 1.8 + 2.4 + 1.4 + 1.0 = 6.6
    np.testing.assert_allclose(st_["expected_score"], [6.0, 6.6])
    # best per future 10, 8, 7, 5 → regret A = 0, 4, 0, 3; B = 4, 0, 0, 0
    np.testing.assert_array_equal(regret(S2), [[0, 4], [4, 0], [0, 0], [3, 0]])
    # E[regret A] = .3·4 + .2·3 = 1.8; E[regret B] = .3·4 = 1.2
    np.testing.assert_allclose(st_["expected_regret"], [1.8, 1.2])
    np.testing.assert_array_equal(st_["max_regret"], [4, 4])  # a tie
    np.testing.assert_array_equal(st_["worst_score"], [2, 5])
    np.testing.assert_array_equal(st_["best"], [0, 1, 0, 1])  # the (b,x) tie goes to the first, A
    # expected score: B (6.6 > 6.0); minimax regret: 4 = 4, tie → first in option order, A;
    # maximin: B (5 > 2)
    assert choices(S2, P2) == {"expected_score": 1, "minimax_regret": 0, "maximin": 1}


def test_p_best_splits_ties_equally():
    # A: (a,x) .3 + half of (b,x) .2/2 = .4; B: (a,y) .3 + .1 + (b,y) .2 = .6
    np.testing.assert_allclose(summary(S2, P2)["p_best"], [0.4, 0.6])


def test_two_options_evpi_and_evppi():
    # Σ p max = .3·10 + .3·8 + .2·7 + .2·5 = 3 + 2.4 + 1.4 + 1 = 7.8; max E = 6.6 → EVPI = 1.2
    assert evpi(S2, P2) == pytest.approx(1.2)
    # u = a: (a,x), (a,y): Σ p s = A 3 + 1.2 = 4.2, B 1.8 + 2.4 = 4.2 → 4.2
    # u = b: (b,x), (b,y): A 1.4 + .4 = 1.8, B 1.4 + 1 = 2.4 → 2.4;  4.2 + 2.4 − 6.6 = 0
    assert evppi(S2, P2, CODES2[:, 0]) == 0.0  # rounding residue (≈ 9e-16) reported as exactly 0
    # v = x: (a,x), (b,x): A 3 + 1.4 = 4.4, B 1.8 + 1.4 = 3.2 → 4.4
    # v = y: (a,y), (b,y): A 1.2 + .4 = 1.6, B 2.4 + 1 = 3.4 → 3.4;  4.4 + 3.4 − 6.6 = 1.2 (= EVPI)
    assert evppi(S2, P2, CODES2[:, 1]) == pytest.approx(1.2)


# ---- u (a .5, b .5), v (x .8, y .2); three options P, Q, R -------------------------------------------
# futures, most probable first: (a,x) .4, (b,x) .4, (a,y) .1, (b,y) .1
P3 = np.array([0.4, 0.4, 0.1, 0.1])
CODES3 = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
S3 = np.array(
    [
        [9.0, 6.0, 5.0],  # (a,x)
        [8.0, 7.0, 5.0],  # (b,x)
        [0.0, 6.0, 5.0],  # (a,y)
        [1.0, 3.0, 6.0],  # (b,y)
    ]
)


def test_three_options_each_rule_chooses_differently():
    st_ = summary(S3, P3)
    # E[P] = 3.6 + 3.2 + 0 + .1 = 6.9; E[Q] = 2.4 + 2.8 + .6 + .3 = 6.1; E[R] = 2 + 2 + .5 + .6 = 5.1
    np.testing.assert_allclose(st_["expected_score"], [6.9, 6.1, 5.1])
    # best per future 9, 8, 6, 6 → regret P = 0,0,6,5; Q = 3,1,0,3; R = 4,3,1,0
    np.testing.assert_array_equal(regret(S3), [[0, 3, 4], [0, 1, 3], [6, 0, 1], [5, 3, 0]])
    # E[regret] P = .6 + .5 = 1.1; Q = 1.2 + .4 + 0 + .3 = 1.9; R = 1.6 + 1.2 + .1 + 0 = 2.9
    np.testing.assert_allclose(st_["expected_regret"], [1.1, 1.9, 2.9])
    np.testing.assert_array_equal(st_["max_regret"], [6, 3, 4])
    np.testing.assert_array_equal(st_["worst_score"], [0, 3, 5])
    # P best in (a,x), (b,x) = .8; Q in (a,y) = .1; R in (b,y) = .1
    np.testing.assert_allclose(st_["p_best"], [0.8, 0.1, 0.1])
    # expected score → P (6.9); minimax regret → Q (3 < 4 < 6); maximin → R (5 > 3 > 0)
    assert choices(S3, P3) == {"expected_score": 0, "minimax_regret": 1, "maximin": 2}


def test_three_options_evpi_and_evppi():
    # Σ p max = .4·9 + .4·8 + .1·6 + .1·6 = 3.6 + 3.2 + .6 + .6 = 8.0; max E = 6.9 → EVPI = 1.1
    assert evpi(S3, P3) == pytest.approx(1.1)
    # u = a: (a,x), (a,y): P 3.6 + 0 = 3.6, Q 2.4 + .6 = 3.0, R 2 + .5 = 2.5 → 3.6
    # u = b: (b,x), (b,y): P 3.2 + .1 = 3.3, Q 2.8 + .3 = 3.1, R 2 + .6 = 2.6 → 3.3;  6.9 − 6.9 = 0
    assert evppi(S3, P3, CODES3[:, 0]) == pytest.approx(0.0, abs=1e-12)
    # v = x: P 3.6 + 3.2 = 6.8, Q 2.4 + 2.8 = 5.2, R 2 + 2 = 4 → 6.8
    # v = y: P 0 + .1 = .1, Q .6 + .3 = .9, R .5 + .6 = 1.1 → 1.1;  6.8 + 1.1 − 6.9 = 1.0
    assert evppi(S3, P3, CODES3[:, 1]) == pytest.approx(1.0)


def test_one_future_has_no_value_of_information_and_no_regret_for_the_best():
    s, p = np.array([[3.0, 5.0, 4.0]]), np.array([1.0])
    assert evpi(s, p) == 0.0
    assert evppi(s, p, np.array([0])) == 0.0
    np.testing.assert_array_equal(regret(s), [[2, 0, 1]])
    np.testing.assert_array_equal(summary(s, p)["p_best"], [0, 1, 0])


# ---- identities, for random problems -------------------------------------------------------------
@st.composite
def problems(draw):
    """(scores (F, m), p (F,), codes (F, U)) for a full factorial of 1–3 uncertainties of 2–3 outcomes."""
    sizes = draw(st.lists(st.integers(2, 3), min_size=1, max_size=3))
    codes = np.array(list(itertools.product(*(range(s) for s in sizes))))
    m = draw(st.integers(1, 4))
    scores = draw(arrays(float, (len(codes), m), elements=st.floats(-100, 100)))
    raw = draw(arrays(float, len(codes), elements=st.floats(0, 1)).filter(lambda w: w.sum() > 0.01))
    return scores, raw / raw.sum(), codes


@settings(max_examples=200, deadline=None)
@given(problems())
def test_evpi_bounds_every_evppi_which_is_never_negative(problem):
    scores, p, codes = problem
    total = evpi(scores, p)
    for k in range(codes.shape[1]):
        partial = evppi(scores, p, codes[:, k])
        assert 0.0 <= partial <= total + 1e-9 * max(1.0, np.abs(scores).max())


@settings(max_examples=200, deadline=None)
@given(problems())
def test_evpi_is_the_expected_regret_of_the_expected_score_choice(problem):
    scores, p, _ = problem
    chosen = choices(scores, p)["expected_score"]
    expected_regret = summary(scores, p)["expected_regret"][chosen]
    assert evpi(scores, p) == pytest.approx(expected_regret, abs=1e-9 * max(1.0, np.abs(scores).max()))


@settings(max_examples=100, deadline=None)
@given(problems())
def test_p_best_is_a_distribution_and_regret_is_never_negative(problem):
    scores, p, _ = problem
    st_ = summary(scores, p)
    assert st_["p_best"].sum() == pytest.approx(1.0)
    assert (regret(scores) >= 0).all()


# ---- the result object and its JSON ---------------------------------------------------------------
UNCERTAINTIES3 = {"u": {"a": 0.5, "b": 0.5}, "v": {"x": 0.8, "y": 0.2}}
OPTIONS3 = {"P": "Option P", "Q": "Option Q", "R": "Option R"}


def result3(order=slice(None)):
    return futures_result(
        S3[order], P3[order], CODES3[order], UNCERTAINTIES3, OPTIONS3, "additive", {"c": 1.0}
    )


def test_to_dict_has_exactly_the_design_keys_and_is_plain_json():
    d = result3().to_dict()
    assert json.loads(json.dumps(d)) == d
    assert list(d) == [
        "method",
        "weights",
        "uncertainties",
        "futures",
        "options",
        "choices",
        "evpi",
        "evppi",
        "breaks",
    ]
    assert d["uncertainties"] == UNCERTAINTIES3
    assert set(d["futures"][0]) == {"outcomes", "probability", "scores", "best", "regret"}
    assert d["futures"][0] == {
        "outcomes": {"u": "a", "v": "x"},
        "probability": 0.4,
        "scores": {"P": 9.0, "Q": 6.0, "R": 5.0},
        "best": "P",
        "regret": {"P": 0.0, "Q": 3.0, "R": 4.0},
    }
    assert [o["id"] for o in d["options"]] == ["P", "Q", "R"]
    assert set(d["options"][1]) == {
        "id",
        "label",
        "expected_score",
        "expected_regret",
        "max_regret",
        "worst_score",
        "p_best",
    }
    assert d["choices"] == {"expected_score": "P", "minimax_regret": "Q", "maximin": "R"}
    assert d["evpi"] == pytest.approx(1.1)
    assert d["evppi"] == pytest.approx({"u": 0.0, "v": 1.0})
    assert d["breaks"]["P"] == [{"when": {"v": ["y"]}, "coverage": 1.0, "density": 1.0}]


def test_futures_are_listed_most_probable_first_whatever_the_input_order():
    shuffled = result3(order=[2, 0, 3, 1]).to_dict()
    assert [f["probability"] for f in shuffled["futures"]] == [0.4, 0.4, 0.1, 0.1]
    assert [f["outcomes"] for f in shuffled["futures"]][:2] == [{"u": "a", "v": "x"}, {"u": "b", "v": "x"}]


def test_to_frame_is_futures_by_options_indexed_by_outcomes():
    frame = result3().to_frame()
    assert frame.shape == (4, 3) and list(frame.columns) == ["P", "Q", "R"]
    assert frame.index.names == ["u", "v"]
    assert frame.loc[("b", "y"), "R"] == 6.0


def test_no_uncertainties_is_one_future_with_plain_scores():
    d = futures_result(
        np.array([[0.2, 0.7]]), np.array([1.0]), np.zeros((1, 0)), {}, {"A": "A", "B": "B"}, "topsis", {}
    ).to_dict()
    [future] = d["futures"]
    assert (future["outcomes"], future["probability"], future["best"]) == ({}, 1.0, "B")
    assert future["scores"] == {"A": 0.2, "B": 0.7}
    assert future["regret"] == pytest.approx({"A": 0.5, "B": 0.0})
    assert (d["evpi"], d["evppi"]) == (0.0, {})
    assert d["breaks"] == {"A": [{"when": {}, "coverage": 1.0, "density": 1.0}], "B": []}
