"""Quasi-Monte Carlo (`--sampler qmc`): scrambled Sobol' points mapped to weights and scores.

Each draw is one point of a scrambled Sobol' sequence (`scipy.stats.qmc.Sobol`, Owen-type LMS
+ digital shift scrambling; Owen, "Scrambling Sobol' and Niederreiter–Xing points", J.
Complexity 14 (1998)) whose coordinates are uniforms: the first `weight_dimensions` go to the
weights, the rest, one per uncertain score cell, through that cell's inverse CDF
(`model.distributions.score_ppf`, the same one the Sobol' analysis uses).

Weights from uniforms (every map is an inverse CDF or a smooth transform of one, so the
points keep their low discrepancy; nothing is rejected):
- dirichlet: g_j = `scipy.special.gammaincinv`(α_j, u_j), the Gamma(α_j) inverse CDF, then
  w = g / Σg (Devroye 1986, §XI.4); zero point weights stay 0. Slow (an iterative inverse per
  coordinate) but exact.
- uniform: e_j = −log(1 − u_j) (exponential inverse CDF), w = e / Σe.
- ordinal: the uniform-simplex point sorted descending, handed out by the point weights'
  order; when point weights tie, n more coordinates order each tie group.
- intervals: the exact sequential-conditional inversion of the capped simplex
  (`sampling.exact_capped_simplex`) — rejection, which the Monte Carlo path may use, would
  break the point set; models whose bounds are too many to enumerate are refused.

The Monte Carlo error of a QMC estimate is not binomial. It is estimated from R = `REPLICATES`
independent scramblings (replicate r seeded from `SeedSequence(seed, spawn_key=(2 + stream,
r))`), each an unbiased estimate from samples/R points: SE = sd across replicates / √R
(Owen, *Monte Carlo theory, methods and examples*, 2013, §17.2). Reported in the same `*_se`
keys. Each replicate is sampled as one sequence; a unit at `offset` fast-forwards to it, so
units can run on any worker.
"""

from __future__ import annotations

import warnings
from typing import Any, cast

import numpy as np

from .sampling import (
    interval_weights_from_uniforms,
    ordinal_dimensions,
    ordinal_from_uniforms,
    simplex_from_uniforms,
)

REPLICATES = 8
MAX_DIMENSIONS = 21_201  # scipy's Sobol' direction numbers (Joe & Kuo 2008)


def sobol_points(seed: int, stream: int, replicate: int, offset: int, size: int, d: int) -> np.ndarray:
    """(size, d) points offset … offset + size − 1 of replicate `replicate`'s scrambled Sobol'
    sequence in d dimensions, for stream `stream` under `seed`; d = 0 gives (size, 0)."""
    from scipy.stats import qmc

    if d == 0:
        return np.empty((size, 0))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2 + stream, replicate)))
    engine = qmc.Sobol(d, scramble=True, seed=rng)
    if offset:
        engine.fast_forward(offset)
    with warnings.catch_warnings():  # balance warnings for non-power-of-2 counts: expected here
        warnings.simplefilter("ignore")
        return cast(np.ndarray, engine.random(size))


def weight_dimensions(plan: Any) -> int:
    """How many uniforms one weight draw of `plan` takes."""
    n = plan.point.size
    return ordinal_dimensions(plan.point) if plan.weight_model == "ordinal" else n


def weights_from_uniforms(plan: Any, u: np.ndarray) -> np.ndarray:
    """u (size, `weight_dimensions(plan)`) uniforms → (size, n) weights of `plan`'s weight model."""
    point = plan.point / plan.point.sum()
    if plan.weight_model == "dirichlet":
        from scipy import special

        alpha = plan.concentration * point
        out = np.zeros_like(u)
        keep = alpha > 0
        g = special.gammaincinv(alpha[keep], u[:, keep])
        out[:, keep] = g / g.sum(axis=1, keepdims=True)
        return out
    if plan.weight_model == "uniform":
        return simplex_from_uniforms(u)
    if plan.weight_model == "ordinal":
        return ordinal_from_uniforms(u, point)
    return interval_weights_from_uniforms(u, plan.lower, plan.upper)


def replicate_se(estimates: np.ndarray) -> np.ndarray:
    """estimates (R, …) of one quantity from R independent scramblings → (…) standard error of
    their mean: sd (ddof 1) / √R; NaN where any replicate is NaN."""
    r = estimates.shape[0]
    return cast(np.ndarray, estimates.std(axis=0, ddof=1) / np.sqrt(r))
