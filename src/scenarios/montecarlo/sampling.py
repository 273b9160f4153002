"""Weight samplers for the Monte Carlo: pure functions of an explicit Generator.

Shapes: weights `(size, n)`. Every function draws all samples at once (loops run over criteria,
never over samples), takes its randomness only from the `numpy.random.Generator` it is given,
and does no I/O. `rng_for_block` gives each fixed-size Monte Carlo block its own stream. Score
draws live beside their inverse CDFs in `model.distributions`.

Weight models (all on the simplex {w ≥ 0, Σw = 1}; SMAA usage after Tervonen & Lahdelma,
"Implementing stochastic multicriteria acceptability analysis", EJOR 178 (2007) 500–513):
`dirichlet`, `uniform`, `ordinal` and `intervals` (exactly uniform on the box ∩ simplex).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np

from ..model.distributions import NUMPY, Draws
from ..model.weight_space import TOL as _TOL
from ..model.weight_space import WEIGHT_MODELS, interval_feasibility
from ..model.weight_space import bounds as _bounds

INTERVAL_METHODS = ("auto", "rejection", "exact")

MIN_REJECTION_ACCEPTANCE = 0.02  # below this `interval_weights` leaves rejection for the exact path
_MAX_SUBSETS = 1 << 18  # inclusion–exclusion terms the exact interval path accepts
_MAX_BATCH_ROWS = 1 << 20  # rows per rejection batch
_MAX_REJECTION_ROWS = 1 << 31  # give up rejecting after this many candidate rows
_NEWTON_STEPS = 100
_CHUNK_ELEMENTS = 1 << 18  # random numbers per chunk: keeps the temporaries in cache


def rng_for_block(seed: int, stream: int, block: int) -> np.random.Generator:
    """The generator of Monte Carlo block `block` of stream `stream` under `seed`.

    Each (stream, block) pair is its own `SeedSequence` spawn key, so a block's draws do not
    depend on which worker draws it or on how blocks are grouped. The bit generator is SFC64
    (Chris Doty-Humphrey's Small Fast Counting generator; passes PractRand and TestU01's
    BigCrush): ~25 % faster uniforms than numpy's default PCG64, and ~10 % faster gammas.
    """
    return np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(stream, block))))


# --------------------------------------------------------------------------- weights


def sample_weights(
    rng: np.random.Generator,
    size: int,
    model: str,
    point: np.ndarray,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    concentration: float | None = None,
    draws: Draws = NUMPY,
) -> np.ndarray:
    """(size, n) weights, each row >= 0 summing to 1. point: (n,) point weights summing to 1.

    `model` is one of `WEIGHT_MODELS`; `lower`/`upper` (n,) are needed by "intervals" and
    `concentration` (> 0) by "dirichlet". `point` is renormalized to sum 1. `draws` makes
    the random numbers (`distributions.Draws`: which one changes speed, not the numbers).
    """
    point = _point_weights(point)
    if model == "dirichlet":
        if concentration is None:
            raise ValueError("the dirichlet weight model needs a concentration")
        return dirichlet_weights(rng, size, point, concentration, draws)
    if model == "uniform":
        return uniform_weights(rng, size, point.size, draws)
    if model == "ordinal":
        return ordinal_weights(rng, size, point, draws)
    if model == "intervals":
        if lower is None or upper is None:
            raise ValueError("the intervals weight model needs lower and upper bounds")
        return interval_weights(rng, size, lower, upper, draws=draws)
    raise ValueError(f"unknown weight model {model!r}; expected one of {', '.join(WEIGHT_MODELS)}")


def dirichlet_weights(
    rng: np.random.Generator,
    size: int,
    point: np.ndarray,
    concentration: float,
    draws: Draws = NUMPY,
) -> np.ndarray:
    """(size, n) draws from Dirichlet(concentration × point); zero point weights stay 0.

    Mean = point, Var(w_i) = p_i(1 − p_i)/(concentration + 1). Drawn as normalized gammas
    (Devroye, *Non-Uniform Random Variate Generation*, 1986, §XI.4). Shapes a < 1 use
    G_a = G_{a+1}·U^{1/a} in log space (Marsaglia & Tsang, ACM TOMS 26 (2000), §6), so tiny
    shapes cannot underflow a whole row to 0/0.
    """
    point = _point_weights(point)
    if not (math.isfinite(concentration) and concentration > 0):
        raise ValueError(f"dirichlet concentration must be positive, got {concentration}")
    alpha = concentration * point
    keep = np.flatnonzero(alpha > 0)
    a = alpha[keep]
    out = np.zeros((point.size, size))  # criterion-major: each gamma column drawn in place
    g = out[keep] if keep.size < point.size else out
    if a.min() >= 1.0:
        draws.gammas(rng, np.asarray(a), g)
    else:
        small = a < 1.0
        draws.gammas(rng, np.where(small, a + 1.0, a), g)
        np.log(g, out=g)
        with np.errstate(divide="ignore", over="ignore"):  # −inf: a weight below 1e-308
            g[small] += np.log(draws.uniforms(rng, (int(small.sum()), size))) / a[small, None]
        g -= g.max(axis=0)
        np.exp(g, out=g)
    g /= g.sum(axis=0)
    if g is not out:
        out[keep] = g
    return out.T


def uniform_weights(rng: np.random.Generator, size: int, n: int, draws: Draws = NUMPY) -> np.ndarray:
    """(size, n) weights uniform on the whole simplex: normalized standard exponentials.

    Source: Devroye 1986, §V.2.2 (spacings of uniforms ≡ normalized exponentials).
    """
    e = draws.exponentials(rng, (size, n))
    e /= e.sum(axis=1, keepdims=True)
    return e


def simplex_from_uniforms(u: np.ndarray) -> np.ndarray:
    """u (size, n) uniforms → (size, n) uniform on the simplex: −log(1 − u) (exponential inverse
    CDF) normalized (Devroye 1986, §V.2.2)."""
    e = -np.log1p(-u)
    e /= e.sum(axis=1, keepdims=True)
    return cast(np.ndarray, e)


def ordinal_weights(
    rng: np.random.Generator, size: int, point: np.ndarray, draws: Draws = NUMPY
) -> np.ndarray:
    """(size, n) weights uniform on {w on the simplex: w_i >= w_j whenever point_i > point_j}.

    Uniform simplex draws sorted descending and handed out by the point weights' rank
    (Tervonen & Lahdelma 2007, §3.2). Criteria with equal point weights are exchangeable: each
    row orders a tie group by random keys. Criteria with point weight 0 are the least important
    ones, not excluded: they share the smallest weights. Drawn through `ordinal_from_uniforms`.
    """
    point = _point_weights(point)
    return ordinal_from_uniforms(draws.uniforms(rng, (size, ordinal_dimensions(point))), point)


def ordinal_dimensions(point: np.ndarray) -> int:
    """Uniforms per ordinal draw: n for the simplex, n more for tie keys when point weights tie."""
    n = np.size(point)
    return n if np.unique(point).size == n else 2 * n


def ordinal_from_uniforms(u: np.ndarray, point: np.ndarray) -> np.ndarray:
    """u (size, `ordinal_dimensions(point)`) uniforms → (size, n) ordinal weights: columns
    0…n−1 make a uniform simplex point (`simplex_from_uniforms`), sorted; columns n…2n−1, when
    present, order each tie group."""
    point = _point_weights(point)
    n = point.size
    ranked = np.sort(simplex_from_uniforms(u[:, :n]), axis=1)[:, ::-1]
    _, group = np.unique(-point, return_inverse=True)  # 0 = largest point weight
    out = np.empty_like(ranked)
    if np.unique(group).size == n:
        out[:, np.argsort(group)] = ranked
        return out
    holder = np.argsort(group + u[:, n : 2 * n], axis=1)  # criterion holding rank r
    np.put_along_axis(out, holder, ranked, axis=1)
    return out


def interval_acceptance(lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of uniform simplex draws rejection sampling keeps for these bounds, in [0, 1].

    Exact (inclusion–exclusion, see `_capped_simplex_fraction`) in the better of the two
    substitutions `interval_weights` can use; 1.0 when the region is a single point, NaN when
    too many bounds bind to enumerate. lower, upper: (n,) weights.
    """
    plan = _interval_plan(lower, upper)
    return 1.0 if plan.caps is None else plan.acceptance


