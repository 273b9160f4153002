"""Red lines: which scores cross them, and demotion that keeps the method's order."""

import numpy as np
import pytest

from scenarios.methods import crossed, demote, ranks, topsis, vikor


def test_higher_is_better_crosses_strictly_below_the_line():
    hit = crossed([[4.0], [5.0], [6.0]], [5.0], ["higher"])
    np.testing.assert_array_equal(hit[:, 0], [True, False, False])


def test_lower_is_better_crosses_strictly_above_the_line():
    hit = crossed([[8.0], [7.0], [6.0]], [7.0], ["lower"])
    np.testing.assert_array_equal(hit[:, 0], [True, False, False])


def test_nan_means_no_red_line():
    hit = crossed([[0.0, 10.0], [10.0, 0.0]], [np.nan, np.nan], ["higher", "lower"])
    assert not hit.any()


def test_crossed_is_per_criterion_and_vectorized():
    matrix = np.array([[[2.0, 9.0], [6.0, 3.0]], [[6.0, 3.0], [2.0, 9.0]]])  # 2 draws × 2 options
    hit = crossed(matrix, [5.0, 7.0], ["higher", "lower"])
    np.testing.assert_array_equal(hit, [[[True, True], [False, False]], [[False, False], [True, True]]])


def test_red_line_must_have_one_entry_per_criterion():
    with pytest.raises(ValueError, match="red_line"):
        crossed([[1.0, 2.0]], [1.0], ["higher", "higher"])


def test_crossing_options_rank_below_all_others_and_keep_their_order():
    scores = np.array([0.9, 0.8, 0.7, 0.6])
    keys = demote(scores, np.array([True, False, True, False]))
    np.testing.assert_array_equal(keys, [3, 1, 4, 2])


def test_ties_survive_demotion():
    np.testing.assert_array_equal(
        demote(np.array([0.5, 0.5, 0.5]), np.array([False, True, False])), [1, 3, 1]
    )
    np.testing.assert_array_equal(demote(np.array([0.5, 0.5, 0.1]), np.array([True, True, False])), [2, 2, 1])


def test_lower_is_better_demotion_for_vikor_q():
    keys = demote(
        np.array([0.0, 0.2, 1.0, 0.5]), np.array([True, False, False, True]), higher_is_better=False
    )
    np.testing.assert_array_equal(keys, [3, 1, 2, 4])


def test_every_option_crossing_is_plain_method_order():
    scores = np.array([0.2, 0.9, 0.4])
    np.testing.assert_array_equal(demote(scores, np.ones(3, bool)), ranks(scores))


def test_keys_are_their_own_ranks():
    rng = np.random.default_rng(12)
    scores = rng.integers(0, 4, (500, 5)) / 3.0
    hit = rng.random((500, 5)) < 0.3
    keys = demote(scores, hit)
    np.testing.assert_array_equal(ranks(keys, higher_is_better=False), keys)
    # Every crossing option ranks below every clean one, in each draw.
    worst_clean = np.where(hit, 0, keys).max(axis=-1)
    best_crossed = np.where(hit, keys, 99).min(axis=-1)
    assert np.all(best_crossed > worst_clean)


def test_end_to_end_with_topsis_and_vikor():
    matrix = np.array([[7.0, 2.0], [5.0, 5.0], [2.0, 8.0]])
    better = ["higher", "lower"]
    hit_any = crossed(matrix, [np.nan, 6.0], better).any(axis=-1)  # option 3 costs too much
    closeness = topsis(matrix, [0.5, 0.5], better).scores
    np.testing.assert_array_equal(demote(closeness, hit_any)[2], 3)
    q = vikor(matrix, [0.5, 0.5], better).scores
    np.testing.assert_array_equal(demote(q, hit_any, higher_is_better=False)[2], 3)
