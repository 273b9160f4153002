"""Weight and score samplers: support, exact moments and exact centroids, within 4 standard errors.

Every statistical check uses a fixed seed and a tolerance of 4 Monte Carlo standard errors
computed from the sample itself (or a KS test at p > 0.001), so a wrong distribution fails
while a right one passes at that seed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scenarios.model.distributions import DISTRIBUTIONS, sample_scores, truncated_normal
from scenarios.model.weight_space import WEIGHT_MODELS, interval_feasibility
from scenarios.montecarlo import sampling
from scenarios.montecarlo.sampling import (
    dirichlet_weights,
    interval_acceptance,
    interval_weights,
    ordinal_weights,
    rng_for_block,
    sample_weights,
    uniform_weights,
)

Z = 4.0  # tolerance in standard errors


def se_of_mean(x: np.ndarray) -> np.ndarray:
    """Standard error of the column means of x: (N, …) → (…)."""
    return x.std(axis=0, ddof=1) / np.sqrt(x.shape[0])


def assert_mean_within(x: np.ndarray, expected: np.ndarray) -> None:
    gap = np.abs(x.mean(axis=0) - expected)
    assert np.all(gap <= Z * se_of_mean(x)), (x.mean(axis=0), expected, se_of_mean(x))


def assert_on_simplex(w: np.ndarray, size: int, n: int) -> None:
    assert w.shape == (size, n)
    assert np.all(np.isfinite(w))
    assert np.all(w >= 0)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)


# ---------------------------------------------------------------- exact geometry for n = 3


def clipped_triangle_centroid(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Centroid (w1, w2, w3) of {w on the 2-simplex, lower <= w <= upper}, exactly.

    In (w1, w2) coordinates the simplex is the triangle (0,0), (1,0), (0,1) and w3 = 1 − w1 − w2;
    each bound is a half-plane a·x <= b. Clip the triangle by all six (Sutherland–Hodgman),
    then take the shoelace centroid of the polygon.
    """
    half_planes = [
        (np.array([-1.0, 0.0]), -lower[0]),
        (np.array([1.0, 0.0]), upper[0]),
        (np.array([0.0, -1.0]), -lower[1]),
        (np.array([0.0, 1.0]), upper[1]),
        (np.array([1.0, 1.0]), 1.0 - lower[2]),  # w3 >= lower3
        (np.array([-1.0, -1.0]), upper[2] - 1.0),  # w3 <= upper3
    ]
    polygon = [np.array(p, float) for p in ((0, 0), (1, 0), (0, 1))]
    for a, b in half_planes:
        clipped = []
        for i, p in enumerate(polygon):
            q = polygon[(i + 1) % len(polygon)]
            p_in, q_in = a @ p <= b, a @ q <= b
            if p_in:
                clipped.append(p)
            if p_in != q_in:
                s = (b - a @ p) / (a @ (q - p))
                clipped.append(p + s * (q - p))
        polygon = clipped
    xy = np.array(polygon)
    x, y = xy[:, 0], xy[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    cx = ((x + x1) * cross).sum() / (6 * area)
    cy = ((y + y1) * cross).sum() / (6 * area)
    return np.array([cx, cy, 1 - cx - cy])


def test_clipped_triangle_centroid_of_the_whole_simplex_is_its_centre() -> None:
    np.testing.assert_allclose(clipped_triangle_centroid(np.zeros(3), np.ones(3)), [1 / 3] * 3)


# ---------------------------------------------------------------- every weight model


@st.composite
def weight_problems(draw):
    n = draw(st.integers(2, 7))
    raw = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n).filter(lambda v: sum(v) > 0.01))
    point = np.array(raw) / sum(raw)
    shrink = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    grow = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    lower = point * shrink  # the point weights always lie inside the box: it is feasible
    upper = point + (1 - point) * grow
    concentration = draw(st.floats(0.05, 500))
    return point, lower, upper, concentration


@pytest.mark.parametrize("model", WEIGHT_MODELS)
@settings(max_examples=25, deadline=None, derandomize=True)
@given(problem=weight_problems())
def test_every_weight_model_draws_nonnegative_rows_summing_to_one(model, problem) -> None:
    point, lower, upper, concentration = problem
    rng = np.random.default_rng(11)
    w = sample_weights(rng, 300, model, point, lower, upper, concentration)
    assert_on_simplex(w, 300, point.size)
    if model == "intervals":
        assert np.all(w >= lower - 1e-12) and np.all(w <= upper + 1e-12)


def test_unknown_weight_model_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown weight model"):
        sample_weights(np.random.default_rng(0), 5, "beta", np.array([0.5, 0.5]))