def interval_weights(
    rng: np.random.Generator,
    size: int,
    lower: np.ndarray,
    upper: np.ndarray,
    method: str = "auto",
    draws: Draws = NUMPY,
) -> np.ndarray:
    """(size, n) weights exactly uniform on {w >= 0, Σw = 1, lower <= w <= upper}.

    lower, upper: (n,) weights. Raises ValueError (reason from `interval_feasibility`) when the
    region is empty; a single-point region (Σlower = 1 or Σupper = 1) returns that point.

    Lower bounds are handled exactly by substitution, w = lower + s·v with s = 1 − Σlower and v
    uniform on the unit simplex, leaving caps v_j <= (upper_j − lower_j)/s. The mirror
    substitution w = upper − s'·v (s' = Σupper − 1) leaves caps (upper_j − lower_j)/s'; the one
    accepting more simplex draws is used (their acceptance is computed exactly). Then:

    - "rejection": draw v in batches and keep rows inside the caps; batches are sized from the
      acceptance rate observed so far.
    - "exact": sequential conditional sampling — each v_j from its exact conditional marginal,
      whose CDF is a piecewise polynomial given by the inclusion–exclusion volume of the
      capped simplex (`_capped_simplex_fraction`), inverted per sample by safeguarded Newton
      (bisection fallback) to machine precision. Exact, not a Markov chain.
    - "auto" (default): rejection when acceptance >= `MIN_REJECTION_ACCEPTANCE`, else exact.
      When more than ~2**18 inclusion–exclusion terms would be needed (many tight bounds
      among ~18+ criteria) it falls back to rejection.
    """
    if method not in INTERVAL_METHODS:
        raise ValueError(f"unknown interval method {method!r}; expected one of {INTERVAL_METHODS}")
    plan = _interval_plan(lower, upper)
    out = np.tile(plan.base, (size, 1))
    if plan.caps is None:  # a single point
        return out
    enumerable = not math.isnan(plan.acceptance)
    if method == "exact" and not enumerable:
        raise ValueError("too many binding bounds for the exact interval sampler; use rejection")
    exact = method == "exact" or (
        method == "auto" and enumerable and plan.acceptance < MIN_REJECTION_ACCEPTANCE
    )
    if exact:
        v = exact_capped_simplex(draws.uniforms(rng, (size, plan.caps.size)), plan.caps)
    else:
        v = _rejection_capped_simplex(rng, size, plan.caps, plan.acceptance, draws)
    return _place(out, plan, v, lower, upper)


