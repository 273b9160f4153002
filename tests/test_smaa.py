"""SMAA-2 accumulators against exact simplex geometry, hand-worked cases and invariants.

Definitions: Lahdelma & Salminen (2001), Operations Research 49(3):444–454; Tervonen &
Figueira (2008), J. Multi-Criteria Decision Analysis 15:1–14. Monte Carlo tolerances are
4 standard errors, SE = sqrt(p(1 − p)/N) with p the exact share.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import rankdata

from scenarios.montecarlo.smaa import ConfidenceAccumulator, SmaaAccumulator, ranks, standard_error

from .exact_simplex import exact_smaa, interval_region, ordinal_region, uniform_region

# Non-trivial 4 × 3 value matrix: options 0–2 each win somewhere; option 3 is dominated by
# option 0 on every criterion.
VALUES = np.array([[0.9, 0.2, 0.4], [0.3, 0.8, 0.5], [0.5, 0.5, 0.6], [0.6, 0.1, 0.3]])
ORDER = (0, 1, 2)  # w1 ≥ w2 ≥ w3
LOWER, UPPER = (0.1, 0.2, 0.15), (0.6, 0.5, 0.5)
BLOCK = 65_536


def uniform_simplex(rng: np.random.Generator, size: int, n: int = 3) -> np.ndarray:
    """(size, n) weights uniform on the simplex: normalized standard exponentials."""
    e = rng.standard_exponential((size, n))
    return e / e.sum(axis=1, keepdims=True)


def ordinal_draws(rng: np.random.Generator, size: int) -> np.ndarray:
    # The uniform simplex law is exchangeable, so sorting each draw and placing the largest at
    # ORDER[0] etc. is uniform on the ordinal region (the same law as rejection sampling).
    w = -np.sort(-uniform_simplex(rng, size), axis=1)
    out = np.empty_like(w)
    out[:, list(ORDER)] = w
    return out


def interval_draws(rng: np.random.Generator, size: int) -> np.ndarray:
    # Rejection: uniform simplex draws kept inside the box are uniform on the box ∩ simplex.
    w = uniform_simplex(rng, size)
    keep = np.all((w >= LOWER) & (w <= UPPER), axis=1)
    return w[keep]


SAMPLERS = {
    "uniform": (uniform_region(), lambda rng: uniform_simplex(rng, 200_000)),
    "ordinal": (ordinal_region(ORDER), lambda rng: ordinal_draws(rng, 200_000)),
    "interval": (interval_region(LOWER, UPPER), lambda rng: interval_draws(rng, 1_000_000)),
}


def accumulate(weights: np.ndarray, scores: np.ndarray, block: int = BLOCK, **kw) -> SmaaAccumulator:
    """Feed (weights, scores) to a fresh accumulator in blocks of ``block`` draws."""
    acc = SmaaAccumulator.empty(scores.shape[1], weights.shape[1], **kw)
    for start in range(0, len(weights), block):
        acc.add(weights[start : start + block], scores[start : start + block])
    return acc


def within_4se(estimate: np.ndarray, exact: np.ndarray, n: int) -> np.ndarray:
    """Elementwise |estimate − exact| ≤ 4·sqrt(p(1 − p)/n) with p the exact share."""
    return np.abs(estimate - exact) <= 4 * standard_error(exact, n) + 1e-12


# --- ranks -------------------------------------------------------------------------------


def test_ties_share_the_better_rank():
    np.testing.assert_array_equal(ranks(np.array([0.5, 0.5, 0.2])), [1, 1, 3])
    np.testing.assert_array_equal(ranks(np.array([0.2, 0.5, 0.5, 0.9])), [4, 2, 2, 1])


def test_ranks_work_along_the_last_axis_of_a_batch():
    scores = np.array([[[0.1, 0.9, 0.5]], [[0.7, 0.7, 0.7]]])  # (2, 1, 3)
    np.testing.assert_array_equal(ranks(scores), [[[3, 1, 2]], [[1, 1, 1]]])


def test_accumulator_counts_tied_leaders_as_first_and_neither_as_beating_the_other():
    acc = SmaaAccumulator.empty(3, 2)
    acc.add(np.array([[0.5, 0.5]]), np.array([[0.5, 0.5, 0.2]]))
    np.testing.assert_array_equal(acc.rank_counts, [[1, 0, 0], [1, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(acc.pairwise_counts, [[0, 0, 1], [0, 0, 1], [0, 0, 0]])
    np.testing.assert_allclose(acc.central_weights()[:2], [[0.5, 0.5], [0.5, 0.5]])
    assert np.isnan(acc.central_weights()[2]).all()


def test_rank_counts_match_an_independent_ranking():
    rng = np.random.default_rng(20)
    w = uniform_simplex(rng, 10_000, 3)
    scores = w @ VALUES.T
    acc = accumulate(w, scores, block=3_000)  # ragged last block
    r = rankdata(-scores, method="min", axis=1).astype(int)  # 1 = best, ties → better rank
    expected = np.stack([np.bincount(r[:, i] - 1, minlength=4) for i in range(4)])
    np.testing.assert_array_equal(acc.rank_counts, expected)
    np.testing.assert_array_equal(ranks(scores), r)
    first = r == 1
    for i in range(3):
        np.testing.assert_allclose(acc.central_weights()[i], w[first[:, i]].mean(axis=0), rtol=1e-12)
    expected_pw = (scores[:, :, None] > scores[:, None, :]).sum(axis=0)
    np.testing.assert_array_equal(acc.pairwise_counts, expected_pw)


# --- against exact geometry ---------------------------------------------------------------


@pytest.mark.parametrize("model", list(SAMPLERS))
def test_estimates_match_exact_areas_and_centroids(model):
    """With fixed values and 3 criteria, b(i, 1), b(i, m) and P(i beats k) are area ratios and
    the central weights are centroids of polygons on the weight simplex."""
    region, sample = SAMPLERS[model]
    rng = np.random.default_rng(2001)
    w = sample(rng)
    n = len(w)
    scores = w @ VALUES.T
    acc = accumulate(w, scores)
    exact = exact_smaa(VALUES, region)
    assert acc.draws == n

    b = acc.acceptability()
    assert within_4se(b[:, 0], exact["first"], n).all(), (b[:, 0], exact["first"])
    assert within_4se(b[:, -1], exact["last"], n).all(), (b[:, -1], exact["last"])

    pw = acc.pairwise()
    off = ~np.eye(len(VALUES), dtype=bool)
    assert np.isnan(pw[~off]).all()
    assert within_4se(pw[off], exact["pairwise"][off], n).all(), (pw, exact["pairwise"])

    cw = acc.central_weights()
    winner = scores.argmax(axis=1)  # exact ties have probability 0 here
    for i in range(len(VALUES)):
        if exact["first"][i] == 0:
            assert np.isnan(cw[i]).all()
            continue
        wins = w[winner == i]
        se = wins.std(axis=0, ddof=1) / np.sqrt(len(wins))
        assert np.all(np.abs(cw[i] - exact["central"][i]) <= 4 * se + 1e-12), (
            i,
            cw[i],
            exact["central"][i],
        )


def test_estimates_can_detect_a_wrong_answer():
    # Guard against tolerances so loose the comparison above could never fail: moving an exact
    # share by 0.01 must be caught at N = 200 000 (SE ≤ 0.0012).
    rng = np.random.default_rng(2001)
    w = uniform_simplex(rng, 200_000)
    acc = accumulate(w, w @ VALUES.T)
    exact = exact_smaa(VALUES, uniform_region())
    wrong = exact["first"][:3] + 0.01
    assert not within_4se(acc.acceptability()[:3, 0], wrong, acc.draws).any()


# --- dominance, sums, permutation -----------------------------------------------------------


def test_dominated_option_never_ranks_first_and_has_no_central_weights_or_confidence():
    rng = np.random.default_rng(3)
    w = uniform_simplex(rng, 50_000)
    acc = accumulate(w, w @ VALUES.T)
    assert acc.rank_counts[3, 0] == 0
    assert acc.pairwise_counts[3, 0] == 0 and acc.pairwise_counts[0, 3] == acc.draws
    assert np.isnan(acc.central_weights()[3]).all()
    assert np.isfinite(acc.central_weights()[:3]).all()

    conf = ConfidenceAccumulator.empty(4)
    conf.add(np.broadcast_to(VALUES, (1_000, 4, 3)), acc.central_weights())
    c = conf.confidence()
    assert np.isnan(c[3])
    # Fixed values: each winner's first-rank region is convex, so it wins at its centroid.
    np.testing.assert_array_equal(c[:3], 1.0)


@settings(max_examples=60, deadline=None)
@given(
    values=st.integers(2, 6).flatmap(
        lambda m: st.integers(2, 5).flatmap(
            lambda n: arrays(np.float64, (m, n), elements=st.floats(0, 1, allow_nan=False))
        )
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_acceptability_rows_and_columns_sum_to_one(values, seed):
    m, n = values.shape
    gaps = np.abs(values[:, None, :] - values[None, :, :]).max(axis=2)
    assume(gaps[~np.eye(m, dtype=bool)].min() > 1e-3)  # distinct options: ties have measure 0
    w = uniform_simplex(np.random.default_rng(seed), 500, n)
    acc = accumulate(w, w @ values.T)
    np.testing.assert_array_equal(acc.rank_counts.sum(axis=1), acc.draws)  # each option a rank
    np.testing.assert_array_equal(acc.rank_counts.sum(axis=0), acc.draws)  # each rank an option
    np.testing.assert_allclose(acc.acceptability().sum(axis=0), 1.0)
    np.testing.assert_allclose(acc.acceptability().sum(axis=1), 1.0)
    pw = acc.pairwise()
    off = ~np.eye(m, dtype=bool)
    np.testing.assert_allclose((pw + pw.T)[off], 1.0)


def test_permuting_options_permutes_every_output():
    rng = np.random.default_rng(5)
    w = uniform_simplex(rng, 20_000)
    scores = w @ VALUES.T
    perm = np.array([2, 0, 3, 1])
    a = accumulate(w, scores)
    b = accumulate(w, scores[:, perm])
    np.testing.assert_array_equal(b.rank_counts, a.rank_counts[perm])
    np.testing.assert_array_equal(b.pairwise_counts, a.pairwise_counts[np.ix_(perm, perm)])
    np.testing.assert_array_equal(b.score_hist, a.score_hist[perm])
    np.testing.assert_allclose(b.central_weights(), a.central_weights()[perm], rtol=1e-12)
    np.testing.assert_allclose(b.score_mean(), a.score_mean()[perm], rtol=1e-12)
    np.testing.assert_allclose(b.score_quantiles(), a.score_quantiles()[perm], rtol=1e-12)

    values = np.broadcast_to(VALUES, (2_000, 4, 3)).copy()
    values[:, :, 0] = rng.uniform(0, 1, (2_000, 4))
    ca, cb = ConfidenceAccumulator.empty(4), ConfidenceAccumulator.empty(4)
    ca.add(values, a.central_weights())
    cb.add(values[:, perm], b.central_weights())
    np.testing.assert_array_equal(cb.confidence(), ca.confidence()[perm])


# --- merging and determinism ----------------------------------------------------------------


def test_merging_halves_equals_one_pass_exactly_for_counts():
    rng = np.random.default_rng(7)
    w = uniform_simplex(rng, 30_001)
    scores = w @ VALUES.T
    whole = accumulate(w, scores)
    first, second = accumulate(w[:12_345], scores[:12_345]), accumulate(w[12_345:], scores[12_345:])
    first.merge(second)
    assert first.draws == whole.draws == 30_001
    for name in ("rank_counts", "pairwise_counts", "score_hist"):
        np.testing.assert_array_equal(getattr(first, name), getattr(whole, name), err_msg=name)
    for name in ("first_weight_sums", "score_sum", "score_sumsq"):
        np.testing.assert_allclose(getattr(first, name), getattr(whole, name), rtol=1e-12)


def test_same_blocks_in_the_same_order_give_identical_bits():
    rng = np.random.default_rng(8)
    w = uniform_simplex(rng, 20_000)
    scores = w @ VALUES.T
    a, b = accumulate(w, scores, block=4_096), accumulate(w, scores, block=4_096)
    for name in ("first_weight_sums", "score_sum", "score_sumsq"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    c = pickle.loads(pickle.dumps(a))  # accumulators travel between worker processes
    np.testing.assert_array_equal(c.first_weight_sums, a.first_weight_sums)
    assert c.draws == a.draws


def test_merging_an_empty_accumulator_changes_nothing_and_shapes_must_agree():
    rng = np.random.default_rng(9)
    w = uniform_simplex(rng, 1_000)
    acc = accumulate(w, w @ VALUES.T)
    before = acc.rank_counts.copy(), acc.first_weight_sums.copy()
    acc.merge(SmaaAccumulator.empty(4, 3))
    np.testing.assert_array_equal(acc.rank_counts, before[0])
    np.testing.assert_array_equal(acc.first_weight_sums, before[1])
    with pytest.raises(ValueError, match="merge"):
        acc.merge(SmaaAccumulator.empty(4, 3, bins=10))
    with pytest.raises(ValueError, match="merge"):
        ConfidenceAccumulator.empty(4).merge(ConfidenceAccumulator.empty(3))


def test_confidence_merge_equals_one_pass():
    rng = np.random.default_rng(10)
    values = rng.uniform(0, 1, (6_000, 3, 4))
    cw = np.array([[0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4], [np.nan] * 4])
    whole, a, b = (ConfidenceAccumulator.empty(3) for _ in range(3))
    whole.add(values, cw)
    a.add(values[:2_500], cw)
    b.add(values[2_500:], cw)
    a.merge(b)
    assert a.draws == whole.draws
    np.testing.assert_array_equal(a.first_counts, whole.first_counts)
    np.testing.assert_array_equal(a.confidence(), whole.confidence())


# --- score distribution ---------------------------------------------------------------------


@pytest.mark.parametrize("bins", [2000, 50])
def test_score_mean_and_quantiles_match_numpy_within_the_bin_width(bins):
    rng = np.random.default_rng(11)
    n = 100_000
    scores = np.column_stack(
        [rng.beta(2, 5, n), rng.beta(5, 1, n), rng.uniform(0.3, 0.4, n), rng.beta(0.5, 0.5, n)]
    )
    w = uniform_simplex(rng, n)
    acc = accumulate(w, scores, bins=bins)
    np.testing.assert_allclose(acc.score_mean(), scores.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(acc.score_std(), scores.std(axis=0), rtol=1e-9)
    qs = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    got = acc.score_quantiles(qs)
    assert got.shape == (4, len(qs))
    want = np.quantile(scores, qs, axis=0).T
    assert np.all(np.abs(got - want) <= 1 / bins + 1e-12), np.abs(got - want).max()
    assert np.all(np.diff(got, axis=1) >= 0)


def test_quantiles_interpolate_the_cdf_linearly_inside_a_bin():
    # Three draws in bin [0.5, 0.6) and one in [0.9, 1.0) of 10 bins: the CDF rises 3/4 across
    # the first bin, so the median sits 2/3 of the way through it and q = 0.9 0.6 into the last.
    acc = SmaaAccumulator.empty(1, 1, bins=10)
    acc.add(np.ones((4, 1)), np.array([[0.51], [0.52], [0.58], [0.95]]))
    got = acc.score_quantiles((0.0, 0.5, 0.75, 0.9, 1.0))[0]
    np.testing.assert_allclose(got, [0.5, 0.5 + 0.1 * 2 / 3, 0.6, 0.96, 1.0])


def test_score_one_and_rounding_slack_land_in_the_edge_bins():
    acc = SmaaAccumulator.empty(2, 1, bins=10)
    acc.add(np.ones((3, 1)), np.array([[1.0, 0.0], [1.0 + 1e-12, -1e-12], [0.55, 0.05]]))
    np.testing.assert_array_equal(acc.score_hist[0], [0, 0, 0, 0, 0, 1, 0, 0, 0, 2])
    np.testing.assert_array_equal(acc.score_hist[1], [3, 0, 0, 0, 0, 0, 0, 0, 0, 0])


def test_scores_outside_the_unit_interval_or_misshapen_input_are_rejected():
    acc = SmaaAccumulator.empty(2, 2)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        acc.add(np.full((1, 2), 0.5), np.array([[1.5, 0.2]]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        acc.add(np.full((1, 2), 0.5), np.array([[np.nan, 0.2]]))
    with pytest.raises(ValueError, match="scores must be"):
        acc.add(np.full((1, 2), 0.5), np.array([[0.1, 0.2, 0.3]]))
    with pytest.raises(ValueError, match="weights must be"):
        acc.add(np.full((2, 2), 0.5), np.array([[0.1, 0.2]]))
    assert acc.draws == 0


def test_empty_accumulators_report_nan_not_zero():
    acc = SmaaAccumulator.empty(3, 2)
    acc.add(np.empty((0, 2)), np.empty((0, 3)))
    assert acc.draws == 0
    assert np.isnan(acc.acceptability()).all()
    assert np.isnan(acc.central_weights()).all()
    assert np.isnan(acc.score_mean()).all()
    assert np.isnan(acc.score_quantiles()).all()
    assert np.isnan(ConfidenceAccumulator.empty(3).confidence()).all()


# --- confidence factor ----------------------------------------------------------------------


def test_confidence_is_one_for_a_winner_at_its_central_weights_and_zero_for_a_loser():
    # Fixed values. Under (0.9, 0.1): option 0 scores 0.74, option 1 0.33, option 2 0.10, so 0
    # is always first. Under (0.5, 0.5): option 0 scores 0.50 > option 1's 0.45, so 1 never is.
    values = np.broadcast_to(np.array([[0.8, 0.2], [0.3, 0.6], [0.1, 0.1]]), (500, 3, 2))
    cw = np.array([[0.9, 0.1], [0.5, 0.5], [np.nan, np.nan]])
    conf = ConfidenceAccumulator.empty(3)
    conf.add(values, cw)
    c = conf.confidence()
    assert c[0] == 1.0 and c[1] == 0.0 and np.isnan(c[2])
    assert conf.draws == 500


def test_confidence_treats_a_tie_at_the_central_weights_as_first():
    values = np.broadcast_to(np.array([[0.6, 0.4], [0.4, 0.6]]), (10, 2, 2))
    conf = ConfidenceAccumulator.empty(2)
    conf.add(values, np.array([[0.5, 0.5], [0.5, 0.5]]))  # both score 0.5
    np.testing.assert_array_equal(conf.confidence(), [1.0, 1.0])


def test_confidence_with_uniform_noise_matches_closed_form():
    # v0 = (U, 0.5) with U ~ U(0, 1); v1 = (0.4, 0.7) and v2 = (0.1, 0.1) fixed.
    # Under w0 = (0.6, 0.4): s0 = 0.6U + 0.2, s1 = 0.52, s2 = 0.10 → first iff U ≥ 8/15: 7/15.
    # Under w1 = (0.3, 0.7): s1 = 0.61, s0 = 0.3U + 0.35, s2 = 0.10 → first iff U ≤ 13/15: 13/15.
    n = 100_000
    rng = np.random.default_rng(12)
    values = np.broadcast_to(np.array([[0.0, 0.5], [0.4, 0.7], [0.1, 0.1]]), (n, 3, 2)).copy()
    values[:, 0, 0] = rng.uniform(0, 1, n)
    cw = np.array([[0.6, 0.4], [0.3, 0.7], [np.nan, np.nan]])
    conf = ConfidenceAccumulator.empty(3)
    for start in range(0, n, 30_000):
        conf.add(values[start : start + 30_000], cw)
    c = conf.confidence()
    exact = np.array([7 / 15, 13 / 15])
    assert within_4se(c[:2], exact, n).all(), (c, exact)
    assert np.isnan(c[2])
    np.testing.assert_allclose(conf.confidence_se()[:2], standard_error(c[:2], n))


def test_exact_central_weights_give_confidence_one_with_fixed_values():
    exact = exact_smaa(VALUES, interval_region(LOWER, UPPER))
    conf = ConfidenceAccumulator.empty(4)
    conf.add(VALUES[None], exact["central"])
    c = conf.confidence()
    np.testing.assert_array_equal(c[:3], 1.0)
    assert np.isnan(c[3])


# --- standard error -------------------------------------------------------------------------


def test_standard_error_is_binomial():
    np.testing.assert_allclose(standard_error(np.array([0.5, 0.0, 0.1]), 100), [0.05, 0.0, 0.03])
    assert np.isnan(standard_error(0.5, 0))
    assert SmaaAccumulator.se(0.5, 100) == pytest.approx(0.05)