# ---------------------------------------------------------------- dirichlet


def test_dirichlet_mean_and_variance_match_the_dirichlet_formulas() -> None:
    point = np.array([0.4, 0.3, 0.2, 0.1])
    c = 25.0
    w = dirichlet_weights(np.random.default_rng(1), 40_000, point, c)
    assert_mean_within(w, point)
    # Var(w_i) = p_i (1 − p_i) / (c + 1); SE of a sample variance from the squared deviations
    dev2 = (w - w.mean(axis=0)) ** 2
    expected_var = point * (1 - point) / (c + 1)
    assert np.all(np.abs(dev2.mean(axis=0) - expected_var) <= Z * se_of_mean(dev2))


def test_dirichlet_keeps_zero_point_weights_exactly_zero() -> None:
    w = dirichlet_weights(np.random.default_rng(2), 1000, np.array([0.5, 0.0, 0.5]), 10.0)
    assert np.all(w[:, 1] == 0.0)
    assert_on_simplex(w, 1000, 3)


def test_dirichlet_with_tiny_shapes_still_gives_finite_rows() -> None:
    # concentration × point = 0.002: raw gammas underflow to 0, the log-space path must not
    w = dirichlet_weights(np.random.default_rng(3), 2000, np.full(5, 0.2), 0.01)
    assert_on_simplex(w, 2000, 5)


# ---------------------------------------------------------------- uniform


def test_uniform_marginal_is_beta_one_n_minus_one() -> None:
    n = 5
    w = uniform_weights(np.random.default_rng(4), 20_000, n)
    assert_mean_within(w, np.full(n, 1 / n))
    assert stats.kstest(w[:, 0], stats.beta(1, n - 1).cdf).pvalue > 0.001


# ---------------------------------------------------------------- ordinal


def test_ordinal_rows_keep_the_point_weights_order() -> None:
    point = np.array([0.1, 0.5, 0.15, 0.25])
    w = ordinal_weights(np.random.default_rng(5), 5000, point)
    order = np.argsort(-point)
    assert np.all(np.diff(w[:, order], axis=1) <= 0)


def test_ordinal_mean_is_the_centroid_of_the_ordered_triangle() -> None:
    # w1 >= w2 >= w3 on the simplex: triangle (1,0,0), (1/2,1/2,0), (1/3,1/3,1/3)
    w = ordinal_weights(np.random.default_rng(6), 30_000, np.array([0.5, 0.3, 0.2]))
    assert_mean_within(w, np.array([11, 5, 2]) / 18)


def test_ordinal_ties_are_shuffled_evenly() -> None:
    size = 20_000
    w = ordinal_weights(np.random.default_rng(7), size, np.array([0.4, 0.3, 0.3]))
    assert np.all(w[:, 0] >= np.maximum(w[:, 1], w[:, 2]))
    share = np.mean(w[:, 1] > w[:, 2])
    assert abs(share - 0.5) <= Z * np.sqrt(0.25 / size)


# ---------------------------------------------------------------- intervals


WIDE = (np.array([0.1, 0.2, 0.0]), np.array([0.6, 0.7, 0.5]))
# criterion 0 pinned to a 0.003-wide band: both substitutions accept < 2 % of simplex draws
NARROW = (np.array([0.2, 0.0, 0.0]), np.array([0.203, 0.5, 0.7]))


def test_narrow_box_is_below_the_rejection_threshold_and_wide_box_above() -> None:
    assert interval_acceptance(*NARROW) < sampling.MIN_REJECTION_ACCEPTANCE
    assert interval_acceptance(*WIDE) >= sampling.MIN_REJECTION_ACCEPTANCE


def test_interval_acceptance_matches_the_clipped_area_share() -> None:
    # w = lower + 1.0·v leaves caps 0.6 (P = 1 − 3·0.4²); the mirror w = upper − 0.8·v leaves
    # caps 0.6/0.8 = 0.75, cutting three disjoint corners of relative area 0.25² off the triangle
    assert interval_acceptance(np.zeros(3), np.full(3, 0.6)) == pytest.approx(1 - 3 * 0.25**2)


@pytest.mark.parametrize(("box", "seed"), [(WIDE, 8), (NARROW, 9)], ids=["wide", "narrow"])
def test_interval_mean_is_the_exact_centroid_of_the_clipped_triangle(box, seed) -> None:
    lower, upper = box
    w = interval_weights(np.random.default_rng(seed), 40_000, lower, upper)
    assert np.all(w >= lower) and np.all(w <= upper)
    assert_on_simplex(w, 40_000, 3)
    assert_mean_within(w, clipped_triangle_centroid(lower, upper))


