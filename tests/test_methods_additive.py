"""Additive (weighted-sum) model: published examples, an independent loop, and its contributions."""

import numpy as np
import pytest

from scenarios.methods import additive

from .methods_published import (
    CHAKRABORTY_EX2,
    CHAKRABORTY_EX2_BETTER,
    CHAKRABORTY_EX2_WEIGHTS,
    linear_normalization,
)


def test_wikipedia_weighted_sum_example():
    """Wikipedia, "Weighted sum model", section Example (table "WSM Score"): weights 0.20, 0.15,
    0.40, 0.25; A1 = (25, 20, 15, 30) → 21.50, A2 = (10, 30, 20, 30) → 22.00,
    A3 = (30, 10, 30, 10) → 22.00."""
    matrix = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]])
    result = additive(matrix, [0.20, 0.15, 0.40, 0.25])
    np.testing.assert_allclose(result.scores, [21.50, 22.00, 22.00], atol=0.005)


def test_chakraborty_2015_example_2_wsm_column():
    """Chakraborty et al. (2015), Example 2, WASPAS with λ = 1 (pure WSM), printed to 4 decimals:
    0.8590 0.8194 0.8430 0.9420 0.8645 0.8315 0.8552 0.8983 0.9067 0.8784.

    Exact arithmetic agrees to ≤ 5.4e-5, a hair above half the last digit for A2 (0.819454 vs
    0.8194): the paper's own intermediate rounding. Checked to one unit of the last digit.
    """
    values = linear_normalization(CHAKRABORTY_EX2, CHAKRABORTY_EX2_BETTER)
    published = [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784]
    np.testing.assert_allclose(additive(values, CHAKRABORTY_EX2_WEIGHTS).scores, published, atol=1e-4)


def loop_additive(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Independent reference: V_i = Σ_j w_j v_ij with plain Python loops."""
    m, n = matrix.shape
    return np.array([sum(weights[j] * matrix[i, j] for j in range(n)) for i in range(m)])


def test_matches_a_plain_loop_on_random_values():
    rng = np.random.default_rng(7)
    for _ in range(20):
        m, n = rng.integers(1, 8), rng.integers(1, 7)
        values = rng.random((m, n))
        weights = rng.dirichlet(np.ones(n))
        np.testing.assert_allclose(
            additive(values, weights).scores, loop_additive(values, weights), rtol=1e-12
        )


def test_contributions_sum_to_the_score():
    rng = np.random.default_rng(1)
    values, weights = rng.random((50, 4, 6)), rng.dirichlet(np.ones(6), size=50)
    result = additive(values, weights)
    assert result.contributions.shape == (50, 4, 6)
    np.testing.assert_allclose(result.contributions.sum(axis=-1), result.scores, rtol=1e-12)
    np.testing.assert_allclose(result.contributions, values * weights[:, None, :])


def test_better_is_ignored_because_values_are_already_oriented():
    values = np.array([[0.2, 0.9], [0.7, 0.1]])
    plain = additive(values, [0.5, 0.5]).scores
    np.testing.assert_array_equal(additive(values, [0.5, 0.5], ["higher", "lower"]).scores, plain)


def test_mismatched_weights_raise():
    with pytest.raises(ValueError, match="weights"):
        additive(np.ones((3, 2)), [1.0])
