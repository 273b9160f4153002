"""numpy's own random numbers, compiled: SFC64 uniforms, exponentials, gammas, betas (numba).

`Generator.standard_gamma`, `.beta`, `.standard_exponential` and `.random` make each number
through a call into the bit generator that the C compiler cannot inline (a gamma ~16 ns here,
a uniform ~2). The same algorithms with SFC64's four-word step inlined give the same numbers —
bit for bit, leaving the generator in the same state — at ~6 and ~1 ns. The algorithms are
numpy's (`numpy/random/src/distributions/distributions.c`, `sfc64/sfc64.h`): Marsaglia &
Tsang's gamma (ACM TOMS 26 (2000)) over numpy's 256-layer ziggurat normal, and its ziggurat
exponential, whose tables numba ships for its own `Generator` support.
tests/test_draws_numba.py checks them against numpy draw for draw; `agrees_with_numpy` checks
once per process that the installed numpy still makes these numbers.

Used by `montecarlo.kernel` only (imported only when numba is installed).
"""

from __future__ import annotations

import math
from typing import Any, cast

import numba
import numpy as np
from numba.np.random._constants import (
    fe_double,
    fi_double,
    ke_double,
    ki_double,
    we_double,
    wi_double,
    ziggurat_exp_r,
    ziggurat_nor_inv_r,
    ziggurat_nor_r,
)

from ..model.distributions import Draws, numpy_betas, numpy_exponentials, numpy_gammas, numpy_uniforms

_jit = numba.njit(cache=True, nogil=True, error_model="numpy")
_inline = numba.njit(cache=True, nogil=True, error_model="numpy", inline="always")

_FI, _KI, _WI = fi_double, ki_double, wi_double  # (256,) normal ziggurat: f(x), accept bound, width
_FE, _KE, _WE = fe_double, ke_double, we_double  # (256,) the exponential's
_TO_DOUBLE = 1.0 / 9007199254740992.0  # 2**-53


def gammas(rng: np.random.Generator, shapes: np.ndarray, out: np.ndarray) -> None:
    """As `distributions.numpy_gammas`: out[j] (size,) = `rng.standard_gamma(shapes[j])` draws, the
    same numbers; compiled when `rng` is SFC64 and every shape > 1 (numpy's own method else)."""
    shapes = np.asarray(shapes, dtype=float)
    if _sfc64(rng) and shapes.size and shapes.min() > 1.0:
        _advance(rng, _gammas, shapes, out)
    else:
        numpy_gammas(rng, shapes, out)