def test_interval_exact_and_rejection_paths_give_the_same_marginals() -> None:
    lower = np.array([0.05, 0.1, 0.1, 0.15, 0.2])
    upper = np.array([0.2, 0.3, 0.35, 0.4, 0.45])
    a = interval_weights(np.random.default_rng(10), 20_000, lower, upper, method="rejection")
    b = interval_weights(np.random.default_rng(11), 20_000, lower, upper, method="exact")
    for w in (a, b):
        assert np.all(w >= lower) and np.all(w <= upper)
        assert_on_simplex(w, 20_000, 5)
    for j in range(5):
        assert stats.ks_2samp(a[:, j], b[:, j]).pvalue > 0.001, j


def test_interval_exact_path_handles_many_tight_equal_bounds() -> None:
    # ten criteria in [0.09, 0.11]: equal caps merge the 2^9 inclusion–exclusion terms into 5
    lower, upper = np.full(10, 0.09), np.full(10, 0.11)
    w = interval_weights(np.random.default_rng(12), 4000, lower, upper, "exact")
    assert np.all(w >= lower) and np.all(w <= upper)
    assert_on_simplex(w, 4000, 10)
    assert_mean_within(w, np.full(10, 0.1))  # exchangeable criteria: mean 1/10 each


def test_interval_single_point_regions_return_that_point() -> None:
    rng = np.random.default_rng(13)
    at_lower = interval_weights(rng, 10, np.array([0.5, 0.3, 0.2]), np.array([1.0, 1.0, 1.0]))
    np.testing.assert_allclose(at_lower, np.tile([0.5, 0.3, 0.2], (10, 1)))
    at_upper = interval_weights(rng, 10, np.zeros(3), np.array([0.2, 0.3, 0.5]))
    np.testing.assert_allclose(at_upper, np.tile([0.2, 0.3, 0.5], (10, 1)))


def test_interval_equal_bounds_pin_that_criterion() -> None:
    lower, upper = np.array([0.3, 0, 0]), np.array([0.3, 1, 1])
    w = interval_weights(np.random.default_rng(14), 1000, lower, upper)
    assert np.all(w[:, 0] == 0.3)
    assert_on_simplex(w, 1000, 3)


@pytest.mark.parametrize(
    ("lower", "upper", "reason"),
    [
        ([0.5, 0.4, 0.3], [1, 1, 1], "lower bounds sum to 1.2 > 1"),
        ([0, 0, 0], [0.3, 0.3, 0.2], "upper bounds sum to 0.8 < 1"),
        ([0, 0, 0.4], [1, 1, 0.3], "lower 0.4 above upper 0.3 for criterion index 2"),
    ],
)
def test_infeasible_interval_bounds_raise_naming_the_conflict(lower, upper, reason) -> None:
    lower, upper = np.array(lower, float), np.array(upper, float)
    assert interval_feasibility(lower, upper) == reason
    with pytest.raises(ValueError, match=reason):
        interval_weights(np.random.default_rng(0), 10, lower, upper)


def test_feasible_interval_bounds_have_no_conflict() -> None:
    assert interval_feasibility(np.array([0.1, 0.2]), np.array([0.5, 0.9])) is None


# ---------------------------------------------------------------- scores


def score_table(kind: str) -> dict:
    """A 2 × 3 table: one certain cell and five `kind` cells, some with the mode at an end."""
    value = np.array([[5.0, 2.0, 7.0], [1.0, 9.0, 4.0]])
    low = np.array([[5.0, 1.0, 3.0], [1.0, 6.0, 0.5]])
    high = np.array([[5.0, 6.0, 7.0], [4.0, 9.5, 9.0]])
    return {
        "value": value,
        "low": low,
        "high": high,
        "distribution": np.full((2, 3), kind, dtype=object),
        "scale_low": np.array([0.0, 0.0, 0.0]),
        "scale_high": np.array([10.0, 10.0, 10.0]),
    }


def exact_means(kind: str, table: dict) -> np.ndarray:
    a, m, b = table["low"], table["value"], table["high"]
    if kind == "uniform":
        return (a + b) / 2
    if kind == "triangular":
        return (a + m + b) / 3
    if kind == "pert":
        return (a + 4 * m + b) / 6
    sd = np.where(b > a, (b - a) / 3.92, 1.0)
    lo = (table["scale_low"] - m) / sd
    hi = (table["scale_high"] - m) / sd
    return np.where(b > a, stats.truncnorm(lo, hi, loc=m, scale=sd).mean(), m)


