"""VIKOR: published examples, pymcdm cross-check, and degenerate matrices."""

import numpy as np
import pytest

from scenarios.methods import ranks, vikor

from .methods_published import PAPATHANASIOU, PAPATHANASIOU_WEIGHTS

# Opricovic & Tzeng (2007), "Extended VIKOR method in comparison with outranking methods",
# EJOR 178(2):514–529, numerical example: 6 alternatives × 8 criteria (profit, cost, energy, …), four
# weight sets W1–W4; S, R, Q printed to 3 decimals (as transcribed in scikit-criteria's
# tests/agg/test_vikor.py, test_VIKOR_opricovic2007extended).
RESERVOIRS = np.array(
    [
        [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
        [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
        [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
        [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
        [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
        [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
    ]
)
RESERVOIRS_BETTER = ["higher", "lower", "higher", "higher", "lower", "lower", "lower", "higher"]
RESERVOIR_CASES = {
    "W1": (
        [1, 1, 1, 1, 1, 1, 1, 1],
        [0.692, 0.700, 0.290, 0.423, 0.280, 0.346],
        [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
        [0.991, 1.000, 0.473, 0.670, 0.000, 0.578],
    ),
    "W2": (
        [2, 2, 2, 2, 1, 1, 1, 1],
        [0.701, 0.600, 0.386, 0.365, 0.317, 0.459],
        [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
        [1.000, 0.533, 0.552, 0.563, 0.000, 0.686],
    ),
    "W3": (
        [1, 1, 1, 1, 2, 2, 2, 2],
        [0.683, 0.800, 0.193, 0.480, 0.243, 0.232],
        [0.113, 0.167, 0.080, 0.122, 0.044, 0.083],
        [0.684, 1.000, 0.147, 0.554, 0.041, 0.191],
    ),
    "W4": (
        [1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2],
        [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
        [0.129, 0.190, 0.057, 0.139, 0.042, 0.060],
        [0.668, 1.000, 0.051, 0.588, 0.058, 0.078],
    ),
}


def test_opricovic_tzeng_2004_numerical_example():
    """Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: a comparative analysis of
    VIKOR and TOPSIS", EJOR 156(2):445–455, numerical example: risk (minimize) 1, 2, 5 and
    altitude (maximize) 3000, 3750, 4500, equal weights, v = 0.5: S = 0.5, 0.375, 0.5;
    R = 0.5, 0.25, 0.5; Q = 1, 0, 1 (A2 is the compromise). Transcribed in scikit-criteria
    (test_VIKOR_opricovic2004compromise) and pymcdm (TestVIKOR.test_output_opricovic)."""
    result = vikor([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], ["lower", "higher"])
    np.testing.assert_allclose(result.S, [0.5, 0.375, 0.5])
    np.testing.assert_allclose(result.R, [0.5, 0.25, 0.5])
    np.testing.assert_allclose(result.scores, [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(ranks(result.scores, higher_is_better=False), [2, 1, 2])


@pytest.mark.parametrize("case", sorted(RESERVOIR_CASES))
def test_opricovic_tzeng_2007_reservoir_example(case):
    """Opricovic & Tzeng (2007), weight sets W1–W4 (normalized to sum 1), v = 0.5: S, R and Q
    to the printed 3 decimals."""
    raw_weights, s, r, q = RESERVOIR_CASES[case]
    weights = np.array(raw_weights) / np.sum(raw_weights)
    result = vikor(RESERVOIRS, weights, RESERVOIRS_BETTER)
    np.testing.assert_allclose(result.S, s, atol=5e-4)
    np.testing.assert_allclose(result.R, r, atol=5e-4)
    np.testing.assert_allclose(result.scores, q, atol=5e-4)


def test_papathanasiou_ploskas_2018_vikor_chapter():
    """Papathanasiou & Ploskas (2018), chapter "VIKOR", pp. 31–55, v = 0.625:
    Q = 0.640, 1.000, 0.693, 0.271, 0.000, 0.694 (3 decimals)."""
    result = vikor(PAPATHANASIOU, PAPATHANASIOU_WEIGHTS, ["higher"] * 4, v=0.625)
    np.testing.assert_allclose(result.scores, [0.640, 1.000, 0.693, 0.271, 0.000, 0.694], atol=5e-4)
    np.testing.assert_array_equal(ranks(result.scores, higher_is_better=False), [3, 6, 4, 2, 1, 5])


def test_yang_wu_2020_example():
    """Yang & Wu (2020), "A new improvement method to avoid rank reversal in VIKOR", IEEE Access
    8:21261–21271: 5 × 4 benefit matrix, equal weights, Q = 0.5679, 0.7667, 1, 0.7493, 0
    (as transcribed in pymcdm's TestVIKOR.test_output_yang)."""
    matrix = [[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]]
    result = vikor(matrix, [0.25] * 4, ["higher"] * 4)
    np.testing.assert_allclose(result.scores, [0.5679, 0.7667, 1.0, 0.7493, 0.0], atol=5e-5)


def test_intermediates_follow_the_definitions():
    result = vikor(PAPATHANASIOU, PAPATHANASIOU_WEIGHTS, ["higher", "lower", "higher", "lower"])
    np.testing.assert_allclose(result.best, [11, 3, 7, 1])
    np.testing.assert_allclose(result.worst, [5, 10, 2, 7])
    np.testing.assert_allclose(result.S, result.gaps.sum(-1))
    np.testing.assert_allclose(result.R, result.gaps.max(-1))
    assert np.all((result.gaps >= 0) & (result.gaps <= np.array(PAPATHANASIOU_WEIGHTS) + 1e-15))


def test_matches_pymcdm():
    """pymcdm.methods.VIKOR with its default (no) normalization uses f* − f_ij and, for cost
    criteria, max − x, which is Opricovic & Tzeng's (f_ij − f*)/(f⁻ − f*): Q must agree exactly.
    pymcdm refuses constant criteria and divides by zero when S* = S⁻, so the random matrices
    are continuous (no ties)."""
    pymcdm = pytest.importorskip("pymcdm")
    rng = np.random.default_rng(2025)
    for _ in range(50):
        m, n = int(rng.integers(3, 9)), int(rng.integers(2, 7))
        matrix = rng.uniform(1, 10, (m, n))
        weights = rng.dirichlet(np.ones(n))
        types = rng.choice([1, -1], n)
        v = float(rng.uniform(0, 1))
        expected = pymcdm.methods.VIKOR(v=v)(matrix, weights, types, validation=False)
        better = ["higher" if t == 1 else "lower" for t in types]
        np.testing.assert_allclose(
            vikor(matrix, weights, better, v=v).scores, expected, rtol=1e-10, atol=1e-12
        )


def test_constant_criterion_contributes_nothing():
    matrix = np.array([[1.0, 5.0, 3.0], [2.0, 5.0, 1.0], [3.0, 5.0, 2.0]])
    with_constant = vikor(matrix, [0.3, 0.4, 0.3], ["higher"] * 3)
    without = vikor(matrix[:, [0, 2]], [0.3, 0.3], ["higher"] * 2)
    np.testing.assert_array_equal(with_constant.gaps[:, 1], 0.0)
    np.testing.assert_allclose(with_constant.scores, without.scores)


def test_equal_s_and_r_give_zero_terms():
    """Two options mirror each other: S* = S⁻ and R* = R⁻, so Q = 0 for both (shared first)."""
    result = vikor([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.5], ["higher", "higher"])
    np.testing.assert_array_equal(result.scores, [0.0, 0.0])


def test_rejects_v_outside_unit_interval():
    with pytest.raises(ValueError, match="v"):
        vikor([[1.0], [2.0]], [1.0], ["higher"], v=1.5)
