"""Score distributions: each one's sampler and inverse CDF side by side, the only implementation.

A score with a range is uncertain; `distribution` names how its value spreads over
[low, high]. Every analysis draws or inverts through this module: the Monte Carlo
(`sample_scores`), Sobol' and quasi-Monte Carlo (`score_ppf`).

Per cell (mode = the score's value, low/high its range, s_low/s_high the criterion's scale):
- fixed: the value;
- uniform: U(low, high);
- triangular: min low, mode value, max high;
- pert: low + (high − low)·Beta(α, β), α = 1 + 4(value − low)/(high − low),
  β = 1 + 4(high − value)/(high − low) (λ = 4; mean (low + 4 value + high)/6; Vose, *Risk
  Analysis*, 3rd ed., 2008, §III.9);
- normal: mean value, sd (high − low)/3.92 (the range read as a central 95 % interval),
  truncated to the scale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import numpy as np

DISTRIBUTIONS = ("fixed", "uniform", "triangular", "pert", "normal")
NORMAL_RANGE_Z = 3.92  # a score's range is read as a central 95 % interval: 2 × 1.96 sd

Cells = np.ndarray  # (k,) per-cell parameters of one distribution kind


# ---- where the random numbers come from ------------------------------------------------------
class Draws(NamedTuple):
    """How uniform, exponential, gamma and beta numbers are made from a Generator. `NUMPY`: its own
    methods. The compiled Monte Carlo kernel passes copies that make the same numbers faster
    (`montecarlo.draws_numba`), so the choice changes speed, never the numbers.

    uniforms(rng, shape) → `rng.random(shape)`;
    exponentials(rng, shape) → `rng.standard_exponential(shape)`;
    gammas(rng, shapes (k,), out (k, size)): out[j] = `rng.standard_gamma(shapes[j])` draws;
    betas(rng, a (k,), b (k,), out (k, size)): out[c] = `rng.beta(a[c], b[c])` draws."""

    uniforms: Callable[[np.random.Generator, tuple[int, ...]], np.ndarray]
    exponentials: Callable[[np.random.Generator, tuple[int, ...]], np.ndarray]
    gammas: Callable[[np.random.Generator, np.ndarray, np.ndarray], None]
    betas: Callable[[np.random.Generator, np.ndarray, np.ndarray, np.ndarray], None]


def numpy_uniforms(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return rng.random(shape)


def numpy_exponentials(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return rng.standard_exponential(shape)


def numpy_gammas(rng: np.random.Generator, shapes: np.ndarray, out: np.ndarray) -> None:
    # One row at a time: numpy's scalar-shape path is ~2.5× faster than broadcasting shapes.
    for j, a in enumerate(shapes):
        rng.standard_gamma(float(a), out=out[j])


def numpy_betas(rng: np.random.Generator, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    # One row at a time: numpy's beta is ~20 % faster with scalar shapes than broadcasting.
    for c in range(len(a)):
        out[c] = rng.beta(a[c], b[c], size=out.shape[1])


NUMPY = Draws(numpy_uniforms, numpy_exponentials, numpy_gammas, numpy_betas)


@dataclass(frozen=True)
class Distribution:
    """One distribution kind over k cells: `draw(rng, rows, *cells, draws=NUMPY) → (rows, k)`,
    `ppf(u (…, k), *cells) → (…, k)` and `cdf(x (…, k), *cells) → (…, k)`,
    cells = (mode, low, high, s_low, s_high), each (k,)."""

    draw: Callable[..., np.ndarray]
    ppf: Callable[..., np.ndarray]
    cdf: Callable[..., np.ndarray]


# ---- uniform --------------------------------------------------------------------------------
def _uniform_ppf(
    u: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells
) -> np.ndarray:
    x: np.ndarray = low + u * (high - low)
    return x


def _uniform_draw(rng: np.random.Generator, rows: int, *cells: Cells, draws: Draws = NUMPY) -> np.ndarray:
    return _uniform_ppf(draws.uniforms(rng, (rows, cells[1].size)), *cells)


# ---- triangular -----------------------------------------------------------------------------
def _triangular_ppf(
    u: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells
) -> np.ndarray:
    """F⁻¹(u) = low + w·√(c·u) below the mode, low + w·(1 − √((1 − c)(1 − u))) above it, with
    w = high − low and c = (mode − low)/w."""
    width = high - low
    c = (mode - low) / width
    x = np.where(u < c, np.sqrt(c * u), 1.0 - np.sqrt((1.0 - c) * (1.0 - u)))
    out: np.ndarray = low + width * x
    return out


def _triangular_draw(rng: np.random.Generator, rows: int, *cells: Cells, draws: Draws = NUMPY) -> np.ndarray:
    return _triangular_ppf(draws.uniforms(rng, (rows, cells[1].size)), *cells)


# ---- PERT -----------------------------------------------------------------------------------
def _pert_shape(mode: Cells, low: Cells, high: Cells) -> tuple[Cells, Cells, Cells]:
    width = high - low
    return width, 1.0 + 4.0 * (mode - low) / width, 1.0 + 4.0 * (high - mode) / width


def _pert_ppf(u: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells) -> np.ndarray:
    from scipy import special  # imported on use: scipy costs ~0.3 s, `scenarios rank` needs none

    width, alpha, beta = _pert_shape(mode, low, high)
    x: np.ndarray = low + width * special.betaincinv(alpha, beta, u)
    return x


def _pert_draw(
    rng: np.random.Generator,
    rows: int,
    mode: Cells,
    low: Cells,
    high: Cells,
    s_low: Cells,
    s_high: Cells,
    draws: Draws = NUMPY,
) -> np.ndarray:
    width, alpha, beta = _pert_shape(mode, low, high)
    out = np.empty((low.size, rows))
    draws.betas(rng, alpha, beta, out)
    x: np.ndarray = low + width * out.T
    return x


# ---- truncated normal -----------------------------------------------------------------------
def truncated_normal_ppf(
    u: np.ndarray, mean: np.ndarray, sd: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """u (…, k) in [0, 1] → quantiles of Normal(mean, sd) truncated to [lower, upper]; all (k,).

    z = Φ⁻¹(Φ(a) + u·(Φ(b) − Φ(a))), a, b the standardized bounds (Devroye 1986, §II.2).
    Columns lying right of centre are mirrored so Φ is evaluated where it is small (no
    cancellation near 1), and intervals far in the left tail (b < −5) work in log space,
    log p = log Φ(b) + log(u + (1 − u)·Φ(a)/Φ(b)), z = `ndtri_exp(log p)`, so Φ never
    underflows. Infinite bounds are allowed; sd must be > 0.
    """
    from scipy import special

    mean, sd, lower, upper = (np.asarray(x, dtype=float) for x in (mean, sd, lower, upper))
    a = (lower - mean) / sd
    b = (upper - mean) / sd
    mirror = a + b > 0
    lo = np.where(mirror, -b, a)
    hi = np.where(mirror, -a, b)
    u = np.where(mirror, 1.0 - np.asarray(u, dtype=float), u)  # X = −Y: F_X⁻¹(u) = −F_Y⁻¹(1 − u)
    z = np.empty(np.shape(u))
    tail = hi < -5.0
    near = ~tail
    if near.any():
        p_lo, p_hi = special.ndtr(lo[near]), special.ndtr(hi[near])
        z[..., near] = special.ndtri(p_lo + u[..., near] * (p_hi - p_lo))
    if tail.any():
        log_hi = special.log_ndtr(hi[tail])
        ratio = np.exp(special.log_ndtr(lo[tail]) - log_hi)
        uu = u[..., tail]
        with np.errstate(divide="ignore"):
            z[..., tail] = special.ndtri_exp(log_hi + np.log(uu + (1.0 - uu) * ratio))
    z[..., mirror] *= -1.0
    z *= sd
    z += mean
    return np.clip(z, lower, upper, out=z)


def truncated_normal(
    rng: np.random.Generator,
    size: int,
    mean: np.ndarray,
    sd: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> np.ndarray:
    """(size, k) draws of Normal(mean, sd) truncated to [lower, upper] by the inverse CDF."""
    return truncated_normal_ppf(rng.random((size, np.asarray(mean).size)), mean, sd, lower, upper)


def _normal_ppf(
    u: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells
) -> np.ndarray:
    return truncated_normal_ppf(u, mode, (high - low) / NORMAL_RANGE_Z, s_low, s_high)


def _normal_draw(rng: np.random.Generator, rows: int, *cells: Cells, draws: Draws = NUMPY) -> np.ndarray:
    return _normal_ppf(draws.uniforms(rng, (rows, cells[1].size)), *cells)


# ---- CDFs: (…, k) scores and (k,) cell parameters → (…, k) probabilities P(X ≤ x) ----------
def _unit(x: np.ndarray, low: Cells, high: Cells) -> np.ndarray:
    return cast(np.ndarray, np.clip((np.asarray(x, dtype=float) - low) / (high - low), 0.0, 1.0))


def _uniform_cdf(
    x: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells
) -> np.ndarray:
    return _unit(x, low, high)


def _triangular_cdf(
    x: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells
) -> np.ndarray:
    """F = z²/c below the mode, 1 − (1 − z)²/(1 − c) above it (z, c scaled to [0, 1])."""
    z, c = _unit(x, low, high), (mode - low) / (high - low)
    # each branch is computed everywhere and kept only on its side of the mode: z²/c for a
    # peak c near 0 overflows on the other side, where it is discarded
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        below = np.where(c > 0, z * z / np.where(c > 0, c, 1.0), 1.0)
        above = np.where(c < 1, 1.0 - (1.0 - z) ** 2 / np.where(c < 1, 1.0 - c, 1.0), 1.0)
    return np.where(z <= c, below, above)


def _pert_cdf(x: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells) -> np.ndarray:
    from scipy import special

    _, alpha, beta = _pert_shape(mode, low, high)
    return cast(np.ndarray, special.betainc(alpha, beta, _unit(x, low, high)))


def _normal_cdf(
    x: np.ndarray, mode: Cells, low: Cells, high: Cells, s_low: Cells, s_high: Cells
) -> np.ndarray:
    from scipy import special

    sd = (high - low) / NORMAL_RANGE_Z
    a, b = special.ndtr((s_low - mode) / sd), special.ndtr((s_high - mode) / sd)
    z = np.clip(np.asarray(x, dtype=float), s_low, s_high)
    return cast(np.ndarray, np.clip((special.ndtr((z - mode) / sd) - a) / (b - a), 0.0, 1.0))


KINDS: dict[str, Distribution] = {
    "uniform": Distribution(_uniform_draw, _uniform_ppf, _uniform_cdf),
    "triangular": Distribution(_triangular_draw, _triangular_ppf, _triangular_cdf),
    "pert": Distribution(_pert_draw, _pert_ppf, _pert_cdf),
    "normal": Distribution(_normal_draw, _normal_ppf, _normal_cdf),
}


# ---- every cell of a score matrix at once -----------------------------------------------------
# Kinds whose inverse CDF is plain arithmetic (no special functions): a unit draws all their
# cells as one block of uniforms, which the compiled kernel (`montecarlo.kernel`) can turn into
# scores itself with bit-identical results. The other kinds are drawn here, after that block.
INVERSE_KINDS = ("uniform", "triangular")


@dataclass(frozen=True)
class _Groups:
    """The (m, n) cells grouped by distribution kind: flat indices and their parameters.

    inverse: the cells of INVERSE_KINDS, in flat-index order, with `inverse_kind` (k,) their
    index in INVERSE_KINDS and `inverse_cells` their (mode, low, high).
    """

    m: int
    n: int
    mode: np.ndarray  # (m·n,) point values, used for the cells held fixed
    constant: np.ndarray  # (m·n,) bool: fixed, or low == high
    inverse: np.ndarray  # (k,) flat indices
    inverse_kind: np.ndarray  # (k,) int8
    inverse_cells: tuple[Cells, Cells, Cells]
    groups: tuple[tuple[str, np.ndarray, tuple[Cells, ...]], ...]  # every random cell, by kind

    @property
    def drawn(self) -> tuple[tuple[str, np.ndarray, tuple[Cells, ...]], ...]:
        """The groups of kinds not in INVERSE_KINDS: drawn by their own samplers."""
        return tuple(grp for grp in self.groups if grp[0] not in INVERSE_KINDS)

    @property
    def hard(self) -> np.ndarray:
        """Flat indices of the random cells drawn by their own sampler, in draw order."""
        return np.concatenate([idx for _, idx, _ in self.drawn] or [np.zeros(0, dtype=np.intp)])


def score_groups(
    value: Any, low: Any, high: Any, distribution: Any, scale_low: Any, scale_high: Any
) -> _Groups:
    """Group the (m, n) cells by how they are drawn (see `_Groups`); arguments as in
    `sample_scores`."""
    value = np.asarray(value, dtype=float)
    if value.ndim != 2:
        raise ValueError(f"value must be an (m, n) array, got shape {value.shape}")
    m, n = value.shape
    low = np.broadcast_to(np.asarray(low, dtype=float), (m, n)).ravel()
    high = np.broadcast_to(np.asarray(high, dtype=float), (m, n)).ravel()
    kind = np.broadcast_to(np.asarray(distribution, dtype=str), (m, n)).ravel()
    s_low = np.broadcast_to(np.asarray(scale_low, dtype=float), (m, n)).ravel()
    s_high = np.broadcast_to(np.asarray(scale_high, dtype=float), (m, n)).ravel()
    mode = value.ravel()
    unknown = sorted(set(kind.tolist()) - set(DISTRIBUTIONS))
    if unknown:
        raise ValueError(f"unknown score distribution(s) {unknown}; expected {DISTRIBUTIONS}")
    constant = (kind == "fixed") | (low == high)
    inverse = np.flatnonzero(np.isin(kind, INVERSE_KINDS) & ~constant)
    inverse_kind = np.array([INVERSE_KINDS.index(k) for k in kind[inverse]], dtype=np.int8)
    groups = []
    for name in DISTRIBUTIONS[1:]:
        idx = np.flatnonzero((kind == name) & ~constant)
        if idx.size:
            groups.append((name, idx, (mode[idx], low[idx], high[idx], s_low[idx], s_high[idx])))
    cells = (mode[inverse], low[inverse], high[inverse])
    return _Groups(m, n, mode, constant, inverse, inverse_kind, cells, tuple(groups))


def draw_score_inputs(
    rng: np.random.Generator,
    size: int,
    g: _Groups,
    draws: Draws = NUMPY,
) -> tuple[np.ndarray, np.ndarray]:
    """What `size` draws of the random cells are made from, cell-major: (k, size) uniforms for
    `g.inverse`, then (h, size) drawn scores for `g.hard` (each other kind in DISTRIBUTIONS
    order). The draws depend only on the groups and the generator state."""
    u = draws.uniforms(rng, (g.inverse.size, size))
    hard = np.empty((g.hard.size, size))
    col = 0
    for name, idx, cells in g.drawn:
        hard[col : col + idx.size] = KINDS[name].draw(rng, size, *cells, draws=draws).T
        col += idx.size
    return u, hard


def inverse_scores(u: np.ndarray, g: _Groups) -> np.ndarray:
    """(…, k) uniforms of `g.inverse` → (…, k) scores through each cell's inverse CDF."""
    mode, low, high = g.inverse_cells
    out = np.empty(np.shape(u))
    for i, name in enumerate(INVERSE_KINDS):
        cols = np.flatnonzero(g.inverse_kind == i)
        if cols.size == len(g.inverse_kind):  # one kind: no gather
            return KINDS[name].ppf(u, mode, low, high, low, high)
        if cols.size:
            cells = (mode[cols], low[cols], high[cols])
            out[..., cols] = KINDS[name].ppf(u[..., cols], *cells, cells[1], cells[2])
    return out


