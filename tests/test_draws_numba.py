"""The compiled copies of numpy's draws (`montecarlo.draws_numba`) give numpy's numbers.

Each is checked draw for draw against the Generator method it copies, from the same seed, and
the generator must be left in the same state, so the draws that follow in a unit agree too.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.model.distributions import NUMPY
from scenarios.montecarlo.sampling import rng_for_block

draws_numba = pytest.importorskip("scenarios.montecarlo.draws_numba")
ZIGGURAT_R = 3.6541528853610088  # numpy's normal ziggurat: draws beyond r come from its tail


def pair(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    return rng_for_block(seed, 0, 0), rng_for_block(seed, 0, 0)


def same_state(a: np.random.Generator, b: np.random.Generator) -> bool:
    return bool(np.array_equal(a.bit_generator.random_raw(4), b.bit_generator.random_raw(4)))


def test_gammas_are_numpys_draw_for_draw_through_the_ziggurat_tail():
    shapes = np.array([1.0 + 1e-9, 1.5, 3.2, 8.8, 40.0, 1e6])
    ref, fast = pair(11)
    expected = np.empty((shapes.size, 400_000))
    NUMPY.gammas(ref, shapes, expected)
    got = np.empty_like(expected)
    draws_numba.gammas(fast, shapes, got)
    np.testing.assert_array_equal(got, expected)
    assert same_state(ref, fast)
    # the normals behind the draws reached the ziggurat's tail, so that branch was compared too
    b = shapes - 1.0 / 3.0
    x = (np.cbrt(expected / b[:, None]) - 1.0) * np.sqrt(9.0 * b)[:, None]
    assert np.abs(x).max() > ZIGGURAT_R


def test_betas_are_numpys_draw_for_draw():
    a = np.array([1.0 + 1e-12, 5.0, 3.0, 1.2, 200.0])
    b = np.array([5.0, 1.0 + 1e-12, 3.0, 40.0, 1.5])
    ref, fast = pair(12)
    expected = np.empty((a.size, 100_000))
    NUMPY.betas(ref, a, b, expected)
    got = np.empty_like(expected)
    draws_numba.betas(fast, a, b, got)
    np.testing.assert_array_equal(got, expected)
    assert same_state(ref, fast)


@pytest.mark.parametrize("kind", ["uniforms", "exponentials"])
@pytest.mark.parametrize("shape", [(0, 4096), (22, 4096), (7,), (3, 5, 2)])
def test_uniforms_and_exponentials_are_numpys_in_c_order(kind, shape):
    ref, fast = pair(13)
    np.testing.assert_array_equal(getattr(draws_numba, kind)(fast, shape), getattr(NUMPY, kind)(ref, shape))
    assert same_state(ref, fast)


def test_exponentials_are_numpys_through_the_ziggurat_tail():
    ref, fast = pair(16)
    expected = NUMPY.exponentials(ref, (2_000_000,))
    np.testing.assert_array_equal(draws_numba.exponentials(fast, (2_000_000,)), expected)
    assert same_state(ref, fast)
    assert expected.max() > 7.69711747013105  # numpy's ziggurat_exp_r: the tail branch was compared


@pytest.mark.parametrize("shapes", [[0.5, 3.0], [1.0, 3.0], [3.0, 1.0]])
def test_shapes_at_or_below_one_fall_back_to_numpy(shapes):
    """numpy draws those shapes another way (exponential, Johnk, Marsaglia–Tsang's boost)."""
    shapes = np.array(shapes)
    ref, fast = pair(14)
    expected = np.empty((2, 5000))
    got = np.empty_like(expected)
    NUMPY.gammas(ref, shapes, expected)
    draws_numba.gammas(fast, shapes, got)
    np.testing.assert_array_equal(got, expected)
    NUMPY.betas(ref, shapes, shapes[::-1], expected)
    draws_numba.betas(fast, shapes, shapes[::-1], got)
    np.testing.assert_array_equal(got, expected)
    assert same_state(ref, fast)


def test_other_bit_generators_fall_back_to_numpy():
    ref, fast = np.random.default_rng(15), np.random.default_rng(15)  # PCG64
    expected, got = np.empty((1, 1000)), np.empty((1, 1000))
    NUMPY.gammas(ref, np.array([4.0]), expected)
    draws_numba.gammas(fast, np.array([4.0]), got)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(draws_numba.uniforms(fast, (3, 4)), NUMPY.uniforms(ref, (3, 4)))
    np.testing.assert_array_equal(draws_numba.exponentials(fast, (3, 4)), NUMPY.exponentials(ref, (3, 4)))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    a=st.floats(1.0, 1e4, exclude_min=True),
    b=st.floats(1.0, 1e4, exclude_min=True),
    size=st.integers(1, 3000),
)
def test_any_seed_and_shapes(seed, a, b, size):
    ref, fast = pair(seed)
    expected, got = np.empty((2, size)), np.empty((2, size))
    NUMPY.gammas(ref, np.array([a, b]), expected)
    draws_numba.gammas(fast, np.array([a, b]), got)
    np.testing.assert_array_equal(got, expected)
    NUMPY.betas(ref, np.array([a, b]), np.array([b, a]), expected)
    draws_numba.betas(fast, np.array([a, b]), np.array([b, a]), got)
    np.testing.assert_array_equal(got, expected)
    assert same_state(ref, fast)


def test_the_kernel_uses_them_only_when_they_agree_with_this_numpy(monkeypatch):
    from scenarios.montecarlo import kernel

    assert draws_numba.agrees_with_numpy()
    kernel._draws.cache_clear()
    assert kernel._draws() is draws_numba.COMPILED
    # a numpy whose gammas moved by an ulp (say, new ziggurat tables): numpy's own are used

    def moved(rng, shapes, out):
        NUMPY.gammas(rng, shapes, out)
        out *= 1 + 2**-52

    monkeypatch.setattr(draws_numba, "numpy_gammas", moved)
    kernel._draws.cache_clear()
    try:
        assert not draws_numba.agrees_with_numpy()
        assert kernel._draws() is NUMPY
    finally:
        kernel._draws.cache_clear()
