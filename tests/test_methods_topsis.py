"""TOPSIS: published examples, pymcdm cross-check, and degenerate matrices."""

import numpy as np
import pytest

from scenarios.methods import ranks, topsis

# Hwang & Yoon (1981), Multiple Attribute Decision Making: Methods and Applications, Springer,
# numerical example "fighter aircraft", pp. 133–134: max speed (Mach), ferry range (NM),
# max payload (lb), acquisition cost (10^6 $, the one cost attribute), reliability,
# maneuverability; weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). Data and printed results as
# transcribed in ldss-hse/ldss-benchmark (tests of methods/topsis, "TOPSIS book, page 133") and
# mcdajs' example (comment "pp. 133-134").
AIRCRAFT = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_BETTER = ["higher", "higher", "higher", "lower", "higher", "higher"]


def test_hwang_yoon_1981_fighter_aircraft_closeness():
    """Printed C* = 0.643, 0.268, 0.613, 0.312 (A1 > A3 > A4 > A2).

    The book rounds every intermediate to 4 decimals and its normalized cost column is slightly
    off (0.5063 for 5.5/‖x‖ = 0.5069), so its C* carries up to ~4e-4 of propagated rounding on
    top of the half-digit of printing (exact A3 = 0.61354). Checked to ±0.001, ranks exactly.
    """
    result = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_BETTER)
    np.testing.assert_allclose(result.scores, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    np.testing.assert_array_equal(ranks(result.scores), [1, 4, 2, 3])


def test_hwang_yoon_1981_fighter_aircraft_ideal_points():
    """Printed A* = (.1168, .0659, .0531, .0414, .1347, .2012), A⁻ = (.0841, .0366, .0455, .0598,
    .0577, .1118). Columns other than the cost column agree to half the last digit; the book's
    cost column inherits its normalization slip (.5983 printed for 6.5/‖x‖ = .5990), so A⁻
    there is .0598 against an exact .0599: checked to 2e-4."""
    result = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_BETTER)
    ideal = np.array([0.1168, 0.0659, 0.0531, 0.0414, 0.1347, 0.2012])
    anti = np.array([0.0841, 0.0366, 0.0455, 0.0598, 0.0577, 0.1118])
    exact_columns = [0, 1, 2, 4, 5]
    np.testing.assert_allclose(result.ideal[exact_columns], ideal[exact_columns], atol=5e-5)
    np.testing.assert_allclose(result.anti_ideal[exact_columns], anti[exact_columns], atol=5e-5)
    np.testing.assert_allclose(result.ideal[3], ideal[3], atol=2e-4)
    np.testing.assert_allclose(result.anti_ideal[3], anti[3], atol=2e-4)


def test_hwang_yoon_1981_fighter_aircraft_distances():
    """Printed S* = .0545 .1197 .0580 .1009 and S⁻ = .0983 .0439 .0920 .0458; computed from the
    book's rounded weighted matrix, so they agree to 1e-4 (not to half a digit: exact S⁻_1 is
    0.09838)."""
    result = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_BETTER)
    np.testing.assert_allclose(result.d_plus, [0.0545, 0.1197, 0.0580, 0.1009], atol=1e-4)
    np.testing.assert_allclose(result.d_minus, [0.0983, 0.0439, 0.0920, 0.0458], atol=1e-4)


def test_tzeng_huang_2011_example():
    """Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications, CRC
    Press, TOPSIS example: 4 alternatives × 3 benefit criteria, weights (0.3, 0.4, 0.3),
    C = 0.5037, 0.6581, 0.7482, 0.3340 (as transcribed in scikit-criteria's
    tests/agg/test_similarity.py, test_TOPSIS_tzeng2011multiple)."""
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    result = topsis(matrix, [0.3, 0.4, 0.3], ["higher"] * 3)
    np.testing.assert_allclose(result.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)


def test_intermediates_follow_the_definitions():
    rng = np.random.default_rng(3)
    matrix, weights = rng.uniform(1, 10, (5, 4)), rng.dirichlet(np.ones(4))
    result = topsis(matrix, weights, ["higher", "lower", "higher", "lower"])
    np.testing.assert_allclose(np.sum(result.normalized**2, axis=0), 1.0)
    np.testing.assert_allclose(result.weighted, result.normalized * weights)
    np.testing.assert_allclose(
        result.ideal,
        [
            *result.weighted.max(0)[[0]],
            *result.weighted.min(0)[[1]],
            *result.weighted.max(0)[[2]],
            *result.weighted.min(0)[[3]],
        ],
    )
    np.testing.assert_allclose(result.scores, result.d_minus / (result.d_plus + result.d_minus))


def test_matches_pymcdm_with_vector_normalization():
    """pymcdm.methods.TOPSIS defaults to min-max normalization; passing vector_normalization gives
    Hwang & Yoon's r_ij. For cost criteria pymcdm uses 1 − x/‖x‖, a reflection that leaves every
    distance to the ideal and anti-ideal unchanged, so the closeness must agree exactly.
    (validation=False only silences pymcdm's warnings about dominated alternatives.)"""
    pymcdm = pytest.importorskip("pymcdm")
    reference = pymcdm.methods.TOPSIS(pymcdm.normalizations.vector_normalization)
    rng = np.random.default_rng(2025)
    for _ in range(50):
        m, n = int(rng.integers(2, 9)), int(rng.integers(2, 7))
        matrix = rng.uniform(1, 10, (m, n))
        weights = rng.dirichlet(np.ones(n))
        types = rng.choice([1, -1], n)
        better = ["higher" if t == 1 else "lower" for t in types]
        expected = reference(matrix, weights, types, validation=False)
        np.testing.assert_allclose(topsis(matrix, weights, better).scores, expected, rtol=1e-10)


def test_zero_column_counts_for_nothing():
    with_zero = topsis([[0, 3.0], [0, 5.0], [0, 4.0]], [0.5, 0.5], ["higher", "higher"])
    without = topsis([[3.0], [5.0], [4.0]], [0.5], ["higher"])
    np.testing.assert_array_equal(with_zero.normalized[:, 0], 0.0)
    np.testing.assert_allclose(with_zero.scores, without.scores)


def test_identical_options_all_get_one_half():
    result = topsis(np.tile([3.0, 7.0, 1.0], (4, 1)), [0.2, 0.3, 0.5], ["higher", "lower", "higher"])
    np.testing.assert_array_equal(result.scores, 0.5)
    np.testing.assert_array_equal(result.d_plus, 0.0)


def test_single_option_gets_one_half():
    np.testing.assert_array_equal(topsis([[4.0, 2.0]], [0.5, 0.5], ["higher", "lower"]).scores, [0.5])
