"""Every method on a (k, m, n) batch of draws gives the same as k separate calls."""

import dataclasses

import numpy as np
import pytest

from scenarios.methods import METHODS

PARAMS = {
    "promethee_ii": {"preference": ["linear", "gaussian", "level", "v-shape"], "q": 0.5, "p": 2.0, "s": 1.5}
}
BETTER = ["higher", "lower", "higher", "lower"]


def fields(result):
    return {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}


def call(name, matrix, weights):
    return METHODS[name].function(matrix, weights, BETTER, **PARAMS.get(name, {}))


@pytest.mark.parametrize("name", list(METHODS))
def test_batch_equals_separate_calls(name):
    rng = np.random.default_rng(31)
    k, m, n = 6, 5, 4
    matrix = rng.uniform(0, 10, (k, m, n)).round(1)
    matrix[0, :, 1] = 3.0  # a constant criterion in one draw
    matrix[1] = matrix[1, 0]  # all options equal in another
    weights = rng.dirichlet(np.ones(n), size=k)
    batch = fields(call(name, matrix, weights))
    for draw in range(k):
        single = fields(call(name, matrix[draw], weights[draw]))
        for key, value in single.items():
            np.testing.assert_allclose(batch[key][draw], value, rtol=1e-13, atol=1e-15, err_msg=key)


@pytest.mark.parametrize("name", list(METHODS))
def test_weights_and_matrix_broadcast_over_draws(name):
    rng = np.random.default_rng(32)
    matrix = rng.uniform(1, 10, (5, 4))
    weights = rng.dirichlet(np.ones(4), size=3)
    shared_matrix = call(name, matrix, weights).scores  # one matrix, 3 weight draws
    shared_weights = call(name, np.stack([matrix] * 3), weights[0]).scores  # 3 matrix draws, one weight
    assert shared_matrix.shape == shared_weights.shape == (3, 5)
    for draw in range(3):
        np.testing.assert_allclose(shared_matrix[draw], call(name, matrix, weights[draw]).scores, rtol=1e-13)
        np.testing.assert_allclose(shared_weights[draw], call(name, matrix, weights[0]).scores, rtol=1e-13)


@pytest.mark.parametrize("name", list(METHODS))
def test_two_leading_sample_axes(name):
    rng = np.random.default_rng(33)
    matrix = rng.uniform(1, 10, (2, 3, 4, 4))
    weights = rng.dirichlet(np.ones(4), size=(2, 3))
    scores = call(name, matrix, weights).scores
    assert scores.shape == (2, 3, 4)
    np.testing.assert_allclose(scores[1, 2], call(name, matrix[1, 2], weights[1, 2]).scores, rtol=1e-13)
