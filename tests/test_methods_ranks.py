"""Competition ranks: ties share the better rank, both directions, tolerance, infinities."""

import numpy as np
import pytest

from scenarios.methods import TIE_TOLERANCE, ranks


def smaa_ranks(scores: np.ndarray) -> np.ndarray:
    """The existing engine's rule (scenarios.smaa.ranks): 1 + #{k : s_k > s_i + 1e-12}."""
    beaten_by = scores[..., None, :] > scores[..., :, None] + 1e-12
    return 1 + np.count_nonzero(beaten_by, axis=-1)


def test_ties_share_the_better_rank():
    np.testing.assert_array_equal(ranks(np.array([0.5, 0.5, 0.2])), [1, 1, 3])
    np.testing.assert_array_equal(ranks(np.array([0.2, 0.9, 0.2, 0.1])), [2, 1, 2, 4])


def test_lower_is_better_for_vikor_q():
    np.testing.assert_array_equal(ranks(np.array([0.1, 0.3, 0.1]), higher_is_better=False), [1, 3, 1])
    np.testing.assert_array_equal(ranks(np.array([1.0, 0.0, 1.0]), higher_is_better=False), [2, 1, 2])


def test_rounding_noise_is_a_tie():
    assert 0.1 + 0.2 != 0.3
    np.testing.assert_array_equal(ranks(np.array([0.1 + 0.2, 0.3, 0.29])), [1, 1, 3])


def test_tolerance_is_relative_for_large_scores():
    big = 21.5e6
    np.testing.assert_array_equal(ranks(np.array([big, big * (1 + 1e-14), big - 1.0])), [1, 1, 3])


def test_infinite_scores_rank_and_tie_without_nan():
    np.testing.assert_array_equal(ranks(np.array([np.inf, 3.0, np.inf, 0.0])), [1, 3, 1, 4])
    np.testing.assert_array_equal(ranks(np.array([0.0, 0.0, 1.0])), [2, 2, 1])


def test_nan_scores_are_a_bug():
    with pytest.raises(ValueError, match="NaN"):
        ranks(np.array([0.1, np.nan]))


def test_matches_the_existing_smaa_rule_on_unit_scores():
    rng = np.random.default_rng(4)
    scores = rng.integers(0, 5, (1000, 6)) / 4.0  # many exact ties
    scores[:, 0] = scores[:, 1] + 1e-13  # ties within the tolerance
    np.testing.assert_array_equal(ranks(scores), smaa_ranks(scores))
    assert TIE_TOLERANCE == 1e-12


def test_vectorized_over_draws():
    rng = np.random.default_rng(9)
    scores = rng.random((7, 3, 5))
    batch = ranks(scores)
    assert batch.shape == (7, 3, 5) and batch.dtype == np.int64
    for index in np.ndindex(7, 3):
        np.testing.assert_array_equal(batch[index], ranks(scores[index]))


def test_no_crossings_change_nothing():
    scores = np.array([[0.3, 0.9, 0.3], [0.1, 0.2, 0.3]])
    np.testing.assert_array_equal(ranks(scores, crossed_any=np.zeros((2, 3), bool)), ranks(scores))
