"""Every method on degenerate matrices: finite scores, ties sharing the better rank, no NaN."""

import numpy as np
import pytest

from scenarios.methods import METHODS, ranks

BETTER = ["higher", "lower", "higher"]
WEIGHTS = np.array([0.5, 0.3, 0.2])
# Scores on 0–1 (valid both as additive's values and as raw scores for the others).
BASE = np.array([[0.9, 0.2, 0.4], [0.5, 0.6, 0.8], [0.1, 0.4, 0.3], [0.7, 0.9, 0.6]])


def run(name, matrix, weights=WEIGHTS, better=BETTER):
    method = METHODS[name]
    result = method.function(np.asarray(matrix, dtype=float), weights, better)
    assert not np.isnan(result.scores).any()
    return result.scores, ranks(result.scores, higher_is_better=method.higher_is_better)


@pytest.mark.parametrize("name", list(METHODS))
def test_constant_criterion_is_finite_and_does_not_change_the_ranking(name):
    matrix = BASE.copy()
    matrix[:, 1] = 0.5
    scores, order = run(name, matrix)
    assert np.isfinite(scores).all()
    _, without = run(name, matrix[:, [0, 2]], WEIGHTS[[0, 2]], [BETTER[0], BETTER[2]])
    np.testing.assert_array_equal(order, without)


@pytest.mark.parametrize("name", list(METHODS))
def test_zero_one_column_is_finite(name):
    matrix = BASE.copy()
    matrix[:, 0] = [0.0, 1.0, 1.0, 0.0]
    scores, order = run(name, matrix)
    if name == "weighted_product":  # 0 on a "higher" criterion vetoes (documented convention)
        np.testing.assert_array_equal(scores[[0, 3]], 0.0)
    else:
        assert np.isfinite(scores).all()
    assert set(order) <= {1, 2, 3, 4}


@pytest.mark.parametrize("name", list(METHODS))
def test_single_option_is_finite_and_first(name):
    scores, order = run(name, BASE[:1])
    assert np.isfinite(scores).all()
    np.testing.assert_array_equal(order, [1])


@pytest.mark.parametrize("name", list(METHODS))
def test_all_options_equal_share_first_place(name):
    scores, order = run(name, np.tile(BASE[1], (4, 1)))
    assert np.isfinite(scores).all()
    np.testing.assert_array_equal(order, [1, 1, 1, 1])


@pytest.mark.parametrize("name", list(METHODS))
def test_dominated_option_ranks_below_its_dominator(name):
    matrix = BASE.copy()
    matrix[2] = [0.8, 0.3, 0.35]  # option 0 is better on every criterion (criterion 2 is "lower")
    _, order = run(name, matrix)
    assert order[0] < order[2]


@pytest.mark.parametrize("name", list(METHODS))
def test_zero_weight_criterion_has_no_influence(name):
    weights = np.array([0.6, 0.0, 0.4])
    scores, order = run(name, BASE, weights)
    assert np.isfinite(scores).all()
    _, without = run(name, BASE[:, [0, 2]], weights[[0, 2]], [BETTER[0], BETTER[2]])
    np.testing.assert_array_equal(order, without)


@pytest.mark.parametrize("name", list(METHODS))
def test_all_weight_on_one_criterion(name):
    scores, order = run(name, BASE, np.array([0.0, 0.0, 1.0]))
    assert np.isfinite(scores).all()
    np.testing.assert_array_equal(order, [3, 1, 4, 2])  # criterion 3 is "higher": 0.8 > 0.6 > 0.4 > 0.3