def betas(rng: np.random.Generator, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """As `distributions.numpy_betas`: out[c] (size,) = `rng.beta(a[c], b[c])` draws, the same
    numbers; compiled when `rng` is SFC64 and every shape > 1 (numpy's own method else)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if _sfc64(rng) and a.size and min(a.min(), b.min()) > 1.0:
        _advance(rng, _betas, a, b, out)
    else:
        numpy_betas(rng, a, b, out)


def uniforms(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """As `distributions.numpy_uniforms`: `rng.random(shape)`'s numbers (C order)."""
    return _filled(rng, shape, _uniforms, numpy_uniforms)


def exponentials(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """As `distributions.numpy_exponentials`: `rng.standard_exponential(shape)`'s numbers."""
    return _filled(rng, shape, _exponentials, numpy_exponentials)


def _filled(rng: np.random.Generator, shape: tuple[int, ...], fill: Any, numpy_way: Any) -> np.ndarray:
    """An array of `shape` filled in C order by the compiled `fill` (SFC64), else `numpy_way`."""
    if not _sfc64(rng):
        return cast(np.ndarray, numpy_way(rng, shape))
    out = np.empty(shape)
    _advance(rng, fill, out.reshape(-1))
    return out


def _advance(rng: np.random.Generator, fill: Any, *args: np.ndarray) -> None:
    """fill(state, *args) on a copy of rng's SFC64 state, then the advanced state back into rng."""
    full = rng.bit_generator.state
    state = np.array(full["state"]["state"], dtype=np.uint64)  # a, b, c, counter
    fill(state, *args)
    full["state"]["state"] = state
    rng.bit_generator.state = full


COMPILED = Draws(uniforms, exponentials, gammas, betas)


def agrees_with_numpy(size: int = 4096) -> bool:
    """Whether the compiled draws give this numpy's numbers for a fixed seed and leave the
    generator where numpy does: checked once per process before they are used, so a numpy
    or numba whose algorithms or tables moved falls back to numpy instead of drifting."""
    a, b = np.array([1.5, 30.0]), np.array([4.0, 1.2])
    ref, fast = (np.random.Generator(np.random.SFC64(20010601)) for _ in range(2))
    want, got = np.empty((2, size)), np.empty((2, size))
    numpy_gammas(ref, a, want)
    gammas(fast, a, got)
    same = np.array_equal(want, got)
    numpy_betas(ref, a, b, want)
    betas(fast, a, b, got)
    same &= np.array_equal(want, got)
    same &= np.array_equal(numpy_uniforms(ref, (size,)), uniforms(fast, (size,)))
    same &= np.array_equal(numpy_exponentials(ref, (size,)), exponentials(fast, (size,)))
    return bool(same and ref.bit_generator.random_raw() == fast.bit_generator.random_raw())


def _sfc64(rng: np.random.Generator) -> bool:
    return isinstance(rng.bit_generator, np.random.SFC64)


State = tuple[np.uint64, np.uint64, np.uint64, np.uint64]  # SFC64's a, b, c and counter


@_jit
def _next(s: State) -> tuple[np.uint64, State]:
    """One SFC64 step, as numpy's `sfc64_next`: (the 64 bits, the next state). The state
    travels as a tuple so the words stay in registers."""
    a, b, c, w = s
    tmp = a + b + w
    rot = (c << np.uint64(24)) | (c >> np.uint64(40))
    return tmp, (b ^ (b >> np.uint64(11)), c + (c << np.uint64(3)), rot + tmp, w + np.uint64(1))


@_jit
def _double(s: State) -> tuple[float, State]:
    """A uniform on [0, 1) from the top 53 bits, as numpy's `next_double`."""
    r, s = _next(s)
    return float(r >> np.uint64(11)) * _TO_DOUBLE, s


@_jit
def _normal(s: State) -> tuple[float, State]:
    """A standard normal, as numpy's `random_standard_normal` (ziggurat, 256 layers)."""
    while True:
        r, s = _next(s)
        idx = np.int64(r & np.uint64(0xFF))
        r >>= np.uint64(8)
        rabs = (r >> np.uint64(1)) & np.uint64(0x000FFFFFFFFFFFFF)
        x = float(rabs) * _WI[idx]
        if r & np.uint64(1):
            x = -x
        if rabs < _KI[idx]:
            return x, s  # ~99.3 % of draws
        done, x, s = _normal_edge(s, idx, x, rabs)
        if done:
            return x, s


@numba.njit(cache=True, nogil=True, error_model="numpy", inline="never")
def _normal_edge(s: State, idx: np.int64, x: float, rabs: np.uint64) -> tuple[bool, float, State]:
    """The ziggurat's rare steps, kept out of line: the tail beyond r (layer 0), else the
    wedge test of layer idx. (accepted, the normal, the state)."""
    if idx == 0:
        while True:
            u, s = _double(s)
            v, s = _double(s)
            xx = -ziggurat_nor_inv_r * math.log1p(-u)
            yy = -math.log1p(-v)
            if yy + yy > xx * xx:
                tail = ziggurat_nor_r + xx
                return True, (-tail if (rabs >> np.uint64(8)) & np.uint64(1) else tail), s
    u, s = _double(s)
    return (_FI[idx - 1] - _FI[idx]) * u + _FI[idx] < math.exp(-0.5 * x * x), x, s


@_jit
def _exponential(s: State) -> tuple[float, State]:
    """A standard exponential, as numpy's `random_standard_exponential` (ziggurat, 256 layers)."""
    while True:
        r, s = _next(s)
        r >>= np.uint64(3)
        idx = np.int64(r & np.uint64(0xFF))
        r >>= np.uint64(8)
        x = float(r) * _WE[idx]
        if r < _KE[idx]:
            return x, s  # ~98.9 % of draws
        if idx == 0:  # the tail beyond r: r plus a fresh exponential
            u, s = _double(s)
            return ziggurat_exp_r - math.log1p(-u), s
        u, s = _double(s)
        if (_FE[idx - 1] - _FE[idx]) * u + _FE[idx] < math.exp(-x):
            return x, s


@_jit
def _exponentials(state: np.ndarray, out: np.ndarray) -> None:
    """out (N,) = N standard exponentials; state (4,) uint64, advanced. (One such loop per kind,
    as `_uniforms`: a loop taking the draw as an argument is recompiled in every process, since
    numba cannot cache it.)"""
    s = (state[0], state[1], state[2], state[3])
    for i in range(out.size):
        out[i], s = _exponential(s)
    state[0], state[1], state[2], state[3] = s


@_jit
def _gamma_constants(shape: float) -> tuple[float, float]:
    """Marsaglia & Tsang's b = shape − 1/3 and c = 1/√(9b), as numpy computes them."""
    b = shape - 1.0 / 3.0
    return b, 1.0 / math.sqrt(9 * b)


@_inline
def _gamma(s: State, b: float, c: float) -> tuple[float, State]:
    """A Gamma(shape > 1) draw, as numpy's `random_standard_gamma` (Marsaglia & Tsang: a cubed
    normal, squeezed, then a log test); b, c from `_gamma_constants`."""
    while True:
        while True:
            x, s = _normal(s)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u, s = _double(s)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v, s
        if math.log(u) < 0.5 * x * x + b * (1.0 - v + math.log(v)):
            return b * v, s


@_jit
def _gammas(state: np.ndarray, shapes: np.ndarray, out: np.ndarray) -> None:
    """out[j, d] = Gamma(shapes[j] > 1) draws, row by row; state (4,) uint64, advanced."""
    s = (state[0], state[1], state[2], state[3])
    for j in range(shapes.size):
        row = out[j]
        b, c = _gamma_constants(shapes[j])
        for d in range(row.size):
            row[d], s = _gamma(s, b, c)
    state[0], state[1], state[2], state[3] = s


@_jit
def _betas(state: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out[c, d] = Beta(a[c], b[c]) draws (shapes > 1), row by row, as numpy's `random_beta`:
    Ga / (Ga + Gb) of two gammas drawn in turn; state (4,) uint64, advanced."""
    s = (state[0], state[1], state[2], state[3])
    for k in range(a.size):
        row = out[k]
        ba, ca = _gamma_constants(a[k])
        bb, cb = _gamma_constants(b[k])
        for d in range(row.size):
            ga, s = _gamma(s, ba, ca)
            gb, s = _gamma(s, bb, cb)
            row[d] = ga / (ga + gb)
    state[0], state[1], state[2], state[3] = s


@_jit
def _uniforms(state: np.ndarray, out: np.ndarray) -> None:
    """out (N,) = N uniforms on [0, 1), as numpy's `random` fills them; state (4,)."""
    s = (state[0], state[1], state[2], state[3])
    for i in range(out.size):
        out[i], s = _double(s)
    state[0], state[1], state[2], state[3] = s
