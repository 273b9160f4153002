"""Scenario discovery over futures: the fewest conditions describing where an option is not best, with
coverage and density as defined by Bryant & Lempert (2010), read in order like PRIM's covering boxes."""

from __future__ import annotations

import itertools
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scenarios.analysis import breaks as breaks_module
from scenarios.analysis.breaks import _depth, breaks


def factorial(names: dict[str, list[str]], probabilities: dict[str, list[float]] | None = None):
    """(codes (F, U), p (F,)) of every combination of outcomes."""
    codes = np.array(list(itertools.product(*(range(len(o)) for o in names.values()))))
    p = np.ones(len(codes))
    for k, u in enumerate(names):
        q = (probabilities or {}).get(u) or [1 / len(names[u])] * len(names[u])
        p = p * np.array(q)[codes[:, k]]
    return codes, p


def test_failure_on_one_outcome_or_a_pair_of_outcomes_is_described_by_exactly_those_two_rules():
    names = {"u1": ["a", "b"], "u2": ["x", "z"], "u3": ["y", "w"]}
    codes, p = factorial(names, {"u1": [0.4, 0.6], "u2": [0.3, 0.7], "u3": [0.5, 0.5]})
    fails = (codes[:, 0] == 0) | ((codes[:, 1] == 0) & (codes[:, 2] == 0))  # u1=a OR (u2=x AND u3=y)
    rules = breaks(fails, p, codes, names)
    assert [r["when"] for r in rules] == [{"u1": ["a"]}, {"u2": ["x"], "u3": ["y"]}]
    assert [r["density"] for r in rules] == [1.0, 1.0]
    # P(fail) = .4 + .6·.3·.5 = .49; the first rule catches .4, the second what is left, .09
    assert [r["coverage"] for r in rules] == pytest.approx([0.4 / 0.49, 0.09 / 0.49])
    assert sum(r["coverage"] for r in rules) == pytest.approx(1.0)


def test_best_everywhere_has_no_rules():
    codes, p = factorial({"u": ["a", "b"], "v": ["x", "y"]})
    assert breaks(np.zeros(4, bool), p, codes, {"u": ["a", "b"], "v": ["x", "y"]}) == []


def test_never_best_is_one_rule_with_no_conditions():
    codes, p = factorial({"u": ["a", "b"], "v": ["x", "y"]})
    assert breaks(np.ones(4, bool), p, codes, {"u": ["a", "b"], "v": ["x", "y"]}) == [
        {"when": {}, "coverage": 1.0, "density": 1.0}
    ]


def test_several_outcomes_of_one_uncertainty_are_one_condition():
    names = {"u": ["a", "b", "c"], "v": ["x", "y"]}
    codes, p = factorial(names)
    rules = breaks(codes[:, 0] != 2, p, codes, names)
    assert rules == [{"when": {"u": ["a", "b"]}, "coverage": 1.0, "density": 1.0}]


def test_fewest_conditions_win_over_fewest_rules():
    # fails unless u=c and v=y: "u ∈ {a,b}" or "v = x" (2 conditions, 2 rules) beats any single rule
    names = {"u": ["a", "b", "c"], "v": ["x", "y"]}
    codes, p = factorial(names)
    rules = breaks(~((codes[:, 0] == 2) & (codes[:, 1] == 1)), p, codes, names)
    assert [r["when"] for r in rules] == [{"u": ["a", "b"]}, {"v": ["x"]}]
    # u ∈ {a,b}: 4 of 6 equally likely futures; then v = x adds (c,x): 1 of the 5 not-best futures
    assert [r["coverage"] for r in rules] == pytest.approx([0.8, 0.2])


def test_three_option_example_rules_are_ordered_by_what_they_add():
    # Q of test_analysis_futures_math: not best in (a,x) .4, (b,x) .4, (b,y) .1
    names = {"u": ["a", "b"], "v": ["x", "y"]}
    codes, p = factorial(names, {"v": [0.8, 0.2]})
    fails = ~((codes[:, 0] == 0) & (codes[:, 1] == 1))
    rules = breaks(fails, p, codes, names)
    assert [r["when"] for r in rules] == [{"v": ["x"]}, {"u": ["b"]}]
    assert [r["coverage"] for r in rules] == pytest.approx([0.8 / 0.9, 0.1 / 0.9])


def test_futures_of_probability_zero_are_ignored():
    names = {"u": ["a", "b", "never"], "v": ["x", "y"]}
    codes, p = factorial(names, {"u": [0.5, 0.5, 0.0]})
    fails = (codes[:, 0] == 0) | (codes[:, 0] == 2)  # "never" fails too, but cannot happen
    assert breaks(fails, p, codes, names)[0]["when"] == {"u": ["a"]}
    assert breaks(codes[:, 0] == 2, p, codes, names) == []  # fails only where it cannot happen