@pytest.mark.parametrize("kind", [k for k in DISTRIBUTIONS if k != "fixed"])
def test_score_means_match_each_distributions_exact_mean(kind) -> None:
    table = score_table(kind)
    x = sample_scores(np.random.default_rng(20), 40_000, **table)
    assert x.shape == (40_000, 2, 3)
    assert np.all(x[:, 0, 0] == 5.0)  # low == high: fixed whatever the distribution says
    assert_mean_within(x, exact_means(kind, table))


@pytest.mark.parametrize("kind", [k for k in DISTRIBUTIONS if k != "fixed"])
def test_scores_stay_within_their_range_or_the_scale_for_normal(kind) -> None:
    table = score_table(kind)
    x = sample_scores(np.random.default_rng(21), 20_000, **table)
    if kind == "normal":
        assert np.all(x >= 0) and np.all(x <= 10)
        assert np.any(x > table["high"]) and np.any(x < table["low"])  # a 95 % range, not 100 %
    else:
        assert np.all(x >= table["low"]) and np.all(x <= table["high"])


def test_triangular_scores_follow_the_triangular_cdf() -> None:
    table = score_table("triangular")
    x = sample_scores(np.random.default_rng(22), 20_000, **table)
    for i, j in [(0, 1), (0, 2), (1, 0), (1, 1)]:  # interior mode, mode at high, at low, at high
        a, c, b = table["low"][i, j], table["value"][i, j], table["high"][i, j]
        law = stats.triang((c - a) / (b - a), loc=a, scale=b - a)
        assert stats.kstest(x[:, i, j], law.cdf).pvalue > 0.001, (i, j)


def test_fixed_cells_are_constant() -> None:
    table = score_table("fixed")
    x = sample_scores(np.random.default_rng(23), 100, **table)
    assert np.all(x == table["value"])


def test_mixed_distributions_land_in_their_own_cells() -> None:
    table = score_table("uniform")
    kinds = [["fixed", "pert", "normal"], ["triangular", "uniform", "fixed"]]
    table["distribution"] = np.array(kinds)
    x = sample_scores(np.random.default_rng(24), 30_000, **table)
    assert np.all(x[:, 1, 2] == 4.0)
    a, m, b = table["low"], table["value"], table["high"]
    assert_mean_within(x[:, 0, 1], (a[0, 1] + 4 * m[0, 1] + b[0, 1]) / 6)
    assert_mean_within(x[:, 1, 0], (a[1, 0] + m[1, 0] + b[1, 0]) / 3)
    assert_mean_within(x[:, 1, 1], (a[1, 1] + b[1, 1]) / 2)


def test_unknown_distribution_is_refused() -> None:
    table = score_table("lognormal")
    with pytest.raises(ValueError, match="lognormal"):
        sample_scores(np.random.default_rng(0), 10, **table)


def test_truncated_normal_far_in_the_tail_matches_scipy() -> None:
    # standardized truncation [−41, −40] (and its mirror [40, 41]): Φ underflows to 0 there
    mean, sd = np.zeros(2), np.ones(2)
    lower, upper = np.array([-41.0, 40.0]), np.array([-40.0, 41.0])
    x = truncated_normal(np.random.default_rng(25), 20_000, mean, sd, lower, upper)
    assert np.all(np.isfinite(x)) and np.all(x >= lower) and np.all(x <= upper)
    exact = stats.truncnorm(lower, upper).mean()
    assert_mean_within(x, exact)


def test_same_seed_gives_identical_scores_and_weights() -> None:
    table = score_table("pert")
    table["distribution"][1] = "normal"
    one = sample_scores(np.random.default_rng(26), 500, **table)
    two = sample_scores(np.random.default_rng(26), 500, **table)
    np.testing.assert_array_equal(one, two)
    for model in WEIGHT_MODELS:
        args = (500, model, np.array([0.5, 0.3, 0.2]), np.zeros(3), np.full(3, 0.6), 20.0)
        first = sample_weights(np.random.default_rng(27), *args)
        np.testing.assert_array_equal(first, sample_weights(np.random.default_rng(27), *args))


# ---------------------------------------------------------------- block streams


def test_block_streams_are_reproducible_and_independent() -> None:
    draw = lambda stream, block: rng_for_block(2025, stream, block).random(8)  # noqa: E731
    np.testing.assert_array_equal(draw(0, 3), draw(0, 3))
    seen = [draw(s, b) for s in (0, 1) for b in (0, 1, 2)]
    seen.append(rng_for_block(2026, 0, 0).random(8))
    for i in range(len(seen)):
        for j in range(i):
            assert not np.array_equal(seen[i], seen[j])
