"""Weighted product model (Bridgman 1922; Miller & Starr 1969; Triantaphyllou 2000, ch. 2).

Conventions for scores of 0 (scales such as 0–10 include it), chosen so that no result is NaN:

- A score is read on a ratio scale: 0 means "none of it". WPM then makes a 0 decisive, as its
  formula says: 0 on a "higher" criterion sends the product to 0 (a veto), 0 on a "lower"
  criterion sends it to +inf (nothing can beat "no cost at all"). Options vetoed alike tie.
- An option with zeros on both kinds of criteria is scored by the limit of replacing each 0 by
  ε → 0⁺: P_i(ε) ∝ ε^{k_i} with k_i = Σ_{j: x_ij = 0} ±w_j (+ for "higher", − for "lower"),
  so P_i → 0 when k_i > 0, → +inf when k_i < 0, and, when the zeros' weights cancel (k_i = 0),
  P_i is the product over its non-zero scores.
- A criterion with weight 0 drops out (x⁰ = 1, also for x = 0).
- Negative scores have no ratio meaning and raise ValueError: a model whose scale goes below 0
  must use another method (`Method.nonnegative_scores` lets the loader refuse it up front).

What an analyst should read from the scores: only ratios between options of one draw mean
anything (P_a / P_b = Π_j (x_aj / x_bj)^{±w_j}, Triantaphyllou's pairwise test), so ranks are
comparable across Monte Carlo draws but raw products are not. `relative` = P_i / max_k P_k, in
[0, 1], is the one score that is: each option's product as a share of the draw's best.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import as_matrix, as_weights, benefit_mask

# Signed weights of zero scores that sum to less than this are taken to cancel (k_i = 0).
_CANCEL_TOL = 1e-12


@dataclass(frozen=True)
class WeightedProductResult:
    """WPM scores, higher is better.

    scores: (…, m) P_i = Π_j x_ij^{±w_j}, in [0, +inf] (0 and +inf only from zero scores);
    log_scores: (…, m) ln P_i, in [−inf, +inf];
    relative: (…, m) P_i / max_k P_k in [0, 1] (options tied at +inf or all at 0 get 1).
    """

    scores: np.ndarray
    log_scores: np.ndarray
    relative: np.ndarray


def weighted_product(
    matrix: np.ndarray | Sequence[Any], weights: np.ndarray | Sequence[Any], better: Sequence[str]
) -> WeightedProductResult:
    """WPM: P_i = Π_j x_ij^{w_j} over "higher" criteria × Π_j x_ij^{−w_j} over "lower" ones.

    matrix: (…, m, n) raw scores ≥ 0 on each criterion's scale; weights: (…, n), summing to 1;
    better: n × "higher"/"lower". Computed in log space, ln P_i = Σ_j ±w_j ln x_ij, with the
    zero-score conventions of the module docstring. Ranks are invariant to scaling all weights.
    """
    x = as_matrix(matrix)
    n = x.shape[-1]
    w = as_weights(weights, n)
    if np.any(x < 0):
        raise ValueError("weighted_product needs scores ≥ 0 (a ratio scale with a true zero)")
    signed_w = np.where(benefit_mask(better, n), w, -w)[..., None, :]  # (…, 1, n)
    counts = w[..., None, :] != 0
    zero = (x == 0) & counts
    with np.errstate(divide="ignore"):
        logs = np.log(np.where(zero | ~counts, 1.0, x))
    finite_part = np.sum(signed_w * logs, axis=-1)
    k = np.sum(np.where(zero, signed_w, 0.0), axis=-1)
    log_scores = np.where(k > _CANCEL_TOL, -np.inf, np.where(k < -_CANCEL_TOL, np.inf, finite_part))
    with np.errstate(over="ignore"):  # a product past 1e308 is +inf; ranks use ln P and `relative`
        scores = np.exp(log_scores)
    return WeightedProductResult(scores=scores, log_scores=log_scores, relative=_relative(log_scores))


def _relative(log_scores: np.ndarray) -> np.ndarray:
    """exp(ln P_i − max_k ln P_k), (…, m) → (…, m), with options equal to the maximum set to 1."""
    top = np.max(log_scores, axis=-1, keepdims=True)
    at_top = log_scores == top
    with np.errstate(invalid="ignore"):  # inf − inf where at_top; those entries are replaced
        gap = np.where(at_top, 0.0, log_scores - top)
    return np.exp(gap)