def test_a_failure_needing_more_conditions_than_allowed_gets_the_best_imperfect_rule():
    # fails only when four binary uncertainties are all "a": with at most 3 conditions, the best rule is
    # u0=a ∧ u1=a ∧ u2=a: it catches the failure (coverage 1) in 1 of its 2 futures (density .5)
    names = {f"u{k}": ["a", "b"] for k in range(4)}
    codes, p = factorial(names)
    rules = breaks((codes == 0).all(axis=1), p, codes, names)
    assert rules == [{"when": {"u0": ["a"], "u1": ["a"], "u2": ["a"]}, "coverage": 1.0, "density": 0.5}]


def test_the_greedy_cover_stands_when_the_exact_search_is_cut_short(monkeypatch):
    monkeypatch.setattr(breaks_module, "MAX_NODES", 0)
    names = {"u1": ["a", "b"], "u2": ["x", "z"], "u3": ["y", "w"]}
    codes, p = factorial(names)
    fails = (codes[:, 0] == 0) | ((codes[:, 1] == 0) & (codes[:, 2] == 0))
    rules = breaks(fails, p, codes, names)
    assert all(r["density"] == 1.0 for r in rules)
    assert sum(r["coverage"] for r in rules) == pytest.approx(1.0)


def test_search_depth_drops_when_the_enumeration_would_be_too_large():
    assert _depth([6] * 6, 3**6) == 3  # 4,896 rules × 729 futures
    assert _depth([6] * 7, 3**7) == 3  # 8,358 × 2,187 = 18.3M ≤ 2·10⁷
    assert _depth([6] * 8, 3**8) == 2  # 13,152 × 6,561 = 86M; 1,056 × 6,561 = 6.9M
    assert _depth([2] * 20, 2**16) == 1


def test_larger_models_still_get_a_deterministic_answer():
    names = {f"u{k}": ["a", "b", "c"] for k in range(8)}
    codes, p = factorial(names)
    fails = (codes[:, 0] == 0) | ((codes[:, 3] != 1) & (codes[:, 5] == 2))
    first = breaks(fails, p, codes, names)
    assert first == breaks(fails, p, codes, names)
    assert [r["when"] for r in first] == [{"u0": ["a"]}, {"u3": ["a", "c"], "u5": ["c"]}]
    assert sum(r["coverage"] for r in first) == pytest.approx(1.0)


@st.composite
def small_problems(draw):
    sizes = draw(st.lists(st.integers(2, 3), min_size=1, max_size=3))
    names = {f"u{k}": [f"o{i}" for i in range(s)] for k, s in enumerate(sizes)}
    codes, _ = factorial(names)
    p = draw(arrays(float, len(codes), elements=st.floats(0.01, 1)))
    fails = draw(arrays(bool, len(codes)))
    return names, codes, p / p.sum(), fails


@settings(max_examples=150, deadline=None)
@given(small_problems())
def test_up_to_three_uncertainties_are_always_described_exactly(problem):
    # every future is a conjunction of at most 3 single-outcome conditions, so density-1 rules always
    # exist for every not-best future: the rules must catch exactly the not-best futures
    names, codes, p, fails = problem
    with patch.object(breaks_module, "MAX_RULES", 10**6):  # the cap on rules shown is not under test
        rules = breaks(fails, p, codes, names)
    if not fails.any():
        assert rules == []
        return
    caught = np.zeros(len(p), bool)
    for r in rules:
        held = np.ones(len(p), bool)
        for k, u in enumerate(names):
            if u in r["when"]:
                held &= np.isin(codes[:, k], [names[u].index(o) for o in r["when"][u]])
        caught |= held
    assert np.array_equal(caught, fails)
    assert all(r["density"] == 1.0 for r in rules)
    assert sum(r["coverage"] for r in rules) == pytest.approx(1.0)
    assert all(r["coverage"] > 0 for r in rules)


def test_an_uncertainty_with_many_outcomes_offers_complements():
    # six outcomes: conditions are "u = o" and "u ≠ o" (not all 62 subsets), so "v ≠ o0" is one condition
    names = {k: [f"o{i}" for i in range(6)] for k in ("u", "v", "w", "z")}
    codes, p = factorial(names)
    fails = (codes[:, 0] == 0) | ((codes[:, 1] != 0) & (codes[:, 2] == 1))
    rules = breaks(fails, p, codes, names)
    assert [r["when"] for r in rules] == [{"u": ["o0"]}, {"v": ["o1", "o2", "o3", "o4", "o5"], "w": ["o1"]}]
    assert [r["density"] for r in rules] == [1.0, 1.0]


def test_scattered_failures_keep_the_ten_rules_that_describe_most():
    names = {k: [f"o{i}" for i in range(8)] for k in ("u", "v", "w")}
    codes, p = factorial(names)
    fails = np.random.default_rng(7).random(len(p)) < 0.5
    rules = breaks(fails, p, codes, names)
    assert len(rules) == breaks_module.MAX_RULES
    coverages = [r["coverage"] for r in rules]
    assert coverages == sorted(coverages, reverse=True) and sum(coverages) < 1
    assert all(r["density"] == 1.0 for r in rules)