def sample_scores(
    rng: np.random.Generator,
    size: int,
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    distribution: np.ndarray,
    scale_low: np.ndarray,
    scale_high: np.ndarray,
) -> np.ndarray:
    """(size, m, n) raw scores on each criterion's scale.

    value/low/high: (m, n) floats with low <= value <= high; distribution: (m, n) array of str
    from DISTRIBUTIONS; scale_low/high: (n,). Uniform and triangular cells come from one block
    of uniforms through their inverse CDFs, the others from their own samplers
    (`draw_score_inputs`).
    """
    g = score_groups(value, low, high, distribution, scale_low, scale_high)
    return scores_from_inputs(g, *draw_score_inputs(rng, size, g))


def scores_from_inputs(g: _Groups, u: np.ndarray, hard: np.ndarray) -> np.ndarray:
    """The (size, m, n) raw scores made from `draw_score_inputs`' (uniforms, drawn scores)."""
    size = u.shape[1]
    out = np.empty((size, g.m * g.n))
    out[:, g.constant] = g.mode[g.constant]
    out[:, g.inverse] = inverse_scores(u.T, g)
    out[:, g.hard] = hard.T
    return out.reshape(size, g.m, g.n)


def score_ppf(
    u: np.ndarray,
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    distribution: np.ndarray,
    scale_low: np.ndarray,
    scale_high: np.ndarray,
) -> np.ndarray:
    """u (…, m, n) uniforms in [0, 1] → (…, m, n) raw scores, each cell by its inverse CDF.

    Cells held fixed ignore their u. Parameters as in `sample_scores`.
    """
    g = score_groups(value, low, high, distribution, scale_low, scale_high)
    return _per_cell(g, u, "ppf", lambda flat: np.broadcast_to(g.mode, flat.shape))


def score_cdf(
    x: np.ndarray,
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    distribution: np.ndarray,
    scale_low: np.ndarray,
    scale_high: np.ndarray,
) -> np.ndarray:
    """x (…, m, n) → (…, m, n) P(score ≤ x) for each cell; a fixed cell is a step at its value."""
    g = score_groups(value, low, high, distribution, scale_low, scale_high)
    return _per_cell(g, x, "cdf", lambda flat: np.where(flat >= g.mode, 1.0, 0.0))


def _per_cell(g: _Groups, x: np.ndarray, how: str, fixed: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """x (…, m, n) → (…, m, n): each random cell through its distribution's `how` ("ppf" or
    "cdf"), the cells held fixed through `fixed`."""
    x = np.asarray(x, dtype=float)
    lead = x.shape[:-2]
    flat = np.broadcast_to(x, (*lead, g.m, g.n)).reshape(-1, g.m * g.n)
    out = np.array(fixed(flat), dtype=float)
    for name, idx, cells in g.groups:
        out[:, idx] = getattr(KINDS[name], how)(flat[:, idx], *cells)
    return out.reshape(*lead, g.m, g.n)
