"""Properties every method should have, checked with hypothesis on small integer-valued matrices.

Integer scores keep near-ties out of the way, and weights are scaled by powers of two, which is
exact in floating point, so a rank change could only come from the method itself.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.methods import METHODS, ranks

PARAMS = {"promethee_ii": {"preference": "linear", "q": 0.5, "p": 3.0}}


@st.composite
def problems(draw, low=0, high=10):
    """(matrix (m, n), weights (n,) summing to 1, better (n,)) with integer scores in [low, high]."""
    m = draw(st.integers(2, 5))
    n = draw(st.integers(1, 4))
    matrix = np.array(
        draw(st.lists(st.lists(st.integers(low, high), min_size=n, max_size=n), min_size=m, max_size=m))
    )
    raw = np.array(draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)), dtype=float)
    better = draw(st.lists(st.sampled_from(["higher", "lower"]), min_size=n, max_size=n))
    return matrix.astype(float), raw / raw.sum(), better


def method_ranks(name, matrix, weights, better):
    method = METHODS[name]
    values = matrix / 10.0 if method.uses_values else matrix  # additive takes 0–1 values
    if method.uses_values:
        values = np.where(np.array(better) == "higher", values, 1.0 - values)
    result = method.function(values, weights, better, **PARAMS.get(name, {}))
    assert not np.isnan(result.scores).any()
    return ranks(result.scores, higher_is_better=method.higher_is_better)


def check_all(check):
    for name in METHODS:
        check(name)


@settings(max_examples=60, deadline=None)
@given(problems(low=1), st.sampled_from([0.25, 0.5, 2.0, 4.0]))
def test_ranks_invariant_to_scaling_all_weights(problem, factor):
    """True of all five: additive and PROMETHEE scores scale by the factor, WPM's are raised to
    its power (monotone), TOPSIS's distances scale together and VIKOR's S and R are rescaled."""
    matrix, weights, better = problem

    def check(name):
        np.testing.assert_array_equal(
            method_ranks(name, matrix, weights * factor, better), method_ranks(name, matrix, weights, better)
        )

    check_all(check)


@settings(max_examples=60, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_ranks_are_equivariant_to_permuting_options(problem, rnd):
    matrix, weights, better = problem
    order = list(range(matrix.shape[0]))
    rnd.shuffle(order)

    def check(name):
        np.testing.assert_array_equal(
            method_ranks(name, matrix[order], weights, better),
            method_ranks(name, matrix, weights, better)[order],
        )

    check_all(check)


@settings(max_examples=80, deadline=None)
@given(problems(low=1), st.data())
def test_dominated_option_never_ranks_above_its_dominator(problem, data):
    """Holds for all five methods, VIKOR included: a weakly better option has every normalized
    regret no larger, so S, R and Q are no larger (see vikor.py). Scores ≥ 1 keep WPM's zero
    conventions out of this test (they are tested on their own)."""
    matrix, weights, better = problem
    m, n = matrix.shape
    a, b = data.draw(st.lists(st.integers(0, m - 1), min_size=2, max_size=2, unique=True))
    worsen = np.array(data.draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)))
    higher = np.array(better) == "higher"
    matrix[b] = np.where(higher, np.maximum(matrix[a] - worsen, 1), np.minimum(matrix[a] + worsen, 10))

    def check(name):
        order = method_ranks(name, matrix, weights, better)
        assert order[a] <= order[b], name

    check_all(check)


@settings(max_examples=80, deadline=None)
@given(problems(low=0), st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_no_method_returns_nan_even_with_zero_weights_and_zero_scores(problem, raw):
    matrix, _, better = problem
    n = matrix.shape[1]
    weights = np.array(raw[:n], dtype=float)
    weights = weights / weights.sum() if weights.sum() > 0 else np.full(n, 1.0 / n)
    check_all(lambda name: method_ranks(name, matrix, weights, better))
