"""Weighted product model: published examples, an independent loop, and the zero-score conventions."""

import math

import numpy as np
import pytest

from scenarios.methods import additive, ranks, weighted_product

from .methods_published import (
    CHAKRABORTY_EX1,
    CHAKRABORTY_EX1_BETTER,
    CHAKRABORTY_EX1_WEIGHTS,
    CHAKRABORTY_EX2,
    CHAKRABORTY_EX2_BETTER,
    CHAKRABORTY_EX2_WEIGHTS,
    linear_normalization,
)


def test_chakraborty_2015_example_2_wpm_column():
    """Chakraborty et al. (2015), Example 2, WASPAS with λ = 0 (pure WPM, Q = Π r_ij^w_j),
    printed to 4 decimals: 0.8578 0.8144 0.8408 0.9413 0.8632 0.8241 0.8454 0.8915 0.8987 0.8697."""
    normalized = linear_normalization(CHAKRABORTY_EX2, CHAKRABORTY_EX2_BETTER)
    result = weighted_product(normalized, CHAKRABORTY_EX2_WEIGHTS, ["higher"] * 4)
    published = [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697]
    np.testing.assert_allclose(result.scores, published, atol=5e-5)


def test_chakraborty_2015_waspas_half_sum_half_product():
    """Chakraborty et al. (2015), the 8-alternative example, WASPAS Q = ½ WSM + ½ WPM printed to 4
    decimals: 0.8329 0.7884 0.6987 0.8831 0.7971 0.7036 0.8728 0.5749 (pymcdm transcription)."""
    normalized = linear_normalization(CHAKRABORTY_EX1, CHAKRABORTY_EX1_BETTER)
    wpm = weighted_product(normalized, CHAKRABORTY_EX1_WEIGHTS, ["higher"] * 7).scores
    wsm = additive(normalized, CHAKRABORTY_EX1_WEIGHTS).scores
    published = [0.8329, 0.7884, 0.6987, 0.8831, 0.7971, 0.7036, 0.8728, 0.5749]
    np.testing.assert_allclose(0.5 * wsm + 0.5 * wpm, published, atol=5e-5)


def test_raw_scores_with_directions_give_the_normalized_ratios():
    """WPM needs no normalization (Triantaphyllou 2000, ch. 2): on raw scores with x^(−w) for
    cost criteria, each option's share of the best equals that of the normalized example."""
    raw = weighted_product(CHAKRABORTY_EX2, CHAKRABORTY_EX2_WEIGHTS, CHAKRABORTY_EX2_BETTER)
    normalized = linear_normalization(CHAKRABORTY_EX2, CHAKRABORTY_EX2_BETTER)
    reference = weighted_product(normalized, CHAKRABORTY_EX2_WEIGHTS, ["higher"] * 4)
    np.testing.assert_allclose(raw.relative, reference.relative, rtol=1e-12)


def loop_wpm(matrix: np.ndarray, weights: np.ndarray, better) -> np.ndarray:
    """Independent reference: P_i = Π_j x_ij^(±w_j) with plain Python loops and math.pow."""
    m, n = matrix.shape
    out = []
    for i in range(m):
        product = 1.0
        for j in range(n):
            exponent = weights[j] if better[j] == "higher" else -weights[j]
            product *= math.pow(matrix[i, j], exponent)
        out.append(product)
    return np.array(out)


def test_matches_a_plain_loop_on_random_positive_scores():
    rng = np.random.default_rng(11)
    for _ in range(20):
        m, n = rng.integers(1, 8), rng.integers(1, 7)
        matrix = rng.uniform(0.5, 20.0, (m, n))
        weights = rng.dirichlet(np.ones(n))
        better = rng.choice(["higher", "lower"], n)
        result = weighted_product(matrix, weights, better)
        np.testing.assert_allclose(result.scores, loop_wpm(matrix, weights, better), rtol=1e-10)
        np.testing.assert_allclose(result.log_scores, np.log(result.scores), rtol=1e-10, atol=1e-12)


def test_zero_on_a_higher_criterion_vetoes():
    result = weighted_product([[0.0, 9.0], [1.0, 1.0], [0.0, 10.0]], [0.5, 0.5], ["higher", "higher"])
    assert result.scores[0] == 0.0 and result.scores[2] == 0.0
    np.testing.assert_array_equal(ranks(result.scores), [2, 1, 2])


def test_zero_on_a_lower_criterion_trumps():
    result = weighted_product([[0.0, 1.0], [5.0, 9.0], [0.0, 2.0]], [0.5, 0.5], ["lower", "higher"])
    assert np.isposinf(result.scores[0]) and np.isposinf(result.scores[2])
    np.testing.assert_array_equal(ranks(result.scores), [1, 3, 1])
    np.testing.assert_array_equal(result.relative, [1.0, 0.0, 1.0])


def test_zeros_on_both_kinds_follow_the_epsilon_limit():
    """Option 0: zeros of equal weight cancel (k = 0), so P is its product over the rest;
    option 1: the heavier zero is on a "higher" criterion (k > 0), so P → 0."""
    matrix = [[[0.0, 0.0, 4.0]], [[0.0, 0.0, 4.0]]]  # two draws of one option
    result = weighted_product(matrix, [[0.25, 0.25, 0.5], [0.3, 0.2, 0.5]], ["higher", "lower", "higher"])
    np.testing.assert_allclose(result.scores, [[2.0], [0.0]])
    assert not np.isnan(result.scores).any()


def test_zero_weight_criterion_drops_out_even_at_zero():
    result = weighted_product([[0.0, 4.0], [3.0, 9.0]], [0.0, 1.0], ["higher", "lower"])
    np.testing.assert_allclose(result.scores, [0.25, 1 / 9])


def test_all_options_vetoed_tie_with_relative_one():
    result = weighted_product([[0.0, 1.0], [0.0, 5.0]], [0.5, 0.5], ["higher", "higher"])
    np.testing.assert_array_equal(result.scores, [0.0, 0.0])
    np.testing.assert_array_equal(result.relative, [1.0, 1.0])
    np.testing.assert_array_equal(ranks(result.scores), [1, 1])


def test_negative_scores_raise():
    with pytest.raises(ValueError, match="≥ 0"):
        weighted_product([[-1.0, 2.0], [1.0, 2.0]], [0.5, 0.5], ["higher", "higher"])


def test_relative_is_the_share_of_the_best():
    result = weighted_product([[1.0, 4.0], [4.0, 4.0], [2.0, 2.0]], [0.5, 0.5], ["higher", "higher"])
    np.testing.assert_allclose(result.scores, [2.0, 4.0, 2.0])
    np.testing.assert_allclose(result.relative, [0.5, 1.0, 0.5])