def interval_weights_from_uniforms(u: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """u (size, n) uniforms → (size, n) weights uniform on {w on the simplex, lower <= w <= upper}.

    The exact sequential-conditional inversion of `interval_weights` (no rejection), so
    quasi-random points keep their structure; u's first k columns are used (k = criteria whose
    bounds leave them free). Raises ValueError when too many bounds bind to enumerate.
    """
    plan = _interval_plan(lower, upper)
    out = np.tile(plan.base, (len(u), 1))
    if plan.caps is None:
        return out
    if math.isnan(plan.acceptance):
        raise ValueError("too many binding weight bounds for exact (quasi-random) interval sampling")
    return _place(out, plan, exact_capped_simplex(u[:, : plan.caps.size], plan.caps), lower, upper)


def _place(out: np.ndarray, plan: _IntervalPlan, v: np.ndarray, lower: Any, upper: Any) -> np.ndarray:
    out[:, plan.free] += plan.direction * plan.total * v
    lo, hi = _bounds(lower, upper)
    return np.clip(out, np.maximum(lo, 0), np.minimum(hi, 1), out=out)


@dataclass(frozen=True)
class _IntervalPlan:
    """w = base, plus on the `free` criteria direction·total·v with v uniform on the unit
    simplex capped at `caps` (None: the region is the single point `base`)."""

    base: np.ndarray  # (n,)
    free: np.ndarray  # (k,) criterion indices
    direction: float  # +1: up from the lower bounds; −1: down from the upper bounds
    total: float
    caps: np.ndarray | None  # (k,) caps on v, in units of `total`
    acceptance: float  # P(uniform simplex draw within caps); NaN when not enumerable


def _interval_plan(lower: np.ndarray, upper: np.ndarray) -> _IntervalPlan:
    """The substitution `interval_weights` uses for these bounds. Cached: its inclusion–exclusion
    sums took ~270 µs, a tenth of a 4,096-draw unit's time, and every unit asks again."""
    lo, hi = (np.asarray(x, dtype=float) for x in (lower, upper))
    return _cached_interval_plan(lo.tobytes(), hi.tobytes())


@lru_cache(maxsize=16)
def _cached_interval_plan(lower_bytes: bytes, upper_bytes: bytes) -> _IntervalPlan:
    lower, upper = np.frombuffer(lower_bytes), np.frombuffer(upper_bytes)
    plan = _new_interval_plan(lower, upper)
    for a in (plan.base, plan.free, plan.caps):
        if a is not None:
            a.setflags(write=False)  # shared by every caller
    return plan


def _new_interval_plan(lower: np.ndarray, upper: np.ndarray) -> _IntervalPlan:
    reason = interval_feasibility(lower, upper)
    if reason is not None:
        raise ValueError(reason)
    lo, hi = _bounds(lower, upper)
    lo, hi = np.maximum(lo, 0.0), np.minimum(hi, 1.0)
    hi = np.maximum(hi, lo)
    fixed = hi - lo <= _TOL
    free = np.flatnonzero(~fixed)
    slack_low = 1.0 - lo.sum()
    slack_high = hi[free].sum() + lo[fixed].sum() - 1.0
    nothing = np.array([], dtype=np.intp)
    if slack_low <= _TOL:
        return _IntervalPlan(lo / lo.sum(), nothing, 1.0, 0.0, None, 1.0)
    if slack_high <= _TOL:
        point = np.where(fixed, lo, hi)
        return _IntervalPlan(point / point.sum(), nothing, 1.0, 0.0, None, 1.0)
    width = (hi - lo)[free]
    options = []
    for direction, total in ((1.0, slack_low), (-1.0, slack_high)):
        caps = width / total
        acceptance = _capped_simplex_fraction(caps)
        base = lo.copy() if direction > 0 else np.where(fixed, lo, hi)
        options.append(_IntervalPlan(base, free, direction, total, caps, acceptance))
    up, down = options
    if math.isnan(up.acceptance) or math.isnan(down.acceptance):
        assert up.caps is not None and down.caps is not None
        return up if up.caps.clip(max=1).sum() >= down.caps.clip(max=1).sum() else down
    return up if up.acceptance >= down.acceptance else down


def _capped_simplex_fraction(caps: np.ndarray) -> float:
    """P(v <= caps) for v uniform on the unit simplex in k = caps.size coordinates.

    Inclusion–exclusion over the set S of violated caps: {v_j > c_j for j in S} is a copy of
    the simplex shrunk to total 1 − c_S, of relative volume (1 − c_S)_+^(k−1), so
    P = Σ_S (−1)^|S| (1 − c_S)_+^(k−1). NaN when more than `_MAX_SUBSETS` terms are non-zero.
    """
    k = caps.size
    if k <= 1:
        return 1.0
    subsets = _subset_sums(caps[caps < 1.0], 1.0)
    if subsets is None:
        return math.nan
    sums, signs = subsets
    return float(np.clip(signs @ (1.0 - sums) ** (k - 1), 0.0, 1.0))


def _subset_sums(caps: np.ndarray, bound: float) -> tuple[np.ndarray, np.ndarray] | None:
    """(c_S, (−1)^|S|) for every subset S of `caps` with c_S < bound; None if too many.

    Built cap by cap as the expansion of Π_j (1 − x^c_j): a subset at or over the bound is
    dropped with all its supersets, and subsets with equal sums (equal caps) are merged into
    one term whose coefficient is their signed count.
    """
    signs: np.ndarray
    sums, signs = np.zeros(1), np.ones(1)
    for c in np.sort(caps):
        grown = sums + c
        keep = grown < bound
        sums, merged = np.unique(np.concatenate([sums, grown[keep]]), return_inverse=True)
        signs = np.bincount(merged, weights=np.concatenate([signs, -signs[keep]]))
        if sums.size > _MAX_SUBSETS:
            return None
    return sums, signs


def _rejection_capped_simplex(
    rng: np.random.Generator, size: int, caps: np.ndarray, acceptance: float, draws: Draws = NUMPY
) -> np.ndarray:
    """(size, k) uniform on {v on the unit simplex, v <= caps} by rejection from the simplex.

    The first batch is sized from `acceptance` (if known), later ones from the acceptance
    observed so far, each with 10 % headroom.
    """
    k = caps.size
    binding = np.flatnonzero(caps < 1.0)
    if acceptance * _MAX_REJECTION_ROWS < size:  # False for NaN: then learn the rate
        raise RuntimeError(f"interval weight bounds accept only {acceptance:.3g} of draws")
    rate = acceptance if acceptance > 0 else 1.0  # NaN: learn it from the first batch
    kept: list[np.ndarray] = [np.empty((0, k))]
    have = drawn = 0
    while have < size:
        if drawn > _MAX_REJECTION_ROWS:
            raise RuntimeError("interval weight bounds accept almost no draws")
        batch = min(_MAX_BATCH_ROWS, math.ceil(1.1 * (size - have) / rate) + 64)
        v = uniform_weights(rng, batch, k, draws)
        ok = np.all(v[:, binding] <= caps[binding], axis=1)
        kept.append(v[ok])
        have += int(ok.sum())
        drawn += batch
        rate = max(have, 1) / drawn
    return np.concatenate(kept)[:size]


def exact_capped_simplex(u: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """u (size, k) uniforms → (size, k) exactly uniform on {v >= 0, Σv = 1, v <= caps}, by
    sequential conditionals (column i of u inverts coordinate i's conditional CDF).

    With σ the mass left and R the coordinates after j (r = |R|), the density of v_j = x is
    ∝ A_R(σ − x), A_R(t) ∝ Σ_{S ⊆ R} (−1)^|S| (t − c_S)_+^(r−1) being the volume of the capped
    slice Σv_R = t; so t = σ − x has CDF ∝ B(t) = Σ_S (−1)^|S| (t − c_S)_+^r on
    [σ − min(c_j, σ), σ − max(0, σ − c_R)], inverted at a uniform. Binding caps go first,
    smallest first, so later steps enumerate fewer subsets; once none binds the rest is
    σ × a uniform simplex draw, made from the remaining columns as normalized −log(1 − u).
    """
    size, k = u.shape
    binding = np.flatnonzero(caps < 1.0)
    order = np.concatenate([binding[np.argsort(caps[binding])], np.flatnonzero(caps >= 1.0)])
    c = caps[order]
    a = binding.size
    v = np.empty((size, k))
    sigma = np.ones(size)
    for i in range(a):
        r = k - i - 1
        if r == 0:
            v[:, i] = sigma
            break
        sums, signs = cast(tuple[np.ndarray, np.ndarray], _subset_sums(c[i + 1 : a], 1.0))
        x_hi = np.minimum(c[i], sigma)
        x_lo = np.maximum(0.0, sigma - c[i + 1 :].sum())
        t = _invert_power_sum(u[:, i], sigma - x_hi, sigma - x_lo, sums, signs, r)
        x = np.clip(sigma - t, x_lo, x_hi)
        v[:, i] = x
        sigma = sigma - x
    if a < k:
        v[:, a:] = sigma[:, None] * simplex_from_uniforms(u[:, a:])
    out = np.empty_like(v)
    out[:, order] = v
    return out


def _invert_power_sum(
    u: np.ndarray,
    t_lo: np.ndarray,
    t_hi: np.ndarray,
    sums: np.ndarray,
    signs: np.ndarray,
    r: int,
) -> np.ndarray:
    """t in [t_lo, t_hi] with B(t) = B(t_lo) + u·(B(t_hi) − B(t_lo)), all (size,) arrays.

    B(t) = Σ signs·(t − sums)_+^r is non-decreasing on the interval. Solved by Newton's method
    on B^(1/r) (nearly linear in t), kept inside a shrinking bracket with bisection whenever a
    step leaves it or B <= 0 (rounding), in row chunks. A row is done when its step is below
    1e-14 or B(t) matches the target to within B's own rounding error (the alternating sum
    cancels; beyond that point the root is not determined more finely).
    """
    out = np.empty_like(u)
    rows = max(1, _CHUNK_ELEMENTS // sums.size)
    for start in range(0, u.size, rows):
        part = slice(start, start + rows)
        lo, hi = t_lo[part].copy(), t_hi[part].copy()
        b_lo = _power_sum(lo, sums, signs, r)[0]
        b_hi = _power_sum(hi, sums, signs, r)[0]
        target = b_lo + u[part] * (b_hi - b_lo)
        t = lo + u[part] * (hi - lo)
        for _ in range(_NEWTON_STEPS):
            b, slope, rounding = _power_sum(t, sums, signs, r)
            gap = b - target
            under = gap < 0
            lo = np.where(under, t, lo)
            hi = np.where(under, hi, t)
            with np.errstate(divide="ignore", invalid="ignore"):
                # Newton on B^(1/r) − target^(1/r): one step when B is a single r-th power
                step = t - r * b * (1.0 - (target / b) ** (1.0 / r)) / slope
            step = np.where((step >= lo) & (step <= hi), step, 0.5 * (lo + hi))
            done = (np.abs(gap) <= rounding) | (np.abs(step - t) <= 1e-14)
            t = np.where(done, t, step)
            if done.all():
                break
        out[part] = t
    return out


def _power_sum(
    t: np.ndarray, sums: np.ndarray, signs: np.ndarray, r: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """B(t) = Σ signs·(t − sums)_+^r, its derivative, and a bound on B's rounding error.

    t: (rows,); returns three (rows,) arrays.
    """
    d = np.maximum(t[:, None] - sums, 0.0)
    lower_power = (d > 0).astype(float) if r == 1 else d ** (r - 1)
    d *= lower_power
    rounding = (d @ np.abs(signs)) * (8 * np.finfo(float).eps * (1 + np.log2(sums.size)))
    return d @ signs, r * (lower_power @ signs), rounding


def _point_weights(point: np.ndarray) -> np.ndarray:
    point = np.asarray(point, dtype=float)
    if point.ndim != 1 or point.size == 0:
        raise ValueError(f"point weights must be a non-empty 1-d array, got shape {point.shape}")
    if not np.all(np.isfinite(point)) or np.any(point < 0) or point.sum() <= 0:
        raise ValueError(f"point weights must be finite, >= 0 and not all 0, got {point}")
    return cast(np.ndarray, point / point.sum())
