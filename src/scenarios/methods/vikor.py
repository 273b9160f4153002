"""VIKOR compromise ranking (Opricovic & Tzeng 2004, EJOR 156:445–455).

Lower Q is better. Degenerate cases, none of which gives NaN:
- a criterion with f*_j = f⁻_j (every option scores the same) contributes 0 to S and R;
- when S* = S⁻ (or R* = R⁻) the S (or R) term of Q is 0 for every option, so when all options
  tie on both, Q = 0 for all and they share first place.
Ranges are taken as zero up to rounding (|range| ≤ 1e-12 · magnitude), so a tie on paper
cannot turn into a 0-or-1 jump through floating-point noise.

Dominance: if option a is at least as good as b on every criterion, every normalized gap of a
is ≤ b's, hence S_a ≤ S_b, R_a ≤ R_b and Q_a ≤ Q_b; a dominated option never ranks above its
dominator (they may tie).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import as_matrix, as_weights, benefit_mask, span_is_zero


@dataclass(frozen=True)
class VikorResult:
    """VIKOR index and intermediates (lower score is better).

    scores: (…, m) Q_i in [0, 1];
    S: (…, m) group utility Σ_j g_ij;  R: (…, m) individual regret max_j g_ij;
    gaps: (…, m, n) g_ij = w_j (f*_j − f_ij) / (f*_j − f⁻_j), each in [0, w_j];
    best, worst: (…, n) f*_j and f⁻_j, the best and worst score per criterion by its direction.
    """

    scores: np.ndarray
    S: np.ndarray
    R: np.ndarray
    gaps: np.ndarray
    best: np.ndarray
    worst: np.ndarray


def vikor(
    matrix: np.ndarray | Sequence[Any],
    weights: np.ndarray | Sequence[Any],
    better: Sequence[str],
    v: float = 0.5,
) -> VikorResult:
    """VIKOR: Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*) (Opricovic & Tzeng 2004).

    matrix: (…, m, n) raw scores; weights: (…, n), summing to 1; better: n × "higher"/"lower";
    v in [0, 1]: weight of the "majority of criteria" strategy (0.5 = consensus).
    S* = min_i S_i, S⁻ = max_i S_i, likewise for R. Scores depend on the whole option set.
    """
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"vikor needs 0 ≤ v ≤ 1, got {v}")
    x = as_matrix(matrix)
    n = x.shape[-1]
    w = as_weights(weights, n)
    benefit = benefit_mask(better, n)
    top, bottom = x.max(axis=-2), x.min(axis=-2)
    best = np.where(benefit, top, bottom)
    worst = np.where(benefit, bottom, top)
    # A constant criterion gets an infinite span, so its gaps are exactly 0.
    span = np.where(span_is_zero(bottom, top), np.inf, best - worst)[..., None, :]
    gaps = w[..., None, :] * ((best[..., None, :] - x) / span)
    S, R = gaps.sum(axis=-1), gaps.max(axis=-1)
    scores = v * _rescale(S) + (1.0 - v) * _rescale(R)
    return VikorResult(scores=scores, S=S, R=R, gaps=gaps, best=best, worst=worst)


def _rescale(a: np.ndarray) -> np.ndarray:
    """(a_i − min a) / (max a − min a) over the last axis, 0 where the range is zero: (…, m) → (…, m)."""
    low = a.min(axis=-1, keepdims=True)
    high = a.max(axis=-1, keepdims=True)
    flat = span_is_zero(low, high)
    return np.where(flat, 0.0, (a - low) / np.where(flat, 1.0, high - low))
