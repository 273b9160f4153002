"""Published decision matrices shared by several test modules (sources cited at each)."""

import numpy as np

# Chakraborty, Zavadskas & Antucheviciene (2015), "Applications of WASPAS method as a
# multi-criteria decision-making tool", Economic Computation and Economic Cybernetics Studies and
# Research 49(1):5–22, Example 2 (10 alternatives × 4 criteria; PC, FS, MN cost, P benefit), with
# the paper's linear normalization r = min/x (cost), x/max (benefit). Transcribed from
# scikit-criteria's test suite (tests/agg/test_simple.py, test_WASPAS_chakraborty2015applications).
CHAKRABORTY_EX2 = np.array(
    [
        [581818, 54.49, 3, 5500],
        [595454, 49.73, 3, 4500],
        [586060, 51.24, 3, 5000],
        [522727, 45.71, 3, 5800],
        [561818, 52.66, 3, 5200],
        [543030, 74.46, 4, 5600],
        [522727, 75.42, 4, 5800],
        [486970, 62.62, 4, 5600],
        [509394, 65.87, 4, 6400],
        [513333, 70.67, 4, 6000],
    ]
)
CHAKRABORTY_EX2_BETTER = ("lower", "lower", "lower", "higher")
CHAKRABORTY_EX2_WEIGHTS = np.array([0.467, 0.160, 0.095, 0.278])


def linear_normalization(matrix: np.ndarray, better) -> np.ndarray:
    """Chakraborty et al. (2015)'s linear normalization: x/max for benefit, min/x for cost criteria."""
    benefit = np.array([b == "higher" for b in better])
    return np.where(benefit, matrix / matrix.max(axis=0), matrix.min(axis=0) / matrix)


# Chakraborty et al. (2015), the 8 × 7 example as transcribed in pymcdm's test suite
# (tests/test_methods.py, TestWASPAS): 5 benefit criteria, 2 cost criteria, WASPAS with
# λ = 0.5 on the linear-normalized matrix.
CHAKRABORTY_EX1 = np.array(
    [
        [30, 23, 5, 0.745, 0.745, 1500, 5000],
        [18, 13, 15, 0.745, 0.745, 1300, 6000],
        [15, 12, 10, 0.500, 0.500, 950, 7000],
        [25, 20, 13, 0.745, 0.745, 1200, 4000],
        [14, 18, 14, 0.255, 0.745, 950, 3500],
        [17, 15, 9, 0.745, 0.500, 1250, 5250],
        [23, 18, 20, 0.500, 0.745, 1100, 3000],
        [16, 8, 14, 0.255, 0.500, 1500, 3000],
    ]
)
CHAKRABORTY_EX1_BETTER = ("higher",) * 5 + ("lower",) * 2
CHAKRABORTY_EX1_WEIGHTS = np.array([0.1181, 0.1181, 0.0445, 0.1181, 0.2861, 0.2861, 0.0445])

# Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid: Methods, Examples and Python
# Implementations, Springer, chapter "VIKOR", pp. 31–55: 6 alternatives × 4 benefit criteria,
# weights (0.4, 0.3, 0.1, 0.2), v = 0.625 (as transcribed in energyinpython's
# objective_weights_mcda tests, Test_VIKOR; the same matrix serves the book's PROMETHEE chapter).
PAPATHANASIOU = np.array(
    [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
)
PAPATHANASIOU_WEIGHTS = [0.4, 0.3, 0.1, 0.2]
