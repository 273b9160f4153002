"""PROMETHEE II: published examples, pymcdm cross-check, a loop reference, and degenerate cases."""

import numpy as np
import pytest

from scenarios.methods import PREFERENCE_FUNCTIONS, promethee_ii

from .methods_published import PAPATHANASIOU, PAPATHANASIOU_WEIGHTS


def test_zhao_peng_li_2013_usual_criterion():
    """Zhao, Peng & Li (2013), "Revised PROMETHEE II for improving efficiency in emergency
    response", Procedia Computer Science 17:181–188: 3 × 3 benefit matrix, weights (0.5, 0.3,
    0.2), usual criterion; net flows 0.1, −0.3, 0.2 (as transcribed in pymcdm's
    TestPROMETHEE_II, which also divides by m − 1)."""
    result = promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], ["higher"] * 3)
    np.testing.assert_allclose(result.scores, [0.1, -0.3, 0.2], atol=0.05)


def test_papathanasiou_ploskas_2018_promethee_chapter():
    """Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid, chapter "PROMETHEE",
    pp. 57–89: the 6 × 4 matrix of the VIKOR chapter, linear preference function with q = 1,
    p = 2 on every criterion; net flows −0.26, −0.52, −0.22, 0.36, 0.70, −0.06 (2 decimals; as
    transcribed in energyinpython's objective_weights_mcda tests, Test_PROMETHEE_II)."""
    result = promethee_ii(PAPATHANASIOU, PAPATHANASIOU_WEIGHTS, ["higher"] * 4, preference="linear", q=1, p=2)
    np.testing.assert_allclose(result.scores, [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06], atol=5e-3)


def loop_promethee(matrix, weights, better, functions, q, p, s):
    """Independent reference: Brans & Vincke's definitions written out with scalar loops."""

    def preference(name, d, qj, pj, sj):
        if d <= 0:
            return 0.0
        if name == "usual":
            return 1.0
        if name == "u-shape":
            return 1.0 if d > qj else 0.0
        if name == "v-shape":
            return min(d / pj, 1.0)
        if name == "level":
            return 1.0 if d > pj else (0.5 if d > qj else 0.0)
        if name == "linear":
            return 1.0 if d > pj else (0.0 if d <= qj else (d - qj) / (pj - qj))
        return 1.0 - np.exp(-(d**2) / (2 * sj**2))

    m, n = matrix.shape
    pi = np.zeros((m, m))
    for a in range(m):
        for b in range(m):
            for j in range(n):
                sign = 1.0 if better[j] == "higher" else -1.0
                d = sign * (matrix[a, j] - matrix[b, j])
                pi[a, b] += weights[j] * preference(functions[j], d, q[j], p[j], s[j])
    return (pi.sum(axis=1) - pi.sum(axis=0)) / max(m - 1, 1)


def test_every_preference_function_matches_a_loop_reference():
    rng = np.random.default_rng(5)
    for _ in range(30):
        m, n = int(rng.integers(1, 7)), int(rng.integers(1, 6))
        matrix = rng.integers(0, 11, (m, n)).astype(float)
        weights = rng.dirichlet(np.ones(n))
        better = list(rng.choice(["higher", "lower"], n))
        functions = list(rng.choice(list(PREFERENCE_FUNCTIONS), n))
        q = list(rng.uniform(0, 2, n))
        p = [qj + float(rng.uniform(0.5, 4)) for qj in q]
        s = list(rng.uniform(0.5, 3, n))
        result = promethee_ii(matrix, weights, better, preference=functions, q=q, p=p, s=s)
        expected = loop_promethee(matrix, weights, better, functions, q, p, s)
        np.testing.assert_allclose(result.scores, expected, rtol=1e-12, atol=1e-12)


# Our names → pymcdm's (PROMETHEE_II(preference_function, p=..., q=...)); pymcdm has no Gaussian
# and calls the linear criterion with indifference "vshape_2".
PYMCDM_NAMES = {
    "usual": "usual",
    "u-shape": "ushape",
    "v-shape": "vshape",
    "level": "level",
    "linear": "vshape_2",
}


@pytest.mark.parametrize("preference", sorted(PYMCDM_NAMES))
def test_matches_pymcdm(preference):
    """pymcdm's PROMETHEE II takes d(a, b) = g(a) − g(b) (reversed for cost criteria), sums
    π(a, ·) and π(·, a) and divides both by N − 1, as we do. Its threshold lists are consumed as
    a generator, so each call needs a fresh object."""
    pymcdm = pytest.importorskip("pymcdm")
    rng = np.random.default_rng(2025)
    for _ in range(30):
        m, n = int(rng.integers(2, 8)), int(rng.integers(2, 6))
        matrix = rng.uniform(0, 10, (m, n))
        weights = rng.dirichlet(np.ones(n))
        types = rng.choice([1, -1], n)
        q = rng.uniform(0, 2, n)
        p = q + rng.uniform(0.5, 4, n)
        uses = {
            "usual": {},
            "u-shape": {"q": q},
            "v-shape": {"p": p},
            "level": {"q": q, "p": p},
            "linear": {"q": q, "p": p},
        }[preference]
        reference = pymcdm.methods.PROMETHEE_II(
            PYMCDM_NAMES[preference], **{k: list(v) for k, v in uses.items()}
        )
        expected = reference(matrix, weights, types, validation=False)
        better = ["higher" if t == 1 else "lower" for t in types]
        got = promethee_ii(
            matrix, weights, better, preference=preference, **{k: list(v) for k, v in uses.items()}
        )
        np.testing.assert_allclose(got.scores, expected, rtol=1e-12, atol=1e-12)


def test_flows_decompose_by_criterion():
    rng = np.random.default_rng(8)
    matrix, weights = rng.uniform(0, 10, (5, 4)), rng.dirichlet(np.ones(4))
    result = promethee_ii(
        matrix, weights, ["higher", "lower", "higher", "lower"], preference="v-shape", p=3.0
    )
    np.testing.assert_allclose(result.criterion_flows @ weights, result.scores, atol=1e-14)
    np.testing.assert_allclose(result.scores.sum(), 0.0, atol=1e-14)
    np.testing.assert_array_equal(np.diagonal(result.preference), 0.0)
    assert np.all((result.scores >= -1) & (result.scores <= 1))


def test_single_option_has_zero_flows():
    result = promethee_ii([[3.0, 4.0]], [0.5, 0.5], ["higher", "lower"])
    np.testing.assert_array_equal(result.scores, [0.0])
    np.testing.assert_array_equal(result.positive, [0.0])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"preference": "v-shape"}, "needs a finite p"),
        ({"preference": "linear", "q": 2.0, "p": 1.0}, "p must exceed q"),
        ({"preference": "gaussian", "s": 0.0}, "s must be > 0"),
        ({"preference": "cubic"}, "unknown preference"),
        ({"preference": ["usual"]}, "1 or 2 names"),
        ({"preference": "u-shape", "q": [1.0, 2.0, 3.0]}, "1 or 2 values"),
    ],
)
def test_bad_thresholds_raise_instead_of_producing_nan(params, message):
    with pytest.raises(ValueError, match=message):
        promethee_ii([[1.0, 2.0], [2.0, 1.0]], [0.5, 0.5], ["higher", "higher"], **params)
